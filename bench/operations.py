"""Cost of one operation against the member's size.

Times hire, add contract and exit one salarié, through the public use cases, for a
member of 10 salariés and one of 50,000 in the same database, on SQLite and on
PostgreSQL, and prints the median of each and the big/small ratio (target <= 1.5).
Then times keyset-paged listing of the 50,000: the first page against the last one.

    python bench/operations.py                         # SQLite (temporary file) only
    python bench/operations.py --postgresql URL        # and PostgreSQL
    RST_EFFECTIFS_TEST_POSTGRESQL_URL=... python bench/operations.py

On PostgreSQL everything happens in a schema of its own (``rst_bench``, dropped at the
start and at the end), so the database's other contents are left alone.

The 50,000 are bulk-loaded with executemany into the SQL tables, through the adapter's
own row mapping, from salariés built by the domain (so the rows are the ones the
repositories would write), then ANALYZE runs as after any bulk load. Measurements
alternate small and big member, so a busy machine slows both alike.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, insert, select
from sqlalchemy.engine import make_url

import rst_effectifs as rst
from rst_effectifs.adapters.sql import FabriqueSql
from rst_effectifs.adapters.sql import tables as t
from rst_effectifs.adapters.sql.salaries_rangees import rangees_par_table
from rst_effectifs.domain.contrats import Contrat
from rst_effectifs.domain.salaries import Identite, Salarie
from rst_effectifs.testing.conformite import nir_pour

SCHEMA_PG = "rst_bench"
PETIT, GRAND = 10, 50_000
NOMS = ["Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois",
        "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David",
        "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
        "Rousseau", "Vincent", "Müller", "Lefebvre", "Faure", "André", "Mercier", "Blanc",
        "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier",
        "Garcia", "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel",
        "Mathieu", "Gautier", "Masson", "d'Almeida", "Da Silva", "N'Diaye", "Ørsted"]
PRENOMS = ["Léa", "Emma", "Chloé", "Inès", "Jade", "Louise", "Lucas", "Hugo", "Louis",
           "Gabriel", "Jules", "Adam", "Zoé", "Anaïs", "Théo", "Noé", "Jean-Paul", "Maël"]


def _acces(adherent_id: str) -> rst.Acces:
    return rst.Acces(rst.Email.parse("gerant@exemple.fr"), adherent_id,
                     frozenset({rst.Role.ADMINISTRATEUR}))


AGENT = rst.AgentRst(rst.Email.parse("bench@rst.fr"))
Action = Callable[[], object]


def _rien() -> None:
    return None


# -- building the two members -------------------------------------------------------------
def _adherent(ctx: rst.Contexte, numero: str) -> tuple[str, list[str]]:
    adherent = rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        numero=numero, siret="73282932000074", raison_sociale=f"Adhérent {numero}",
        email_connexion=f"contact{numero}@exemple.fr"))
    moi = _acces(adherent.id)
    postes = [
        rst.ajouter_poste(ctx, moi, rst.AjouterPoste(adherent.id, libelle, risques)).id
        for libelle, risques in (("Vendeuse", frozenset()),
                                 ("Boulanger de nuit", frozenset({rst.Risque.TRAVAIL_DE_NUIT})),
                                 ("Cariste", frozenset({rst.Risque.AUTORISATION_CONDUITE})))
    ]
    return adherent.id, postes


def _salaries(adherent_id: str, postes: Sequence[str], nombre: int,
              hasard: random.Random) -> Iterator[Salarie]:
    """Realistic files: half with a NIR, one in five (past the first ten) out of the
    headcount."""
    for n in range(nombre):
        naissance = dt.date(1960, 1, 1) + dt.timedelta(days=hasard.randrange(45 * 365))
        nir = nir_pour(naissance, commune=1 + n % 990, ordre=1 + n // 990) if n % 2 else None
        identite = Identite(hasard.choice(NOMS), hasard.choice(PRENOMS), naissance, nir)
        debut = dt.date(2015, 1, 1) + dt.timedelta(days=hasard.randrange(9 * 365))
        contrat = Contrat(f"{adherent_id}-c{n}", rst.NatureContrat.CDI, debut,
                          postes[n % len(postes)])
        salarie, _ = Salarie.embaucher(f"{adherent_id}-s{n:06d}", adherent_id, identite,
                                       contrat)
        if n % 5 == 4 and n >= 10:
            salarie, _ = salarie.sortir(f"{adherent_id}-m{n}", debut + dt.timedelta(days=200))
        yield salarie


def _charger(ctx: rst.Contexte, adherent_id: str, postes: Sequence[str], nombre: int) -> None:
    """Bulk load through the adapter's row mapping, in transactions of 5,000 files."""
    moteur = _fabrique(ctx).moteur
    hasard = random.Random(adherent_id)
    lot: list[Salarie] = []

    def ecrire() -> None:
        with moteur.begin() as connection:
            for table, rangees in rangees_par_table(lot).items():
                if rangees:
                    connection.execute(insert(table), rangees)
        lot.clear()

    for salarie in _salaries(adherent_id, postes, nombre, hasard):
        lot.append(salarie)
        if len(lot) == 5_000:
            ecrire()
    if lot:
        ecrire()
    with moteur.begin() as connection:  # P4: the postes are now used
        connection.execute(t.postes.update().where(t.postes.c.adherent_id == adherent_id)
                           .values(utilise=True))
        connection.exec_driver_sql("ANALYZE")


