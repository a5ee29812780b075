"""Menu "Import": a DSN or CSV file in two steps — a dry run showing what the file
would create, change and end (``ImporterDeclaration`` without ``appliquer``), then
"Appliquer l'import" of that same file.

Between the two steps the file travels in the confirmation form, not in the session
(a signed cookie, too small for a file) nor on the server (nothing to clean up, any
process may answer): its bytes compressed and base64-encoded (``paquet``), signed with
the application's secret together with the adherent, the signed-in e-mail, the format
and the options (``signature``). Applying checks the signature (the same file as shown,
for the same person and adherent, or nothing), reads the file again and runs the import
with ``appliquer=True``: the library plans again on the current data and applies that,
in one transaction, so a second "Appliquer" (a resent form) finds nothing left to do.

A file whose packet does not fit in a form under the request limit is refused with a
French message (the API, ``POST /api/v1/adherents/{numero}/imports``, takes it); a body
over the upload limit is refused by the size-limit middleware (413, in French)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import zlib

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ....application.commandes import ImporterDeclaration
from ....application.declarations import DeclarationImportee, FichierInvalide
from ....application.plan_import import PlanImport
from ....domain.contrats import NatureContrat
from ....domain.erreurs import DonneeInvalide, ErreurRstEffectifs
from ....formats.csv_io import lire_csv
from ....formats.dsn import lire_dsn
from ....formats.json import statut_http
from ....formats.norme_dsn import MOTIF_RUPTURE, libelle_nature, libelles
from ..authentification import reglages
from .outils import Espace, formulaire, page_adherent, rediriger, rendre, soumettre

FORMATS = (("dsn", "DSN (norme NEODeS, fichier .dsn)"), ("csv", "CSV (séparateur ;)"))
ERREURS_MONTREES = 200
"""A file's mistakes listed on the page at most (their number is always said)."""
NATURES = {
    NatureContrat.CDI: "CDI", NatureContrat.CDD: "CDD",
    NatureContrat.MISSION_INTERIM: "Mission d'intérim",
    NatureContrat.CDI_INTERMITTENT: "CDI intermittent",
    NatureContrat.CDI_INTERIMAIRE: "CDI intérimaire",
    NatureContrat.CDI_DROIT_PUBLIC: "CDI de droit public",
    NatureContrat.CDD_DROIT_PUBLIC: "CDD de droit public", NatureContrat.STAGE: "Stage",
    NatureContrat.CDI_CHANTIER: "CDI de chantier",
    NatureContrat.SERVICE_CIVIQUE: "Service civique", NatureContrat.AUTRE: "Autre contrat",
}
NATURES = {n: NATURES.get(n) or libelle_nature(n) for n in NatureContrat}
"""Contract natures (C1) as the plan shows them: short words, else the norm's label."""
MOTIFS = libelles(MOTIF_RUPTURE)
"""End-of-contract reasons (E2) with the norm's French label."""
ENCODAGES_PAGE = (("auto", "Détection automatique (recommandé)"),
                  ("iso-8859-1", "ISO-8859-1 (Latin-1), l'encodage de la norme DSN"),
                  ("windows-1252", "Windows-1252"), ("utf-8", "UTF-8"))
CHAMPS = frozenset({"fichier", "format", "creer_postes", "encodage"})
MARGE_FORMULAIRE = 8192
"""Room left in the request limit for the confirmation form's other fields."""


def fichier_manquant() -> DonneeInvalide:
    return DonneeInvalide("Choisissez le fichier à importer.", code="import.fichier_manquant",
                          regle="I1", chemin="fichier")


def format_inconnu() -> DonneeInvalide:
    return DonneeInvalide("Le format est DSN ou CSV.", code="import.format_inconnu",
                          regle="I1", chemin="format")


def trop_gros_pour_la_page() -> DonneeInvalide:
    return DonneeInvalide(
        "Ce fichier est trop gros pour l'import en deux temps du portail (simulation puis "
        "application) : découpez-le en plusieurs fichiers, ou confiez-le à RST.",
        code="import.trop_gros_pour_le_portail", regle="I1", chemin="fichier")


