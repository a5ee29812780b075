"""The row <-> domain mapping of a salarié (contracts, movements, presence stretches,
countable pieces), never in the domain; ``lignes_par_table`` is also what bulk loaders
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
from .lignes import Ligne, LigneLue
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


def ligne_salarie(salarie: Salarie, version: int) -> Ligne:
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


def lignes_contrats(salarie: Salarie) -> list[Ligne]:
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


def lignes_mouvements(salarie: Salarie) -> list[Ligne]:
    lignes: list[Ligne] = []
    for rang, m in enumerate(salarie.mouvements):
        ligne: Ligne = {
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
            ligne.update(genre=SORTIE, contrat_clos_id=m.contrat_clos_id, fin_close=m.fin_close)
        else:
            ligne.update(genre=REINTEGRATION, contrat_id=m.contrat_id)
        lignes.append(ligne)
    return lignes


def lignes_presences(salarie: Salarie) -> list[Ligne]:
    return [
        {"adherent_id": salarie.adherent_id, "salarie_id": salarie.id,
         "debut": p.debut, "fin": p.fin}
        for p in salarie.periodes_de_presence()
    ]


def lignes_morceaux(salarie: Salarie) -> list[Ligne]:
    """The derived ``morceaux`` rows: none for a cancelled file; with, for each exclusion
    set of ``CHAINES_STOCKEES``, the piece's chain length and the longest earlier one."""
    if salarie.annule:
        return []
    morceaux_ = morceaux_comptables(salarie)
    if not morceaux_:
        return []
    premier = morceaux_[0][0].debut.toordinal()
    lignes: list[Ligne] = [
        {"adherent_id": salarie.adherent_id, "salarie_id": salarie.id,
         "debut": periode.debut.toordinal(),
         "fin": OUVERT if periode.fin is None else periode.fin.toordinal(),
         "poste_id": contrat.poste_id, "premier": premier}
        for periode, contrat in morceaux_
    ]
    for natures, colonne_duree, colonne_avant in CHAINES_STOCKEES:
        durees = durees_des_chaines(salarie, frozenset(NatureContrat(n) for n in natures))
        avant = 0
        for ligne, (_periode, contrat) in zip(lignes, morceaux_, strict=True):
            duree: int | None = None  # the contract's nature is excluded
            if contrat.id in durees:
                duree = durees[contrat.id]
                duree = OUVERT if duree is None else duree
            ligne[colonne_duree] = duree
            ligne[colonne_avant] = avant
            if duree is not None and duree > avant:
                avant = duree
    return lignes


def contrat_depuis_ligne(ligne: LigneLue) -> Contrat:
    return Contrat(
        id=ligne["contrat_id"],
        nature=NatureContrat(ligne["nature"]),
        debut=ligne["debut"],
        poste_id=ligne["poste_id"],
        fin=ligne["fin"],
        dispositif=ligne["dispositif"],
        numero=ligne["numero"],
        annule=bool(ligne["annule"]),
        clot_id=ligne["clot_id"],
        fin_close=ligne["fin_close"],
    )


def mouvement_depuis_ligne(ligne: LigneLue) -> Mouvement:
    if ligne["genre"] == SORTIE:
        return Sortie(
            id=ligne["mouvement_id"], le=ligne["le"], motif=ligne["motif"],
            annule=bool(ligne["annule"]), contrat_clos_id=ligne["contrat_clos_id"],
            fin_close=ligne["fin_close"],
        )
    return Reintegration(
        id=ligne["mouvement_id"], le=ligne["le"], motif=ligne["motif"],
        annule=bool(ligne["annule"]), contrat_id=ligne["contrat_id"],
    )


def salarie_depuis_lignes(
    ligne: LigneLue,
    contrats_: Iterable[LigneLue],
    mouvements_: Iterable[LigneLue],
) -> Salarie:
    nir, ntt = ligne["nir"], ligne["ntt"]
    return Salarie(
        id=ligne["salarie_id"],
        adherent_id=ligne["adherent_id"],
        identite=Identite(
            nom=ligne["nom"],
            prenoms=ligne["prenoms"],
            date_naissance=ligne["date_naissance"],
            nir=None if nir is None else Nir(nir),
            ntt=None if ntt is None else Ntt(ntt),
            precision_naissance=PrecisionNaissance(ligne["precision_naissance"]),
        ),
        contrats=tuple(contrat_depuis_ligne(c) for c in contrats_),
        mouvements=tuple(mouvement_depuis_ligne(m) for m in mouvements_),
        annule=bool(ligne["annule"]),
        version=ligne["version"],
    )


ENFANTS = (
    (contrats, lignes_contrats, "contrat_id"),
    (mouvements, lignes_mouvements, "mouvement_id"),
    (presences, lignes_presences, "debut"),
    (morceaux, lignes_morceaux, "debut"),
)
"""A salarié's child tables: the rows of one salarié and the column that tells them apart."""


def lignes_par_table(salaries: Iterable[Salarie], version: int = 1) -> dict[Table, list[Ligne]]:
    """Every row new files are stored as, by table, files first: what ``ajouter_tous``
    writes, and what bulk loaders (benchmarks, tests) write with ``executemany``."""
    par_table: dict[Table, list[Ligne]] = {t_salaries: []}
    par_table.update((table, []) for table, _lignes, _cle in ENFANTS)
    for salarie in salaries:
        par_table[t_salaries].append(ligne_salarie(salarie, version))
        for table, lignes, _cle in ENFANTS:
            par_table[table] += lignes(salarie)
    return par_table


__all__ = [
    "ENFANTS",
    "REINTEGRATION",
    "SORTIE",
    "contrat_depuis_ligne",
    "ligne_salarie",
    "lignes_contrats",
    "lignes_morceaux",
    "lignes_mouvements",
    "lignes_par_table",
    "lignes_presences",
    "majorite",
    "mouvement_depuis_ligne",
    "salarie_depuis_lignes",
]
