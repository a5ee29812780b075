"""Bad input at the database edge: accents, apostrophes, quotes, SQL fragments, emoji,
LIKE wildcards, control characters and 10,000-character strings either round-trip
exactly or are refused by the domain with a typed error — the same on every storage.
Nothing is ever interpolated into SQL text (see test_sql_sans_interpolation)."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from portail_sql import Refus, contrat, ids_sequentiels, nouvel_adherent, tenter

import rst_effectifs as rst

_NUMEROS = itertools.count(100)

HOSTILES = [
    "Éloïse-Marie",
    "N'Guyen",
    "O’Brien",
    'Le "Grand"',
    "'); DROP TABLE salaries;--",
    "Robert'); DELETE FROM adherents WHERE '1'='1",
    "x' OR 1=1 --",
    "😀 Smile",
    "Zoë 👩‍👩‍👧 Nguyễn",
    "100% _Dupont_",
    "%",
    "_",
    "\\",
    "ß straße",
    "ﬁlle",  # a ligature that normalisation expands
    "Ǆ",
    "a" * 100,
    "a" * 101,
    "a" * 10_000,
    "Jean\x00Paul",
    "Jean\u202ePaul",
    "Jean\ud800Paul",
    "   ",
    "Jean\tPaul  Marie",
]


def _embaucher_hostile(ctx: rst.Contexte, texte: str, n: int) -> list[object]:
    """Every place a caller's text reaches the database, and what came back."""
    adherent, moi = nouvel_adherent(ctx, n)
    a = adherent.id
    reponses: list[object] = []
    poste = tenter(lambda: rst.ajouter_poste(ctx, moi, rst.AjouterPoste(
        a, texte, justification_sir=texte)))
    reponses.append(poste)
    if isinstance(poste, Refus):
        poste = rst.ajouter_poste(ctx, moi, rst.AjouterPoste(a, "Vendeuse"))
    salarie = tenter(lambda: rst.embaucher(ctx, moi, rst.EmbaucherSalarie(
        a, nom=texte, prenoms=texte, date_naissance=dt.date(1990, 5, 4),
        contrat=contrat(poste.id, dt.date(2025, 1, 6), numero=texte[:20]))))
    reponses.append(salarie)
    if not isinstance(salarie, Refus):
        relu = rst.consulter_salarie(ctx, moi, rst.ConsulterSalarie(a, salarie.id))
        assert relu == salarie  # exact round trip through the database
        reponses.append(rst.consulter_effectif(ctx, moi, rst.ConsulterEffectif(
            a, dt.date(2025, 2, 1))))
    reponses.append(tenter(lambda: rst.lister_salaries(ctx, moi, rst.ListerSalaries(
        a, nom=texte))))
    reponses.append(tenter(lambda: rst.consulter_salarie(ctx, moi, rst.ConsulterSalarie(
        a, texte))))
    reponses.append(tenter(lambda: rst.sortir(ctx, moi, rst.SortirDeLEffectif(
        a, texte, (texte,), le=dt.date(2025, 3, 1)))))
    reponses.append(tenter(lambda: rst.creer_adherent(ctx, rst.AgentRst(rst.Email.parse(
        "agent@rst.fr")), rst.CreerAdherent(numero="999999", siret="73282932000074",
                                            raison_sociale=texte,
                                            email_connexion="x@exemple.fr"))))
    with ctx.unite_de_travail() as uow:
        reponses.append(uow.salaries.tous(a))
    return reponses


def test_hostile_text_round_trips_or_is_refused_the_same_everywhere(fabrique_contexte):
    memoire = rst.en_memoire(horloge=rst.HorlogeFixe(), nouvel_id=ids_sequentiels())
    stockage = fabrique_contexte(horloge=rst.HorlogeFixe(), nouvel_id=ids_sequentiels())
    refus: set[str] = set()
    for n, texte in enumerate(HOSTILES, start=1):
        attendu = _embaucher_hostile(memoire, texte, n)
        obtenu = _embaucher_hostile(stockage, texte, n)

        assert obtenu == attendu, repr(texte[:40])
        refus |= {r.type for r in obtenu if isinstance(r, Refus)}
    assert refus <= {"DonneeInvalide", "Introuvable", "RefusGroupe", "RegleMetier"}
    assert "DonneeInvalide" in refus  # the 10,000 characters, NUL, surrogates...


