"""Billing invariants any RST test suite can check on an assiette or a closing history.

Each function raises ``AssertionError`` with a message saying which rule broke, so it
works under pytest, unittest or a plain script. They need no Hypothesis and no
adapter: feed them what your storage returns (memory, SQLite, PostgreSQL, or your own).

- :func:`verifier_une_fois_par_personne` — F1, one line per salarié;
- :func:`verifier_totaux` — totals and amounts follow the lines (F2);
- :func:`verifier_comptage_brut` — the assiette equals a day-by-day count from the
  presence rules (F5), computed here independently of the library's interval code;
- :func:`verifier_assiette` — the three above at once;
- :func:`verifier_clotures_intactes` — a frozen period never changes (F4);
- :func:`verifier_sans_regularisation` — closing again with no change regularises nothing;
- :func:`verifier_regularisations` — for every closed period, frozen assiette plus its
  regularisations equals the assiette recomputed now (F4).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from ..application.multi_employeurs import assiette_facturee
from ..domain.adherents import Adherent
from ..domain.clotures import Cloture, ElementFacture
from ..domain.facturation import (
    Assiette,
    Bareme,
    LigneAssiette,
    MotifDeComptage,
    RegleDeComptage,
)
from ..domain.periodes import Periode
from ..domain.salaries import Salarie
from ..domain.suivi import TypeDeSuivi
from ..ports.unit_of_work import UniteDeTravail
from .invariants_effectif import verifier_lignes
from .oracle import LigneAttendue, assiette_attendue, present_le
from .oracle_lecture import bareme_brut, dossier, dossiers, regle_brute, types_des_postes
from .oracle_montants import (
    LigneFactureeAttendue,
    facture_attendue,
    montant_de_ligne,
    parts_egales,
)

__all__ = [
    "comptage_brut",
    "recalculer_clotures",
    "verifier_assiette",
    "verifier_clotures_intactes",
    "verifier_comptage_brut",
    "verifier_jamais_facture_apres_sortie",
    "verifier_montants",
    "verifier_regularisations",
    "verifier_sans_regularisation",
    "verifier_totaux",
    "verifier_une_fois_par_personne",
]

_CENT = Decimal("0.01")


def _cents(montant: Decimal) -> Decimal:
    return montant.quantize(_CENT, rounding=ROUND_HALF_UP)


# -- one assiette ------------------------------------------------------------------------------
def verifier_une_fois_par_personne(assiette: Assiette) -> None:
    """F1: a salarié appears at most once in an assiette."""
    doubles = [s for s, n in Counter(ligne.salarie_id for ligne in assiette.lignes).items()
               if n > 1]
    assert not doubles, f"F1: salariés counted more than once: {doubles}"


def verifier_totaux(assiette: Assiette, bareme: Bareme | None = None) -> None:
    """F2: totals per type are the per-capita lines by type, the entry fees the lines
    flagged so; with amounts, each line is in cents, invoice lines are quantity × unit
    price, HT is their sum, VAT is HT × rate half-up, TTC is HT + VAT. With ``bareme``
    also checks the unit prices are its prices rounded half-up."""
    attendu = Counter(ligne.type_de_suivi for ligne in assiette.lignes if ligne.cotisation)
    obtenu = {t.type_de_suivi: t.nombre for t in assiette.totaux}
    assert set(obtenu) == set(TypeDeSuivi), f"F2: totals must list every type: {obtenu}"
    for t in TypeDeSuivi:
        assert obtenu[t] == attendu[t], (
            f"F2: total {t.value} is {obtenu[t]}, lines say {attendu[t]}")
    entrees = sum(1 for ligne in assiette.lignes if ligne.droit_entree)
    assert assiette.droits_entree == entrees, (
        f"F2: {assiette.droits_entree} entry fees, lines say {entrees}")
    assert all(ligne.cotisation or ligne.droit_entree for ligne in assiette.lignes), (
        "F2: a line bills nothing")
    montants = assiette.montants
    if montants is None:
        assert all(ligne.montant_ht is None for ligne in assiette.lignes), (
            "F2: line amounts without invoice amounts")
        assert bareme is None, "F2: a barème was given but the assiette has no amounts"
        return
    for ligne in assiette.lignes:
        assert ligne.montant_ht is not None and ligne.montant_ht == _cents(ligne.montant_ht), (
            f"F2: line of {ligne.salarie_id} not in euros and cents: {ligne.montant_ht}")
    quantites: Counter[str] = Counter()
    partages = {ligne.type_de_suivi.value for ligne in assiette.lignes if ligne.part}
    for f in montants.lignes:
        assert f.montant_ht == f.quantite * f.prix_unitaire, (
            f"F2: invoice line {f.code}: {f.quantite} × {f.prix_unitaire} != {f.montant_ht}")
        assert f.prix_unitaire == _cents(f.prix_unitaire), f"F2: unit price {f.prix_unitaire}"
        quantites[f.code] += f.quantite
    # A zero-priced element (a full fee, or a share of one, F7) has no invoice line; any
    # other line counts what the lines say.
    par_code = {**{t.value: attendu[t] for t in TypeDeSuivi}, "droit_entree": entrees}
    prix = {} if bareme is None else {
        "SIG": bareme.prix_sig, "SIA": bareme.prix_sia, "SIR": bareme.prix_sir,
        "droit_entree": bareme.droit_entree,
        "forfait_etablissement": bareme.forfait_etablissement}
    for ligne in assiette.lignes:
        if ligne.cotisation and ligne.part and bareme is not None and parts_egales(
                prix[ligne.type_de_suivi.value], ligne.part.nombre)[ligne.part.rang - 1] == 0:
            par_code[ligne.type_de_suivi.value] -= 1
    for code, n in par_code.items():
        if bareme is None and code in partages:
            continue  # without the barème, a share's price (zero or not) is unknown
        if code in quantites or (bareme is not None and _cents(prix[code]) != 0):
            assert quantites[code] == n, f"F2: invoice says {quantites[code]} {code}, lines {n}"
    sans_forfait = sum((f.montant_ht for f in montants.lignes
                        if f.code != "forfait_etablissement"), Decimal(0))
    par_ligne = sum((ligne.montant_ht or Decimal(0) for ligne in assiette.lignes), Decimal(0))
    assert sans_forfait == par_ligne, (
        f"F2: invoice lines {sans_forfait} != sum of salarié lines {par_ligne}")
    total = sum((f.montant_ht for f in montants.lignes), Decimal(0))
    assert montants.total_ht == total, f"F2: HT {montants.total_ht} != {total}"
    assert montants.tva == _cents(montants.total_ht * montants.taux_tva), (
        f"F2: VAT {montants.tva} != {montants.total_ht} × {montants.taux_tva} half-up")
    assert montants.total_ttc == montants.total_ht + montants.tva, "F2: TTC != HT + VAT"
    if bareme is not None:
        for f in montants.lignes:
            permis = (_cents(prix[f.code]),) if f.employeurs is None else parts_egales(
                prix[f.code], f.employeurs)
            assert f.prix_unitaire in permis, (
                f"F2: unit price of {f.code} {f.prix_unitaire} != barème {prix[f.code]}"
                + ("" if f.employeurs is None else f" shared by {f.employeurs} (F7)"))
        assert montants.taux_tva == bareme.taux_tva, "F2: VAT rate differs from the barème"


# -- the oracle's count -------------------------------------------------------------------------
def comptage_brut(
    adherent: Adherent, salaries: Iterable[Salarie], periode: Periode, regle: RegleDeComptage
) -> dict[str, tuple[bool, bool, TypeDeSuivi, MotifDeComptage, dt.date, dt.date]]:
    """The expected lines, recomputed day by day by the kit's oracle (:mod:`.oracle`,
    which shares no code with the library): salarié id → (per capita, entry fee,
    follow-up type, reason, first and last countable day in the period)."""
    assert periode.fin is not None
    attendu = assiette_attendue(dossiers(salaries, adherent.id), periode.debut, periode.fin,
                                regle_brute(regle), types_des_postes(adherent))
    return {sid: (ligne.cotisation, ligne.droit_entree, TypeDeSuivi(ligne.type_de_suivi),
                  MotifDeComptage(ligne.motif), ligne.du, ligne.au)
            for sid, ligne in attendu.items()}


def verifier_comptage_brut(
    assiette: Assiette, adherent: Adherent, salaries: Iterable[Salarie],
    regle: RegleDeComptage,
) -> None:
    """F5: the assiette's lines are exactly those of :func:`comptage_brut`."""
    assert assiette.regle == regle.nom, f"F5: assiette of rule {assiette.regle}, not {regle.nom}"
    attendu = comptage_brut(adherent, salaries, assiette.periode, regle)
    obtenu = {ligne.salarie_id: _resume(ligne) for ligne in assiette.lignes}
    manquants = sorted(set(attendu) - set(obtenu))
    en_trop = sorted(set(obtenu) - set(attendu))
    assert not manquants and not en_trop, (
        f"F5: salariés missing {manquants}, counted wrongly {en_trop}")
    differents = {s: (obtenu[s], attendu[s]) for s in attendu if obtenu[s] != attendu[s]}
    assert not differents, f"F5: lines differ (assiette, by hand): {differents}"


