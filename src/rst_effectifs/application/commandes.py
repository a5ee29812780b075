"""Use-case inputs: plain frozen data a front end builds or decodes from JSON.

Each command checks the Python types of its fields on construction, so junk from a
caller becomes a ``DonneeInvalide`` naming the field, never a ``TypeError`` deep down.
Business validation stays in the domain.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import attrs
from attrs import field, frozen

from ..domain.adherents import Role
from ..domain.contrats import NatureContrat
from ..domain.erreurs import DonneeInvalide
from ..domain.facturation import Bareme, RegleDeComptage
from ..domain.identifiants import Nir
from ..domain.suivi import Risque
from .declarations import DeclarationImportee
from .typage import verifier_types

ID_MAX = 100
LIMITE_MAX = 500


class Commande:
    """Base of every command: checks field types, bounds ids (A4: an id is a key, not
    a payload)."""

    def __attrs_post_init__(self) -> None:
        verifier_types(self)
        for champ in attrs.fields(cast(Any, type(self))):
            valeur = getattr(self, champ.name)
            if champ.name.endswith("_id") and isinstance(valeur, str) and not (
                0 < len(valeur) <= ID_MAX and valeur.isprintable()
            ):
                raise DonneeInvalide(
                    f"L'identifiant « {champ.name} » est invalide.",
                    code="donnee.id_invalide",
                    chemin=champ.name,
                )


# -- adherents ---------------------------------------------------------------
@frozen
class CreerAdherent(Commande):
    numero: str
    siret: str
    raison_sociale: str
    email_connexion: str
    numero_teledeclarant: str | None = None


@frozen
class ConsulterAdherent(Commande):
    adherent_id: str


def _nir_masque(nir: str | None) -> str:
    """A command's NIR text as ``repr`` shows it: masked, never in clear (S1)."""
    if nir is None:
        return "None"
    try:
        return repr(Nir.parse(nir))
    except DonneeInvalide:
        return "<NIR illisible>"


# -- postes ------------------------------------------------------------------
@frozen
class AjouterPoste(Commande):
    adherent_id: str
    libelle: str
    risques: frozenset[Risque] = frozenset()
    justification_sir: str | None = None
    code_pcs: str | None = None


@frozen
class RenommerPoste(Commande):
    adherent_id: str
    poste_id: str
    libelle: str


@frozen
class ModifierRisques(Commande):
    adherent_id: str
    poste_id: str
    risques: frozenset[Risque]
    justification_sir: str | None = None


@frozen
class ArchiverPoste(Commande):
    adherent_id: str
    poste_id: str


@frozen
class SupprimerPoste(Commande):
    adherent_id: str
    poste_id: str


@frozen
class ListerPostes(Commande):
    adherent_id: str
    inclure_archives: bool = False


# -- salariés and contracts ----------------------------------------------------
@frozen
class NouveauContrat(Commande):
    nature: NatureContrat
    debut: dt.date
    poste_id: str
    fin: dt.date | None = None
    dispositif: str | None = None
    numero: str | None = None


@frozen
class EmbaucherSalarie(Commande):
    adherent_id: str
    nom: str
    prenoms: str
    date_naissance: dt.date
    contrat: NouveauContrat
    nir: str | None = field(default=None, repr=_nir_masque)


@frozen
class CorrigerIdentite(Commande):
    adherent_id: str
    salarie_id: str
    nom: str
    prenoms: str
    date_naissance: dt.date
    nir: str | None = field(default=None, repr=_nir_masque)


@frozen
class AjouterContrat(Commande):
    adherent_id: str
    salarie_id: str
    contrat: NouveauContrat


@frozen
class AnnulerContrat(Commande):
    adherent_id: str
    salarie_id: str
    contrat_id: str


@frozen
class AnnulerSalarie(Commande):
    adherent_id: str
    salarie_id: str


@frozen
class ConsulterSalarie(Commande):
    adherent_id: str
    salarie_id: str


@frozen
class ListerSalaries(Commande):
    """``nom`` is a prefix of the family name (case and accents ignored); ``apres`` the
    cursor a previous page returned."""

    adherent_id: str
    nom: str | None = None
    poste_id: str | None = None
    present_le: dt.date | None = None
    apres: str | None = None
    limite: int = 50

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if not 1 <= self.limite <= LIMITE_MAX:
            raise DonneeInvalide(
                f"La taille de page va de 1 à {LIMITE_MAX}.",
                code="donnee.limite_invalide",
                chemin="limite",
            )
        if self.nom is not None and len(self.nom) > 100:
            raise DonneeInvalide("Le nom cherché est trop long.", code="donnee.trop_long",
                                 chemin="nom")


# -- effectif -----------------------------------------------------------------
@frozen
class SortirDeLEffectif(Commande):
    """E5: one or many salariés at once; resending the same ``requete_id`` is a no-op."""

    adherent_id: str
    requete_id: str
    salarie_ids: tuple[str, ...]
    le: dt.date
    motif: str | None = None


@frozen
class ReintegrerDansLEffectif(Commande):
    adherent_id: str
    requete_id: str
    salarie_ids: tuple[str, ...]
    le: dt.date
    motif: str | None = None


@frozen
class AnnulerMouvement(Commande):
    adherent_id: str
    salarie_id: str
    mouvement_id: str


@frozen
class ConsulterEffectif(Commande):
    """E4: present on ``le``."""

    adherent_id: str
    le: dt.date