def _fabrique(ctx: rst.Contexte) -> FabriqueSql:
    assert isinstance(ctx.unite_de_travail, FabriqueSql)
    return ctx.unite_de_travail


# -- the operations ---------------------------------------------------------------------
class Membre:
    """One member and the ten present salariés the repeated operations rotate over, so
    that each file's history grows the same way for the small and the big member."""

    def __init__(self, ctx: rst.Contexte, adherent_id: str, postes: list[str]) -> None:
        self.ctx, self.id, self.postes = ctx, adherent_id, postes
        self.moi = _acces(adherent_id)
        page = rst.lister_salaries(ctx, self.moi, rst.ListerSalaries(
            adherent_id, present_le=dt.date(2025, 1, 1), limite=10))
        self.tournants = [s.id for s in page.salaries]
        assert len(self.tournants) == 10
        self.n = 0

    # Each operation returns (what is timed, what restores the rotation, untimed).
    def embaucher(self) -> tuple[Action, Action]:
        self.n += 1
        naissance = dt.date(1980, 1, 1) + dt.timedelta(days=self.n)
        commande = rst.EmbaucherSalarie(
            self.id, nom=f"Nouveau{self.n}", prenoms="Alex", date_naissance=naissance,
            nir=nir_pour(naissance, sexe="2", departement="13", ordre=self.n).valeur
            if self.n % 2 else None,
            contrat=rst.NouveauContrat(rst.NatureContrat.CDD, dt.date(2025, 1, 1),
                                       self.postes[0], fin=dt.date(2025, 12, 31)))
        return lambda: rst.embaucher(self.ctx, self.moi, commande), _rien

    def _tour(self) -> tuple[str, dt.date]:
        """The next salarié of the rotation and a date after everything it has seen."""
        self.n += 1
        return self.tournants[self.n % 10], dt.date(2026, 1, 1) + dt.timedelta(days=4 * self.n)

    def ajouter_contrat(self) -> tuple[Action, Action]:
        salarie_id, le = self._tour()
        commande = rst.AjouterContrat(
            self.id, salarie_id, rst.NouveauContrat(rst.NatureContrat.CDI, le, self.postes[1]))
        return lambda: rst.ajouter_contrat(self.ctx, self.moi, commande), _rien

    def sortir(self) -> tuple[Action, Action]:
        salarie_id, le = self._tour()
        sortie = rst.SortirDeLEffectif(self.id, f"sortie-{self.n}", (salarie_id,), le, "059")
        # Back the next day, so that the rotation can exit it again.
        retour = rst.ReintegrerDansLEffectif(self.id, f"retour-{self.n}", (salarie_id,),
                                             le + dt.timedelta(days=1))
        return (lambda: rst.sortir(self.ctx, self.moi, sortie),
                lambda: rst.reintegrer(self.ctx, self.moi, retour))


def _chrono(action: Callable[[], object]) -> float:
    debut = time.perf_counter()
    action()
    return time.perf_counter() - debut


OPERATIONS = (("embaucher (hire)", "embaucher"), ("ajouter un contrat (add contract)",
              "ajouter_contrat"), ("sortir un salarié (exit one)", "sortir"))


def mesurer(ctx: rst.Contexte, repetitions: int) -> list[tuple[str, float, float]]:
    """Median seconds per operation for the small and the big member."""
    petit_id, petit_postes = _adherent(ctx, "000010")
    grand_id, grand_postes = _adherent(ctx, "050000")
    for adherent_id, postes, nombre in ((petit_id, petit_postes, PETIT),
                                        (grand_id, grand_postes, GRAND)):
        debut = time.perf_counter()
        _charger(ctx, adherent_id, postes, nombre)
        print(f"  loaded {nombre} salariés in {time.perf_counter() - debut:.1f} s", flush=True)
    petit, grand = Membre(ctx, petit_id, petit_postes), Membre(ctx, grand_id, grand_postes)
    resultats = []
    for libelle, methode in OPERATIONS:
        temps: dict[str, list[float]] = {"petit": [], "grand": []}
        for i in range(repetitions + 3):  # three warm-up rounds, alternating members
            for nom, membre in (("petit", petit), ("grand", grand)):
                operation, remettre = getattr(membre, methode)()
                duree = _chrono(operation)
                remettre()
                if i >= 3:
                    temps[nom].append(duree)
        resultats.append((libelle, statistics.median(temps["petit"]),
                          statistics.median(temps["grand"])))
    return resultats


