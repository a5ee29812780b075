"""Bad input on the account and access use cases: malformed e-mails, SIRETs with a wrong
key, unknown roles, oversized fields, unicode look-alikes. Each is a typed error with its
code and French message, and nothing is stored. Then random payloads go through the
JSON converter (``structurer``) to every account and access use case: nothing but a
domain error ever comes out, and a refusal leaves the store as it was."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from monde_compte import AGENT, nouvel_adherent, siret
from sqlalchemy import select

import rst_effectifs as rst
from rst_effectifs.adapters.memory import EtatMemoire
from rst_effectifs.adapters.sql import metadata
from rst_effectifs.application.contexte import REGISTRE, Besoin
from rst_effectifs.formats.json import CODE_CHAMP_INVALIDE, structurer
from rst_effectifs.testing.strategies_identifiants import emails, numeros_teledeclarant, sirets

Role = rst.Role

MESSAGE_EMAIL = "L'adresse e-mail est "
EMAILS_MALFORMES = [
    "", "   ", "contact", "contact@", "@exemple.fr", "contact@@exemple.fr",
    "con tact@exemple.fr", "contact@exemple", "contact@exemple.123", "contact@-exemple.fr",
    "contact.@exemple.fr", "con\ntact@exemple.fr", "contact@exemple.fr\x00",
    "x" * 65 + "@exemple.fr", "contact@" + "a" * 250 + ".fr", "contact@" * 200,
]
SOSIES_UNICODE = [
    "cоntact@exemple.fr",  # Cyrillic о
    "contact@exemрle.fr",  # Cyrillic р
    "contact＠exemple.fr",  # fullwidth @
    "contact@exemple.fr\u200b",  # zero-width space
    "con\u200dtact@exemple.fr",  # zero-width joiner
    "contact\u00a0@exemple.fr",  # no-break space
    "contact@exemple.fr\u202e",  # right-to-left override
    "ｃontact@exemple.fr",  # fullwidth c
    "contact@éxemple.fr",
]


class Stockage:
    """A store with one member (an administrator and a reader) and a way to see all of
    it, so that "nothing stored" can be checked."""

    def __init__(self, ctx: rst.Contexte, lire: Callable[[], object]) -> None:
        self.ctx = ctx
        self.lire = lire
        self.adherent, self.admin = nouvel_adherent(ctx, 1, teledeclarant="TD000001")
        rst.accorder_acces(ctx, self.admin, rst.AccorderAcces(
            self.adherent.id, "lecteur@exemple.fr", frozenset({Role.LECTURE})))


def _memoire() -> Stockage:
    etat = EtatMemoire()
    return Stockage(rst.en_memoire(horloge=rst.HorlogeFixe(), etat=etat),
                    lambda: {c.name: repr(getattr(etat, c.name)) for c in attrs.fields(EtatMemoire)
                             if c.name != "verrou"})


def _sql(url: str) -> Stockage:
    ctx = rst.depuis_url(url, horloge=rst.HorlogeFixe(), notifier=rst.NotifierMemoire(),
                         migrer=True)
    moteur = ctx.unite_de_travail.moteur  # type: ignore[attr-defined]

    def lire() -> object:
        with moteur.connect() as connection:
            return {t.name: sorted(map(repr, connection.execute(select(t)).all()))
                    for t in metadata.sorted_tables}

    return Stockage(ctx, lire)


@pytest.fixture
def stockage(fabrique_contexte) -> Stockage:
    if fabrique_contexte.stockage == "memoire":
        return _memoire()
    ctx = fabrique_contexte(horloge=rst.HorlogeFixe())
    ctx.unite_de_travail.fermer()
    return _sql(fabrique_contexte.url)


def _refus(stockage: Stockage, appel: Callable[[], object]) -> rst.DonneeInvalide:
    avant = stockage.lire()
    with pytest.raises(rst.DonneeInvalide) as info:
        appel()
    assert stockage.lire() == avant
    assert info.value.message and info.value.message[0].isupper()
    return info.value


# -- one bad field at a time ---------------------------------------------------------------


@pytest.mark.parametrize("email", EMAILS_MALFORMES + SOSIES_UNICODE)
def test_malformed_or_look_alike_emails_are_refused_everywhere(stockage, email):
    s, a = stockage, stockage.adherent.id
    appels = [
        (lambda: rst.creer_adherent(s.ctx, AGENT, rst.CreerAdherent(
            "000002", siret(2), "Autre", email)), "email_connexion"),
        (lambda: rst.modifier_compte(s.ctx, s.admin, rst.ModifierCompte(
            a, email_connexion=email)), "email_connexion"),
        (lambda: rst.accorder_acces(s.ctx, s.admin, rst.AccorderAcces(
            a, email, frozenset({Role.LECTURE}))), "email"),
        (lambda: rst.modifier_acces(s.ctx, s.admin, rst.ModifierAcces(
            a, email, frozenset({Role.LECTURE}))), "email"),
        (lambda: rst.retirer_acces(s.ctx, s.admin, rst.RetirerAcces(a, email)), "email"),
        (lambda: rst.recuperer_numero_teledeclarant(
            s.ctx, rst.ANONYME, rst.RecupererNumeroTeledeclarant(email)), "email"),
        (lambda: rst.resoudre_acces(s.ctx, email, a), "email"),
        (lambda: rst.lister_adherents_accessibles(s.ctx, email), "email"),
    ]
    for appel, chemin in appels:
        refus = _refus(s, appel)
        assert (refus.code, refus.regle, refus.chemin) == ("email.invalide", "A1", chemin)
        assert refus.message.startswith(MESSAGE_EMAIL)


@pytest.mark.parametrize("valeur", ["73282932000075", "73282932000070", "7328293200007",
                                    "732829320000745", "7328293200007A", "", "x" * 2000])
def test_a_siret_with_a_wrong_key_or_shape_is_refused(stockage, valeur):
    refus = _refus(stockage, lambda: rst.creer_adherent(stockage.ctx, AGENT, rst.CreerAdherent(
        "000002", valeur, "Autre", "autre@exemple.fr")))
    assert (refus.code, refus.chemin) == ("siret.invalide", "siret")
    assert "SIRET" in refus.message


def test_la_poste_sirets_pass_their_own_rule(stockage):
    """La Poste's establishments (SIREN 356000000) follow another checksum (stdnum)."""
    adherent = rst.creer_adherent(stockage.ctx, AGENT, rst.CreerAdherent(
        "000002", "35600000000048", "La Poste", "poste@exemple.fr"))
    assert adherent.siret.valeur == "35600000000048"


