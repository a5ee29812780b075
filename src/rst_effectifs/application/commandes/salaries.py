"""Commands of the salariés menu: files, identities, contracts, merges, lists."""

from __future__ import annotations

import datetime as dt

from attrs import field, frozen

from ...domain.contrats import NatureContrat
from ...domain.erreurs import DonneeInvalide
from ...domain.textes import texte_de_recherche
from ..typage import types_verifies
from .base import LIMITE_MAX, NOM_CHERCHE_MAX, Commande, _nir_masque


@frozen(field_transformer=types_verifies)
class NouveauContrat(Commande):
    nature: NatureContrat
    debut: dt.date
    poste_id: str
    fin: dt.date | None = None
    dispositif: str | None = None
    numero: str | None = None


@frozen(field_transformer=types_verifies)
class EmbaucherSalarie(Commande):
    """``requete_id`` (E5, optional): the hire sent again under it (a double click on the
    form) creates nothing more and answers the file the first one created."""

    adherent_id: str
    nom: str
    prenoms: str
    date_naissance: dt.date
    contrat: NouveauContrat
    nir: str | None = field(default=None, repr=_nir_masque)
    requete_id: str | None = None


@frozen(field_transformer=types_verifies)
class CorrigerIdentite(Commande):
    adherent_id: str
    salarie_id: str
    nom: str
    prenoms: str
    date_naissance: dt.date
    nir: str | None = field(default=None, repr=_nir_masque)
    version_attendue: int | None = None


@frozen(field_transformer=types_verifies)
class AjouterContrat(Commande):
    adherent_id: str
    salarie_id: str
    contrat: NouveauContrat
    version_attendue: int | None = None


@frozen(field_transformer=types_verifies)
class AnnulerContrat(Commande):
    adherent_id: str
    salarie_id: str
    contrat_id: str
    version_attendue: int | None = None


@frozen(field_transformer=types_verifies)
class AnnulerSalarie(Commande):
    adherent_id: str
    salarie_id: str
    version_attendue: int | None = None


@frozen(field_transformer=types_verifies)
class FusionnerSalaries(Commande):
    """S5: merge ``doublon_id`` into ``conserve_id``, two files of one person. The
    versions, when given, are those the caller saw: a file changed since is refused
    (``ConflitDeVersion``) instead of merged unseen."""

    adherent_id: str
    conserve_id: str
    doublon_id: str
    version_conserve: int | None = None
    version_doublon: int | None = None


@frozen(field_transformer=types_verifies)
class ConsulterSalarie(Commande):
    adherent_id: str
    salarie_id: str


@frozen(field_transformer=types_verifies)
class ListerSalaries(Commande):
    """``nom`` is a prefix of the family name (case and accents ignored); ``present_le`` /
    ``absent_le`` keep those present / not present on that date; ``apres`` the cursor a
    previous page returned."""

    adherent_id: str
    nom: str | None = None
    poste_id: str | None = None
    present_le: dt.date | None = None
    apres: str | None = None
    limite: int = 50
    absent_le: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if not 1 <= self.limite <= LIMITE_MAX:
            raise DonneeInvalide(
                f"La taille de page va de 1 à {LIMITE_MAX}.",
                code="donnee.limite_invalide",
                chemin="limite",
            )
        texte_de_recherche(self.nom, champ="nom", maximum=NOM_CHERCHE_MAX,
                           libelle="Le nom cherché")
