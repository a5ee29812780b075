"""Billing: who counts in a period (F1, F2), at what price (F2, F3).

Counting rules and price lists are plain data (:class:`RegleDeComptage`,
:class:`Bareme`), so every real scheme of DOMAIN.md is configuration, shipped as
named presets. :func:`assiette_de_reference` is the reference computation: the SQL read
side must give the same :class:`Assiette` on the same data (F5).

The counting rule, day by day (``docs/billing.md`` has worked examples):

* a *chain* is a run of the salarié's non-cancelled contracts whose nature is not
  excluded, each starting the day after the previous one ends (a C3 contract change
  or a renewal without a gap); it lasts from its first start to its last end, and
  forever when its last contract has no end;
* a day is *countable* when the salarié is present (E3) and the contract that governs
  the day (:meth:`Salarie.contrat_le`: the one in force, else the latest started
  before) has a nature that is not excluded and belongs to a chain lasting more than
  ``duree_min_embauche_jours`` days (no minimum when ``None``);
* ``present_au_1er_janvier`` bills the salariés whose period's first day is countable,
  ``present_dans_l_annee`` those with at least one countable day in the period;
* a *new hire* of the period is a salarié whose first countable day ever falls in it:
  they owe the entry fee, whatever the mode (under ``present_au_1er_janvier`` a hire
  later in the year owes only the entry fee);
* the follow-up type (P3) is the one on the period's first day for those counted under
  ``present_au_1er_janvier``, else on the last countable day of the period (as E4 does
  for the headcount over a period).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from types import MappingProxyType
from typing import overload

from attrs import field, frozen

from .adherents import Adherent
from .contrats import Contrat, NatureContrat
from .effectif import type_de_suivi_le
from .erreurs import DonneeInvalide, Introuvable, RegleMetier
from .periodes import Periode
from .postes import Poste
from .salaries import UN_JOUR, Salarie
from .suivi import TypeDeSuivi
from .textes import normaliser, texte_requis

CENTIME = Decimal("0.01")
MONTANT_MAX = Decimal("1000000")
DUREE_MAX_JOURS = 3660


# -- money ---------------------------------------------------------------------------------
def arrondir(montant: Decimal) -> Decimal:
    """F2: euros and cents, half-up (0.005 → 0.01, -0.005 → -0.01)."""
    return montant.quantize(CENTIME, rounding=ROUND_HALF_UP)


def euros(montant: Decimal) -> str:
    """French display of an amount: ``1 234,50 €``."""
    texte = f"{arrondir(montant):,.2f}".replace(",", " ").replace(".", ",")
    return f"{texte} €"


def montant_en_euros(valeur: object, champ: str, regle: str = "F2") -> Decimal:
    """A non-negative amount from a Decimal, an int or a decimal text; never a float
    (binary fractions are not cents)."""
    erreur = DonneeInvalide(
        "Un montant positif en euros est attendu (par ex. « 89.00 »).",
        code="bareme.montant_invalide", regle=regle, chemin=champ,
    )
    if isinstance(valeur, bool) or not isinstance(valeur, Decimal | int | str):
        raise erreur
    try:
        montant = Decimal(valeur)
    except InvalidOperation:
        raise erreur from None
    if not montant.is_finite() or montant < 0 or montant >= MONTANT_MAX:
        raise erreur
    return montant


def _prix_sig(valeur: object) -> Decimal:
    return montant_en_euros(valeur, "prix_sig")


def _prix_sia(valeur: object) -> Decimal:
    return montant_en_euros(valeur, "prix_sia")


def _prix_sir(valeur: object) -> Decimal:
    return montant_en_euros(valeur, "prix_sir")


def _droit_entree(valeur: object) -> Decimal:
    return montant_en_euros(valeur, "droit_entree")


def _forfait(valeur: object) -> Decimal:
    return montant_en_euros(valeur, "forfait_etablissement")


def _cout(valeur: object) -> Decimal:
    return montant_en_euros(valeur, "montant", "F3")


def _taux(valeur: object) -> Decimal:
    taux = montant_en_euros(valeur, "taux_tva")
    if taux >= 1:
        raise DonneeInvalide(
            "Le taux de TVA s'écrit en fraction (0.20 pour 20 %).",
            code="bareme.taux_invalide", regle="F2", chemin="taux_tva",
        )
    return taux


def _nom(valeur: object) -> str:
    return texte_requis(valeur, champ="nom", code="facturation.nom_invalide", regle="F2",
                        maximum=100, libelle="Le nom")


# -- counting rules --------------------------------------------------------------------------
class ModeDeComptage(enum.Enum):
    """Who counts in a period (normally a calendar year)."""

    PRESENT_AU_1ER_JANVIER = "present_au_1er_janvier"
    """Countable on the period's first day (1 January for a year)."""
    PRESENT_DANS_L_ANNEE = "present_dans_l_annee"
    """Countable on at least one day of the period, not prorated."""