@pytest.mark.parametrize("champ,valeur,code", [
    ("raison_sociale", "x" * 201, "adherent.raison_sociale_invalide"),
    ("raison_sociale", "x" * 100_000, "adherent.raison_sociale_invalide"),
    ("raison_sociale", "   ", "adherent.raison_sociale_invalide"),
    ("raison_sociale", "Société\u202e", "adherent.raison_sociale_invalide"),
    ("raison_sociale", "Société\x00", "adherent.raison_sociale_invalide"),
    ("numero_teledeclarant", "A" * 21, "adherent.teledeclarant_invalide"),
    ("numero_teledeclarant", "TD 0001", "adherent.teledeclarant_invalide"),
    ("numero_teledeclarant", "TDÉ00001", "adherent.teledeclarant_invalide"),
    ("numero_teledeclarant", "ＴＤ000001", "adherent.teledeclarant_invalide"),
    ("numero_teledeclarant", "x" * 5000, "adherent.teledeclarant_invalide"),
])
def test_oversized_or_odd_account_fields_are_refused(stockage, champ, valeur, code):
    s = stockage
    refus = _refus(s, lambda: rst.modifier_compte(s.ctx, s.admin, rst.ModifierCompte(
        s.adherent.id, **{champ: valeur})))
    assert (refus.code, refus.chemin) == (code, champ)


@pytest.mark.parametrize("payload,chemin", [
    ({"roles": ["superadmin"]}, "$.roles[0]"),
    ({"roles": ["ADMINISTRATEUR"]}, "$.roles[0]"),
    ({"roles": [""]}, "$.roles[0]"),
    ({"roles": "administrateur"}, "$.roles"),
    ({"roles": [1]}, "$.roles[0]"),
])
def test_unknown_roles_from_json_are_refused(stockage, payload, chemin):
    donnees = {"adherent_id": stockage.adherent.id, "email": "x@exemple.fr", **payload}
    refus = _refus(stockage, lambda: structurer(donnees, rst.AccorderAcces))
    assert (refus.code, refus.chemin) == (CODE_CHAMP_INVALIDE, chemin)


@pytest.mark.parametrize("roles", [frozenset({"administrateur"}), {Role.LECTURE}, ("lecture",),
                                   None])
def test_roles_that_are_not_role_values_are_refused_by_the_command(roles):
    with pytest.raises(rst.DonneeInvalide) as refus:
        rst.AccorderAcces("a", "x@exemple.fr", roles)
    assert (refus.value.code, refus.value.chemin) == ("donnee.type_invalide", "roles")


@pytest.mark.parametrize("adherent_id", ["x" * 101, "", "a\nb", "a\x00b"])
def test_oversized_or_unprintable_ids_are_refused_before_anything(adherent_id):
    with pytest.raises(rst.DonneeInvalide) as refus:
        rst.ListerAcces(adherent_id)
    assert (refus.value.code, refus.value.chemin) == ("donnee.id_invalide", "adherent_id")


# -- random payloads through the JSON edge ---------------------------------------------------

CAS_DU_COMPTE = sorted(
    nom for nom, cas in REGISTRE.items()
    if cas.fonction.__module__.rsplit(".", 1)[-1] in ("compte", "acces", "journal")
    or nom == "creer_adherent"
)
SOSIES = st.sampled_from(SOSIES_UNICODE + EMAILS_MALFORMES)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda enfants: st.lists(enfants, max_size=3)
    | st.dictionaries(st.text(max_size=8), enfants, max_size=3),
    max_leaves=6,
)
TEXTES = st.text(max_size=40) | st.text(max_size=400).map(lambda t: t * 3)


