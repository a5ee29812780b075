"""The row <-> domain mapping of a salarié (contracts, movements, presence stretches,
countable pieces), never in the domain; ``rangees_par_table`` is also what bulk loaders
write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Table

from ...domain.contrats import Contrat, NatureContrat
from ...domain.facturation import durees_des_chaines, morceaux_comptables
from ...domain.identifiants import Nir
from ...domain.identites import PrecisionNaissance
from ...domain.ntt import Ntt
from ...domain.salaries import Identite, Mouvement, Reintegration, Salarie, Sortie
from .rangees import Rangee, RangeeLue
from .tables import CHAINES_STOCKEES, OUVERT, contrats, morceaux, mouvements, presences
from .tables import salaries as t_salaries

SORTIE = "sortie"
REINTEGRATION = "reintegration"


def majorite(naissance: dt.date) -> dt.date:
    """The first day the person is 18 (P3); born on 29 February: 1 March."""
    try:
        return naissance.replace(year=naissance.year + 18)
    except ValueError:
        return dt.date(naissance.year + 18, 3, 1)


def rangee_salarie(salarie: Salarie, version: int) -> Rangee:
    identite = salarie.identite
    nom_norm, prenoms_norm, _naissance = identite.cle
    return {
        "adherent_id": salarie.adherent_id,
        "salarie_id": salarie.id,
        "nom": identite.nom,
        "prenoms": identite.prenoms,
        "nom_norm": nom_norm,
        "prenoms_norm": prenoms_norm,
        "date_naissance": identite.date_naissance,
        "majorite": majorite(identite.date_naissance),
        "nir": None if identite.nir is None else identite.nir.valeur,
        "ntt": None if identite.ntt is None else identite.ntt.valeur,
        "precision_naissance": identite.precision_naissance.value,
        "annule": salarie.annule,
        "version": version,
    }


def rangees_contrats(salarie: Salarie) -> list[Rangee]:
    return [
        {
            "adherent_id": salarie.adherent_id,
            "salarie_id": salarie.id,
            "contrat_id": c.id,
            "rang": rang,
            "nature": c.nature.value,
            "debut": c.debut,
            "fin": c.fin,
            "poste_id": c.poste_id,
            "dispositif": c.dispositif,
            "numero": c.numero,
            "annule": c.annule,
            "clot_id": c.clot_id,
            "fin_close": c.fin_close,
        }
        for rang, c in enumerate(salarie.contrats)
    ]


def rangees_mouvements(salarie: Salarie) -> list[Rangee]:
    rangees: list[Rangee] = []
    for rang, m in enumerate(salarie.mouvements):
        rangee: Rangee = {
            "adherent_id": salarie.adherent_id,
            "salarie_id": salarie.id,
            "mouvement_id": m.id,
            "rang": rang,
            "le": m.le,
            "motif": m.motif,
            "annule": m.annule,
            "contrat_clos_id": None,
            "fin_close": None,
            "contrat_id": None,
        }
        if isinstance(m, Sortie):
            rangee.update(genre=SORTIE, contrat_clos_id=m.contrat_clos_id, fin_close=m.fin_close)
        else:
            rangee.update(genre=REINTEGRATION, contrat_id=m.contrat_id)
        rangees.append(rangee)
    return rangees


def rangees_presences(salarie: Salarie) -> list[Rangee]:
    return [
        {"adherent_id": salarie.adherent_id, "salarie_id": salarie.id,
         "debut": p.debut, "fin": p.fin}
        for p in salarie.periodes_de_presence()
    ]


def rangees_morceaux(salarie: Salarie) -> list[Rangee]:
    """The derived ``morceaux`` rows: none for a cancelled file; with, for each exclusion
    set of ``CHAINES_STOCKEES``, the piece's chain length and the longest earlier one."""
    if salarie.annule:
        return []
    morceaux_ = morceaux_comptables(salarie)
    if not morceaux_:
        return []
    premier = morceaux_[0][0].debut.toordinal()
    rangees: list[Rangee] = [
        {"adherent_id": salarie.adherent_id, "salarie_id": salarie.id,
         "debut": periode.debut.toordinal(),
         "fin": OUVERT if periode.fin is None else periode.fin.toordinal(),
         "poste_id": contrat.poste_id, "premier": premier}
        for periode, contrat in morceaux_
    ]
    for natures, colonne_duree, colonne_avant in CHAINES_STOCKEES:
        durees = durees_des_chaines(salarie, frozenset(NatureContrat(n) for n in natures))
        avant = 0
        for rangee, (_periode, contrat) in zip(rangees, morceaux_, strict=True):
            duree: int | None = None  # the contract's nature is excluded
            if contrat.id in durees:
                duree = durees[contrat.id]
                duree = OUVERT if duree is None else duree
            rangee[colonne_duree] = duree
            rangee[colonne_avant] = avant
            if duree is not None and duree > avant:
                avant = duree
    return rangees