def _mode(valeur: object) -> ModeDeComptage:
    if isinstance(valeur, ModeDeComptage):
        return valeur
    raise DonneeInvalide(
        "Le mode de comptage est « present_au_1er_janvier » ou « present_dans_l_annee ».",
        code="regle.mode_inconnu", regle="F2", chemin="mode",
    )


def _duree(valeur: object) -> int | None:
    if valeur is None:
        return None
    if isinstance(valeur, int) and not isinstance(valeur, bool) and (
        0 <= valeur <= DUREE_MAX_JOURS
    ):
        return valeur
    raise DonneeInvalide(
        f"La durée minimale d'embauche est un nombre de jours de 0 à {DUREE_MAX_JOURS}.",
        code="regle.duree_invalide", regle="F2", chemin="duree_min_embauche_jours",
    )


def _natures(valeur: object) -> frozenset[NatureContrat]:
    if isinstance(valeur, frozenset | set | tuple | list) and all(
        isinstance(n, NatureContrat) for n in valeur
    ):
        return frozenset(valeur)
    raise DonneeInvalide(
        "Les natures exclues sont des natures de contrat DSN (S21.G00.40.007).",
        code="regle.nature_inconnue", regle="F2", chemin="natures_exclues",
    )


@frozen
class RegleDeComptage:
    """Who counts in a period, as configuration (see the module docstring).

    ``duree_min_embauche_jours``: a chain of contracts lasting that many days or fewer
    never counts ("hires counted only when the contract lasts more than N days"); a
    contract without an end date lasts forever. ``natures_exclues``: days governed by a
    contract of these natures never count (temporary-agency missions, 03).
    Suspended contracts are not modelled: a suspended contract is in force, so it counts.
    """

    nom: str = field(converter=_nom)
    mode: ModeDeComptage = field(converter=_mode)
    duree_min_embauche_jours: int | None = field(default=None, converter=_duree)
    natures_exclues: frozenset[NatureContrat] = field(factory=frozenset, converter=_natures)

    @property
    def compte_tous_les_contrats(self) -> bool:
        """No nature excluded and no minimum length (or 0): every contract's days count,
        whatever the chains."""
        return not self.natures_exclues and not self.duree_min_embauche_jours


# -- prices ----------------------------------------------------------------------------------
@frozen
class Bareme:
    """F2: prices per person by follow-up type, an entry fee per new hire of the period,
    a fixed fee per establishment (one adherent), and the VAT rate (0.20 = 20 %)."""

    nom: str = field(converter=_nom)
    prix_sig: Decimal = field(converter=_prix_sig)
    prix_sia: Decimal = field(converter=_prix_sia)
    prix_sir: Decimal = field(converter=_prix_sir)
    droit_entree: Decimal = field(default=Decimal(0), converter=_droit_entree)
    forfait_etablissement: Decimal = field(default=Decimal(0), converter=_forfait)
    taux_tva: Decimal = field(default=Decimal("0.20"), converter=_taux)

    def prix(self, type_de_suivi: TypeDeSuivi) -> Decimal:
        return {TypeDeSuivi.SIG: self.prix_sig, TypeDeSuivi.SIA: self.prix_sia,
                TypeDeSuivi.SIR: self.prix_sir}[type_de_suivi]


