"""F7's shares, property-tested: for any price and any number of employers the shares
add up to the price exactly (whole cents, at most one cent apart, the larger ones first);
on memory, SQLite and PostgreSQL (F5), each member's assiette bills its share, and a
member's share plus the others' is one full fee, as the pure reference computes it."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rst_effectifs as rst
from banc_multi_employeurs import REGLE, assiette, enregistrer, membre, nir
from rst_effectifs.domain.facturation import annee, assiette_de_reference, prix_unitaire
from rst_effectifs.domain.multi_employeurs import appliquer_parts
from rst_effectifs.domain.partage import NOMBRE_MAX

D = dt.date
PERSONNES = itertools.count(100)
RISQUES = {rst.TypeDeSuivi.SIG: frozenset(),
           rst.TypeDeSuivi.SIA: frozenset({rst.Risque.TRAVAIL_DE_NUIT}),
           rst.TypeDeSuivi.SIR: frozenset({rst.Risque.AMIANTE})}
prix = st.decimals("92.40", "138.60", places=2)
"""Per-person prices inside the 2025 legal band (F3)."""


@settings(max_examples=300, deadline=None)
@given(st.decimals(0, "999999.99", places=3), st.integers(1, NOMBRE_MAX))
def test_shares_add_up_to_the_price_whatever_the_price_and_the_number(
        montant: Decimal, nombre: int) -> None:
    parts = rst.repartir(montant, nombre)
    assert len(parts) == nombre
    assert sum(parts) == montant.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert all(p == p.quantize(Decimal("0.01")) and p >= 0 for p in parts)
    assert list(parts) == sorted(parts, reverse=True)  # leftover cents to the first ranks
    assert parts[0] - parts[-1] <= Decimal("0.01")
    if nombre > 1:
        assert [rst.part_du_prix(montant, rst.PartMultiEmployeur(r, nombre))
                for r in range(1, nombre + 1)] == list(parts)


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(nombre=st.integers(2, 4), suivi=st.sampled_from(list(RISQUES)),
       prix_sig=prix, prix_sia=prix, prix_sir=prix,
       debuts=st.lists(st.dates(D(2010, 1, 1), D(2025, 1, 31)), min_size=4, max_size=4))
def test_each_members_share_and_the_others_make_one_full_fee_on_every_storage(
        fabrique_contexte: object, nombre: int, suivi: rst.TypeDeSuivi, prix_sig: Decimal,
        prix_sia: Decimal, prix_sir: Decimal, debuts: list[dt.date]) -> None:
    ctx = fabrique_contexte()  # type: ignore[operator]
    bareme = rst.Bareme("b", prix_sig=prix_sig, prix_sia=prix_sia, prix_sir=prix_sir,
                        forfait_etablissement="35")
    personne = nir(next(PERSONNES))
    membres = [membre(ctx, debuts[i], nir=personne, risques=RISQUES[suivi])
               for i in range(nombre)]
    situation = enregistrer(ctx, 2025, membres)
    rangs = {e.salarie_id: e.part for e in situation.emplois}
    plein = prix_unitaire(bareme, suivi.value)
    parts = []
    for m in membres:
        lue = assiette(ctx, m, 2025, bareme)
        (ligne,) = lue.lignes
        assert (ligne.type_de_suivi, ligne.part) == (suivi, rangs[m.salarie_id])
        part = rangs[m.salarie_id]
        assert part is not None and ligne.montant_ht == rst.part_du_prix(plein, part)
        parts.append(ligne.montant_ht)
        with ctx.unite_de_travail() as uow:  # F5: the storage agrees with the reference
            reference = appliquer_parts(assiette_de_reference(
                uow.adherents.obtenir(m.adherent_id), uow.salaries.tous(m.adherent_id),
                annee(2025), rst.REGLES_PREDEFINIES[REGLE], bareme),
                {m.salarie_id: part}, bareme)
        assert lue == reference
        assert lue.montants is not None
        assert lue.montants.total_ht == ligne.montant_ht + Decimal("35.00")
    assert sum(parts) == plein
    for i, part in enumerate(parts):
        assert part + sum(parts[:i] + parts[i + 1:]) == plein
    anciennete = sorted(range(nombre), key=lambda j: (debuts[j], membres[j].numero))
    assert [rangs[membres[j].salarie_id] for j in anciennete] == [
        rst.PartMultiEmployeur(r, nombre) for r in range(1, nombre + 1)]  # D4624-60
    assert [parts[j] for j in anciennete] == list(rst.repartir(plein, nombre))
