"""The kit's oracle: presence, headcount and who is billed, recomputed day by day from a
salarié's dated facts, with nothing of the library's own computations.

Written from ``docs/rules.md`` (E1–E4) and ``docs/billing.md`` (the counting rule, F1),
in the plainest form: every question is asked of one day at a time, and a period is a
loop over its days. Slow on purpose; a check, not a second implementation to keep fast.
It imports only the standard library (``tests/test_architecture.py`` checks it): its
input is plain data (:class:`DossierBrut`), which :mod:`.oracle_lecture` reads off the
library's objects, so a bug in the library's presence code cannot reach the oracle.

What it takes as given: the facts of the file as stored (contracts with their dates,
nature and poste — an exit's closing of a contract is part of what was stored —,
exits and reintegrations with their dates, cancelled ones left out) and the follow-up
type of each poste (P2, the law's catalogue: ``type_du_poste``).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

__all__ = [
    "PREMIER_JOUR",
    "ContratBrut",
    "DossierBrut",
    "LigneAttendue",
    "MouvementBrut",
    "RegleBrute",
    "TypeDuPoste",
    "age_le",
    "assiette_attendue",
    "comptable_le",
    "contrat_du_jour",
    "duree_de_la_chaine",
    "effectif_attendu",
    "entree",
    "forme_de_comparaison",
    "jours",
    "ligne_attendue",
    "present_le",
    "type_le",
    "types_fixes",
]

UN_JOUR = dt.timedelta(days=1)
MAJORITE = 18
PREMIER_JOUR = "present_au_1er_janvier"
DANS_L_ANNEE = "present_dans_l_annee"
EMBAUCHE = "embauche_dans_la_periode"

TypeDuPoste = Callable[[str, dt.date], str]
"""``type_du_poste(poste_id, jour)`` → ``"SIG"``, ``"SIA"`` or ``"SIR"`` (P2)."""


@dataclass(frozen=True)
class ContratBrut:
    """A contract as stored (not cancelled): ``fin=None`` is open-ended."""

    id: str
    debut: dt.date
    fin: dt.date | None
    nature: str
    poste_id: str


@dataclass(frozen=True)
class MouvementBrut:
    """An exit (``sortie=True``: ``le`` is the last day present) or a reintegration
    (``le`` is the first day present again), not cancelled (E3)."""

    sortie: bool
    le: dt.date


@dataclass(frozen=True)
class DossierBrut:
    """One salarié's file as facts: names, birth date, active contracts and movements."""

    salarie_id: str
    nom: str
    prenoms: str
    naissance: dt.date
    contrats: tuple[ContratBrut, ...]
    mouvements: tuple[MouvementBrut, ...]


@dataclass(frozen=True)
class RegleBrute:
    """A counting rule: ``mode`` is ``present_au_1er_janvier`` or ``present_dans_l_annee``;
    a chain of ``duree_min`` days or fewer never counts (``None``: no minimum); days
    governed by a contract of an excluded nature (DSN code) never count."""

    mode: str
    duree_min: int | None = None
    natures_exclues: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LigneAttendue:
    """What the assiette's line of one salarié must say (F2)."""

    cotisation: bool
    droit_entree: bool
    type_de_suivi: str
    motif: str
    du: dt.date
    au: dt.date
    part: tuple[int, int] | None = None
    """F7, taken as given (RST records it, the count never sets it): ``(rang, nombre)``
    when this person's per-capita fee is shared between ``nombre`` employers, this
    member's share being of rank ``rang`` (1: the principal employer)."""


def jours(debut: dt.date, fin: dt.date) -> Iterator[dt.date]:
    """Every day from ``debut`` to ``fin``, both included."""
    jour = debut
    while jour <= fin:
        yield jour
        jour += UN_JOUR


# -- presence (E1-E3) ---------------------------------------------------------------------------
def entree(dossier: DossierBrut) -> dt.date | None:
    """E1: the first contract's start."""
    return min((c.debut for c in dossier.contrats), default=None)


def present_le(dossier: DossierBrut, jour: dt.date) -> bool:
    """E1-E3: entered on or before ``jour``, and the latest movement that has taken
    effect by then (an exit the day after its date, a reintegration on its date) is not
    an exit."""
    debut = entree(dossier)
    if debut is None or jour < debut:
        return False
    dernier: MouvementBrut | None = None
    for m in sorted(dossier.mouvements, key=lambda m: m.le):
        effet = m.le + UN_JOUR if m.sortie else m.le
        if effet <= jour:
            dernier = m
    return dernier is None or not dernier.sortie


# -- counting (billing.md, "Who counts") --------------------------------------------------------
def contrat_du_jour(dossier: DossierBrut, jour: dt.date) -> ContratBrut | None:
    """The contract in force on ``jour``, else the latest one started before it."""
    en_vigueur = [c for c in dossier.contrats
                  if c.debut <= jour and (c.fin is None or jour <= c.fin)]
    commences = [c for c in dossier.contrats if c.debut <= jour]
    choix = en_vigueur or commences
    return max(choix, key=lambda c: c.debut) if choix else None


