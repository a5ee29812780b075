"""The portal killed (SIGKILL) again and again under writing clients, over HTTP: then the
database is counted (every acknowledged hire once: 0 lost; nobody with two files: 0
doubled).

    python bench/tuer_le_portail.py --tuer 10 --duree 5
    python bench/tuer_le_portail.py --tuer 10 --duree 5 --pg postgresql+psycopg://u:pw@127.0.0.1/db

The database is a fresh SQLite file, or the PostgreSQL one of ``--pg`` (its ``public``
schema emptied first: give it a database made for this bench).
"""

from __future__ import annotations

import argparse
import collections
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine

import rst_effectifs as rst
from rst_effectifs.testing.serveur_tue import jeton, tuer_sous_charge

AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))


def main() -> int:
    lecteur = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    lecteur.add_argument("--tuer", type=int, default=10)
    lecteur.add_argument("--duree", type=float, default=5.0)
    lecteur.add_argument("--clients", type=int, default=8)
    lecteur.add_argument("--pg")
    lus = lecteur.parse_args()
    if lus.pg:
        moteur = create_engine(lus.pg)
        with moteur.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
        moteur.dispose()
    url = lus.pg or f"sqlite:///{Path(tempfile.mkdtemp()) / 'tue.db'}"
    ctx = rst.depuis_url(url, migrer=True)
    adherent = rst.executer(ctx, AGENT, rst.CreerAdherent("3003", "73282932000074", "Tué",
                                                          "rh@tue.fr"))
    moi = rst.resoudre_acces(ctx, "rh@tue.fr", adherent.id)
    poste = rst.executer(ctx, moi, rst.AjouterPoste(adherent.id, "Vendeur"))
    debut = time.monotonic()
    bilan = tuer_sous_charge(url, "3003", jeton(ctx, adherent.id, "rh@tue.fr"), poste.id,
                             clients=lus.clients, tuer=lus.tuer, duree=lus.duree)
    with ctx.unite_de_travail() as uow:
        noms = collections.Counter(s.identite.nom for s in uow.salaries.tous(adherent.id))
    perdues = bilan.acquittees - set(noms)
    doublees = [n for n, fois in noms.items() if fois > 1]
    print(f"| {'PostgreSQL' if lus.pg else 'SQLite'} | {bilan.tues} kills | "
          f"{len(bilan.acquittees)} acknowledged | {sum(noms.values())} files | "
          f"{len(perdues)} lost | {len(doublees)} doubled | {bilan.reessais} resends | "
          f"{len(bilan.erreurs)} other answers | {time.monotonic() - debut:.0f} s |")
    return 1 if perdues or doublees or bilan.erreurs else 0


if __name__ == "__main__":
    raise SystemExit(main())
