"""F7 × F8: the invoice of a member sharing a worker (décret n° 2023-547, since 2024)
carries that worker's share, not the whole fee; the employers' invoices add up to one
fee; the invariants of the test kit hold on them; a share recorded after the invoice
comes back as a credit note on the next closing (F4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from banc_factures import EMETTEUR

import rst_effectifs as rst
from banc_multi_employeurs import AGENT, BAREME, REGLE, D, Membre, membre, nir
from rst_effectifs.testing.invariants_factures import (
    verifier_factures_egales_aux_assiettes,
    verifier_factures_egales_aux_clotures,
)

AN_2025 = (D(2025, 1, 1), D(2025, 12, 31))
ADRESSE = rst.Adresse(("3 place du Marché",), "69002", "Lyon")


@pytest.fixture(params=["memoire", "sqlite"])
def ctx(request: pytest.FixtureRequest, tmp_path: Path) -> rst.Contexte:
    """Memory, and SQLite, where issuing reads the closing's stored JSON (its shares)."""
    horloge = rst.HorlogeFixe(dt.datetime(2026, 2, 2, 9, tzinfo=dt.UTC))
    if request.param == "memoire":
        return rst.en_memoire(horloge=horloge, emetteur=EMETTEUR)
    return rst.depuis_url(f"sqlite:///{tmp_path / 'f.db'}", migrer=True, horloge=horloge,
                          emetteur=EMETTEUR)


def _factures_de(ctx: rst.Contexte, m: Membre) -> tuple[rst.Facture, ...]:
    rst.executer(ctx, m.acces, rst.ModifierCompte(m.adherent_id, adresse=ADRESSE))
    rst.executer(ctx, AGENT, rst.CloturerPeriode(m.adherent_id, *AN_2025, regle=REGLE,
                                                 bareme_sur_mesure=BAREME))
    documents: tuple[rst.Facture, ...] = rst.executer(
        ctx, AGENT, rst.EmettreFacture(m.adherent_id, *AN_2025))
    return documents


def _verifier(ctx: rst.Contexte, *membres: Membre) -> None:
    with ctx.unite_de_travail() as uow:
        for m in membres:
            verifier_factures_egales_aux_clotures(uow, m.adherent_id)
            verifier_factures_egales_aux_assiettes(uow, m.adherent_id)


def test_each_employer_is_invoiced_its_share_and_the_shares_make_one_fee(
        ctx: rst.Contexte) -> None:
    ancien = membre(ctx, D(2019, 1, 1), nir=nir(1))
    recent = membre(ctx, D(2022, 1, 1), nir=nir(1))
    rst.executer(ctx, AGENT, rst.EnregistrerMultiEmployeur(2025, (
        rst.FicheDesignee(ancien.adherent_id, ancien.salarie_id),
        rst.FicheDesignee(recent.adherent_id, recent.salarie_id))))
    factures = {m.adherent_id: _factures_de(ctx, m) for m in (ancien, recent)}
    cotisations = []
    for m in (ancien, recent):
        (facture,) = factures[m.adherent_id]
        (ligne,) = [ligne for ligne in facture.lignes if ligne.code == "SIG"]
        assert ligne.quantite == 1
        cotisations.append(ligne.prix_unitaire_ht)
    # 100.01 € split in two: the principal employer (the oldest contract) takes the cent
    assert cotisations == [Decimal("50.01"), Decimal("50.00")]
    assert sum(cotisations) == BAREME.prix_sig
    _verifier(ctx, ancien, recent)


def test_a_share_recorded_after_the_invoice_is_credited_on_the_next_closing(
        ctx: rst.Contexte) -> None:
    """F4: the closed year is regularised, and its documents say so: the whole fee is
    credited, the share invoiced again (priced as a share, labelled as one)."""
    ancien = membre(ctx, D(2019, 1, 1), nir=nir(2))
    recent = membre(ctx, D(2022, 1, 1), nir=nir(2))
    (avant,) = _factures_de(ctx, recent)
    rst.executer(ctx, AGENT, rst.EnregistrerMultiEmployeur(2025, (
        rst.FicheDesignee(ancien.adherent_id, ancien.salarie_id),
        rst.FicheDesignee(recent.adherent_id, recent.salarie_id))))
    rst.executer(ctx, AGENT, rst.CloturerPeriode(recent.adherent_id, D(2026, 1, 1),
                                                 D(2026, 1, 31), regle=REGLE,
                                                 bareme_sur_mesure=BAREME))
    documents = rst.executer(ctx, AGENT, rst.EmettreFacture(
        recent.adherent_id, D(2026, 1, 1), D(2026, 1, 31)))
    regularisations = [(d.nature, [(ligne.libelle, ligne.quantite, ligne.prix_unitaire_ht)
                                   for ligne in d.lignes])
                       for d in documents if d.periode == rst.Periode(*AN_2025)]
    assert regularisations == [
        (rst.NatureDocument.AVOIR, [("Cotisation SIG (suivi individuel général)", 1,
                                     Decimal("100.01"))]),
        (rst.NatureDocument.FACTURE, [("Cotisation SIG (suivi individuel général) — salarié "
                                       "multi-employeur, part 1/2", 1, Decimal("50.00"))])]
    assert avant.total_ht == Decimal("135.01")  # the whole fee and the fixed fee
    _verifier(ctx, recent)