def mesurer_pages(ctx: rst.Contexte, repetitions: int) -> tuple[float, float, int]:
    """Median seconds for the first page of 50 and for the last one (keyset cursor)."""
    moteur = _fabrique(ctx).moteur
    s = t.salaries.c
    with moteur.connect() as connection:
        adherent_id = connection.execute(
            select(t.adherents.c.adherent_id).where(t.adherents.c.numero == "050000")
        ).scalar_one()
        avant_derniere = connection.execute(
            select(s.salarie_id).where(s.adherent_id == adherent_id, ~s.annule)
            .order_by(s.nom_norm.desc(), s.prenoms_norm.desc(), s.salarie_id.desc())
            .offset(50).limit(1)
        ).scalar_one()
    moi = _acces(adherent_id)

    def page(apres: str | None) -> rst.PageSalaries:
        return rst.lister_salaries(ctx, moi, rst.ListerSalaries(adherent_id, apres=apres,
                                                                limite=50))

    assert page(avant_derniere).suivant is None  # it is the last page indeed
    premiere = [_chrono(lambda: page(None)) for _ in range(repetitions)]
    derniere = [_chrono(lambda: page(avant_derniere)) for _ in range(repetitions)]
    total = 0
    apres: str | None = None
    while True:  # and the cursor walks the 50,000 without gap or repeat
        p = page(apres)
        total += len(p.salaries)
        if p.suivant is None:
            break
        apres = p.suivant
    return statistics.median(premiere), statistics.median(derniere), total


# -- engines ------------------------------------------------------------------------------
@contextmanager
def sqlite() -> Iterator[rst.Contexte]:
    with tempfile.TemporaryDirectory() as dossier:
        ctx = rst.depuis_url(f"sqlite:///{Path(dossier) / 'bench.db'}")
        try:
            yield ctx
        finally:
            _fabrique(ctx).fermer()


@contextmanager
def postgresql(url: str) -> Iterator[rst.Contexte]:
    base = create_engine(url)

    def schema_vierge(recreer: bool) -> None:
        with base.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA_PG} CASCADE")
            if recreer:
                connection.exec_driver_sql(f"CREATE SCHEMA {SCHEMA_PG}")

    schema_vierge(True)
    isolee = make_url(url).update_query_dict({"options": f"-csearch_path={SCHEMA_PG}"})
    ctx = rst.depuis_url(isolee.render_as_string(hide_password=False), migrer=True)
    try:
        yield ctx
    finally:
        _fabrique(ctx).fermer()
        schema_vierge(False)
        base.dispose()


def rapport(moteur: str, resultats: list[tuple[str, float, float]],
            pages: tuple[float, float, int]) -> str:
    lignes = [f"#### {moteur}", "",
              "| operation | 10 salariés (ms) | 50,000 salariés (ms) | ratio big/small |",
              "|---|---:|---:|---:|"]
    for libelle, petit, grand in resultats:
        lignes.append(f"| {libelle} | {petit * 1000:.2f} | {grand * 1000:.2f} | "
                      f"{grand / petit:.2f} |")
    premiere, derniere, total = pages
    lignes += ["", "| listing 50,000, pages of 50 | first page (ms) | last page (ms) | "
               "ratio last/first |", "|---|---:|---:|---:|",
               f"| keyset cursor ({total} walked) | {premiere * 1000:.2f} | "
               f"{derniere * 1000:.2f} | {derniere / premiere:.2f} |", ""]
    return "\n".join(lignes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgresql", default=os.environ.get(
        "RST_EFFECTIFS_TEST_POSTGRESQL_URL"), help="PostgreSQL URL (default: "
        "$RST_EFFECTIFS_TEST_POSTGRESQL_URL; none: SQLite only)")
    parser.add_argument("--repetitions", type=int, default=40)
    args = parser.parse_args()
    moteurs: list[tuple[str, Callable[[], object]]] = [("SQLite", sqlite)]
    if args.postgresql:
        moteurs.append(("PostgreSQL", lambda: postgresql(args.postgresql)))
    pire = 0.0
    for nom, ouvrir in moteurs:
        print(f"{nom}:", flush=True)
        with ouvrir() as ctx:  # type: ignore[attr-defined]
            resultats = mesurer(ctx, args.repetitions)
            pages = mesurer_pages(ctx, args.repetitions)
        print(rapport(nom, resultats, pages), flush=True)
        pire = max(pire, *(g / p for _n, p, g in resultats))
    print(f"worst big/small ratio: {pire:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
