"""Invoice invariants (F8) a consumer's test suite can assert on any storage, kept apart
from the billing oracle of :mod:`.invariants`:

- :func:`verifier_numeros_sans_trou`: a series' ranks are exactly 1..N, each number given
  once, each with a whole document (its JSON and its XML, which names it);
- :func:`verifier_factures_inchangees`: every document issued before is still exactly as
  it was issued (its XML included);
- :func:`verifier_factures_egales_aux_clotures`: per member and period, invoices minus
  credit notes bill, code by code, what its closings billed (frozen assiette plus the
  regularisations carried since);
- :func:`verifier_factures_egales_aux_assiettes`: per member and period, invoices minus
  credit notes equal, excluding VAT and code by code, the assiette the data gives now
  under the period's rule at its invoice's barème — true once the last closing carrying
  a regularisation is invoiced and nothing changed since.

Each raises ``AssertionError`` naming the rule and what differs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal

from ..application.multi_employeurs import assiette_facturee
from ..domain.baremes import CODE_DROIT_ENTREE, CODE_FORFAIT, prix_unitaire
from ..domain.clotures import deja_facture
from ..domain.factures import Facture
from ..domain.periodes import Periode
from ..domain.suivi import TypeDeSuivi
from ..ports.factures import FactureEmise
from ..ports.unit_of_work import UniteDeTravail

__all__ = [
    "solde_par_periode",
    "verifier_factures_egales_aux_assiettes",
    "verifier_factures_egales_aux_clotures",
    "verifier_factures_inchangees",
    "verifier_numeros_sans_trou",
]


def verifier_numeros_sans_trou(uow: UniteDeTravail, annee: int,
                               adherents: Iterable[str]) -> list[FactureEmise]:
    """F8: the ranks of ``annee``'s series are 1..N without gap nor repeat, and the N
    documents (read through ``adherents``, every member that may hold one) are whole.
    Returns them, by rank."""
    rangs = list(uow.factures.rangs(annee))
    assert rangs == list(range(1, len(rangs) + 1)), (
        f"F8: la série {annee} n'est pas continue : {_trous(rangs)}")
    documents = [d for a in adherents for f in uow.factures.lister(a) if f.annee == annee
                 for d in [uow.factures.obtenir(a, f.numero)]]
    assert sorted(d.facture.rang for d in documents) == rangs, (
        "F8: des numéros de la série n'ont pas de document lisible")
    for d in documents:
        assert d.facture.numero in d.xml and d.facture.numero_adherent in d.xml, (
            f"F8: le XML de {d.facture.numero} ne porte pas son numéro")
        assert d.facture.lignes and d.facture.total_ttc == d.facture.total_ht + d.facture.tva
    return sorted(documents, key=lambda d: d.facture.rang)


def _trous(rangs: Sequence[int]) -> str:
    manquants = sorted(set(range(1, max(rangs, default=0) + 1)) - set(rangs))
    doubles = sorted(r for r, n in Counter(rangs).items() if n > 1)
    return f"manquants {manquants[:10]}, en double {doubles[:10]}"


def verifier_factures_inchangees(avant: Iterable[FactureEmise], uow: UniteDeTravail) -> None:
    """F8: every document of ``avant`` reads back exactly as it was issued."""
    for document in avant:
        f = document.facture
        assert uow.factures.obtenir(f.adherent_id, f.numero) == document, (
            f"F8: le document {f.numero} a changé après son émission")


def solde_par_periode(factures: Iterable[Facture]) -> dict[Periode, Counter[str]]:
    """Per period billed: quantities per code, invoices minus credit notes."""
    soldes: dict[Periode, Counter[str]] = {}
    for f in factures:
        solde = soldes.setdefault(f.periode, Counter())
        for ligne in f.lignes:
            solde[ligne.code] += f.signe * ligne.quantite
    return soldes


def _montant_ht(factures: Iterable[Facture], periode: Periode) -> Decimal:
    return sum((f.signe * f.total_ht for f in factures if f.periode == periode),
               Decimal("0.00"))


def verifier_factures_egales_aux_clotures(uow: UniteDeTravail, adherent_id: str) -> None:
    """F8/F4: for each invoiced period, invoices − credit notes = what the closings
    billed, code by code (the fixed fee once)."""
    clotures = list(uow.clotures.lister(adherent_id))
    factures = list(uow.factures.lister(adherent_id))
    emises = {f.cloture for f in factures}
    clotures_emises = [c for c in clotures if c.periode in emises]
    for periode, solde in solde_par_periode(factures).items():
        attendu: Counter[str] = Counter({CODE_FORFAIT: 1})
        deja = deja_facture(periode, clotures_emises)
        for (_s, _element, type_de_suivi, _part), n in deja.items():
            attendu[CODE_DROIT_ENTREE if type_de_suivi is None else type_de_suivi.value] += n
        prix = next(f.bareme for f in factures if f.periode == periode)
        attendu = Counter({c: n for c, n in attendu.items()
                           if n and prix_unitaire(prix, c) != 0})
        assert +solde == attendu and -solde == Counter(), (
            f"F8: période {periode.debut}–{periode.fin} de {adherent_id} : factures − avoirs"
            f" {dict(solde)} ≠ clôtures {dict(attendu)}")


def verifier_factures_egales_aux_assiettes(uow: UniteDeTravail, adherent_id: str, *,
                                           suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG
                                           ) -> None:
    """F8/F4: for each invoiced period, invoices − credit notes = the assiette the data
    gives now under the period's rule, priced at its invoice's barème (HT, and code by
    code). Holds once the closings carrying regularisations are all invoiced and nothing
    changed since the last closing. The shares of multi-employer workers (F7) as RST
    recorded them; ``suivi_simple``: the service's choice for simple follow-up (P2b)."""
    factures = list(uow.factures.lister(adherent_id))
    regles = {c.periode: c.regle for c in uow.clotures.lister(adherent_id)}
    for periode, solde in solde_par_periode(factures).items():
        bareme = next(f.bareme for f in factures if f.periode == periode)
        assiette = assiette_facturee(uow, adherent_id, periode, regles[periode], bareme,
                                     suivi_simple=suivi_simple)
        assert assiette.montants is not None
        attendu = Counter({ligne.code: ligne.quantite for ligne in assiette.montants.lignes})
        assert +solde == attendu and -solde == Counter(), (
            f"F8: période {periode.debut}–{periode.fin} de {adherent_id} : factures − avoirs"
            f" {dict(solde)} ≠ assiette {dict(attendu)}")
        assert _montant_ht(factures, periode) == assiette.montants.total_ht, (
            f"F8: période {periode.debut}–{periode.fin} de {adherent_id} : HT facturé "
            f"{_montant_ht(factures, periode)} ≠ assiette {assiette.montants.total_ht}")
