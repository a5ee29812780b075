"""Import inputs built by hand with wrong types are refused as typed errors, not crashes."""

from __future__ import annotations

import datetime as dt

import pytest

from rst_effectifs.application.declarations import (
    ContratImporte,
    DeclarationImportee,
    EtablissementImporte,
    IndividuImporte,
)
from rst_effectifs.domain.contrats import NatureContrat
from rst_effectifs.domain.erreurs import DonneeInvalide


@pytest.mark.parametrize(
    "fabriquer",
    [
        lambda: DeclarationImportee(etablissements="pas une liste"),  # type: ignore[arg-type]
        lambda: DeclarationImportee(etablissements=(object(),)),  # type: ignore[arg-type]
        lambda: EtablissementImporte(siret="73282932000074"),  # type: ignore[arg-type]
        lambda: IndividuImporte(identite=None),  # type: ignore[arg-type]
        lambda: ContratImporte(nature="01", debut=dt.date(2025, 1, 1),  # type: ignore[arg-type]
                               libelle_poste="Vendeur"),
        lambda: ContratImporte(nature=NatureContrat.CDI, debut=dt.date(2025, 1, 1),
                               libelle_poste="Vendeur", ligne="3"),  # type: ignore[arg-type]
    ],
)
def test_hand_built_import_input_with_wrong_types_is_a_typed_error(fabriquer: object) -> None:
    with pytest.raises(DonneeInvalide) as erreur:
        fabriquer()  # type: ignore[operator]
    assert erreur.value.code in {"donnee.type_invalide", "contrat.nature_inconnue"}