@frozen
class CoutMoyenNational:
    """F3: the national average cost per person of the year; per-person prices must stay
    within 80 %–120 % of it."""

    annee: int
    montant: Decimal = field(converter=_cout)

    @property
    def minimum(self) -> Decimal:
        return arrondir(self.montant * Decimal("0.80"))

    @property
    def maximum(self) -> Decimal:
        return arrondir(self.montant * Decimal("1.20"))


COUTS_MOYENS_NATIONAUX: Mapping[int, CoutMoyenNational] = MappingProxyType({
    2025: CoutMoyenNational(2025, Decimal("115.50")),
})
"""F3: the national average costs the library knows, by year (the use cases check a
barème against the one of the period's first day's year)."""


def verifier_bande(bareme: Bareme, cout: CoutMoyenNational) -> None:
    """F3: refuse a barème whose per-person price falls outside 80 %–120 % of the
    national average cost of the year."""
    hors_bande = {
        t.value: bareme.prix(t) for t in TypeDeSuivi
        if not cout.minimum <= bareme.prix(t) <= cout.maximum
    }
    if hors_bande:
        liste = ", ".join(f"{t} {euros(p)}" for t, p in hors_bande.items())
        raise RegleMetier(
            f"Le barème « {bareme.nom} » sort de la bande légale {cout.annee} : le prix par "
            f"salarié doit rester entre {euros(cout.minimum)} et {euros(cout.maximum)} "
            f"(80 % à 120 % du coût moyen national de {euros(cout.montant)}). "
            f"Hors bande : {liste}.",
            code="bareme.hors_bande", regle="F3", chemin="bareme",
            details={**{t: str(p) for t, p in hors_bande.items()},
                     "minimum": str(cout.minimum), "maximum": str(cout.maximum)},
        )


# -- presets ---------------------------------------------------------------------------------
MISSIONS_INTERIM = frozenset({NatureContrat.MISSION_INTERIM})

REGLES_PREDEFINIES: Mapping[str, RegleDeComptage] = MappingProxyType({
    r.nom: r for r in (
        RegleDeComptage("present_au_1er_janvier", ModeDeComptage.PRESENT_AU_1ER_JANVIER),
        RegleDeComptage("present_dans_l_annee", ModeDeComptage.PRESENT_DANS_L_ANNEE),
        RegleDeComptage("embauches_plus_de_31_jours", ModeDeComptage.PRESENT_DANS_L_ANNEE,
                        duree_min_embauche_jours=31, natures_exclues=MISSIONS_INTERIM),
        RegleDeComptage("embauches_plus_de_60_jours", ModeDeComptage.PRESENT_DANS_L_ANNEE,
                        duree_min_embauche_jours=60, natures_exclues=MISSIONS_INTERIM),
    )
})
"""The counting schemes of real services (DOMAIN.md, Facturation), by name."""

BAREMES_PREDEFINIS: Mapping[str, Bareme] = MappingProxyType({
    b.nom: b for b in (
        Bareme("bareme_publie", prix_sig=Decimal("89"), prix_sia=Decimal("129"),
               prix_sir=Decimal("152"), droit_entree=Decimal("66"),
               forfait_etablissement=Decimal("35"), taux_tva=Decimal("0.20")),
    )
})
"""The published price list (SIG 89 €, SIA 129 €, SIR 152 €, entry 66 €, fixed 35 €,
VAT 20 %). Note F3: against the 2025 national cost (band 92.40–138.60 €) its SIG and
SIR prices are out of band, so it is refused for 2025."""


def regle_predefinie(nom: str) -> RegleDeComptage:
    # ``get``, not ``[]``: a chained KeyError would keep the name asked for (A5).
    regle = REGLES_PREDEFINIES.get(nom) if isinstance(nom, str) else None
    if regle is None:
        raise Introuvable(
            "Cette règle de comptage est inconnue. Règles disponibles : "
            + ", ".join(sorted(REGLES_PREDEFINIES)) + ".",
            code="regle.inconnue", regle="F2", chemin="regle",
        )
    return regle


