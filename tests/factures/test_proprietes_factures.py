"""Invoice invariants (F8) on random histories, on memory, SQLite and PostgreSQL: 2025
closed and invoiced; then late hires and late exits dated inside 2025; 2026 closed and
invoiced, which credits or bills 2025's differences. Then, per period, invoices − credit
notes = what the closings billed = the assiette the data gives now; the numbers are one
gapless series; the documents issued first are unchanged."""

from __future__ import annotations

import datetime as dt
import itertools

from banc_factures import AN_2025, AN_2026, Membre, contexte
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rst_effectifs as rst
from rst_effectifs import bootstrap
from rst_effectifs.testing.invariants_factures import (
    verifier_factures_egales_aux_assiettes,
    verifier_factures_egales_aux_clotures,
    verifier_factures_inchangees,
    verifier_numeros_sans_trou,
)

D = dt.date
JOURS = st.integers(0, (D(2025, 12, 31) - D(2023, 6, 1)).days).map(
    lambda n: D(2023, 6, 1) + dt.timedelta(days=n))
PERSONNE = st.tuples(JOURS, st.booleans())  # hire date, on the night poste (SIA)
HISTOIRE = st.tuples(
    st.lists(PERSONNE, min_size=1, max_size=4),  # declared before 2025 is closed
    st.lists(PERSONNE, max_size=2),  # hired in the past, declared after the closing
    st.lists(st.integers(0, 400), max_size=3),  # late exits: days after the hire
)
NUMEROS = itertools.count(500)


def _jouer(ctx: rst.Contexte, histoire: tuple[list[tuple[dt.date, bool]], ...],
           membres: list[str]) -> None:
    """``membres``: every member of the store (this one is added), whose documents make
    up the series."""
    avant, tardifs, sorties = histoire
    m = Membre(ctx, numero=str(next(NUMEROS)))
    membres.append(m.id)

    def embaucher(i: int, debut: dt.date, nuit: bool) -> tuple[str, dt.date]:
        return m.embaucher(f"Nom{i}", debut, poste=m.nuit if nuit else m.vente), debut

    presents = [embaucher(i, *p) for i, p in enumerate(avant)]
    m.cloturer(AN_2025)
    premiers = list(m.emettre(AN_2025))
    with ctx.unite_de_travail() as uow:
        emis = [uow.factures.obtenir(m.id, f.numero) for f in premiers]
    presents += [embaucher(10 + i, *p) for i, p in enumerate(tardifs)]
    for (salarie_id, debut), jours in zip(presents, sorties, strict=False):
        le = min(debut + dt.timedelta(days=jours), D(2025, 12, 31))
        m.sortir(salarie_id, le)
    m.cloturer(AN_2026)
    m.emettre(AN_2026)
    with ctx.unite_de_travail() as uow:
        verifier_factures_egales_aux_clotures(uow, m.id)
        verifier_factures_egales_aux_assiettes(uow, m.id)
        verifier_factures_inchangees(emis, uow)
        documents = verifier_numeros_sans_trou(uow, 2027, membres)
    assert [d.facture.rang for d in documents] == list(range(1, len(documents) + 1))


@settings(max_examples=25, deadline=None)
@given(histoire=HISTOIRE)
def test_invoices_minus_credit_notes_are_the_assiette_in_memory(histoire) -> None:  # type: ignore[no-untyped-def]
    _jouer(contexte("memoire"), histoire, [])


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(histoire=HISTOIRE)
def test_invoices_minus_credit_notes_are_the_assiette_on_sql(url_sql: str, histoire) -> None:  # type: ignore[no-untyped-def]
    """One database per engine for every example: the series grows over the examples and
    is checked whole each time, through every member stored so far."""
    ctx = contexte("sql", url_sql)
    try:
        _jouer(ctx, histoire, MEMBRES.setdefault(url_sql, []))
    finally:
        bootstrap.fermer(ctx)


MEMBRES: dict[str, list[str]] = {}
