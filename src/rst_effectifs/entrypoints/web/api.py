"""The ONE generic handler of ``/api/v1``: every row of :data:`.api_routes.OPERATIONS`
is served by :func:`traiter`, which builds the command from the path, the query string
or the body and the headers, resolves the caller's acting access, runs the use case
through ``executer`` (off the event loop) and writes the result with the converter of
the caller's role; a refusal is the library's error body with its status.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ...application.appels import Appel
from ...application.commandes import ImporterDeclaration
from ...application.compte import envoyer_en_attente
from ...application.contexte import PAR_COMMANDE, Contexte, executer
from ...domain.adherents import ANONYME, Acteur, AgentRst, Anonyme
from ...domain.erreurs import AccesInterdit, DonneeInvalide, ErreurRstEffectifs
from ...domain.identifiants import Email
from ...formats.csv_io import lire_csv
from ...formats.dsn import lire_dsn
from ...formats.encodages import AUTO
from ...formats.http import (
    CODE_CORPS_ILLISIBLE,
    CODE_ENTETE_INVALIDE,
    lire_corps,
    version_if_match,
)
from ...formats.json import (
    convertisseur_pour,
    erreur_en_json,
    statut_http,
    structurer,
    structurer_parametres,
)
from ...ports.factures import FactureEmise
from .api_routes import (
    CHAMP_ADHERENT,
    CHAMP_VERSION,
    OPERATIONS,
    PARAMETRE_ADHERENT,
    Operation,
)
from .authentification import contexte
from .fils import dans_un_fil
from .pagination import PARAMETRE_CURSEUR, Curseurs
from .reglages import Reglages

logger = logging.getLogger("rst_effectifs.web")

CODE_NON_AUTHENTIFIE = "connexion.requise"
"""The code the sign-in routes' refusal uses too (``connexion_requise``, rule A6)."""
CODE_ERREUR_INTERNE = "erreur.interne"
TENTATIVES = 3
"""A use case failing transiently (busy SQLite, serialization failure) is run again."""
ERREUR_INTERNE: dict[str, Any] = {
    "code": CODE_ERREUR_INTERNE, "regle": "", "chemin": None, "details": {},
    "message": "Erreur interne du serveur : la demande n'a pas abouti."}
"""The body of any unexpected failure: no stack trace, no driver message."""


class AppelantIdentifie(Protocol):
    """What the handler needs of a checked caller: the signed-in account's e-mail."""

    @property
    def email(self) -> Email: ...


class JustificatifPresente(Protocol):
    """What a request presents to say who calls (:class:`.authentification.Justificatif`),
    checked in the request's one unit of work before anything else."""

    def verifier(self, appel: Appel, numero: str | None = None) -> AppelantIdentifie | None:
        """Who calls, checked in ``appel``'s unit; ``numero``: the member number the
        request names, if any (its adherent may be read with the session)."""
        ...


Presentation = Callable[[Request], JustificatifPresente | None]
"""``justificatif(request)``: what the request presents, ``None`` when nothing; read
from ``app.state.justificatif`` (the tests put one of their own there)."""


def non_authentifie() -> AccesInterdit:
    return AccesInterdit("Connectez-vous pour continuer.", code=CODE_NON_AUTHENTIFIE,
                         regle="A6")


def _entete_invalide(nom: str, message: str) -> DonneeInvalide:
    return DonneeInvalide(message, code=CODE_ENTETE_INVALIDE, chemin=nom)


def _json(donnees: Any, statut: int, entetes: dict[str, str] | None = None) -> Response:
    texte = json.dumps(donnees, ensure_ascii=False, allow_nan=False)
    return Response(texte, statut, headers=entetes, media_type="application/json")


def reponse_erreur(erreur: ErreurRstEffectifs) -> Response:
    return _json(erreur_en_json(erreur), statut_http(erreur))


def reponse_interne() -> Response:
    return _json(ERREUR_INTERNE, 500)


def version_attendue(valeur: str | None) -> int | None:
    """``If-Match`` → the command's expected version (``formats.http.version_if_match``:
    ``"3"`` or ``W/"3"`` → 3, ``*`` or none → no expectation, 400/412 otherwise)."""
    return version_if_match(valeur)


def _declaration(contenu: bytes, format_: str, encodage: str = AUTO) -> Any:
    if format_ not in ("dsn", "csv"):
        raise DonneeInvalide("Le format est « dsn » ou « csv ».", code="json.champ_invalide",
                             chemin="format")
    lecteur = lire_dsn if format_ == "dsn" else lire_csv
    return lecteur(io.BytesIO(contenu), encodage=encodage)


def _booleen(nom: str, valeur: str | None) -> bool:
    if valeur in (None, "false", "0"):
        return False
    if valeur in ("true", "1"):
        return True
    raise DonneeInvalide("Ce paramètre vaut true ou false.", code="json.champ_invalide",
                         chemin=nom)