def bareme_predefini(nom: str) -> Bareme:
    bareme = BAREMES_PREDEFINIS.get(nom) if isinstance(nom, str) else None
    if bareme is None:
        raise Introuvable(
            "Ce barème est inconnu. Barèmes disponibles : "
            + ", ".join(sorted(BAREMES_PREDEFINIS)) + ".",
            code="bareme.inconnu", regle="F2", chemin="bareme",
        )
    return bareme


# -- the assiette ------------------------------------------------------------------------------
class MotifDeComptage(enum.Enum):
    """Why a salarié is on the assiette."""

    PRESENT_AU_1ER_JANVIER = "present_au_1er_janvier"
    PRESENT_DANS_L_ANNEE = "present_dans_l_annee"
    EMBAUCHE_DANS_LA_PERIODE = "embauche_dans_la_periode"
    """Entry fee only: hired after the period's first day under present_au_1er_janvier."""


@frozen
class LigneAssiette:
    """F1/F2: one salarié, once. ``du``/``au``: first and last countable days in the
    period. ``cotisation``: counted per capita (totals by type); ``droit_entree``: new
    hire of the period. ``montant_ht``: with a barème, each element's price rounded
    half-up to the cent."""

    salarie_id: str
    nom: str
    prenoms: str
    type_de_suivi: TypeDeSuivi
    motif: MotifDeComptage
    du: dt.date
    au: dt.date
    cotisation: bool
    droit_entree: bool
    montant_ht: Decimal | None = None

    @property
    def explication(self) -> str:
        """Why this salarié is billed, in the employer's words."""
        if self.motif is MotifDeComptage.PRESENT_AU_1ER_JANVIER:
            texte = f"Présent le {self.du:%d/%m/%Y}"
        elif self.motif is MotifDeComptage.PRESENT_DANS_L_ANNEE:
            texte = (f"Présent au moins un jour de la période (du {self.du:%d/%m/%Y} "
                     f"au {self.au:%d/%m/%Y})")
        else:
            texte = f"Embauché le {self.du:%d/%m/%Y}, après le début de la période"
        if self.droit_entree and self.motif is not MotifDeComptage.EMBAUCHE_DANS_LA_PERIODE:
            texte += f" ; nouvel embauché le {self.du:%d/%m/%Y}"
        return texte + "."


@frozen
class TotalParType:
    type_de_suivi: TypeDeSuivi
    nombre: int


_ORDRE_DES_TYPES = tuple(TypeDeSuivi)


@functools.lru_cache(maxsize=4096)
def total_par_type(type_de_suivi: TypeDeSuivi, nombre: int) -> TotalParType:
    """A shared (immutable) total: a billing run makes three per member, most of them
    with small counts."""
    return TotalParType(type_de_suivi, nombre)


@frozen
class LigneDeFacture:
    """One invoice line: ``code`` is SIG/SIA/SIR, ``droit_entree`` or
    ``forfait_etablissement``; ``montant_ht = quantite × prix_unitaire`` (the unit price
    rounded half-up to the cent). Quantities are negative on credit lines."""

    code: str
    libelle: str
    quantite: int
    prix_unitaire: Decimal
    montant_ht: Decimal


@frozen
class Montants:
    """F2: invoice lines, total excluding VAT, VAT on that total (half-up), total with
    VAT."""

    lignes: tuple[LigneDeFacture, ...]
    total_ht: Decimal
    taux_tva: Decimal
    tva: Decimal
    total_ttc: Decimal


CODE_DROIT_ENTREE = "droit_entree"
CODE_FORFAIT = "forfait_etablissement"
LIBELLES_FACTURE: Mapping[str, str] = MappingProxyType({
    TypeDeSuivi.SIG.value: "Cotisation SIG (suivi individuel général)",
    TypeDeSuivi.SIA.value: "Cotisation SIA (suivi individuel adapté)",
    TypeDeSuivi.SIR.value: "Cotisation SIR (suivi individuel renforcé)",
    CODE_DROIT_ENTREE: "Droit d'entrée (nouvel embauché)",
    CODE_FORFAIT: "Forfait par établissement",
})


