"""Test kit of the pages: a :class:`Portail` is a TestClient over the real application
(real sign-in, sessions, CSRF), with the steps a person takes — sign in with the code
from the outbox, read a page's CSRF token, post a form as a browser does."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from html.parser import HTMLParser

import httpx
from starlette.testclient import TestClient

import rst_effectifs as rst
from rst_effectifs.entrypoints.web import creer_application
from rst_effectifs.entrypoints.web.reglages import Reglages
from rst_effectifs.formats.json.statuts import STATUTS_PAR_CODE

NUMERO = "101"
ADMIN = "contact@boulangerie.fr"
AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
SECRET = "p" * 40
NAVIGATEUR = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
"""The ``Accept`` of a browser's navigation."""
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_CODE = re.compile(r"portail RST : (\d{8})")

Champs = Mapping[str, str | Sequence[str]] | Sequence[tuple[str, str]]


def adherent_101(ctx: rst.Contexte) -> rst.Adherent:
    return rst.executer(ctx, AGENT, rst.CreerAdherent(
        NUMERO, "73282932000074", "Boulangerie Martin", ADMIN))


def code_recu(ctx: rst.Contexte, email: str) -> str:
    """The last sign-in code sent to ``email`` (the memory outbox)."""
    assert isinstance(ctx.notifier, rst.NotifierMemoire)
    for message in reversed(ctx.notifier.messages):
        trouve = _CODE.search(message.corps)
        if message.destinataire.valeur == email and trouve:
            return trouve.group(1)
    raise AssertionError(f"aucun code envoyé à {email}")


_REGLE = re.compile(r"\b[ACDEFIPST][0-9]{1,2}b?\b(?![.])")
"""A rule id of docs/rules.md (P1, S2, F3, E5, P2b…), not a DSN rubric (S21.G00…)."""
_CODES = frozenset(c for c in STATUTS_PAR_CODE if "." in c)
_MASQUE = re.compile(r"<details class=\"support\">.*?</details>|<(script|style)\b.*?</\1>|<[^>]+>",
                     re.S)


def sans_jargon(page: str) -> None:
    """A member never reads a rule id, an error code, a command-line option or an API
    address on a page: only in the folded « Détails pour le support RST »."""
    visible = html.unescape(_MASQUE.sub(" ", page))
    assert not _REGLE.search(visible), _REGLE.findall(visible)
    assert not [c for c in _CODES if c in visible], [c for c in _CODES if c in visible]
    assert not re.search(r"(?<![\w-])--[a-z]|/api/", visible), visible[:2000]


class Portail(TestClient):
    """A browser-like client: follows no redirect by itself, posts forms with the CSRF
    token of the last page it read."""

    ctx: rst.Contexte
    csrf: str = ""

    def lire(self, url: str, statut: int = 200) -> httpx.Response:
        reponse = self.get(url, follow_redirects=True)
        assert reponse.status_code == statut, (url, reponse.status_code, reponse.text[:800])
        if reponse.headers.get("content-type", "").startswith("text/html"):
            sans_jargon(reponse.text)
        trouve = _CSRF.search(reponse.text)
        if trouve:
            self.csrf = trouve.group(1)
        return reponse

    def envoyer(self, url: str, champs: Champs | None = None, statut: int = 303,
                fichiers: Mapping[str, tuple[str, bytes, str]] | None = None,
                csrf: bool = True) -> httpx.Response:
        paires = list(champs.items()) if isinstance(champs, Mapping) else list(champs or [])
        if csrf:
            paires.append(("csrf", self.csrf))
        reponse = self.post(url, data=_aplatir(paires), files=fichiers,
                            follow_redirects=False)
        assert reponse.status_code == statut, (url, reponse.status_code, reponse.text[:800])
        if reponse.headers.get("content-type", "").startswith("text/html"):
            sans_jargon(reponse.text)
        return reponse

    def suivre(self, reponse: httpx.Response) -> httpx.Response:
        """The page a 303 leads to (reading its CSRF token)."""
        return self.lire(reponse.headers["location"])

    def connecter(self, email: str = ADMIN) -> httpx.Response:
        """The sign-in pages: ask for a code, read it in the outbox, give it."""
        self.cookies.clear()
        self.envoyer("/connexion/demande", {"email": email}, csrf=False)
        reponse = self.envoyer("/connexion/code", {"email": email,
                                                   "code": code_recu(self.ctx, email)},
                               csrf=False)
        return self.suivre(reponse)


class _Caches(HTMLParser):
    """The hidden fields of the form posting to ``action``."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.dedans, self.champs = action, False, []

    def handle_starttag(self, balise: str, attributs: list[tuple[str, str | None]]) -> None:
        a = dict(attributs)
        if balise == "form":
            self.dedans = (a.get("action") or "").endswith(self.action)
        elif balise == "input" and self.dedans and a.get("type") == "hidden" and a.get("name"):
            self.champs.append((a["name"] or "", a.get("value") or ""))

    def handle_endtag(self, balise: str) -> None:
        if balise == "form":
            self.dedans = False


def champs_caches(page: str, action: str) -> list[tuple[str, str]]:
    """The hidden fields a browser sends with the form of ``page`` posting to an address
    ending with ``action`` (the CSRF token left out: ``envoyer`` adds it)."""
    lecteur = _Caches(action)
    lecteur.feed(page)
    return [(k, v) for k, v in lecteur.champs if k != "csrf"]


def _aplatir(paires: list[tuple[str, str | Sequence[str]]]) -> dict[str, list[str]]:
    """Form pairs → httpx's form data (a name may repeat: ticked boxes)."""
    donnees: dict[str, list[str]] = {}
    for k, v in paires:
        donnees.setdefault(k, []).extend([v] if isinstance(v, str) else v)
    return donnees


@contextmanager
def portail_sur(ctx: rst.Contexte, adherent: bool = True) -> Iterator[Portail]:
    """The portal over ``ctx`` (with the adherent 101 unless told), not signed in."""
    if adherent:
        adherent_101(ctx)
    app = creer_application(ctx, Reglages(SECRET))
    with Portail(app, base_url="http://testserver", headers={"Accept": NAVIGATEUR}) as client:
        client.ctx = ctx
        yield client
