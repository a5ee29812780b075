"""Personal data (S1, A5): a clear NIR never appears in what the library lets out —
``repr``/``str`` of the objects holding it, log records, error messages, journal
entries, JSON for a role not allowed to see it — for random valid NIRs.

Each property test also holds a positive control (the same outputs for a role that may
see the NIR do contain it; SQL logging without hidden parameters does show it), so that
a check that looked in the wrong place would fail.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from monde_compte import AGENT, siret

import rst_effectifs as rst
from rst_effectifs.adapters.sql import FabriqueSql, creer_moteur, upgrade
from rst_effectifs.formats.json import (
    ecrire,
    erreur_en_json,
    make_converter,
    structurer,
)
from rst_effectifs.testing.strategies_identifiants import nirs

D = dt.date
Role = rst.Role
NAISSANCES = st.dates(D(1950, 1, 1), D(2006, 12, 31))
MASQUE = make_converter(masquer_nir=True)
PROPRIETES = settings(max_examples=60, deadline=None)


def formes_claires(nir: rst.Nir) -> tuple[str, ...]:
    """The clear NIR, and its 13-digit body (the key alone is not the NIR)."""
    return nir.valeur, nir.valeur[:13]


def fuites(nir: rst.Nir, textes: list[str]) -> list[str]:
    """Texts holding the clear NIR, as written or with spaces and dots removed."""
    formes = formes_claires(nir)
    return [t for t in textes
            if any(f in t or f in t.replace(" ", "").replace(".", "") for f in formes)]


class Releve(logging.Handler):
    """Every record of every logger, rendered as a reader would see it."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.textes: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.textes += [record.getMessage(), str(record.args), str(record.msg),
                        self.format(record)]


@contextmanager
def releve_des_logs(*noms: str, niveau: int = logging.DEBUG) -> Iterator[Releve]:
    releve = Releve()
    cibles = [logging.getLogger(n) for n in ("", *noms)]
    niveaux = [c.level for c in cibles]
    for cible in cibles:
        cible.setLevel(niveau)
    logging.getLogger().addHandler(releve)
    try:
        yield releve
    finally:
        logging.getLogger().removeHandler(releve)
        for cible, ancien in zip(cibles, niveaux, strict=True):
            cible.setLevel(ancien)


def textes_d_erreur(appel: Callable[[], object]) -> list[str]:
    """What a refusal shows: str, repr, message, details, JSON for the front end."""
    with pytest.raises(rst.ErreurDomaine) as info:
        appel()
    e = info.value
    return [str(e), repr(e), e.message, str(e.details), str(e.args),
            json.dumps(erreur_en_json(e), ensure_ascii=False)]


def _autre_nir(nir: rst.Nir) -> str:
    """The same NIR with a wrong key (a typo): refused, and never echoed."""
    cle = (int(nir.valeur[13:]) % 97) + 1
    return f"{nir.valeur[:13]}{cle:02d}"


def _espace(nir: rst.Nir) -> str:
    v = nir.valeur
    return f"{v[0]} {v[1:3]} {v[3:5]} {v[5:7]} {v[7:10]} {v[10:13]} {v[13:]}"


_NUMEROS = itertools.count(1)


def parcourir(ctx: rst.Contexte, nir: rst.Nir, naissance: dt.date) -> tuple[
        list[str], list[object], rst.Acces]:
    """Hire a person with ``nir``, correct them, list, read the journal, and provoke every
    refusal that involves the NIR. Returns the error texts, the objects produced, and
    the administrator's access."""
    n = next(_NUMEROS)
    adherent = rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        f"{n:06d}", siret(n), f"Société {n}", f"contact{n}@exemple.fr"))
    moi = rst.resoudre_acces(ctx, f"contact{n}@exemple.fr", adherent.id)
    poste = rst.ajouter_poste(ctx, moi, rst.AjouterPoste(adherent.id, "Vendeur"))
    contrat = rst.NouveauContrat(rst.NatureContrat.CDI, D(2025, 1, 6), poste.id)
    embauche = rst.EmbaucherSalarie(adherent.id, "Durand", "Léa", naissance, contrat,
                                    nir=_espace(nir))
    salarie = rst.embaucher(ctx, moi, embauche)
    correction = rst.CorrigerIdentite(adherent.id, salarie.id, "Durand-Martin", "Léa",
                                      naissance, nir=nir.valeur)
    salarie = rst.corriger_identite(ctx, moi, correction)
    page = rst.lister_salaries(ctx, moi, rst.ListerSalaries(adherent.id))
    entrees = rst.consulter_journal(ctx, moi, rst.ConsulterJournal(adherent.id))
    autre_naissance = naissance.replace(year=naissance.year - 1) \
        if naissance.month != 2 or naissance.day != 29 else D(naissance.year - 1, 2, 28)
    erreurs = [
        *textes_d_erreur(lambda: rst.embaucher(ctx, moi, embauche)),  # S2 duplicate
        *textes_d_erreur(lambda: rst.embaucher(ctx, moi, rst.EmbaucherSalarie(
            adherent.id, "Autre", "Personne", autre_naissance, contrat, nir=nir.valeur))),
        *textes_d_erreur(lambda: rst.embaucher(ctx, moi, rst.EmbaucherSalarie(
            adherent.id, "Autre", "Personne", naissance, contrat, nir=_autre_nir(nir)))),
        *textes_d_erreur(lambda: rst.Nir.parse(_autre_nir(nir))),
        *textes_d_erreur(lambda: rst.lire(json.dumps({"nir": _autre_nir(nir)}), rst.Identite)),
        *textes_d_erreur(lambda: structurer({  # a masking converter reads no NIR back
            "nom": "x", "prenoms": "y", "date_naissance": naissance.isoformat(),
            "nir": nir.valeur}, rst.Identite, MASQUE)),
    ]
    objets: list[object] = [nir, salarie.identite, salarie, embauche, correction, page,
                            *entrees, entrees]
    return erreurs, objets, moi