def formulaire_illisible() -> DonneeInvalide:
    return DonneeInvalide("Le formulaire envoyé est illisible : choisissez de nouveau le "
                          "fichier.", code="import.formulaire_illisible", regle="I1",
                          chemin="fichier")


def simulation_invalide() -> DonneeInvalide:
    return DonneeInvalide(
        "Cette simulation n'est plus valable : choisissez de nouveau le fichier.",
        code="import.simulation_invalide", regle="I1")


def _lire(contenu: bytes, format_: str, encodage: str) -> DeclarationImportee:
    lecteur = lire_dsn if format_ == "dsn" else lire_csv
    return lecteur(io.BytesIO(contenu), encodage=encodage)


def _signature(request: Request, espace: Espace, champs: dict[str, str]) -> str:
    cle = hashlib.sha256(b"rst_effectifs/import\x00" + reglages(request).secret.encode())
    message = "\x00".join([espace.adherent_id, espace.email.cle, champs["format"],
                           champs["creer_postes"], champs["encodage"], champs["nom"],
                           champs["paquet"]])
    return hmac.new(cle.digest(), message.encode(), hashlib.sha256).hexdigest()


def emballer(contenu: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(contenu, 6)).decode("ascii")


def deballer(paquet: str, limite: int) -> bytes:
    """The file again (its packet was signed by this application: no bomb to fear,
    bounded all the same)."""
    lecteur = zlib.decompressobj()
    contenu = lecteur.decompress(base64.urlsafe_b64decode(paquet.encode("ascii")), limite + 1)
    if len(contenu) > limite or not lecteur.eof:
        raise simulation_invalide()
    return contenu


def _formulaire_vide(request: Request, espace: Espace, statut: int = 200,
                     erreur: ErreurRstEffectifs | None = None, format_: str = "dsn",
                     creer_postes: bool = False, encodage: str = "auto") -> Response:
    """The upload form; a file's mistakes listed above it, a refusal naming none of its
    fields (another establishment's DSN, a stale confirmation) said above it too."""
    fichier = erreur if isinstance(erreur, FichierInvalide) else None
    if fichier is not None:
        erreur = None
    elif erreur is not None and erreur.chemin not in CHAMPS:
        erreur.chemin = None
    return rendre(request, "imports.html", espace, statut=statut, erreur=erreur,
                  formats=FORMATS, format=format_, creer_postes=creer_postes,
                  encodages=ENCODAGES_PAGE, encodage=encodage,
                  fichier_invalide=fichier, erreurs_montrees=ERREURS_MONTREES)


@page_adherent
async def page_import(request: Request, espace: Espace) -> Response:
    return _formulaire_vide(request, espace)


async def _televerse(request: Request) -> tuple[str, bool, str, str, bytes | None]:
    """The upload form's format, option, encoding, file name and bytes (``None``: no
    file), its spooled file closed once read."""
    async with request.form() as lu:
        format_ = lu.get("format")
        fichier = lu.get("fichier")
        contenu = await fichier.read() if isinstance(fichier, UploadFile) else None
        nom = (fichier.filename or "") if isinstance(fichier, UploadFile) else ""
        if contenu is not None and not contenu and not nom:
            contenu = None  # no file chosen: the browser sends an empty part
        encodage = lu.get("encodage")
        return (format_ if isinstance(format_, str) and format_ else "dsn",
                lu.get("creer_postes") == "oui",
                encodage if encodage in dict(ENCODAGES_PAGE) else "auto", nom[:200], contenu)