_OPTIONS_IMPORT = frozenset({"format", "appliquer", "creer_postes", "confirmer_ecarts",
                             "encodage"})


def _importation(parametres: Sequence[tuple[str, str]], contenu: bytes,
                 champs: dict[str, Any]) -> ImporterDeclaration:
    """The upload's command: the file read as its ``format``, options from the query,
    the adherent and the ``Idempotency-Key`` (``requete_id``) from the other fields."""
    valeurs = dict(parametres)
    for nom, _ in parametres:
        if nom not in _OPTIONS_IMPORT:
            raise DonneeInvalide("Ce paramètre est inconnu.", code="json.champ_invalide",
                                 chemin=nom)
    return ImporterDeclaration(
        champs[CHAMP_ADHERENT],
        _declaration(contenu, valeurs.get("format", "dsn"), valeurs.get("encodage", AUTO)),
        appliquer=_booleen("appliquer", valeurs.get("appliquer")),
        creer_postes=_booleen("creer_postes", valeurs.get("creer_postes")),
        confirmer_ecarts=_booleen("confirmer_ecarts", valeurs.get("confirmer_ecarts")),
        requete_id=champs.get("requete_id"))


def _commande(op: Operation, champs: dict[str, Any], parametres: list[tuple[str, str]],
              corps: bytes) -> Any:
    assert op.commande is not None
    if op.source == "fichier":
        return _importation(parametres, corps, champs)
    if op.source == "parametres":
        return structurer_parametres(op.commande, parametres, **champs)
    if parametres:
        raise DonneeInvalide("Ce paramètre est inconnu.", code="json.champ_invalide",
                             chemin=parametres[0][0])
    if op.source == "aucune":
        return structurer(op.commande, {}, **champs)
    return lire_corps(op.commande, corps, **champs)


def reserve_rst() -> AccesInterdit:
    """The library's own refusal of an RST-only use case to anyone else (A3)."""
    return AccesInterdit("Cette action est réservée aux équipes RST.")


def _executer(ctx: Contexte, reglages: Reglages, curseurs: Curseurs, op: Operation,
              presente: JustificatifPresente | None, chemin: dict[str, str],
              parametres: list[tuple[str, str]], entetes: dict[str, str | None],
              corps: bytes) -> tuple[Any, Acteur | Anonyme]:
    """The synchronous part, run in a worker thread, in one unit of work (``Appel``):
    who calls, the adherent of the path and the caller's access, the command, the use
    case."""
    cas = PAR_COMMANDE.get(op.commande) if op.commande is not None else None
    with Appel(ctx, ecriture=cas is not None and cas.ecrit) as appel:
        email: Email | None = None
        agent: AgentRst | None = None
        if presente is not None:
            qui = presente.verifier(appel, chemin.get(PARAMETRE_ADHERENT))
            if qui is None:
                raise non_authentifie()
            email = qui.email
            if op.rst and reglages.est_agent_rst(email):
                agent = AgentRst(email)
        return _dans_l_appel(appel, curseurs, op, email, agent, chemin, parametres, entetes,
                             corps)


def _dans_l_appel(appel: Appel, curseurs: Curseurs, op: Operation, email: Email | None,
                  agent: AgentRst | None, chemin: dict[str, str],
                  parametres: list[tuple[str, str]], entetes: dict[str, str | None],
                  corps: bytes) -> tuple[Any, Acteur | Anonyme]:
    if op.action is not None:
        assert email is not None
        return op.action(appel.ctx, email), ANONYME
    champs: dict[str, Any] = {k: v for k, v in chemin.items() if k != PARAMETRE_ADHERENT}
    acteur: Acteur | Anonyme = ANONYME
    if op.rst:
        if agent is None:
            raise reserve_rst()
        acteur = agent
    if PARAMETRE_ADHERENT in chemin:
        numero = chemin[PARAMETRE_ADHERENT]
        if agent is not None and op.rst:
            champs[CHAMP_ADHERENT] = appel.adherent(numero).id
        else:
            assert email is not None
            adherent, acteur = appel.entrer(email, numero=numero)
            champs[CHAMP_ADHERENT] = adherent.id
    for entete, nom in op.entetes.items():
        if entetes.get(entete) is not None:
            champs[nom] = entetes[entete]
    attendue = version_attendue(entetes.get("If-Match"))
    if attendue is not None and op.avec_version:
        champs[CHAMP_VERSION] = attendue
    elif attendue is not None and op.methode != "GET":  # never a silently unchecked write
        raise _entete_invalide("If-Match", "Cette opération ne vérifie pas de version : "
                               "retirez l'en-tête If-Match.")
    if op.pagine:
        parametres = [(k, curseurs.lire(v, _filtres(chemin, parametres))
                       if k == PARAMETRE_CURSEUR else v) for k, v in parametres]
    commande = _commande(op, champs, parametres, corps)
    return executer(appel.ctx, acteur, commande, tentatives=TENTATIVES), acteur