def _resume(
    ligne: LigneAssiette,
) -> tuple[bool, bool, TypeDeSuivi, MotifDeComptage, dt.date, dt.date]:
    return (ligne.cotisation, ligne.droit_entree, ligne.type_de_suivi, ligne.motif, ligne.du,
            ligne.au)


def verifier_montants(assiette: Assiette, bareme: Bareme) -> None:
    """F2, F7: each line's amount and the invoice (lines with their labels, HT, VAT,
    TTC) are what the oracle prices from the barème and the lines (:mod:`.oracle_montants`;
    a line's multi-employer share, ``part``, is taken as recorded), each a ``Decimal`` in
    euros and cents (two places, as JSON writes them: ``"0.00"``)."""
    assert assiette.montants is not None, "F2: a barème was given but no amounts"
    m = assiette.montants
    for montant in (m.total_ht, m.tva, m.total_ttc, *(f.montant_ht for f in m.lignes),
                    *(f.prix_unitaire for f in m.lignes),
                    *(li.montant_ht for li in assiette.lignes)):
        assert isinstance(montant, Decimal) and montant.as_tuple().exponent == -2, (
            f"F2: {montant!r} is not an amount in euros and cents")
    brut = bareme_brut(bareme)
    for ligne in assiette.lignes:
        attendu = montant_de_ligne(_attendue(ligne), brut)
        assert ligne.montant_ht == attendu, (
            f"F2: line of {ligne.salarie_id} is {ligne.montant_ht} €, expected {attendu} €")
    facture = facture_attendue([_attendue(ligne) for ligne in assiette.lignes], brut)
    obtenu = tuple(LigneFactureeAttendue(f.code, f.quantite, f.prix_unitaire, f.montant_ht,
                                         f.libelle, f.employeurs)
                   for f in assiette.montants.lignes)
    assert obtenu == facture.lignes, f"F2: invoice lines {obtenu}, expected {facture.lignes}"
    assert (m.total_ht, m.tva, m.total_ttc) == (facture.total_ht, facture.tva,
                                               facture.total_ttc), (
        f"F2: HT/VAT/TTC {m.total_ht}/{m.tva}/{m.total_ttc}, expected "
        f"{facture.total_ht}/{facture.tva}/{facture.total_ttc}")


