"""Use-case inputs: plain frozen data a front end builds or decodes from JSON.

Each command checks the Python types of its fields on construction, so junk from a
caller becomes a ``DonneeInvalide`` naming the field, never a ``TypeError`` deep down.
Business validation stays in the domain.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Protocol, cast

import attrs
from attrs import field, frozen

from ..domain.adherents import Role
from ..domain.contrats import NatureContrat
from ..domain.dates import date_dans_les_bornes
from ..domain.erreurs import DonneeInvalide
from ..domain.facturation import Bareme, RegleDeComptage, montant_en_euros
from ..domain.identifiants import Email, Nir
from ..domain.salaries import motif_de_reintegration
from ..domain.suivi import Risque
from ..domain.textes import texte_de_recherche
from .declarations import DeclarationImportee
from .typage import types_verifies, verifie_par_ses_annotations

ID_MAX = 100


def _texte_email(valeur: object) -> object:
    """An e-mail field takes an ``Email`` or its text alike (kept as text)."""
    return valeur.valeur if isinstance(valeur, Email) else valeur

LIMITE_MAX = 500
NOM_CHERCHE_MAX = 100
"""T1: a family name holds at most 100 characters (S1), so a longer prefix finds none."""


def _id_valide(valeur: object) -> bool:
    """T1: an id is a key, not a payload: 1 to ``ID_MAX`` printable characters (no
    control, format, surrogate, private or unassigned code point, no separator but the
    ASCII space), which every storage holds as it is."""
    return not isinstance(valeur, str) or (0 < len(valeur) <= ID_MAX and valeur.isprintable())


def _refus_id(chemin: str) -> DonneeInvalide:
    return DonneeInvalide(f"L'identifiant « {chemin} » est invalide.",
                          code="donnee.id_invalide", regle="T1", chemin=chemin)


class Commande:
    """Base of every command: bounds ids (A4, T1: an id is a key, not a payload) —
    ``*_id`` fields, each of the ``*_ids`` and the ``apres`` cursor — and dates (D1: the
    domain computes with no other).

    Field types are checked by attrs itself: every command class is declared
    ``@frozen(field_transformer=types_verifies)``, so attrs runs the validators derived
    from its annotations on construction, before ``__attrs_post_init__``. A subclass
    declared without it fails when it is defined (``TypeError``)."""

    @classmethod
    def __attrs_init_subclass__(cls) -> None:
        if not verifie_par_ses_annotations(cls):
            raise TypeError(f"{cls.__qualname__} : une commande se déclare "
                            "@frozen(field_transformer=types_verifies)")

    def __attrs_post_init__(self) -> None:
        for champ in attrs.fields(cast(Any, type(self))):
            nom = champ.name
            valeur = getattr(self, nom)
            if isinstance(valeur, dt.date) and not isinstance(valeur, dt.datetime):
                date_dans_les_bornes(valeur, nom)
            if nom.endswith("_id") or nom == "apres":
                if not _id_valide(valeur):
                    raise _refus_id(nom)
            elif nom.endswith("_ids") and isinstance(valeur, tuple):
                for rang, element in enumerate(valeur):
                    if not _id_valide(element):
                        raise _refus_id(f"{nom}[{rang}]")


# -- adherents ---------------------------------------------------------------
@frozen(field_transformer=types_verifies)
class CreerAdherent(Commande):
    numero: str
    siret: str
    raison_sociale: str
    email_connexion: str = field(converter=_texte_email)
    numero_teledeclarant: str | None = None


@frozen(field_transformer=types_verifies)
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
@frozen(field_transformer=types_verifies)
class AjouterPoste(Commande):
    adherent_id: str
    libelle: str
    risques: frozenset[Risque] = frozenset()
    justification_sir: str | None = None
    code_pcs: str | None = None


@frozen(field_transformer=types_verifies)
class RenommerPoste(Commande):
    adherent_id: str
    poste_id: str
    libelle: str


@frozen(field_transformer=types_verifies)
class ModifierRisques(Commande):
    adherent_id: str
    poste_id: str
    risques: frozenset[Risque]
    justification_sir: str | None = None


@frozen(field_transformer=types_verifies)
class ArchiverPoste(Commande):
    adherent_id: str
    poste_id: str


@frozen(field_transformer=types_verifies)
class SupprimerPoste(Commande):
    adherent_id: str
    poste_id: str


@frozen(field_transformer=types_verifies)
class ListerPostes(Commande):
    adherent_id: str
    inclure_archives: bool = False


# -- salariés and contracts ----------------------------------------------------
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
    adherent_id: str
    nom: str
    prenoms: str
    date_naissance: dt.date
    contrat: NouveauContrat
    nir: str | None = field(default=None, repr=_nir_masque)


@frozen(field_transformer=types_verifies)
class CorrigerIdentite(Commande):
    adherent_id: str
    salarie_id: str
    nom: str
    prenoms: str
    date_naissance: dt.date
    nir: str | None = field(default=None, repr=_nir_masque)


@frozen(field_transformer=types_verifies)
class AjouterContrat(Commande):
    adherent_id: str
    salarie_id: str
    contrat: NouveauContrat


@frozen(field_transformer=types_verifies)
class AnnulerContrat(Commande):
    adherent_id: str
    salarie_id: str
    contrat_id: str


@frozen(field_transformer=types_verifies)
class AnnulerSalarie(Commande):
    adherent_id: str
    salarie_id: str


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
        texte_de_recherche(self.nom, champ="nom", maximum=NOM_CHERCHE_MAX,
                           libelle="Le nom cherché")


# -- effectif -----------------------------------------------------------------
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
    """E5; ``motif`` is free text (E2, T1), checked here once for the whole request."""

    adherent_id: str
    requete_id: str
    salarie_ids: tuple[str, ...]
    le: dt.date
    motif: str | None = None

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        motif_de_reintegration(self.motif)


@frozen(field_transformer=types_verifies)
class AnnulerMouvement(Commande):
    adherent_id: str
    salarie_id: str
    mouvement_id: str


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
    leaving their people out."""

    adherent_id: str
    declaration: DeclarationImportee
    appliquer: bool = False
    creer_postes: bool = False