def prix_unitaire(bareme: Bareme, code: str) -> Decimal:
    """The price of one invoice element, rounded half-up to the cent (F2)."""
    if code == CODE_DROIT_ENTREE:
        return arrondir(bareme.droit_entree)
    if code == CODE_FORFAIT:
        return arrondir(bareme.forfait_etablissement)
    return arrondir(bareme.prix(TypeDeSuivi(code)))


def calculer_montants(
    bareme: Bareme, quantites: Mapping[str, int], forfait: bool = True
) -> Montants:
    """F2: invoice lines in a fixed order (SIG, SIA, SIR, entry fee, fixed fee), zero
    quantities left out; VAT on the total, half-up."""
    codes = [t.value for t in TypeDeSuivi] + [CODE_DROIT_ENTREE]
    a_facturer = [(c, quantites.get(c, 0)) for c in codes]
    if forfait:
        a_facturer.append((CODE_FORFAIT, 1))
    lignes = tuple(
        LigneDeFacture(code, LIBELLES_FACTURE[code], n, prix_unitaire(bareme, code),
                       n * prix_unitaire(bareme, code))
        for code, n in a_facturer if n != 0 and prix_unitaire(bareme, code) != 0
    )
    total_ht = sum((ligne.montant_ht for ligne in lignes), Decimal("0.00"))
    tva = arrondir(total_ht * bareme.taux_tva)
    return Montants(lignes, total_ht, bareme.taux_tva, tva, total_ht + tva)


def montant_ligne(bareme: Bareme, ligne: LigneAssiette) -> Decimal:
    """A salarié's amount: each element (per-capita price, entry fee) rounded half-up."""
    montant = Decimal("0.00")
    if ligne.cotisation:
        montant += prix_unitaire(bareme, ligne.type_de_suivi.value)
    if ligne.droit_entree:
        montant += prix_unitaire(bareme, CODE_DROIT_ENTREE)
    return montant


def cle_de_tri(ligne: LigneAssiette) -> tuple[str, str, str]:
    return normaliser(ligne.nom), normaliser(ligne.prenoms), ligne.salarie_id


LigneBrute = tuple[str, str, str, TypeDeSuivi, MotifDeComptage, int, int, bool, bool]
"""A line as plain values: salarié id, names, type, motive, first and last day as day
numbers (``date.toordinal``), per-capita and entry-fee flags."""


class LignesDifferees(Sequence[LigneAssiette]):
    """Assiette lines kept as plain tuples (:data:`LigneBrute`) and built into
    :class:`LigneAssiette` (priced with the barème) on first read: a billing run that
    reads only totals never pays for the objects. Immutable; equal to any sequence of the
    same lines, a tuple included."""

    __slots__ = ("_bareme", "_brutes", "_lignes")

    def __init__(self, brutes: Sequence[LigneBrute], bareme: Bareme | None = None) -> None:
        self._brutes = brutes
        self._bareme = bareme
        self._lignes: tuple[LigneAssiette, ...] | None = None

    def _construites(self) -> tuple[LigneAssiette, ...]:
        if self._lignes is None:
            date, bareme = dt.date.fromordinal, self._bareme
            if bareme is None:
                self._lignes = tuple(
                    LigneAssiette(s, n, p, t, m, date(du), date(au), c, e)
                    for s, n, p, t, m, du, au, c, e in self._brutes)
            else:
                prix = {t: prix_unitaire(bareme, t.value) for t in TypeDeSuivi}
                entree = prix_unitaire(bareme, CODE_DROIT_ENTREE)
                zero = Decimal("0.00")
                self._lignes = tuple(
                    LigneAssiette(s, n, p, t, m, date(du), date(au), c, e,
                                  (prix[t] if c else zero) + (entree if e else zero))
                    for s, n, p, t, m, du, au, c, e in self._brutes)
            self._brutes = ()
        return self._lignes

    def __len__(self) -> int:
        return len(self._brutes) if self._lignes is None else len(self._lignes)

    @overload
    def __getitem__(self, index: int) -> LigneAssiette: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[LigneAssiette, ...]: ...

    def __getitem__(self, index: int | slice) -> LigneAssiette | tuple[LigneAssiette, ...]:
        return self._construites()[index]

    def __iter__(self) -> Iterator[LigneAssiette]:
        return iter(self._construites())

    def __eq__(self, autre: object) -> bool:
        if isinstance(autre, LignesDifferees | tuple | list):
            return self._construites() == tuple(autre)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._construites())

    def __repr__(self) -> str:
        return repr(self._construites())


