"""Commands of the effectif menu: grouped exits and reintegrations (E5), headcounts
(E4), imports of declarations."""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from ...domain.erreurs import DonneeInvalide
from ...domain.salaries import motif_de_reintegration
from ..declarations import DeclarationImportee
from ..typage import types_verifies
from .base import Commande
from .salaries import NouveauContrat


@frozen(field_transformer=types_verifies)
class SortirDeLEffectif(Commande):
    """E5: one or many salariés at once; resending the same ``requete_id`` is a no-op."""

    adherent_id: str
    requete_id: str
    salarie_ids: tuple[str, ...]
    le: dt.date
    motif: str | None = None


@frozen(field_transformer=types_verifies)
class ReintegrerDansLEffectif(Commande):
    """E5; ``motif`` is free text (E2, T1), checked here once for the whole request.
    ``contrat`` (E3, optional): the new contract of those whose contracts have all ended
    by ``le``; it starts on ``le`` and brings them back that day, so nobody returns
    without a contract in force (F6). The others are reintegrated as they are."""

    adherent_id: str
    requete_id: str
    salarie_ids: tuple[str, ...]
    le: dt.date
    motif: str | None = None
    contrat: NouveauContrat | None = None

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        motif_de_reintegration(self.motif)
        if self.contrat is not None and self.contrat.debut != self.le:
            raise DonneeInvalide(
                "Le nouveau contrat commence le jour de la réintégration.",
                code="reintegration.debut_du_contrat", regle="E3", chemin="contrat.debut")


@frozen(field_transformer=types_verifies)
class AnnulerMouvement(Commande):
    adherent_id: str
    salarie_id: str
    mouvement_id: str
    version_attendue: int | None = None


@frozen(field_transformer=types_verifies)
class ConsulterEffectif(Commande):
    """E4: present on ``le``."""

    adherent_id: str
    le: dt.date


@frozen(field_transformer=types_verifies)
class EffectifSurPeriode(Commande):
    """E4: present on at least one day of [debut, fin]."""

    adherent_id: str
    debut: dt.date
    fin: dt.date


@frozen
class ResultatMouvements:
    """What a grouped exit or reintegration did: (salarie_id, mouvement_id) pairs, and
    whether this was a resend of a request already applied."""

    requete_id: str
    mouvements: tuple[tuple[str, str], ...]
    deja_traitee: bool = False


# -- imports (DSN, CSV) ---------------------------------------------------------
@frozen(field_transformer=types_verifies)
class ImporterDeclaration(Commande):
    """Plan the import of a read file for one adherent; ``appliquer=True`` also applies
    the plan, all of it in one transaction. Without it nothing is written (dry run).
    ``creer_postes=True`` creates the postes no active one matches (P1), instead of
    leaving their people out. ``requete_id`` (E5, applying only): resending the same
    file under it changes nothing and answers the first plan; another file or options
    under it is refused. ``confirmer_ecarts=True``: the member has seen the people whose
    record in the file is unusable (``PlanImport.ecartes``) and applies the rest anyway
    (I2); without it such a plan is not applied."""

    adherent_id: str
    declaration: DeclarationImportee
    appliquer: bool = False
    creer_postes: bool = False
    requete_id: str | None = None
    confirmer_ecarts: bool = False