def test_sql_fragments_are_stored_as_plain_names(contexte):
    adherent, moi = nouvel_adherent(contexte)
    poste = rst.ajouter_poste(contexte, moi, rst.AjouterPoste(adherent.id, "Vendeuse"))
    fragment = "'); DROP TABLE salaries;--"
    for i in range(3):
        rst.embaucher(contexte, moi, rst.EmbaucherSalarie(
            adherent.id, nom=fragment, prenoms=f"P{i}", date_naissance=dt.date(1990, 5, 4),
            contrat=contrat(poste.id, dt.date(2025, 1, 6))))

    page = rst.lister_salaries(contexte, moi, rst.ListerSalaries(adherent.id, nom="'"))
    assert [s.identite.nom for s in page.salaries] == [fragment] * 3
    effectif = rst.consulter_effectif(contexte, moi, rst.ConsulterEffectif(
        adherent.id, dt.date(2025, 2, 1)))
    assert effectif.nombre == 3


def test_like_wildcards_in_a_name_search_match_only_themselves(contexte):
    adherent, moi = nouvel_adherent(contexte)
    poste = rst.ajouter_poste(contexte, moi, rst.AjouterPoste(adherent.id, "Vendeuse"))
    for nom in ("Martin", "100% Dupont", "_Durand"):
        rst.embaucher(contexte, moi, rst.EmbaucherSalarie(
            adherent.id, nom=nom, prenoms="A", date_naissance=dt.date(1990, 5, 4),
            contrat=contrat(poste.id, dt.date(2025, 1, 6))))

    def noms(prefixe: str) -> list[str]:
        page = rst.lister_salaries(contexte, moi, rst.ListerSalaries(adherent.id, nom=prefixe))
        return [s.identite.nom for s in page.salaries]

    assert noms("%") == []
    assert noms("_") == ["_Durand"]
    assert noms("100%") == ["100% Dupont"]
    assert noms("m") == ["Martin"]


LETTRES = "aAéÉeèzZß'’-_% ﬁǄ😀Øo"
noms = st.text(LETTRES, min_size=1, max_size=6).filter(lambda t: t.strip())


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(noms, min_size=1, max_size=6), st.text(LETTRES, max_size=3))
def test_name_search_finds_what_memory_finds(fabrique_contexte, liste_noms, prefixe):
    """A prefix search ignoring case and accents (and escaping LIKE wildcards) returns
    the same page on every storage."""
    resultats = []
    n = next(_NUMEROS)  # the storage under test is shared by the examples
    for ctx in (rst.en_memoire(horloge=rst.HorlogeFixe(), nouvel_id=ids_sequentiels()),
                fabrique_contexte(horloge=rst.HorlogeFixe(),
                                  nouvel_id=ids_sequentiels(prefixe=f"e{n}-"))):
        adherent, moi = nouvel_adherent(ctx, n)
        poste = rst.ajouter_poste(ctx, moi, rst.AjouterPoste(adherent.id, "Vendeuse"))
        for nom in liste_noms:
            tenter(lambda nom=nom, ctx=ctx, moi=moi, a=adherent.id, p=poste.id: rst.embaucher(
                ctx, moi, rst.EmbaucherSalarie(a, nom=nom, prenoms="A",
                                               date_naissance=dt.date(1990, 5, 4),
                                               contrat=contrat(p, dt.date(2025, 1, 6)))))
        page = rst.lister_salaries(ctx, moi, rst.ListerSalaries(adherent.id, nom=prefixe))
        resultats.append([(s.identite.nom, s.identite.prenoms) for s in page.salaries])
    assert resultats[0] == resultats[1]