def _lignes(valeur: Iterable[LigneAssiette]) -> Sequence[LigneAssiette]:
    return valeur if isinstance(valeur, LignesDifferees | tuple) else tuple(valeur)


def _cle_lignes(valeur: Sequence[LigneAssiette]) -> tuple[LigneAssiette, ...]:
    return valeur if isinstance(valeur, tuple) else tuple(valeur)


class ParType:
    """What an assiette and its totals alone both answer from their ``totaux``."""

    __slots__ = ()
    totaux: tuple[TotalParType, ...]

    @property
    def nombre(self) -> int:
        """Salariés counted per capita."""
        return sum(t.nombre for t in self.totaux)

    @property
    def par_type(self) -> dict[TypeDeSuivi, int]:
        return {t.type_de_suivi: t.nombre for t in self.totaux}


@frozen
class Assiette(ParType):
    """F2: what is billed to one adherent for one period under one rule: the salariés
    (each once, F1, sorted by name), totals per follow-up type of those counted per
    capita, the number of entry fees, and with a barème the amounts.

    Build it with :meth:`depuis_lignes` so totals and amounts always follow the lines.
    ``lignes`` is an immutable sequence (a tuple, or lines built on first read); two
    assiettes with the same lines are equal whatever holds them."""

    adherent_id: str
    periode: Periode
    regle: str
    lignes: Sequence[LigneAssiette] = field(converter=_lignes, eq=_cle_lignes)
    totaux: tuple[TotalParType, ...] = field()
    droits_entree: int = field()
    bareme: str | None = None
    montants: Montants | None = None


    @property
    def salarie_ids(self) -> frozenset[str]:
        return frozenset(ligne.salarie_id for ligne in self.lignes)

    @classmethod
    def depuis_lignes(
        cls,
        adherent_id: str,
        periode: Periode,
        regle: RegleDeComptage,
        lignes: Iterable[LigneAssiette],
        bareme: Bareme | None = None,
    ) -> Assiette:
        """Sort the lines, price them with ``bareme`` and derive totals and amounts: the
        one constructor every adapter uses, so the same lines give the same assiette."""
        tries = sorted(lignes, key=cle_de_tri)
        if bareme is not None:
            tries = [
                LigneAssiette(ligne.salarie_id, ligne.nom, ligne.prenoms, ligne.type_de_suivi,
                              ligne.motif, ligne.du, ligne.au, ligne.cotisation,
                              ligne.droit_entree, montant_ligne(bareme, ligne))
                for ligne in tries
            ]
        par_type = Counter(ligne.type_de_suivi for ligne in tries if ligne.cotisation)
        quantites = {t.value: par_type[t] for t in TypeDeSuivi}
        quantites[CODE_DROIT_ENTREE] = sum(1 for ligne in tries if ligne.droit_entree)
        return cls(
            adherent_id=adherent_id,
            periode=periode,
            regle=regle.nom,
            lignes=tuple(tries),
            totaux=tuple(TotalParType(t, quantites[t.value]) for t in TypeDeSuivi),
            droits_entree=quantites[CODE_DROIT_ENTREE],
            bareme=None if bareme is None else bareme.nom,
            montants=None if bareme is None else calculer_montants(bareme, quantites),
        )

    @classmethod
    def depuis_lignes_brutes(
        cls,
        adherent_id: str,
        periode: Periode,
        regle: RegleDeComptage,
        brutes: Sequence[LigneBrute],
        par_type: Mapping[TypeDeSuivi, int],
        droits_entree: int,
        bareme: Bareme | None = None,
    ) -> Assiette:
        """For a storage that sorts and counts where the rows are: ``brutes`` already in
        :func:`cle_de_tri` order (normalised name, given names, id), ``par_type`` the
        per-capita lines by type and ``droits_entree`` the new hires, counted from those
        rows. Lines are built on first read (:class:`LignesDifferees`); the result equals
        :meth:`depuis_lignes` of the same lines (the storages' parity tests check it)."""
        totaux = tuple(total_par_type(t, par_type.get(t, 0)) for t in _ORDRE_DES_TYPES)
        if bareme is None:
            return cls(adherent_id, periode, regle.nom, LignesDifferees(brutes), totaux,
                       droits_entree)
        quantites = {t.type_de_suivi.value: t.nombre for t in totaux}
        quantites[CODE_DROIT_ENTREE] = droits_entree
        return cls(adherent_id, periode, regle.nom, LignesDifferees(brutes, bareme), totaux,
                   droits_entree, bareme.nom, calculer_montants(bareme, quantites))