_NATURES = {n.value: n for n in NatureContrat}
_PRECISIONS = {p.value: p for p in PrecisionNaissance}
"""Stored codes to their members by a dictionary's lookup rather than the enum's call
(two per file of a page of the list)."""


def contrat_lu(contrat_id: str, nature: str, debut: dt.date, poste_id: str,
               fin: dt.date | None, dispositif: str | None, numero: str | None,
               annule: object, clot_id: str | None, fin_close: dt.date | None) -> Contrat:
    """A stored contract's columns as the domain's ``Contrat`` (its checks kept): what
    both decoders (by name here, by position in ``salaries_instructions``) build."""
    return Contrat(id=contrat_id, nature=_NATURES[nature], debut=debut, poste_id=poste_id,
                   fin=fin, dispositif=dispositif, numero=numero, annule=bool(annule),
                   clot_id=clot_id, fin_close=fin_close)


def mouvement_lu(mouvement_id: str, genre: str, le: dt.date, motif: str | None,
                 annule: object, contrat_clos_id: str | None, contrat_id: str | None,
                 fin_close: dt.date | None) -> Mouvement:
    """A stored movement's columns as a ``Sortie`` or a ``Reintegration``."""
    if genre == SORTIE:
        return Sortie(id=mouvement_id, le=le, motif=motif, annule=bool(annule),
                      contrat_clos_id=contrat_clos_id, fin_close=fin_close)
    return Reintegration(id=mouvement_id, le=le, motif=motif, annule=bool(annule),
                         contrat_id=contrat_id)


def salarie_lu(salarie_id: str, adherent_id: str, nom: str, prenoms: str,
               date_naissance: dt.date, nir: str | None, ntt: str | None,
               precision_naissance: str, annule: object, version: int,
               contrats_: tuple[Contrat, ...], mouvements_: tuple[Mouvement, ...]) -> Salarie:
    """A stored file's columns, with its contracts and movements, as a ``Salarie``."""
    return Salarie(
        id=salarie_id, adherent_id=adherent_id,
        identite=Identite(nom=nom, prenoms=prenoms, date_naissance=date_naissance,
                          nir=None if nir is None else Nir(nir),
                          ntt=None if ntt is None else Ntt(ntt),
                          precision_naissance=_PRECISIONS[precision_naissance]),
        contrats=contrats_, mouvements=mouvements_, annule=bool(annule), version=version)


def contrat_depuis_rangee(rangee: RangeeLue) -> Contrat:
    return contrat_lu(rangee["contrat_id"], rangee["nature"], rangee["debut"],
                      rangee["poste_id"], rangee["fin"], rangee["dispositif"],
                      rangee["numero"], rangee["annule"], rangee["clot_id"],
                      rangee["fin_close"])


def mouvement_depuis_rangee(rangee: RangeeLue) -> Mouvement:
    return mouvement_lu(rangee["mouvement_id"], rangee["genre"], rangee["le"],
                        rangee["motif"], rangee["annule"], rangee["contrat_clos_id"],
                        rangee["contrat_id"], rangee["fin_close"])


def salarie_depuis_rangees(
    rangee: RangeeLue,
    contrats_: Iterable[RangeeLue],
    mouvements_: Iterable[RangeeLue],
) -> Salarie:
    return salarie_lu(
        rangee["salarie_id"], rangee["adherent_id"], rangee["nom"], rangee["prenoms"],
        rangee["date_naissance"], rangee["nir"], rangee["ntt"],
        rangee["precision_naissance"], rangee["annule"], rangee["version"],
        tuple(contrat_depuis_rangee(c) for c in contrats_),
        tuple(mouvement_depuis_rangee(m) for m in mouvements_))


ENFANTS = (
    (contrats, rangees_contrats, "contrat_id"),
    (mouvements, rangees_mouvements, "mouvement_id"),
    (presences, rangees_presences, "debut"),
    (morceaux, rangees_morceaux, "debut"),
)
"""A salarié's child tables: the rows of one salarié and the column that tells them apart."""


def rangees_par_table(salaries: Iterable[Salarie], version: int = 1) -> dict[Table, list[Rangee]]:
    """Every row new files are stored as, by table, files first: what ``ajouter_tous``
    writes, and what bulk loaders (benchmarks, tests) write with ``executemany``."""
    par_table: dict[Table, list[Rangee]] = {t_salaries: []}
    par_table.update((table, []) for table, _rangees, _cle in ENFANTS)
    for salarie in salaries:
        par_table[t_salaries].append(rangee_salarie(salarie, version))
        for table, rangees, _cle in ENFANTS:
            par_table[table] += rangees(salarie)
    return par_table


__all__ = [
    "ENFANTS",
    "REINTEGRATION",
    "SORTIE",
    "contrat_depuis_rangee",
    "contrat_lu",
    "majorite",
    "mouvement_depuis_rangee",
    "mouvement_lu",
    "rangee_salarie",
    "rangees_contrats",
    "rangees_morceaux",
    "rangees_mouvements",
    "rangees_par_table",
    "rangees_presences",
    "salarie_depuis_rangees",
    "salarie_lu",
]