@page_adherent
async def simuler(request: Request, espace: Espace) -> Response:
    """The dry run: the plan of the uploaded file, and the form that applies it."""
    try:
        format_, creer_postes, encodage, nom, contenu = await _televerse(request)
    except HTTPException:  # not a readable multipart form (no boundary…)
        return _formulaire_vide(request, espace, 400, formulaire_illisible())
    try:
        if format_ not in dict(FORMATS):
            raise format_inconnu()
        if contenu is None:
            raise fichier_manquant()
        paquet = emballer(contenu)
        if len(paquet) > reglages(request).taille_max - MARGE_FORMULAIRE:
            raise trop_gros_pour_la_page()
        declaration = await run_in_threadpool(_lire, contenu, format_, encodage)
        plan: PlanImport = await soumettre(request, espace.acces, ImporterDeclaration(
            espace.adherent_id, declaration, creer_postes=creer_postes))
    except ErreurRstEffectifs as erreur:
        return _formulaire_vide(request, espace, statut_http(erreur), erreur,
                                format_ if format_ in dict(FORMATS) else "dsn", creer_postes,
                                encodage)
    champs = {"format": format_, "creer_postes": "oui" if creer_postes else "non",
              "encodage": encodage, "nom": nom, "paquet": paquet}
    champs["signature"] = _signature(request, espace, champs)
    return rendre(request, "imports_simulation.html", espace, plan=plan, champs=champs,
                  format_libelle=format_.upper(), creer_postes=creer_postes,
                  natures=NATURES, motifs=MOTIFS)


def _resume(plan: PlanImport) -> str:
    """The flash message of an applied import: what it did, in a sentence."""
    de_cote = len(plan.rejets) + sum(len(p.personnes) for p in plan.postes_non_trouves)
    if plan.vide and de_cote:
        return (f"Import appliqué : rien n'a changé ; {de_cote} personne"
                f"{'s' if de_cote > 1 else ''} laissée{'s' if de_cote > 1 else ''} de côté "
                "(voir la simulation).")
    if plan.vide:
        return "Import appliqué : rien n'a changé, les données étaient déjà à jour."
    nombres = [(len(plan.embauches), "embauche", "embauches"),
               (len(plan.changements), "changement de contrat", "changements de contrat"),
               (len(plan.sorties), "sortie", "sorties"),
               (len(plan.nirs_completes), "NIR complété", "NIR complétés"),
               (len(plan.postes_crees), "poste créé", "postes créés")]
    texte = ", ".join(f"{n} {un if n == 1 else plusieurs}"
                      for n, un, plusieurs in nombres if n)
    return f"Import appliqué : {texte}."


@page_adherent
async def appliquer(request: Request, espace: Espace) -> Response:
    """The file of the dry run, applied (the library plans it again on current data)."""
    champs = dict(await formulaire(request))
    format_ = champs.get("format", "dsn")
    try:
        attendus = {k: champs.get(k, "") for k in ("format", "creer_postes", "encodage",
                                                   "nom", "paquet")}
        if not hmac.compare_digest(champs.get("signature", ""),
                                   _signature(request, espace, attendus)) or \
                format_ not in dict(FORMATS):
            raise simulation_invalide()
        contenu = deballer(attendus["paquet"], reglages(request).taille_max_televersement)
        declaration = await run_in_threadpool(_lire, contenu, format_,
                                              attendus["encodage"] or "auto")
        plan: PlanImport = await soumettre(request, espace.acces, ImporterDeclaration(
            espace.adherent_id, declaration, appliquer=True,
            creer_postes=attendus["creer_postes"] == "oui",
            confirmer_ecarts=champs.get("confirmer_ecarts") == "oui"))
    except ErreurRstEffectifs as erreur:
        return _formulaire_vide(request, espace, statut_http(erreur), erreur,
                                format_ if format_ in dict(FORMATS) else "dsn")
    return rediriger(request, espace.racine + "/import", _resume(plan))


ROUTES: list[BaseRoute] = [
    Route("/adherents/{numero}/import", page_import, methods=["GET"]),
    Route("/adherents/{numero}/import", simuler, methods=["POST"]),
    Route("/adherents/{numero}/import/appliquer", appliquer, methods=["POST"]),
]
