"""The assiette (F1, F2): one line per billed salarié, the totals per follow-up type,
and the one constructor every storage uses so that the same lines give the same
assiette (F5). Lines a storage hands over as plain tuples are built on first read."""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import overload

from attrs import field, frozen

from .baremes import (
    CODE_DROIT_ENTREE,
    Bareme,
    Montants,
    PartFacturee,
    calculer_montants,
    prix_unitaire,
)
from .partage import FACULTATIF, PartMultiEmployeur, part_du_prix
from .periodes import Periode
from .regles_de_comptage import RegleDeComptage
from .suivi import TypeDeSuivi
from .textes import normaliser


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
    half-up to the cent. ``part`` (F7): a multi-employer worker's share of the
    per-capita fee (``montant_ht`` then holds that share, :func:`montant_ligne`)."""

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
    part: PartMultiEmployeur | None = field(default=None, metadata=FACULTATIF)

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


def montant_ligne(bareme: Bareme, ligne: LigneAssiette) -> Decimal:
    """A salarié's amount: each element (per-capita price, or its share F7; entry fee)
    rounded half-up."""
    montant = Decimal("0.00")
    if ligne.cotisation:
        prix = prix_unitaire(bareme, ligne.type_de_suivi.value)
        montant += prix if ligne.part is None else part_du_prix(prix, ligne.part)
    if ligne.droit_entree:
        montant += prix_unitaire(bareme, CODE_DROIT_ENTREE)
    return montant


def montants_des_lignes(bareme: Bareme, lignes: Iterable[LigneAssiette]) -> Montants:
    """F2/F7: the invoice of assiette lines: full per-capita fees by type, the shares of
    multi-employer workers' fees on lines of their own, the entry fees."""
    quantites: Counter[str] = Counter()
    parts: Counter[PartFacturee] = Counter()
    for ligne in lignes:
        if ligne.cotisation and ligne.part is None:
            quantites[ligne.type_de_suivi.value] += 1
        elif ligne.cotisation and ligne.part is not None:
            code = ligne.type_de_suivi.value
            parts[(code, ligne.part.nombre,
                   part_du_prix(prix_unitaire(bareme, code), ligne.part))] += 1
        if ligne.droit_entree:
            quantites[CODE_DROIT_ENTREE] += 1
    return calculer_montants(bareme, quantites, parts=parts)


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
                              ligne.droit_entree, montant_ligne(bareme, ligne), ligne.part)
                for ligne in tries
            ]
        par_type = Counter(ligne.type_de_suivi for ligne in tries if ligne.cotisation)
        return cls(
            adherent_id=adherent_id,
            periode=periode,
            regle=regle.nom,
            lignes=tuple(tries),
            totaux=tuple(TotalParType(t, par_type[t]) for t in TypeDeSuivi),
            droits_entree=sum(1 for ligne in tries if ligne.droit_entree),
            bareme=None if bareme is None else bareme.nom,
            montants=None if bareme is None else montants_des_lignes(bareme, tries),
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


__all__ = [
    "Assiette",
    "LigneAssiette",
    "LigneBrute",
    "LignesDifferees",
    "MotifDeComptage",
    "ParType",
    "TotalParType",
    "cle_de_tri",
    "montant_ligne",
    "montants_des_lignes",
    "total_par_type",
]