def _sorties_masquees(objets: list[object], convertisseur) -> list[str]:
    return [ecrire(o, convertisseur) for o in objets]


@PROPRIETES
@given(NAISSANCES.flatmap(lambda d: st.tuples(st.just(d), nirs(naissance=d))))
def test_no_clear_nir_in_reprs_logs_errors_journal_or_masked_json(cas):
    naissance, nir = cas
    with releve_des_logs() as releve:
        ctx = rst.en_memoire(horloge=rst.HorlogeFixe())
        erreurs, objets, moi = parcourir(ctx, nir, naissance)

    reprs = [t for o in objets for t in (repr(o), str(o), f"{o}")]
    journal = [repr(e.donnees) for e in objets if isinstance(e, rst.EntreeJournal)]
    masque = _sorties_masquees(objets, MASQUE)
    par_role = [
        ecrire(o, rst.convertisseur_pour(acteur))
        for acteur in (rst.Acces(moi.email, moi.adherent_id, frozenset({Role.LECTURE})),
                       rst.Acces(moi.email, moi.adherent_id, frozenset({Role.FACTURATION})),
                       rst.ANONYME, object())
        for o in objets
    ]
    assert fuites(nir, reprs) == []
    assert fuites(nir, releve.textes) == []
    assert fuites(nir, erreurs) == []
    assert fuites(nir, journal) == []
    assert fuites(nir, masque) == []
    assert fuites(nir, par_role) == []
    # Positive control: the roles that may see it get it in clear.
    salarie = objets[2]
    for acteur in (moi, rst.Acces(moi.email, moi.adherent_id, frozenset({Role.DECLARATION})),
                   AGENT):
        assert fuites(nir, [ecrire(salarie, rst.convertisseur_pour(acteur))])


@pytest.mark.parametrize("roles,voit", [
    ({Role.ADMINISTRATEUR}, True), ({Role.DECLARATION}, True),
    ({Role.FACTURATION, Role.DECLARATION}, True),
    ({Role.FACTURATION}, False), ({Role.LECTURE}, False), ({Role.FACTURATION, Role.LECTURE}, False),
    (set(), False),
])
def test_which_roles_see_nirs_in_clear(roles, voit):
    acces = rst.Acces(rst.Email.parse("x@exemple.fr"), "a", frozenset(roles))
    assert rst.voit_les_nir(acces) is voit
    assert (rst.convertisseur_pour(acces) is MASQUE) is False  # shared, not per call
    nir = rst.Nir.parse("184127510100188")
    assert (rst.ecrire(nir, rst.convertisseur_pour(acces)) == '"184127510100188"') is voit


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(NAISSANCES.flatmap(lambda d: st.tuples(st.just(d), nirs(naissance=d))))
def test_no_clear_nir_in_sql_statement_logs_nor_errors(url_sqlite, cas):
    """SQLAlchemy logs every statement at INFO; its parameters (NIRs among them) are
    hidden by the library's engines."""
    naissance, nir = cas
    moteur = creer_moteur(url_sqlite)
    try:
        upgrade(moteur)
        ctx = rst.Contexte(FabriqueSql(moteur), rst.HorlogeFixe())
        with releve_des_logs("sqlalchemy.engine", niveau=logging.INFO) as releve:
            erreurs, objets, _moi = parcourir(ctx, nir, naissance)
    finally:
        moteur.dispose()
    assert any("INSERT INTO salaries" in t for t in releve.textes)
    assert fuites(nir, releve.textes) == []
    assert fuites(nir, erreurs) == []
    assert fuites(nir, [repr(o) for o in objets]) == []


def test_the_sql_log_check_would_see_a_nir_if_parameters_were_shown(url_sqlite):
    """Positive control for the test above: an engine built without hidden parameters
    does log the NIR."""
    nir = rst.Nir.parse("184127510100188")
    moteur = creer_moteur(url_sqlite, hide_parameters=False)
    try:
        upgrade(moteur)
        ctx = rst.Contexte(FabriqueSql(moteur), rst.HorlogeFixe())
        with releve_des_logs("sqlalchemy.engine", niveau=logging.INFO) as releve:
            parcourir(ctx, nir, D(1984, 12, 3))
    finally:
        moteur.dispose()
    assert fuites(nir, releve.textes)
