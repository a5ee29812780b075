"""F4: closings are stored through their own JSON mapping, not the front ends' converter,
and write the very text the front-end converter wrote: rows stored before still load."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from portail_sql import ids_sequentiels
from sqlalchemy import update
from test_sql_facturation import AN, scenario_facturation, une_cloture_2024

import rst_effectifs as rst
from rst_effectifs.adapters.sql import FabriqueSql
from rst_effectifs.adapters.sql.json_clotures import cloture_depuis_json, cloture_en_json
from rst_effectifs.adapters.sql.tables import clotures
from rst_effectifs.domain.clotures import ElementFacture, LigneRegularisation, Regularisation


def _ancien_format(cloture: rst.Cloture) -> str:
    """What the SQL store wrote before closings had their own mapping."""
    return json.dumps(rst.make_converter().unstructure(cloture), ensure_ascii=False)


def _clotures_du_scenario() -> list[rst.Cloture]:
    etapes = scenario_facturation(
        rst.en_memoire(horloge=rst.HorlogeFixe(), nouvel_id=ids_sequentiels()))
    return [r for _nom, r in etapes if isinstance(r, rst.Cloture)]


def test_every_closing_round_trips_and_writes_the_old_text() -> None:
    toutes = _clotures_du_scenario()
    assert any(c.regularisations for c in toutes) and any(c.bareme for c in toutes)
    for cloture in toutes:
        texte = cloture_en_json(cloture)
        assert cloture_depuis_json(texte) == cloture
        assert texte == _ancien_format(cloture)
        assert cloture_depuis_json(_ancien_format(cloture)) == cloture


REGULARISATION = Regularisation(
    rst.Periode(dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    (LigneRegularisation("s1", "Ö'Brien", "Zoë", ElementFacture.COTISATION,
                         rst.TypeDeSuivi.SIG, -1, "Retiré.", Decimal("-100.00")),),
)


def test_the_stored_format_is_pinned() -> None:
    """Independent of both converters: amounts as decimal text, enums by value, names
    as written, in field order."""
    donnees = json.loads(json.dumps(json.loads(cloture_en_json(_clotures_du_scenario()[0]))))
    assert list(donnees) == ["adherent_id", "periode", "regle", "bareme", "assiette",
                             "regularisations", "cloturee_le", "par", "controle_bande",
                             "suivi_simple"]
    assert list(donnees["assiette"])[-1] == "nombre"
    assert donnees["cloturee_le"] == "2025-01-01T09:00:00+00:00"
    assert donnees["bareme"]["prix_sig"] == "100" and donnees["bareme"]["annees"] is None
    assert donnees["suivi_simple"] == "SIG"
    # written before the catalogue was dated (P2b) and barèmes named their years (F3)
    del donnees["suivi_simple"], donnees["bareme"]["annees"]
    assert cloture_depuis_json(json.dumps(donnees)) == _clotures_du_scenario()[0]
    assert donnees["regle"]["natures_exclues"] == sorted(donnees["regle"]["natures_exclues"])
    cloture = _clotures_du_scenario()[0]
    avec = rst.Cloture(cloture.adherent_id, cloture.periode, cloture.regle, None,
                       cloture.assiette, (REGULARISATION,), cloture.cloturee_le, "moi")
    assert json.loads(cloture_en_json(avec))["regularisations"] == [{
        "periode": {"debut": "2024-01-01", "fin": "2024-12-31"},
        "lignes": [{"salarie_id": "s1", "nom": "Ö'Brien", "prenoms": "Zoë",
                    "element": "cotisation", "type_de_suivi": "SIG", "quantite": -1,
                    "motif": "Retiré.", "montant_ht": "-100.00"}],
        "montants": None,
    }]
    assert cloture_depuis_json(cloture_en_json(avec)) == avec


def test_a_closing_stored_the_old_way_still_loads(url_sql: str) -> None:
    contexte = rst.depuis_url(url_sql, horloge=rst.HorlogeFixe(), nouvel_id=ids_sequentiels(),
                              migrer=True)
    assert isinstance(contexte.unite_de_travail, FabriqueSql)
    adherent, moi, cloture = une_cloture_2024(contexte)
    ancien = json.dumps(rst.make_converter().unstructure(cloture), ensure_ascii=False,
                        indent=2)  # the old converter's text, laid out otherwise
    with contexte.unite_de_travail() as uow:
        uow.executer(update(clotures).where(clotures.c.adherent_id == adherent.id)
                     .values(contenu=ancien))
        uow.commit()

    relue = rst.consulter_cloture(contexte, moi, rst.ConsulterCloture(adherent.id, *AN[2024]))
    assert relue == cloture
    with contexte.unite_de_travail() as uow:
        assert list(uow.clotures.lister(adherent.id)) == [cloture]
    contexte.unite_de_travail.fermer()
