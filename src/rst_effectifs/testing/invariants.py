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
from ..domain.contrats import Contrat
from ..domain.effectif import type_de_suivi_le
from ..domain.facturation import (
    Assiette,
    Bareme,
    LigneAssiette,
    ModeDeComptage,
    MotifDeComptage,
    RegleDeComptage,
)
from ..domain.periodes import Periode
from ..domain.salaries import Salarie
from ..domain.suivi import TypeDeSuivi
from ..ports.unit_of_work import UniteDeTravail

__all__ = [
    "comptage_brut",
    "recalculer_clotures",
    "verifier_assiette",
    "verifier_clotures_intactes",
    "verifier_comptage_brut",
    "verifier_regularisations",
    "verifier_sans_regularisation",
    "verifier_totaux",
    "verifier_une_fois_par_personne",
]

_J = dt.timedelta(days=1)
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
    for f in montants.lignes:
        assert f.montant_ht == f.quantite * f.prix_unitaire, (
            f"F2: invoice line {f.code}: {f.quantite} × {f.prix_unitaire} != {f.montant_ht}")
        assert f.prix_unitaire == _cents(f.prix_unitaire), f"F2: unit price {f.prix_unitaire}"
        quantites[f.code] += f.quantite
    # A zero-priced element has no invoice line; any other line counts what the lines say.
    par_code = {**{t.value: attendu[t] for t in TypeDeSuivi}, "droit_entree": entrees}
    gratuits = set() if bareme is None else {
        code for code, p in (("SIG", bareme.prix_sig), ("SIA", bareme.prix_sia),
                             ("SIR", bareme.prix_sir), ("droit_entree", bareme.droit_entree))
        if _cents(p) == 0}
    for code, n in par_code.items():
        if code in quantites or (bareme is not None and code not in gratuits):
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
        prix = {"SIG": bareme.prix_sig, "SIA": bareme.prix_sia, "SIR": bareme.prix_sir,
                "droit_entree": bareme.droit_entree,
                "forfait_etablissement": bareme.forfait_etablissement}
        for f in montants.lignes:
            assert f.prix_unitaire == _cents(prix[f.code]), (
                f"F2: unit price of {f.code} {f.prix_unitaire} != barème {prix[f.code]}")
        assert montants.taux_tva == bareme.taux_tva, "F2: VAT rate differs from the barème"


# -- the brute-force count ---------------------------------------------------------------------
class _Brut:
    """Day-by-day answers for one salarié, straight from the presence rules."""

    def __init__(self, salarie: Salarie, regle: RegleDeComptage) -> None:
        self.s = salarie
        self.regle = regle
        self.eligibles = [c for c in salarie.contrats_actifs
                          if c.nature not in regle.natures_exclues]
        self._chaines: dict[str, bool] = {}
        self._presences = salarie.periodes_de_presence()

    def _couvert(self, jour: dt.date) -> Contrat | None:
        return next((c for c in self.eligibles if c.couvre(jour)), None)

    def _chaine_longue(self, contrat: Contrat) -> bool:
        """Walk the days covered without a break by non-excluded contracts."""
        minimum = self.regle.duree_min_embauche_jours
        if minimum is None:
            return True
        if contrat.id not in self._chaines:
            debut = contrat.debut
            while (avant := self._couvert(debut - _J)) is not None:
                debut = avant.debut
            jour, longue = debut, False
            while (c := self._couvert(jour)) is not None:
                if c.fin is None:
                    longue = True
                    break
                jour = c.fin + _J
            longue = longue or (jour - debut).days > minimum
            self._chaines[contrat.id] = longue
        return self._chaines[contrat.id]

    def comptable(self, jour: dt.date) -> bool:
        if not any(p.contient(jour) for p in self._presences):
            return False
        contrat = self.s.contrat_le(jour)
        return (contrat is not None and contrat.nature not in self.regle.natures_exclues
                and self._chaine_longue(contrat))


def _jours(debut: dt.date, fin: dt.date) -> Iterable[dt.date]:
    jour = debut
    while jour <= fin:
        yield jour
        jour += _J


def comptage_brut(
    adherent: Adherent, salaries: Iterable[Salarie], periode: Periode, regle: RegleDeComptage
) -> dict[str, tuple[bool, bool, TypeDeSuivi, MotifDeComptage, dt.date, dt.date]]:
    """The expected lines, day by day: salarié id → (per capita, entry fee, follow-up
    type, reason, first and last countable day in the period). Slow on purpose (one
    check per day from the salarié's entry to the period's end)."""
    assert periode.fin is not None
    postes = adherent.postes_par_id()
    attendu = {}
    for s in salaries:
        if s.adherent_id != adherent.id or s.annule or s.date_entree is None:
            continue
        brut = _Brut(s, regle)
        dans = [j for j in _jours(periode.debut, periode.fin) if brut.comptable(j)]
        if not dans:
            continue
        nouveau = not any(brut.comptable(j)
                          for j in _jours(s.date_entree, periode.debut - _J))
        if regle.mode is ModeDeComptage.PRESENT_AU_1ER_JANVIER:
            par_tete = dans[0] == periode.debut
            motif = (MotifDeComptage.PRESENT_AU_1ER_JANVIER if par_tete
                     else MotifDeComptage.EMBAUCHE_DANS_LA_PERIODE)
            reference = periode.debut if par_tete else dans[-1]
        else:
            par_tete, motif, reference = True, MotifDeComptage.PRESENT_DANS_L_ANNEE, dans[-1]
        if par_tete or nouveau:
            attendu[s.id] = (par_tete, nouveau, type_de_suivi_le(s, reference, postes), motif,
                             dans[0], dans[-1])
    return attendu


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


def verifier_assiette(
    assiette: Assiette, adherent: Adherent, salaries: Iterable[Salarie],
    regle: RegleDeComptage, bareme: Bareme | None = None,
) -> None:
    """F1, F2 and F5 on one assiette."""
    verifier_une_fois_par_personne(assiette)
    verifier_totaux(assiette, bareme)
    verifier_comptage_brut(assiette, adherent, list(salaries), regle)


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
