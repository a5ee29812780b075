"""The kit's oracle against what no one here computed: the worked examples of
docs/billing.md, written as raw facts (no library object), and the bug the kit once
missed: exits taking effect one day late, injected into the library's presence code."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

import rst_effectifs as rst
from rst_effectifs.adapters.memory import EtatMemoire
from rst_effectifs.domain import salaries as module_salaries
from rst_effectifs.domain.facturation import REGLES_PREDEFINIES
from rst_effectifs.testing.invariants import verifier_assiette
from rst_effectifs.testing.invariants_effectif import verifier_effectif
from rst_effectifs.testing.oracle import (
    ContratBrut,
    DossierBrut,
    MouvementBrut,
    RegleBrute,
    assiette_attendue,
    types_fixes,
)
from rst_effectifs.testing.oracle_montants import BaremeBrut, facture_attendue

D = dt.date
UN_JOUR = dt.timedelta(days=1)
NAISSANCE = D(1990, 5, 4)
TYPES = types_fixes({"vente": "SIG", "nuit": "SIA", "chantier": "SIR"})


def _dossier(nom: str, *contrats: tuple[D, D | None, str, str], sorties: tuple[D, ...] = (),
             naissance: D = NAISSANCE) -> DossierBrut:
    return DossierBrut(nom, nom, "Camille", naissance,
                       tuple(ContratBrut(f"{nom}-{i}", *c) for i, c in enumerate(contrats)),
                       tuple(MouvementBrut(True, le) for le in sorties))


# The cast of docs/billing.md, as its table states it (an exit closes the open contract).
DISTRIBUTION = (
    _dossier("Alice", (D(2020, 3, 1), None, "01", "vente")),
    _dossier("Bruno", (D(2019, 6, 1), D(2025, 3, 31), "01", "nuit"), sorties=(D(2025, 3, 31),)),
    _dossier("Chloe", (D(2025, 2, 1), D(2025, 2, 20), "02", "vente"), sorties=(D(2025, 2, 20),)),
    _dossier("David", (D(2025, 5, 1), D(2025, 6, 15), "02", "chantier"),
             sorties=(D(2025, 6, 15),)),
    _dossier("Emma", (D(2025, 1, 1), D(2025, 12, 31), "03", "vente")),
    _dossier("Farid", (D(2025, 9, 1), None, "01", "nuit")),
    _dossier("Gaelle", (D(2024, 9, 1), D(2026, 8, 31), "02", "vente"), naissance=D(2008, 6, 1)),
    _dossier("Hugo", (D(2024, 12, 1), D(2024, 12, 31), "02", "vente"), sorties=(D(2024, 12, 31),)),
    _dossier("Ines", (D(2025, 10, 1), D(2025, 10, 20), "02", "vente"),
             (D(2025, 10, 21), D(2025, 11, 30), "02", "vente"), sorties=(D(2025, 11, 30),)),
)
PREMIER_JANVIER = RegleBrute("present_au_1er_janvier")
DANS_L_ANNEE = RegleBrute("present_dans_l_annee")
PLUS_DE_31 = RegleBrute("present_dans_l_annee", 31, frozenset({"03"}))
PLUS_DE_60 = RegleBrute("present_dans_l_annee", 60, frozenset({"03"}))


def _totaux(regle: RegleBrute, an: int) -> tuple[dict[str, int], list[str]]:
    lignes = assiette_attendue(DISTRIBUTION, D(an, 1, 1), D(an, 12, 31), regle, TYPES)
    par_type = Counter(li.type_de_suivi for li in lignes.values() if li.cotisation)
    return dict(par_type), sorted(s for s, li in lignes.items() if li.droit_entree)


@pytest.mark.parametrize(("regle", "an", "par_type", "entrees"), [
    (PREMIER_JANVIER, 2025, {"SIG": 2, "SIA": 2},
     ["Chloe", "David", "Emma", "Farid", "Ines"]),
    (DANS_L_ANNEE, 2025, {"SIG": 4, "SIA": 3, "SIR": 1},
     ["Chloe", "David", "Emma", "Farid", "Ines"]),
    (PLUS_DE_31, 2025, {"SIG": 2, "SIA": 3, "SIR": 1}, ["David", "Farid", "Ines"]),
    (PLUS_DE_60, 2025, {"SIG": 2, "SIA": 3}, ["Farid", "Ines"]),
    (PLUS_DE_31, 2024, {"SIG": 1, "SIA": 2}, ["Gaelle"]),
])
def test_the_oracle_counts_the_worked_examples_of_the_billing_page(
    regle: RegleBrute, an: int, par_type: dict[str, int], entrees: list[str]
) -> None:
    assert _totaux(regle, an) == (par_type, entrees)


def test_the_oracle_prices_the_published_bareme_example_by_hand() -> None:
    """billing.md: 2024, present_dans_l_annee, SIG 89, SIA 129, entry 66, fixed 35."""
    bareme = BaremeBrut({"SIG": Decimal("89"), "SIA": Decimal("129"),
                         "SIR": Decimal("152"), "droit_entree": Decimal("66"),
                         "forfait_etablissement": Decimal("35")}, Decimal("0.20"))
    lignes = assiette_attendue(DISTRIBUTION, D(2024, 1, 1), D(2024, 12, 31), DANS_L_ANNEE,
                               TYPES)
    facture = facture_attendue(lignes.values(), bareme)
    assert [(f.code, f.quantite, str(f.montant_ht)) for f in facture.lignes] == [
        ("SIG", 2, "178.00"), ("SIA", 2, "258.00"), ("droit_entree", 2, "132.00"),
        ("forfait_etablissement", 1, "35.00")]
    assert (str(facture.total_ht), str(facture.tva), str(facture.total_ttc)) == (
        "603.00", "120.60", "723.60")


# -- the injected bug --------------------------------------------------------------------------
AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))


def _une_sortie() -> tuple[rst.Contexte, rst.Adherent, str]:
    """One member, one CDI from 01/03/2024, exit on 30/06/2025."""
    etat = EtatMemoire()
    ctx = rst.en_memoire(etat=etat)
    adherent = rst.executer(ctx, AGENT, rst.CreerAdherent(
        numero="000077", siret="73282932000074", raison_sociale="Essai",
        email_connexion="contact@essai.fr"))
    poste = rst.executer(ctx, AGENT, rst.AjouterPoste(adherent.id, "Vente"))
    alice = rst.executer(ctx, AGENT, rst.EmbaucherSalarie(
        adherent.id, "Martin", "Alice", D(1990, 1, 2),
        rst.NouveauContrat(rst.NatureContrat.CDI, D(2024, 3, 1), poste.id)))
    rst.executer(ctx, AGENT, rst.SortirDeLEffectif(adherent.id, "s1", (alice.id,),
                                                   D(2025, 6, 30)))
    return ctx, etat.adherents[adherent.id], alice.id


def _sorties_un_jour_trop_tard(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bug: every stretch of presence ends one day after its exit."""
    exact = module_salaries._presences

    def en_retard(entree: D | None, mouvements: tuple[module_salaries.Mouvement, ...]
                  ) -> tuple[rst.Periode, ...]:
        return tuple(rst.Periode(p.debut, None if p.fin is None else p.fin + UN_JOUR)
                     for p in exact(entree, mouvements))

    monkeypatch.setattr(module_salaries, "_presences", en_retard)


