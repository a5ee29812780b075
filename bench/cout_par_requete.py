"""A request's work in the library, without HTTP: CPU per call (``process_time``, best of
``--fois`` runs of ``--appels`` calls), on one member of ``--fiches`` files of a fresh
SQLite file (or ``--url``), seeded like ``bench/portail_plancher.py``.

    python bench/cout_par_requete.py
    python bench/cout_par_requete.py --url postgresql+psycopg://u:pw@127.0.0.1/db

Each line is one call as the portal makes it, in one ``Appel``: a unit of work checking
out its connection (on PostgreSQL, the pool's ping if there is one), the session check
alone (the unit, ``BEGIN``, the session's row, the rollback), then read with the member
and the access as a request naming its member does (``Appel.session(..., numero=…)``),
a page of 20 files, the same with its JSON, the headcount on a date, and last
a hire (a writer's unit; each call a new person of the member the bench hires into).
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import itertools
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from portail import _lettres
from portail_plancher import semer

import rst_effectifs as rst
from rst_effectifs import bootstrap
from rst_effectifs.application.appels import Appel
from rst_effectifs.application.sessions import session_active
from rst_effectifs.formats.json import convertisseur_pour

UN_JOUR = dt.timedelta(days=1)


def mesurer(appel: Callable[[], object], appels: int, fois: int) -> float:
    for _ in range(appels // 10):
        appel()
    meilleur = float("inf")
    for _ in range(fois):
        debut = time.process_time()
        for _ in range(appels):
            appel()
        meilleur = min(meilleur, (time.process_time() - debut) / appels)
    return meilleur * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("--fiches", type=int, default=30)
    parser.add_argument("--appels", type=int, default=2000)
    parser.add_argument("--fois", type=int, default=5)
    args = parser.parse_args()
    url = args.url or f"sqlite:///{tempfile.mkdtemp()}/cout.db"
    ctx = bootstrap.depuis_url(url, migrer=True)
    membre = semer(ctx, 1, args.fiches, "s" * 40)[0]
    numero, email = membre.lu.numero, rst.Email.parse(membre.email)
    # the stored session's secret, from the signed cookie the bench minted
    sid = json.loads(base64.b64decode(membre.cookie.split(".")[0] + "=="))["sid"]

    def unite() -> None:
        with ctx.unite_de_travail() as uow:
            uow.connection()  # type: ignore[attr-defined]

    def session(ecriture: bool = False) -> Appel:
        appel = Appel(ctx, ecriture=ecriture)
        assert session_active(appel.ctx, sid, UN_JOUR, UN_JOUR) == email
        return appel

    def entrer(ou: str = numero, ecriture: bool = False
               ) -> tuple[Appel, rst.Adherent, rst.Acces]:
        appel = Appel(ctx, ecriture=ecriture)  # as a request naming a member does
        assert appel.session(sid, UN_JOUR, UN_JOUR, numero=ou) == email
        adherent, acces = appel.entrer(email, numero=ou)
        return appel, adherent, acces

    def seule() -> None:
        session().fermer()

    def avec_l_acces() -> None:
        entrer()[0].fermer()

    def page(en_json: bool = False) -> None:
        appel, adherent, acces = entrer()
        with appel:
            resultat = rst.executer(appel.ctx, acces, rst.ListerSalaries(adherent.id, limite=20))
            if en_json:
                json.dumps(convertisseur_pour(acces).unstructure(resultat), ensure_ascii=False)

    def effectif() -> None:
        appel, adherent, acces = entrer()
        with appel:
            rst.executer(appel.ctx, acces, rst.ConsulterEffectif(adherent.id, dt.date(2024, 6, 1)))

    embauches = itertools.count()

    def embauche() -> None:
        appel, adherent, acces = entrer(membre.embauche.numero, ecriture=True)
        with appel:
            rst.executer(appel.ctx, acces, rst.EmbaucherSalarie(
                adherent_id=adherent.id, nom="Cout", prenoms=_lettres(next(embauches)),
                date_naissance=dt.date(1987, 5, 4), contrat=rst.NouveauContrat(
                    nature=rst.NatureContrat.CDI, debut=dt.date(2025, 1, 1),
                    poste_id=membre.embauche.poste_id)))

    for nom, appel in [("unit and its connection", unite), ("session check", seule),
                       ("+ member and access", avec_l_acces),
                       ("page of 20 files", page), ("page of 20 files + JSON",
                                                    lambda: page(True)),
                       ("headcount on a date", effectif), ("hire (last)", embauche)]:
        print(f"{nom:26s} {mesurer(appel, args.appels, args.fois):8.0f} µs", flush=True)
    bootstrap.fermer(ctx)


if __name__ == "__main__":
    main()