def _valeurs(champ: str, adherent_id: str) -> st.SearchStrategy[Any]:
    """Likely-valid values, near misses and junk for one field."""
    if champ.endswith("_id"):
        base: st.SearchStrategy[Any] = st.one_of(st.just(adherent_id), st.just(adherent_id),
                                                 st.text(max_size=120))
    elif "email" in champ:
        base = (st.sampled_from(["contact1@exemple.fr", " LECTEUR@Exemple.FR ", "x@exemple.fr"])
                | emails().map(lambda e: e.valeur) | SOSIES | TEXTES)
    elif champ == "roles":
        base = st.one_of(
            st.lists(st.sampled_from([r.value for r in Role]), min_size=1, max_size=4),
            st.lists(st.sampled_from([r.value for r in Role] + ["admin", "Lecture", ""]),
                     max_size=5))
    elif champ == "numero_teledeclarant":
        base = numeros_teledeclarant().map(lambda n: n.valeur) | st.just("TD000001") | TEXTES
    elif champ == "siret":
        base = sirets().map(lambda s: s.valeur) | st.text("0123456789", max_size=16)
    elif champ in ("debut", "fin"):
        base = st.dates().map(dt.date.isoformat) | st.text(max_size=12)
    elif champ == "numero":
        base = st.text("0123456789", min_size=1, max_size=14)
    else:
        base = TEXTES
    return st.one_of(base, base, base, JSON)  # mostly plausible, sometimes junk


@st.composite
def _demandes(draw: st.DrawFn, adherent_id: str) -> tuple[str, Any]:
    nom = draw(st.sampled_from(CAS_DU_COMPTE))
    champs = [a.name for a in attrs.fields(REGISTRE[nom].commande)]
    if draw(st.integers(0, 9)) == 0:
        return nom, draw(JSON)
    payload = {c: draw(_valeurs(c, adherent_id)) for c in champs
               if draw(st.integers(0, 9)) > 0}
    if draw(st.integers(0, 9)) == 0:
        payload[draw(st.text(max_size=8))] = draw(JSON)
    return nom, json.loads(json.dumps(payload))  # exactly what a JSON front end decodes


def _acteur(s: Stockage, nom: str) -> object:
    return {Besoin.RST: AGENT, Besoin.PUBLIC: rst.ANONYME}.get(REGISTRE[nom].besoin, s.admin)


def _lancer(s: Stockage, nom: str, payload: Any) -> None:
    avant = s.lire()
    try:
        commande = structurer(payload, REGISTRE[nom].commande)
    except rst.DonneeInvalide as refus:
        assert refus.chemin is not None and refus.chemin.startswith("$")
        event("refused by the JSON edge")
        return
    try:
        rst.executer(s.ctx, _acteur(s, nom), commande)
    except rst.ErreurDomaine as refus:
        assert s.lire() == avant, nom
        event(f"refused by the use case: {refus.code}")
    else:
        event(f"accepted: {nom}")


def test_the_random_payload_test_covers_every_account_and_access_use_case():
    assert set(CAS_DU_COMPTE) == {
        "creer_adherent", "consulter_compte", "modifier_compte", "lister_acces",
        "accorder_acces", "modifier_acces", "retirer_acces", "consulter_journal",
        "recuperer_numero_teledeclarant"}


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_random_payloads_give_domain_errors_and_store_nothing_on_memory(data):
    s = _memoire()
    for _ in range(3):
        _lancer(s, *data.draw(_demandes(s.adherent.id)))


@pytest.fixture
def sqlite_partage(url_sqlite) -> Stockage:
    """One SQLite store for all the examples of a test (they keep what valid payloads
    changed; each refusal is checked against the store as it was just before)."""
    return _sql(url_sqlite)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_payloads_give_domain_errors_and_store_nothing_on_sqlite(sqlite_partage, data):
    _lancer(sqlite_partage, *data.draw(_demandes(sqlite_partage.adherent.id)))


@settings(max_examples=60, deadline=None)
@given(st.one_of(SOSIES, TEXTES, JSON), st.one_of(st.just("ADH"), st.text(max_size=120), JSON))
def test_connection_functions_refuse_random_input_with_domain_errors(email, adherent_id):
    s = _memoire()
    for appel in (lambda: rst.resoudre_acces(s.ctx, email, adherent_id),
                  lambda: rst.lister_adherents_accessibles(s.ctx, email)):
        with contextlib.suppress(rst.DonneeInvalide, rst.Introuvable):  # anything else fails
            appel()


def test_the_memory_snapshot_sees_a_change():
    """The "nothing stored" check can fail: a valid change is seen."""
    s = _memoire()
    avant = s.lire()
    rst.accorder_acces(s.ctx, s.admin, rst.AccorderAcces(s.adherent.id, "y@exemple.fr",
                                                         frozenset({Role.LECTURE})))
    assert s.lire() != avant