def _verifier(ctx: rst.Contexte, adherent: rst.Adherent) -> None:
    assiette = rst.executer(ctx, AGENT, rst.CalculerAssiette(
        adherent.id, D(2025, 1, 1), D(2025, 12, 31), regle="present_dans_l_annee"))
    with ctx.unite_de_travail() as uow:
        salaries = list(uow.salaries.tous(adherent.id))
    verifier_assiette(assiette, adherent, salaries, REGLES_PREDEFINIES["present_dans_l_annee"])
    effectif = rst.executer(ctx, AGENT, rst.ConsulterEffectif(adherent.id, D(2025, 7, 1)))
    verifier_effectif(effectif, adherent, salaries)


def test_the_kit_holds_on_a_correct_exit() -> None:
    _verifier(*_une_sortie()[:2])


def test_the_kit_catches_exits_taking_effect_one_day_late(
        monkeypatch: pytest.MonkeyPatch) -> None:
    ctx, adherent, alice = _une_sortie()
    _sorties_un_jour_trop_tard(monkeypatch)
    assiette = rst.executer(ctx, AGENT, rst.CalculerAssiette(
        adherent.id, D(2025, 1, 1), D(2025, 12, 31), regle="present_dans_l_annee"))
    assert assiette.lignes[0].au == D(2025, 7, 1)  # the library is wrong: billed a day more
    with pytest.raises(AssertionError, match=r"E3: .* billed on 01/07/2025"):
        _verifier(ctx, adherent)
    effectif = rst.executer(ctx, AGENT, rst.ConsulterEffectif(adherent.id, D(2025, 7, 1)))
    assert effectif.nombre == 1
    with ctx.unite_de_travail() as uow:
        salaries = list(uow.salaries.tous(adherent.id))
    with pytest.raises(AssertionError, match=rf"E4: .*counted but not present \['{alice}'\]"):
        verifier_effectif(effectif, adherent, salaries)