# -- facturation (F1–F6) ----------------------------------------------------------
def _cout_moyen(valeur: object) -> Decimal | None:
    """F3: the national average cost a caller gives, as ``Decimal``, int or decimal text."""
    return None if valeur is None else montant_en_euros(valeur, "cout_moyen", "F3")


class ChoixDeFacturation(Protocol):
    """What :func:`_verifier_choix_facturation` reads: the period and rule fields each
    billing command declares, and the options of :class:`OptionsDeFacturation`."""

    @property
    def debut(self) -> dt.date: ...
    @property
    def fin(self) -> dt.date: ...
    @property
    def regle(self) -> str | None: ...
    @property
    def bareme(self) -> str | None: ...
    @property
    def regle_sur_mesure(self) -> RegleDeComptage | None: ...
    @property
    def bareme_sur_mesure(self) -> Bareme | None: ...
    @property
    def cout_moyen(self) -> Decimal | None: ...
    @property
    def sans_controle_bande(self) -> bool: ...


def _verifier_choix_facturation(choix: ChoixDeFacturation) -> None:
    if choix.fin < choix.debut:
        raise DonneeInvalide("La fin de la période précède son début.",
                             code="periode.invalide", regle="F2", chemin="fin")
    if (choix.regle is None) == (choix.regle_sur_mesure is None):
        raise DonneeInvalide(
            "Choisissez une règle de comptage : un nom de règle prédéfinie ou une règle "
            "sur mesure, pas les deux.", code="regle.choix_invalide", regle="F2",
            chemin="regle",
        )
    if choix.bareme is not None and choix.bareme_sur_mesure is not None:
        raise DonneeInvalide("Choisissez un barème prédéfini ou un barème sur mesure, pas "
                             "les deux.", code="bareme.choix_invalide", regle="F2",
                             chemin="bareme")
    if choix.cout_moyen is not None and choix.sans_controle_bande:
        raise DonneeInvalide("Donnez le coût moyen national ou levez le contrôle de la "
                             "bande légale, pas les deux.", code="bareme.choix_invalide",
                             regle="F3", chemin="sans_controle_bande")


@frozen(field_transformer=types_verifies)
class OptionsDeFacturation:
    """What :class:`CalculerAssiette`, :class:`CalculerTotaux` and
    :class:`CloturerPeriode` choose alike, declared and checked once: the custom rule and
    barème and how F3 is applied, keyword-only so that each command keeps its own
    positional fields first (``adherent_id`` where it has one, ``debut``, ``fin``,
    ``regle``, ``bareme``). Not a :class:`Commande` itself (no use case takes it):
    each billing command derives from both."""

    regle_sur_mesure: RegleDeComptage | None = field(default=None, kw_only=True)
    bareme_sur_mesure: Bareme | None = field(default=None, kw_only=True)
    cout_moyen: Decimal | None = field(default=None, converter=_cout_moyen, kw_only=True)
    sans_controle_bande: bool = field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        Commande.__attrs_post_init__(cast(Commande, self))
        _verifier_choix_facturation(cast(ChoixDeFacturation, self))