def duree_de_la_chaine(dossier: DossierBrut, contrat: ContratBrut,
                       exclues: frozenset[str]) -> int | None:
    """Days of the chain ``contrat`` belongs to (``None``: open). A contract continues a
    chain when it starts the day after the previous one ends; an excluded one never
    belongs to one."""
    comptes = [c for c in dossier.contrats if c.nature not in exclues]
    premier = contrat
    while (avant := next((c for c in comptes if c.fin is not None
                          and c.fin + UN_JOUR == premier.debut), None)) is not None:
        premier = avant
    dernier = contrat
    while dernier.fin is not None and (apres := next(
            (c for c in comptes if c.debut == dernier.fin + UN_JOUR), None)) is not None:
        dernier = apres
    if dernier.fin is None:
        return None
    return (dernier.fin - premier.debut).days + 1


def comptable_le(dossier: DossierBrut, jour: dt.date, regle: RegleBrute) -> bool:
    """Present, governed by a contract of a nature not excluded, whose chain lasts more
    than the rule's minimum."""
    if not present_le(dossier, jour):
        return False
    contrat = contrat_du_jour(dossier, jour)
    if contrat is None or contrat.nature in regle.natures_exclues:
        return False
    if regle.duree_min is None:
        return True
    duree = duree_de_la_chaine(dossier, contrat, regle.natures_exclues)
    return duree is None or duree > regle.duree_min


# -- follow-up type (P3) ------------------------------------------------------------------------
def age_le(naissance: dt.date, jour: dt.date) -> int:
    """Whole years; the birthday is the first day of the new age."""
    return jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month,
                                                                   naissance.day))


_RANG = {"SIG": 0, "SIA": 1, "SIR": 2}


def type_le(dossier: DossierBrut, jour: dt.date, type_du_poste: TypeDuPoste) -> str:
    """P3: the type of the governing contract's poste (SIG with none), SIA for a minor."""
    contrat = contrat_du_jour(dossier, jour)
    type_ = "SIG" if contrat is None else type_du_poste(contrat.poste_id, jour)
    if age_le(dossier.naissance, jour) < MAJORITE and _RANG[type_] < _RANG["SIA"]:
        return "SIA"
    return type_


# -- the headcount (E4) -------------------------------------------------------------------------
def effectif_attendu(dossiers: Iterable[DossierBrut], debut: dt.date, fin: dt.date,
                     type_du_poste: TypeDuPoste) -> dict[str, str]:
    """E4: salarié id → follow-up type, for those present on at least one day of
    ``[debut, fin]`` (one date: ``debut == fin``), typed on their last day present."""
    attendu = {}
    for dossier in dossiers:
        presents = [j for j in jours(debut, fin) if present_le(dossier, j)]
        if presents:
            attendu[dossier.salarie_id] = type_le(dossier, presents[-1], type_du_poste)
    return attendu


# -- the assiette (F1, F2) ----------------------------------------------------------------------
def ligne_attendue(dossier: DossierBrut, debut: dt.date, fin: dt.date, regle: RegleBrute,
                   type_du_poste: TypeDuPoste) -> LigneAttendue | None:
    """The one line of a salarié for the period ``[debut, fin]``, or ``None``."""
    dans = [j for j in jours(debut, fin) if comptable_le(dossier, j, regle)]
    if not dans:
        return None
    arrivee = entree(dossier)
    assert arrivee is not None  # a countable day implies an entry
    nouveau = not any(comptable_le(dossier, j, regle) for j in jours(arrivee, debut - UN_JOUR))
    if regle.mode == PREMIER_JOUR:
        par_tete = dans[0] == debut
        motif = PREMIER_JOUR if par_tete else EMBAUCHE
        reference = debut if par_tete else dans[-1]
    else:
        par_tete, motif, reference = True, DANS_L_ANNEE, dans[-1]
    if not par_tete and not nouveau:
        return None
    return LigneAttendue(par_tete, nouveau, type_le(dossier, reference, type_du_poste),
                         motif, dans[0], dans[-1])


def assiette_attendue(dossiers: Iterable[DossierBrut], debut: dt.date, fin: dt.date,
                      regle: RegleBrute, type_du_poste: TypeDuPoste
                      ) -> dict[str, LigneAttendue]:
    """F1: salarié id → their one line, for every salarié billed in the period."""
    return {d.salarie_id: ligne for d in dossiers
            if (ligne := ligne_attendue(d, debut, fin, regle, type_du_poste)) is not None}


# -- order (the lines of a headcount or an assiette) ---------------------------------------------
def forme_de_comparaison(texte: str) -> str:
    """P1's comparison form (docs/rules.md): accents removed, case folded, hyphens and
    apostrophes read as spaces, spaces collapsed. Lines are sorted by it: family name,
    given names, then id."""
    sans_accents = "".join(c for c in unicodedata.normalize("NFKD", texte)
                           if not unicodedata.combining(c))
    for signe in "-'’":
        sans_accents = sans_accents.replace(signe, " ")
    return " ".join(sans_accents.casefold().split())


def types_fixes(types: Mapping[str, str]) -> TypeDuPoste:
    """``type_du_poste`` from a mapping poste id → type (a poste unknown is SIG)."""
    return lambda poste_id, _jour: types.get(poste_id, "SIG")