@frozen
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
@frozen
class ImporterDeclaration(Commande):
    """Plan the import of a read file for one adherent; ``appliquer=True`` also applies
    the plan, all of it in one transaction. Without it nothing is written (dry run).
    ``creer_postes=True`` creates the postes no active one matches (P1), instead of
    leaving their people out."""

    adherent_id: str
    declaration: DeclarationImportee
    appliquer: bool = False
    creer_postes: bool = False


# -- facturation (F1–F6) ----------------------------------------------------------
def _verifier_choix_facturation(
    debut: dt.date, fin: dt.date, regle: str | None, regle_sur_mesure: object,
    bareme: str | None, bareme_sur_mesure: object,
) -> None:
    if fin < debut:
        raise DonneeInvalide("La fin de la période précède son début.",
                             code="periode.invalide", regle="F2", chemin="fin")
    if (regle is None) == (regle_sur_mesure is None):
        raise DonneeInvalide(
            "Choisissez une règle de comptage : un nom de règle prédéfinie ou une règle "
            "sur mesure, pas les deux.", code="regle.choix_invalide", regle="F2",
            chemin="regle",
        )
    if bareme is not None and bareme_sur_mesure is not None:
        raise DonneeInvalide("Choisissez un barème prédéfini ou un barème sur mesure, pas "
                             "les deux.", code="bareme.choix_invalide", regle="F2",
                             chemin="bareme")


@frozen
class CalculerAssiette(Commande):
    """F2: one adherent's assiette over [debut, fin] under a preset rule (``regle``, a
    name of ``REGLES_PREDEFINIES``) or ``regle_sur_mesure``; priced with an optional
    barème (``bareme``, a name of ``BAREMES_PREDEFINIS``, or ``bareme_sur_mesure``)."""

    adherent_id: str
    debut: dt.date
    fin: dt.date
    regle: str | None = None
    bareme: str | None = None
    regle_sur_mesure: RegleDeComptage | None = None
    bareme_sur_mesure: Bareme | None = None

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        _verifier_choix_facturation(self.debut, self.fin, self.regle, self.regle_sur_mesure,
                                    self.bareme, self.bareme_sur_mesure)


@frozen
class CalculerTotaux(Commande):
    """F2 without lines, for RST: every adherent's totals and amounts over [debut, fin]
    (rule and barème chosen as in :class:`CalculerAssiette`)."""

    debut: dt.date
    fin: dt.date
    regle: str | None = None
    bareme: str | None = None
    regle_sur_mesure: RegleDeComptage | None = None
    bareme_sur_mesure: Bareme | None = None

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        _verifier_choix_facturation(self.debut, self.fin, self.regle, self.regle_sur_mesure,
                                    self.bareme, self.bareme_sur_mesure)


@frozen
class CloturerPeriode(Commande):
    """F4: freeze the assiette of [debut, fin] (chosen as in :class:`CalculerAssiette`)
    and regularise the earlier closed periods."""

    adherent_id: str
    debut: dt.date
    fin: dt.date
    regle: str | None = None
    bareme: str | None = None
    regle_sur_mesure: RegleDeComptage | None = None
    bareme_sur_mesure: Bareme | None = None

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        _verifier_choix_facturation(self.debut, self.fin, self.regle, self.regle_sur_mesure,
                                    self.bareme, self.bareme_sur_mesure)


@frozen
class ConsulterCloture(Commande):
    adherent_id: str
    debut: dt.date
    fin: dt.date


@frozen
class ListerClotures(Commande):
    adherent_id: str


@frozen
class VerifierAvantFacturation(Commande):
    """F6: the report of likely mistakes on ``le`` (today by the clock when omitted)."""

    adherent_id: str
    le: dt.date | None = None


@frozen
class AnnulerMouvementRegularise(Commande):
    """F4/E6: cancel an exit or reintegration dated inside a closed period; ``motif``
    (required) is journaled and the next closing regularises the effect."""

    adherent_id: str
    salarie_id: str
    mouvement_id: str
    motif: str


@frozen
class AnnulerContratRegularise(Commande):
    """F4/C4: cancel a contract that touches a closed period, as above."""

    adherent_id: str
    salarie_id: str
    contrat_id: str
    motif: str


# -- compte et accès (A1–A5) ------------------------------------------------------
@frozen
class ConsulterCompte(Commande):
    adherent_id: str


@frozen
class ModifierCompte(Commande):
    """A1: change the company name, the login e-mail or the declarant number; a field
    left ``None`` stays as it is."""

    adherent_id: str
    raison_sociale: str | None = None
    email_connexion: str | None = None
    numero_teledeclarant: str | None = None


@frozen
class ListerAcces(Commande):
    adherent_id: str


@frozen
class AccorderAcces(Commande):
    """A3: give ``email`` (which has no access on this adherent yet) these roles."""

    adherent_id: str
    email: str
    roles: frozenset[Role]


@frozen
class ModifierAcces(Commande):
    """A3: replace the roles of ``email``'s access."""

    adherent_id: str
    email: str
    roles: frozenset[Role]


@frozen
class RetirerAcces(Commande):
    adherent_id: str
    email: str


@frozen
class ConsulterJournal(Commande):
    """A5: one adherent's journal, optionally about one salarié, and from ``debut`` to
    ``fin`` (days in UTC, both included)."""

    adherent_id: str
    salarie_id: str | None = None
    debut: dt.date | None = None
    fin: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if self.debut is not None and self.fin is not None and self.fin < self.debut:
            raise DonneeInvalide("La fin de la période précède son début.",
                                 code="periode.invalide", regle="A5", chemin="fin")


@frozen
class RecupererNumeroTeledeclarant(Commande):
    """A2: send the declarant number to ``email`` if it is an account's login e-mail."""

    email: str