# -- the reference computation -------------------------------------------------------------------
def periode_facturee(debut: dt.date, fin: dt.date | None) -> Periode:
    """A billing period: both ends required (F2)."""
    if fin is None:
        raise DonneeInvalide("Une période facturée a une date de fin.",
                             code="periode.ouverte", regle="F2", chemin="fin")
    return Periode(debut, fin)


def annee(an: int) -> Periode:
    """The calendar year ``an``, the usual billing period."""
    return Periode(dt.date(an, 1, 1), dt.date(an, 12, 31))


def durees_des_chaines(
    salarie: Salarie, natures_exclues: frozenset[NatureContrat] = frozenset()
) -> dict[str, int | None]:
    """Each active contract whose nature is not excluded, with the length in days of its
    chain (``None``: open, the last contract has no end). A chain is a run of such
    contracts, each starting the day after the previous one ends; an excluded contract
    breaks it."""
    chaines: list[list[Contrat]] = []
    for c in sorted(salarie.contrats_actifs, key=lambda c: c.debut):
        if c.nature in natures_exclues:
            chaines.append([])
            continue
        derniere = chaines[-1] if chaines else []
        if derniere and derniere[-1].fin is not None and c.debut == derniere[-1].fin + UN_JOUR:
            derniere.append(c)
        else:
            chaines.append([c])
    durees: dict[str, int | None] = {}
    for chaine in chaines:
        if not chaine:
            continue
        fin = chaine[-1].fin
        duree = None if fin is None else (fin - chaine[0].debut).days + 1
        durees.update((c.id, duree) for c in chaine)
    return durees


def contrats_eligibles(salarie: Salarie, regle: RegleDeComptage) -> frozenset[str]:
    """Ids of the contracts whose days may count: nature not excluded, in a chain lasting
    more than ``duree_min_embauche_jours`` days (chained = next starts the day after)."""
    minimum = regle.duree_min_embauche_jours
    return frozenset(
        cid for cid, duree in durees_des_chaines(salarie, regle.natures_exclues).items()
        if minimum is None or duree is None or duree > minimum
    )


def morceaux_comptables(
    salarie: Salarie, regle: RegleDeComptage | None = None
) -> tuple[tuple[Periode, Contrat], ...]:
    """The countable pieces of a salarié, each with the contract governing it, by start.

    A contract governs the days from its start to the day before the next contract's
    start (Salarie.contrat_le, C2); those days count when the salarié is present and the
    contract is eligible under ``regle`` (:func:`contrats_eligibles`; ``None``: every
    contract counts, as under the presence rules). Pieces are disjoint; two may touch."""
    contrats = sorted(salarie.contrats_actifs, key=lambda c: c.debut)
    eligibles = (None if regle is None or regle.compte_tous_les_contrats
                 else contrats_eligibles(salarie, regle))
    presences = salarie.periodes_de_presence()
    morceaux: list[tuple[Periode, Contrat]] = []
    for i, c in enumerate(contrats):
        if eligibles is not None and c.id not in eligibles:
            continue
        regne_fin = contrats[i + 1].debut - UN_JOUR if i + 1 < len(contrats) else None
        for p in presences:
            debut = max(c.debut, p.debut)
            fins = [f for f in (regne_fin, p.fin) if f is not None]
            fin = min(fins) if fins else None
            if fin is None or debut <= fin:
                morceaux.append((Periode(debut, fin), c))
    morceaux.sort(key=lambda m: m[0].debut)
    return tuple(morceaux)