def _attendue(ligne: LigneAssiette) -> LigneAttendue:
    part = None if ligne.part is None else (ligne.part.rang, ligne.part.nombre)
    return LigneAttendue(ligne.cotisation, ligne.droit_entree, ligne.type_de_suivi.value,
                         ligne.motif.value, ligne.du, ligne.au, part)


def verifier_jamais_facture_apres_sortie(assiette: Assiette, salaries: Iterable[Salarie]
                                         ) -> None:
    """E3: nobody is billed for a day after their exit (nor before their entry): the
    first and last countable days of every line are days the oracle finds them present."""
    par_id = {s.id: s for s in salaries}
    for ligne in assiette.lignes:
        assert ligne.salarie_id in par_id, f"E3: {ligne.salarie_id} billed but unknown"
        fiche = dossier(par_id[ligne.salarie_id])
        for jour in (ligne.du, ligne.au):
            assert present_le(fiche, jour), (
                f"E3: {ligne.salarie_id} billed on {jour:%d/%m/%Y}, a day out of the "
                "headcount (after an exit or before the entry)")


def verifier_assiette(
    assiette: Assiette, adherent: Adherent, salaries: Iterable[Salarie],
    regle: RegleDeComptage, bareme: Bareme | None = None,
) -> None:
    """F1, F2 and F5 on one assiette: one line per person, totals and amounts from the
    lines, nobody billed after an exit, and every line as the oracle recounts it."""
    salaries = list(salaries)
    verifier_une_fois_par_personne(assiette)
    verifier_totaux(assiette, bareme)
    if bareme is not None:
        verifier_montants(assiette, bareme)
    verifier_jamais_facture_apres_sortie(assiette, salaries)
    verifier_lignes(assiette.lignes, salaries)
    verifier_comptage_brut(assiette, adherent, salaries, regle)