@frozen(field_transformer=types_verifies)
class CalculerAssiette(OptionsDeFacturation, Commande):
    """F2: one adherent's assiette over [debut, fin] under a preset rule (``regle``, a
    name of ``REGLES_PREDEFINIES``) or ``regle_sur_mesure``; priced with an optional
    barème (``bareme``, a name of ``BAREMES_PREDEFINIS``, or ``bareme_sur_mesure``).
    F3 checks the barème against the national cost of the period's first year: the
    context's (``Contexte.couts_moyens``), or ``cout_moyen`` when given; with no cost
    known the request is refused unless ``sans_controle_bande`` waives the check."""

    adherent_id: str
    debut: dt.date
    fin: dt.date
    regle: str | None = None
    bareme: str | None = None


@frozen(field_transformer=types_verifies)
class CalculerTotaux(OptionsDeFacturation, Commande):
    """F2 without lines, for RST: every adherent's totals and amounts over [debut, fin]
    (rule, barème and F3's national cost chosen as in :class:`CalculerAssiette`)."""

    debut: dt.date
    fin: dt.date
    regle: str | None = None
    bareme: str | None = None


@frozen(field_transformer=types_verifies)
class CloturerPeriode(OptionsDeFacturation, Commande):
    """F4: freeze the assiette of [debut, fin] (chosen as in :class:`CalculerAssiette`)
    and regularise the earlier closed periods."""

    adherent_id: str
    debut: dt.date
    fin: dt.date
    regle: str | None = None
    bareme: str | None = None


@frozen(field_transformer=types_verifies)
class ConsulterCloture(Commande):
    adherent_id: str
    debut: dt.date
    fin: dt.date


@frozen(field_transformer=types_verifies)
class ListerClotures(Commande):
    adherent_id: str


@frozen(field_transformer=types_verifies)
class VerifierAvantFacturation(Commande):
    """F6: the report of likely mistakes on ``le`` (today by the clock when omitted)."""

    adherent_id: str
    le: dt.date | None = None


@frozen(field_transformer=types_verifies)
class AnnulerMouvementRegularise(Commande):
    """F4/E6: cancel an exit or reintegration dated inside a closed period; ``motif``
    (required) is journaled and the next closing regularises the effect."""

    adherent_id: str
    salarie_id: str
    mouvement_id: str
    motif: str


@frozen(field_transformer=types_verifies)
class AnnulerContratRegularise(Commande):
    """F4/C4: cancel a contract that touches a closed period, as above."""

    adherent_id: str
    salarie_id: str
    contrat_id: str
    motif: str


# -- compte et accès (A1–A5) ------------------------------------------------------
@frozen(field_transformer=types_verifies)
class ConsulterCompte(Commande):
    adherent_id: str


@frozen(field_transformer=types_verifies)
class ModifierCompte(Commande):
    """A1: change the company name, the login e-mail or the declarant number; a field
    left ``None`` stays as it is."""

    adherent_id: str
    raison_sociale: str | None = None
    email_connexion: str | None = field(default=None, converter=_texte_email)
    numero_teledeclarant: str | None = None


@frozen(field_transformer=types_verifies)
class ListerAcces(Commande):
    adherent_id: str


@frozen(field_transformer=types_verifies)
class AccorderAcces(Commande):
    """A3: give ``email`` (which has no access on this adherent yet) these roles."""

    adherent_id: str
    email: str = field(converter=_texte_email)
    roles: frozenset[Role]


@frozen(field_transformer=types_verifies)
class ModifierAcces(Commande):
    """A3: replace the roles of ``email``'s access."""

    adherent_id: str
    email: str = field(converter=_texte_email)
    roles: frozenset[Role]


@frozen(field_transformer=types_verifies)
class RetirerAcces(Commande):
    adherent_id: str
    email: str = field(converter=_texte_email)


@frozen(field_transformer=types_verifies)
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


@frozen(field_transformer=types_verifies)
class RecupererNumeroTeledeclarant(Commande):
    """A2: send the declarant number to ``email`` if it is an account's login e-mail."""

    email: str = field(converter=_texte_email)
