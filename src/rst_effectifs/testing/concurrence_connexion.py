"""The concurrency kit's sign-in rounds (A6): the same code validated by every process
of a :class:`~rst_effectifs.testing.concurrence.Banc` at the same instant signs in
exactly once; wrong codes sent at once are counted exactly (never more tries than
``ESSAIS_MAX``). Importing this module (as the workers do, unpickling :func:`ouvrir`)
adds the ``valider_connexion`` action to the kit."""

from __future__ import annotations

import re

from ..adapters.notification import NotifierMemoire
from ..application.compte import envoyer_en_attente
from ..application.connexion import ConnexionDemandee, DemanderConnexion, ValiderConnexion
from ..application.contexte import Contexte, executer
from ..bootstrap import depuis_url
from ..domain.adherents import ANONYME
from ..domain.identifiants import Email
from .concurrence import _ACTIONS, Issue


def _a_valider(ctx: Contexte, email: str, code: str, demande: str) -> dict[str, str]:
    connecte: Email = executer(ctx, ANONYME, ValiderConnexion(email, code, demande))
    return {"email": connecte.valeur}


_ACTIONS["valider_connexion"] = _a_valider


def ouvrir(url: str) -> Contexte:
    """A worker's context on a database already migrated (picklable with a partial)."""
    return depuis_url(url, migrer=False)


def code_envoye(ctx: Contexte, email: str) -> tuple[str, str]:
    """Ask for a code for ``email`` (which must hold an access): the code read from the
    message sent, and its request's secret."""
    notifier = NotifierMemoire()
    ctx = Contexte(ctx.unite_de_travail, ctx.horloge, ctx.nouvel_id, notifier)
    demandee: ConnexionDemandee = executer(ctx, ANONYME, DemanderConnexion(email))
    envoyer_en_attente(ctx)
    trouve = re.search(r"portail RST : (\d+)", notifier.messages[-1].corps)
    assert trouve is not None
    return trouve.group(1), demandee.demande


def une_seule_connexion(issues: list[Issue]) -> list[str]:
    """What breaks "one sign-in, the others refused alike" in a round's outcomes."""
    fautes = [f"unexpected outcome {i}" for i in issues if i.genre == "inattendu"]
    reussies = [i for i in issues if i.genre == "ok"]
    if len(reussies) != 1:
        fautes.append(f"{len(reussies)} sign-ins with one code")
    fautes += [f"refused with {i.code}" for i in issues if i.genre == "refus"
               and i.code not in ("connexion.code_refuse", "concurrence.conflit_de_version",
                                  "technique.transitoire")]
    return fautes


__all__ = ["code_envoye", "ouvrir", "une_seule_connexion"]