def periodes_comptables(salarie: Salarie, regle: RegleDeComptage) -> tuple[Periode, ...]:
    """The countable days of a salarié under ``regle``, as sorted disjoint periods
    (:func:`morceaux_comptables` merged)."""
    return _fusionner([periode for periode, _contrat in morceaux_comptables(salarie, regle)])


def _fusionner(periodes: list[Periode]) -> tuple[Periode, ...]:
    fusion: list[Periode] = []
    for p in sorted(periodes, key=lambda p: p.debut):
        if fusion:
            dernier = fusion[-1]
            if dernier.fin is None:
                continue
            if p.debut <= dernier.fin + UN_JOUR:
                fin = None if p.fin is None else max(p.fin, dernier.fin)
                fusion[-1] = Periode(dernier.debut, fin)
                continue
        fusion.append(p)
    return tuple(fusion)


def ligne_assiette(
    salarie: Salarie, periode: Periode, regle: RegleDeComptage, postes: Mapping[str, Poste]
) -> LigneAssiette | None:
    """F1: the one line of a salarié for the period, or ``None`` when not billed."""
    assert periode.fin is not None
    comptables = periodes_comptables(salarie, regle)
    if not comptables:
        return None
    dans = [
        (max(p.debut, periode.debut), periode.fin if p.fin is None else min(p.fin, periode.fin))
        for p in comptables if p.croise(periode)
    ]
    if not dans:
        return None
    du, au = dans[0][0], dans[-1][1]
    nouvel_embauche = periode.contient(comptables[0].debut)
    if regle.mode is ModeDeComptage.PRESENT_AU_1ER_JANVIER:
        cotisation = du == periode.debut
        motif = (MotifDeComptage.PRESENT_AU_1ER_JANVIER if cotisation
                 else MotifDeComptage.EMBAUCHE_DANS_LA_PERIODE)
        reference = periode.debut if cotisation else au
    else:
        cotisation = True
        motif = MotifDeComptage.PRESENT_DANS_L_ANNEE
        reference = au
    if not cotisation and not nouvel_embauche:
        return None
    type_de_suivi = type_de_suivi_le(salarie, reference, postes)
    return LigneAssiette(salarie.id, salarie.identite.nom, salarie.identite.prenoms,
                         type_de_suivi, motif, du, au, cotisation, nouvel_embauche)


def assiette_de_reference(
    adherent: Adherent,
    salaries: Iterable[Salarie],
    periode: Periode,
    regle: RegleDeComptage,
    bareme: Bareme | None = None,
    *,
    cout_moyen: CoutMoyenNational | None = None,
) -> Assiette:
    """F1/F2 (and F3 when ``cout_moyen`` is given): the reference assiette of one
    adherent. Salariés of other adherents and cancelled files are ignored."""
    periode = periode_facturee(periode.debut, periode.fin)
    if bareme is not None and cout_moyen is not None:
        verifier_bande(bareme, cout_moyen)
    postes = adherent.postes_par_id()
    lignes = [
        ligne for s in salaries
        if s.adherent_id == adherent.id and not s.annule
        and (ligne := ligne_assiette(s, periode, regle, postes)) is not None
    ]
    return Assiette.depuis_lignes(adherent.id, periode, regle, lignes, bareme)


__all__ = [
    "BAREMES_PREDEFINIS",
    "COUTS_MOYENS_NATIONAUX",
    "REGLES_PREDEFINIES",
    "Assiette",
    "Bareme",
    "CoutMoyenNational",
    "LigneAssiette",
    "LigneBrute",
    "LigneDeFacture",
    "LignesDifferees",
    "ModeDeComptage",
    "Montants",
    "MotifDeComptage",
    "RegleDeComptage",
    "TotalParType",
    "annee",
    "arrondir",
    "assiette_de_reference",
    "bareme_predefini",
    "calculer_montants",
    "contrats_eligibles",
    "durees_des_chaines",
    "euros",
    "morceaux_comptables",
    "periodes_comptables",
    "regle_predefinie",
    "verifier_bande",
]