# -- closings ----------------------------------------------------------------------------------
def verifier_clotures_intactes(avant: Sequence[Cloture], apres: Sequence[Cloture]) -> None:
    """F4: every closing seen before is still there, identical."""
    par_periode = {(c.adherent_id, c.periode): c for c in apres}
    for c in avant:
        cle = (c.adherent_id, c.periode)
        assert cle in par_periode, f"F4: the closing of {c.periode} disappeared"
        assert par_periode[cle] == c, f"F4: the closing of {c.periode} changed"


def verifier_sans_regularisation(cloture: Cloture) -> None:
    """F4: a closing made with no change since the previous one regularises nothing."""
    assert not cloture.regularisations, (
        f"F4: unexpected regularisations: {[r.lignes for r in cloture.regularisations]}")


Element = tuple[str, ElementFacture, TypeDeSuivi | None]


def _elements(assiette: Assiette) -> Counter[Element]:
    compte: Counter[Element] = Counter()
    for ligne in assiette.lignes:
        if ligne.cotisation:
            compte[(ligne.salarie_id, ElementFacture.COTISATION, ligne.type_de_suivi)] += 1
        if ligne.droit_entree:
            compte[(ligne.salarie_id, ElementFacture.DROIT_ENTREE, None)] += 1
    return compte


def verifier_regularisations(
    clotures: Sequence[Cloture], recalculees: Iterable[Assiette]
) -> None:
    """F4: for each closed period, its frozen assiette plus the regularisation lines the
    later closings carried for it equal ``recalculees`` (the period recomputed now with
    its own rule and barème), per salarié, element and type — and in euros."""
    par_periode = {a.periode: a for a in recalculees}
    for c in clotures:
        assert c.periode in par_periode, f"F4: no recomputed assiette for {c.periode}"
        recalculee = par_periode[c.periode]
        facture = _elements(c.assiette)
        montant = sum((ligne.montant_ht or Decimal(0) for ligne in c.assiette.lignes),
                      Decimal(0))
        for suivante in clotures:
            for r in suivante.regularisations:
                if r.periode != c.periode:
                    continue
                assert suivante.periode.debut > c.periode.debut, (
                    f"F4: {c.periode} regularised by an earlier closing")
                for ligne in r.lignes:
                    facture[(ligne.salarie_id, ligne.element, ligne.type_de_suivi)] += (
                        ligne.quantite)
                    montant += ligne.montant_ht or Decimal(0)
        facture = +facture  # drop zero counts
        assert all(n == 1 for n in facture.values()), (
            f"F4: {c.periode} billed some element more than once: {facture}")
        attendu = _elements(recalculee)
        assert facture == attendu, (
            f"F4: billed for {c.periode} {sorted(map(str, facture - attendu))} in excess, "
            f"{sorted(map(str, attendu - facture))} missing")
        if c.bareme is not None:
            du = sum((ligne.montant_ht or Decimal(0) for ligne in recalculee.lignes),
                     Decimal(0))
            assert montant == du, f"F4: billed {montant} € for {c.periode}, now due {du} €"


def recalculer_clotures(uow: UniteDeTravail, clotures: Sequence[Cloture]) -> list[Assiette]:
    """Each closed period's assiette recomputed now through the read-side port, with the
    rule and barème frozen with it and the multi-employer shares of its year (F7), as
    the next closing computes it (for :func:`verifier_regularisations`)."""
    return [assiette_facturee(uow, c.adherent_id, c.periode, c.regle, c.bareme,
                              suivi_simple=c.suivi_simple)
            for c in clotures]
