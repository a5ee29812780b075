"""Realistic data for benchmarks, written straight into the SQL tables.

Members' sizes follow a lognormal draw clamped to 1..20,000 salariés (most members are
small, a few are large). Each salarié's file is built by the domain's own commands
(hire, contract changes and renewals, exits with DSN reasons, reintegrations), so every
file is valid; its rows, derived presence stretches included, come from the adapter's
row mapping (``adapters.sql.adherents``, ``adapters.sql.salaries_rangees``), exactly what
the repositories would write. Rows are inserted with executemany in transactions of
``LOT`` salariés.

    python bench/donnees.py sqlite:///tmp/bench.db 100000

The schema must exist (``rst_effectifs.adapters.sql.upgrade(url)``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
import time
from collections.abc import Iterator, Sequence

from sqlalchemy import Engine, create_engine, insert

from rst_effectifs.adapters.sql import tables as t
from rst_effectifs.adapters.sql.adherents import rangee_adherent, rangee_poste
from rst_effectifs.adapters.sql.salaries_rangees import rangees_par_table
from rst_effectifs.domain.adherents import Adherent
from rst_effectifs.domain.contrats import Contrat, NatureContrat
from rst_effectifs.domain.erreurs import ErreurDomaine
from rst_effectifs.domain.identifiants import Email, NumeroAdherent, Siret
from rst_effectifs.domain.postes import Poste
from rst_effectifs.domain.salaries import Identite, Salarie
from rst_effectifs.domain.suivi import Risque

LOT = 20_000
TAILLE_MAX = 20_000
UN_JOUR = dt.timedelta(days=1)
ORIGINE = dt.date(2015, 1, 1)
HORIZON = dt.date(2026, 6, 30)

NOMS = ["Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois",
        "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David",
        "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
        "Rousseau", "Vincent", "Müller", "Lefebvre", "Faure", "André", "Mercier", "Blanc",
        "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier",
        "d'Almeida", "Da Silva", "N'Diaye", "Ørsted"]
PRENOMS = ["Léa", "Emma", "Chloé", "Inès", "Jade", "Louise", "Lucas", "Hugo", "Louis",
           "Gabriel", "Jules", "Adam", "Zoé", "Anaïs", "Théo", "Noé", "Jean-Paul", "Maël"]
POSTES: tuple[tuple[str, frozenset[Risque]], ...] = (
    ("Vendeuse", frozenset()),
    ("Boulanger de nuit", frozenset({Risque.TRAVAIL_DE_NUIT})),
    ("Cariste", frozenset({Risque.AUTORISATION_CONDUITE})),
    ("Désamianteur", frozenset({Risque.AMIANTE})),
)
"""One poste per follow-up type (SIG, SIA, SIR) and a second SIR one."""
NATURES = ([NatureContrat.CDI] * 50 + [NatureContrat.CDD] * 30
           + [NatureContrat.MISSION_INTERIM] * 12 + [NatureContrat.STAGE] * 3
           + [NatureContrat.CDI_INTERMITTENT] * 3 + [NatureContrat.AUTRE] * 2)
MOTIFS = [None, "059", "031", "011", "058"]
SIRET = Siret.parse("73282932000074")


def tailles(nombre: int, hasard: random.Random) -> list[int]:
    """Member sizes adding up to ``nombre``: lognormal (median about 4, a long tail),
    clamped to 1..20,000."""
    resultat: list[int] = []
    reste = nombre
    while reste > 0:
        taille = max(1, min(TAILLE_MAX, int(math.exp(hasard.gauss(1.4, 1.9)))))
        taille = min(taille, reste)
        resultat.append(taille)
        reste -= taille
    return resultat


def _date(hasard: random.Random, debut: dt.date, fin: dt.date) -> dt.date:
    return debut + dt.timedelta(days=hasard.randrange(max(1, (fin - debut).days)))


def _contrat(hasard: random.Random, cid: str, debut: dt.date, postes: list[str]) -> Contrat:
    nature = hasard.choice(NATURES)
    fin = None
    if nature is not NatureContrat.CDI or hasard.random() < 0.05:
        duree = hasard.choice([hasard.randrange(1, 31), hasard.randrange(20, 120),
                               hasard.randrange(90, 540)])
        fin = debut + dt.timedelta(days=duree)
    return Contrat(cid, nature, debut, hasard.choice(postes), fin=fin)


def salarie(hasard: random.Random, adherent_id: str, numero: int,
            postes: list[str], pris: set[tuple[str, str, dt.date]] | None = None) -> Salarie:
    """One valid file: a hire, then up to four domain commands (a renewal or C3 change
    the day after the end, a change later on, an exit, a reintegration). ``pris``: the
    member's identities so far; a birth date is drawn again on a clash, since one member
    holds each identity once (revision 0005)."""
    sid = f"{adherent_id}-s{numero:05d}"
    ids = iter(range(1, 100))
    naissance = _date(hasard, dt.date(1958, 1, 1), dt.date(2010, 12, 31))
    nom, prenom = hasard.choice(NOMS), hasard.choice(PRENOMS)
    while pris is not None and (nom, prenom, naissance) in pris:
        naissance = _date(hasard, dt.date(1958, 1, 1), dt.date(2010, 12, 31))
    if pris is not None:
        pris.add((nom, prenom, naissance))
    identite = Identite(nom, prenom, naissance)
    debut = _date(hasard, ORIGINE, HORIZON)
    s, _ = Salarie.embaucher(sid, adherent_id, identite,
                             _contrat(hasard, f"{sid}-c0", debut, postes))
    for _ in range(hasard.choice([0, 0, 1, 1, 2, 3, 4])):
        dernier = max(s.contrats_actifs, key=lambda c: c.debut)
        repere = dernier.fin or dernier.debut
        if repere >= HORIZON:
            break
        action = hasard.random()
        try:
            if action < 0.4 and dernier.fin is not None:  # renewal or change, no gap
                s, _ = s.ajouter_contrat(
                    _contrat(hasard, f"{sid}-c{next(ids)}", dernier.fin + UN_JOUR, postes),
                    f"{sid}-r{next(ids)}")
            elif action < 0.6:  # a change (or a return after a gap)
                s, _ = s.ajouter_contrat(
                    _contrat(hasard, f"{sid}-c{next(ids)}",
                             _date(hasard, repere + UN_JOUR, HORIZON), postes),
                    f"{sid}-r{next(ids)}")
            elif s.est_dans_l_effectif:
                s, _ = s.sortir(f"{sid}-m{next(ids)}", _date(hasard, dernier.debut, HORIZON),
                                hasard.choice(MOTIFS))
            else:
                sortie = s.mouvements_actifs[-1].le
                s, _ = s.reintegrer(f"{sid}-m{next(ids)}",
                                    _date(hasard, sortie + UN_JOUR, HORIZON))
        except ErreurDomaine:
            continue
    return s


def adherent(numero: int) -> Adherent:
    aid = f"adh-{numero:07d}"
    postes = tuple(Poste(id=f"{aid}-p{i}", libelle=libelle, risques=risques, utilise=True)
                   for i, (libelle, risques) in enumerate(POSTES))
    return Adherent(id=aid, numero=NumeroAdherent(f"{numero:07d}"), siret=SIRET,
                    raison_sociale=f"Entreprise {numero}",
                    email_connexion=Email.parse(f"contact{numero}@exemple.fr"), postes=postes)


def flux(nombre: int, graine: int = 2026) -> Iterator[tuple[Adherent, list[Salarie]]]:
    """Members and their files, ``nombre`` salariés in all."""
    hasard = random.Random(graine)
    for n, taille in enumerate(tailles(nombre, hasard), start=1):
        a = adherent(n)
        postes = [p.id for p in a.postes]
        pris: set[tuple[str, str, dt.date]] = set()
        yield a, [salarie(hasard, a.id, i, postes, pris) for i in range(taille)]


def charger(moteurs: Sequence[Engine], nombre: int, graine: int = 2026,
            journal: bool = True, analyser: bool = True) -> dict[str, int]:
    """Write ``nombre`` salariés and their members into each (empty, migrated) database
    of ``moteurs`` (the same rows in each); returns the row counts."""
    tables = {table.name: table for table in (t.adherents, t.postes,
                                              *rangees_par_table(()).keys())}
    comptes = dict.fromkeys([nom for nom in tables if nom != "postes"], 0)
    lots: dict[str, list[dict[str, object]]] = {nom: [] for nom in tables}
    debut = time.perf_counter()

    def ecrire() -> None:
        for moteur in moteurs:
            with moteur.begin() as connection:
                for nom, table in tables.items():
                    if lots[nom]:
                        connection.execute(insert(table), lots[nom])
        for nom in tables:
            if nom in comptes:
                comptes[nom] += len(lots[nom])
            lots[nom] = []
        if journal:
            print(f"  {comptes['salaries']:>9} salariés written "
                  f"({time.perf_counter() - debut:.0f} s)", file=sys.stderr)

    en_attente = 0
    for a, salaries in flux(nombre, graine):
        lots["adherents"].append(rangee_adherent(a, 1))
        lots["postes"] += [rangee_poste(a.id, rang, p) for rang, p in enumerate(a.postes)]
        for table, rangees in rangees_par_table(salaries).items():
            lots[table.name] += rangees
        en_attente += len(salaries)
        if en_attente >= LOT:
            ecrire()
            en_attente = 0
    ecrire()
    for moteur in moteurs if analyser else ():
        with moteur.begin() as connection:
            if moteur.dialect.name == "postgresql":
                # Only the bench's own tables (its schema is on the search path): a
                # database-wide ANALYZE would wait on other schemas' work.
                for table in tables.values():
                    connection.exec_driver_sql(f"ANALYZE {table.name}")
            else:
                connection.exec_driver_sql("ANALYZE")
    return comptes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("nombre", type=int)
    parser.add_argument("--graine", type=int, default=2026)
    args = parser.parse_args()
    print(charger([create_engine(args.url)], args.nombre, args.graine))


if __name__ == "__main__":
    main()