def _filtres(chemin: dict[str, str], parametres: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [*parametres, *(("@" + k, v) for k, v in chemin.items())]


async def traiter(op: Operation, request: Request) -> Response:
    """Any operation of the table (see the module docstring)."""
    try:
        return await _traiter(op, request)
    except ErreurRstEffectifs as erreur:
        return reponse_erreur(erreur)
    except ClientDisconnect:
        raise  # the client left mid-body: one line in the access log, no traceback
    except Exception:  # a bug or a driver failure: logged here, never shown
        logger.exception("Échec imprévu de %s %s", op.methode, op.chemin)
        return reponse_interne()


async def _traiter(op: Operation, request: Request) -> Response:
    presente: JustificatifPresente | None = None
    if not op.public:  # checked in the request's unit (_executer)
        presenter: Presentation = request.app.state.justificatif
        presente = presenter(request)
        if presente is None:
            raise non_authentifie()
    corps = b""
    if op.source == "fichier" and request.headers.get("content-type", "").startswith(
            "multipart/form-data"):
        try:
            formulaire = await request.form()
        except HTTPException:  # a malformed form (no boundary…): the client's fault
            raise DonneeInvalide("Le formulaire envoyé est illisible.",
                                 code=CODE_CORPS_ILLISIBLE, chemin="fichier") from None
        fichier = formulaire.get("fichier")
        if fichier is None or isinstance(fichier, str):
            raise DonneeInvalide("Joignez le fichier dans le champ « fichier ».",
                                 code="import.fichier_invalide", chemin="fichier")
        corps = await fichier.read()
    elif op.source in ("corps", "fichier"):
        corps = await request.body()
    chemin = {k: str(v) for k, v in request.path_params.items()}
    parametres = list(request.query_params.multi_items())
    entetes = {nom: request.headers.get(nom) for nom in (*op.entetes, "If-Match")}
    ctx = contexte(request)  # with the settings' mail server: a public use case mails
    curseurs: Curseurs = request.app.state.curseurs
    reglages: Reglages = request.app.state.reglages
    resultat, acteur = await dans_un_fil(
        request, reglages.fils, _executer, ctx, reglages, curseurs, op, presente, chemin,
        parametres, entetes, corps)
    if resultat is None:
        return Response(status_code=204)
    if op.public:  # the message leaves through the outbox, after the answer (A2)
        reponse = _json(convertisseur_pour(acteur).unstructure(resultat), op.statut)
        reponse.background = BackgroundTask(envoyer_en_attente, ctx)
        return reponse
    if op.pdf:
        return await run_in_threadpool(reponse_pdf, request, resultat)
    donnees = convertisseur_pour(acteur).unstructure(resultat)
    if op.pagine and isinstance(donnees, dict) and donnees.get("suivant") is not None:
        donnees["suivant"] = curseurs.emettre(donnees["suivant"], _filtres(chemin, [
            (k, v) for k, v in parametres if k != PARAMETRE_CURSEUR]))
    version = getattr(resultat, "version", None)
    entetes_reponse = {"ETag": f'"{version}"'} if isinstance(version, int) else None
    return _json(donnees, op.statut, entetes_reponse)


def reponse_pdf(request: Request, document: FactureEmise) -> Response:
    """An issued document's Factur-X PDF (made on demand, kept in the application's cache
    by content: ``app.state.pdfs``, created on first use)."""
    from ...formats.factur_x import CacheDePdf

    cache: CacheDePdf | None = getattr(request.app.state, "pdfs", None)
    if cache is None:
        cache = request.app.state.pdfs = CacheDePdf()
    nom = document.facture.numero.replace('"', "")
    return Response(cache.pdf(document), 200, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{nom}.pdf"'})


def routes_api(operations: Sequence[Operation] = OPERATIONS) -> list[BaseRoute]:
    """One Starlette route per path, each method to the generic handler."""
    par_chemin: dict[str, list[Operation]] = {}
    for op in operations:
        par_chemin.setdefault(op.chemin, []).append(op)
    routes: list[BaseRoute] = []
    for chemin, ops in par_chemin.items():
        par_methode = {op.methode: op for op in ops}

        async def par_la_methode(request: Request,
                                 par_methode: dict[str, Operation] = par_methode
                                 ) -> Response:
            return await traiter(par_methode.get(request.method) or par_methode["GET"],
                                 request)

        routes.append(Route(chemin, par_la_methode, methods=list(par_methode),
                            name="/".join(op.identifiant for op in ops)))
    return routes
