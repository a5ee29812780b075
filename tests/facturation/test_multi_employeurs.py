"""F7, multi-employer workers, through the use cases: the dated facts on each side of
their dates (1 January 2024, 31 January, 28 February), the conditions of D4624-59, the
principal employer and the cents, what a member sees (its share, nothing of the others),
idempotence and the journal, regularisation of a closed year (F4), RST's totals."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

import rst_effectifs as rst
from banc_multi_employeurs import (
    AGENT,
    BAREME,
    REGLE,
    D,
    Membre,
    assiette,
    enregistrer,
    membre,
    montant_du_salarie,
    nir,
)
from rst_effectifs.testing.invariants import recalculer_clotures, verifier_regularisations


def _ctx(instant: dt.datetime | None = None) -> rst.Contexte:
    return rst.en_memoire(horloge=rst.HorlogeFixe(instant or dt.datetime(
        2025, 2, 10, 9, 0, tzinfo=dt.UTC)))


def _refus(ctx: rst.Contexte, annee: int, membres: list[Membre], code: str) -> None:
    with pytest.raises(rst.ErreurDomaine) as refus:
        enregistrer(ctx, annee, membres)
    assert (refus.value.code, refus.value.regle) == (code, "F7"), refus.value
    assert nir(1) not in refus.value.message and nir(1) not in str(refus.value.details)


def test_the_rounding_rule_of_the_documentation() -> None:
    """docs/billing.md: 100.01 € over three employers; the principal takes the cent."""
    assert rst.repartir(Decimal("100.01"), 3) == (Decimal("33.34"), Decimal("33.34"),
                                                   Decimal("33.33"))
    assert rst.repartir(Decimal("116"), 2) == (Decimal("58.00"), Decimal("58.00"))
    assert rst.part_du_prix(Decimal("100.01"), rst.PartMultiEmployeur(2, 2)) == Decimal("50.00")


def test_cost_sharing_starts_on_1_january_2024() -> None:
    """Décret n° 2023-547, art. 3 I: 2023 refused, 2024 recorded (each side of the date)."""
    assert rst.PARTAGE_MULTI_EMPLOYEURS.depuis == D(2024, 1, 1)
    assert "2023-547" in rst.PARTAGE_MULTI_EMPLOYEURS.reference.texte
    assert rst.PARTAGE_MULTI_EMPLOYEURS in rst.FAITS  # with every legal fact
    ctx = _ctx()
    membres = [membre(ctx, D(2020, 1, 1), nir=nir(1)), membre(ctx, D(2021, 1, 1), nir=nir(1))]
    _refus(ctx, 2023, membres, "multi_employeur.avant_partage")
    assert enregistrer(ctx, 2024, membres).enregistre
    assert assiette(ctx, membres[0], 2023).lignes[0].part is None
    assert assiette(ctx, membres[0], 2024).lignes[0].part == rst.PartMultiEmployeur(1, 2)


def test_the_situation_on_31_january_counts_and_later_changes_nothing() -> None:
    """A second employer from 31 January shares 2025; from 1 February it does not, and
    the year's fee stays whole for both."""
    ctx = _ctx()
    ancien = membre(ctx, D(2019, 5, 2), nir=nir(1))
    au_31 = membre(ctx, D(2025, 1, 31), nir=nir(1))
    assert enregistrer(ctx, 2025, [ancien, au_31]).enregistre
    ancien2 = membre(ctx, D(2019, 5, 2), nir=nir(2))
    au_1er = membre(ctx, D(2025, 2, 1), nir=nir(2))
    _refus(ctx, 2025, [ancien2, au_1er], "multi_employeur.pas_au_31_janvier")
    for m in (ancien2, au_1er):
        assert montant_du_salarie(assiette(ctx, m), m.salarie_id) == Decimal("100.01")
    assert enregistrer(ctx, 2026, [ancien2, au_1er]).enregistre  # the next year it counts


@pytest.mark.parametrize(("autre", "code"), [
    ({"fin": D(2025, 1, 30), "nature": rst.NatureContrat.CDD},
     "multi_employeur.pas_au_31_janvier"),
    ({"nature": rst.NatureContrat.MISSION_INTERIM}, "multi_employeur.pas_au_31_janvier"),
    ({"nature": rst.NatureContrat.STAGE}, "multi_employeur.pas_au_31_janvier"),
    ({"risques": frozenset({rst.Risque.TRAVAIL_DE_NUIT})}, "multi_employeur.types_differents"),
    ({"pcs": "684a"}, "multi_employeur.categories_differentes"),
])
def test_the_conditions_of_d4624_59(autre: dict[str, object], code: str) -> None:
    """Two simultaneous CDI/CDD on 31 January, the same follow-up type, the same
    socio-professional category where the postes say it (PCS-ESE, first two digits)."""
    ctx = _ctx()
    premier = membre(ctx, D(2020, 1, 1), nir=nir(1), pcs="525a")
    second = membre(ctx, D(2024, 6, 1), nir=nir(1), **autre)  # type: ignore[arg-type]
    _refus(ctx, 2025, [premier, second], code)


def test_same_category_several_codes_and_cdd_or_intermittent_cdi_qualify() -> None:
    ctx = _ctx()
    membres = [membre(ctx, D(2020, 1, 1), nir=nir(1), pcs="525a"),
               membre(ctx, D(2024, 12, 1), nir=nir(1), pcs="525d", fin=D(2025, 6, 30),
                      nature=rst.NatureContrat.CDD),
               membre(ctx, D(2023, 1, 1), nir=nir(1),
                      nature=rst.NatureContrat.CDI_INTERMITTENT)]
    assert [e.part for e in enregistrer(ctx, 2025, membres).emplois] == [
        rst.PartMultiEmployeur(1, 3), rst.PartMultiEmployeur(3, 3), rst.PartMultiEmployeur(2, 3)]


def test_files_of_one_member_or_of_different_people_are_refused() -> None:
    ctx = _ctx()
    un = membre(ctx, D(2020, 1, 1), nir=nir(1))
    autre_personne = membre(ctx, D(2020, 1, 1), nir=nir(2))
    _refus(ctx, 2025, [un, autre_personne], "multi_employeur.nir_different")
    with pytest.raises(rst.DonneeInvalide) as refus:
        enregistrer(ctx, 2025, [un, un])
    assert refus.value.code == "multi_employeur.adherent_en_double"
    with pytest.raises(rst.DonneeInvalide) as inconnue:
        rst.executer(ctx, AGENT, rst.EnregistrerMultiEmployeur(2025, (
            rst.FicheDesignee(un.adherent_id, un.salarie_id),
            rst.FicheDesignee(autre_personne.adherent_id, "inconnu"))))
    assert (inconnue.value.code, inconnue.value.chemin) == (
        "multi_employeur.fiche_introuvable", "fiches[1]")


def test_the_oldest_employer_is_principal_and_the_shares_add_up_to_the_fee() -> None:
    ctx = _ctx()
    recent = membre(ctx, D(2024, 3, 1), nir=nir(1))
    ancien = membre(ctx, D(2018, 9, 1), nir=nir(1))
    moyen = membre(ctx, D(2021, 1, 4), nir=nir(1))
    situation = enregistrer(ctx, 2025, [recent, ancien, moyen])
    assert [(e.salarie_id, e.part) for e in situation.emplois] == [
        (recent.salarie_id, rst.PartMultiEmployeur(3, 3)),
        (ancien.salarie_id, rst.PartMultiEmployeur(1, 3)),
        (moyen.salarie_id, rst.PartMultiEmployeur(2, 3))]
    montants = [montant_du_salarie(assiette(ctx, m), m.salarie_id) for m in (ancien, moyen,
                                                                              recent)]
    assert montants == [Decimal("33.34"), Decimal("33.34"), Decimal("33.33")]
    assert sum(montants) == Decimal("100.01")


def test_a_member_sees_its_share_and_nothing_of_the_other_employers() -> None:
    ctx = _ctx()
    a = membre(ctx, D(2019, 1, 1), nir=nir(1), nom="Visible")
    b = membre(ctx, D(2022, 1, 1), nir=nir(1), nom="Visible")
    enregistrer(ctx, 2025, [a, b])
    vu_par_b = [
        rst.executer(ctx, b.acces, rst.ConsulterMultiEmployeur(b.adherent_id, b.salarie_id)),
        assiette(ctx, b),
        rst.executer(ctx, b.acces, rst.ConsulterJournal(b.adherent_id)),
    ]
    (ligne,) = vu_par_b[1].lignes
    assert ligne.part is not None and ligne.part.libelle == (
        "salarié multi-employeur — part 1/2")
    assert [p.libelle for p in vu_par_b[0].parts] == [
        "2025 : salarié multi-employeur — part 1/2"]
    convertisseur = rst.convertisseur_pour(b.acces)
    texte = json.dumps([convertisseur.unstructure(v) for v in vu_par_b], ensure_ascii=False)
    for secret in (a.adherent_id, a.numero, a.raison_sociale, a.salarie_id, nir(1)):
        assert secret not in texte
    (facture,) = [f for f in vu_par_b[1].montants.lignes if f.employeurs]  # type: ignore[union-attr]
    assert (facture.code, facture.quantite, facture.prix_unitaire, facture.employeurs) == (
        "SIG", 1, Decimal("50.00"), 2)


def test_recording_again_changes_nothing_and_each_member_is_journaled_once() -> None:
    ctx = _ctx()
    membres = [membre(ctx, D(2019, 1, 1), nir=nir(1)), membre(ctx, D(2022, 1, 1), nir=nir(1))]
    enregistrer(ctx, 2025, membres)
    enregistrer(ctx, 2025, list(reversed(membres)))  # the same files, another order
    for m in membres:
        entrees = [e for e in rst.executer(ctx, AGENT, rst.ConsulterJournal(m.adherent_id))
                   if e.quoi == "facturation.multi_employeur"]
        assert [(e.qui, e.salarie_id, dict(e.donnees)) for e in entrees] == [
            ("agent@rst.fr", m.salarie_id, {"annee": "2025", "employeurs": "2"})]


def test_a_third_employer_replaces_the_record_and_a_member_left_out_pays_in_full() -> None:
    ctx = _ctx()
    a, b, c = (membre(ctx, D(2019 + n, 1, 1), nir=nir(1)) for n in range(3))
    enregistrer(ctx, 2025, [a, b])
    enregistrer(ctx, 2025, [a, c])
    assert assiette(ctx, b).lignes[0].part is None
    assert assiette(ctx, c).lignes[0].part == rst.PartMultiEmployeur(2, 2)
    retraits = [e for e in rst.executer(ctx, AGENT, rst.ConsulterJournal(b.adherent_id))
                if e.quoi == "facturation.multi_employeur_retire"]
    assert len(retraits) == 1
    page = rst.executer(ctx, AGENT, rst.ListerMultiEmployeurs(2025))
    (personne,) = page.personnes
    assert personne.enregistre and personne.nir_masque == rst.Nir(nir(1)).masque()
    assert {e.salarie_id: e.part for e in personne.emplois} == {
        a.salarie_id: rst.PartMultiEmployeur(1, 2), b.salarie_id: None,
        c.salarie_id: rst.PartMultiEmployeur(2, 2)}


@pytest.mark.parametrize(("jour", "en_retard"), [(D(2025, 2, 28), False),
                                                 (D(2025, 3, 1), True)])
def test_members_declare_by_28_february_and_rst_sees_it_beside_the_nir_match(
        jour: dt.date, en_retard: bool) -> None:
    ctx = _ctx(dt.datetime.combine(jour, dt.time(23, 0), tzinfo=dt.UTC))
    a = membre(ctx, D(2019, 1, 1), nir=nir(1))
    b = membre(ctx, D(2022, 1, 1), nir=nir(1))
    seul = membre(ctx, D(2022, 1, 1), nir=nir(2))
    for m in (b, seul):
        faite = rst.executer(ctx, m.acces, rst.DeclarerMultiEmployeur(
            m.adherent_id, m.salarie_id, 2025, 2))
        assert faite.en_retard is en_retard
        assert rst.executer(ctx, m.acces, rst.DeclarerMultiEmployeur(
            m.adherent_id, m.salarie_id, 2025, 2)) == faite  # again: unchanged
    page = rst.executer(ctx, AGENT, rst.ListerMultiEmployeurs(2025))
    par_fiche = {e.salarie_id: e for p in page.personnes for e in p.emplois}
    assert par_fiche[a.salarie_id].declaration is None
    assert par_fiche[b.salarie_id].declaration.autres_employeurs == 2  # type: ignore[union-attr]
    (seule,) = [p for p in page.personnes if len(p.emplois) == 1]
    assert seule.code_refus == "multi_employeur.un_seul_employeur"
    journal = [e for e in rst.executer(ctx, b.acces, rst.ConsulterJournal(b.adherent_id))
               if e.quoi == "salarie.multi_employeur_declare"]
    assert len(journal) == 1


def test_members_are_refused_the_rst_use_cases() -> None:
    ctx = _ctx()
    a = membre(ctx, D(2019, 1, 1), nir=nir(1))
    b = membre(ctx, D(2022, 1, 1), nir=nir(1))
    for commande in (rst.ListerMultiEmployeurs(2025), rst.EnregistrerMultiEmployeur(2025, (
            rst.FicheDesignee(a.adherent_id, a.salarie_id),
            rst.FicheDesignee(b.adherent_id, b.salarie_id)))):
        with pytest.raises(rst.AccesInterdit):
            rst.executer(ctx, a.acces, commande)
    assert assiette(ctx, a).lignes[0].part is None


def test_a_closed_year_is_regularised_on_the_next_closing(
        fabrique_contexte: object) -> None:
    """F4 + F7 on every storage: 2025 closed at the full fee, then recorded
    multi-employer for 2025: the 2026 closing credits the full fee and bills the share."""
    ctx = fabrique_contexte(horloge=rst.HorlogeFixe(dt.datetime(  # type: ignore[operator]
        2026, 1, 5, 9, 0, tzinfo=dt.UTC)), nouvel_id=None)
    a = membre(ctx, D(2019, 1, 1), nir=nir(1))
    b = membre(ctx, D(2022, 1, 1), nir=nir(1))
    for m in (a, b):
        rst.executer(ctx, m.acces, rst.CloturerPeriode(
            m.adherent_id, D(2025, 1, 1), D(2025, 12, 31), regle=REGLE,
            bareme_sur_mesure=BAREME))
    enregistrer(ctx, 2025, [a, b])
    lignes = {}
    for m, part in ((a, Decimal("50.01")), (b, Decimal("50.00"))):
        cloture = rst.executer(ctx, m.acces, rst.CloturerPeriode(
            m.adherent_id, D(2026, 1, 1), D(2026, 12, 31), regle=REGLE,
            bareme_sur_mesure=rst.Bareme("2026", prix_sig="100", prix_sia="110",
                                         prix_sir="120"), cout_moyen="116"))
        (regularisation,) = cloture.regularisations
        lignes[m.salarie_id] = [(ligne.quantite, ligne.montant_ht, ligne.part, ligne.motif)
                                for ligne in regularisation.lignes]
        assert sorted(x[:2] for x in lignes[m.salarie_id]) == [
            (-1, Decimal("-100.01")), (1, part)]
        assert regularisation.montants is not None
        assert regularisation.montants.total_ht == part - Decimal("100.01")
        clotures = rst.executer(ctx, m.acces, rst.ListerClotures(m.adherent_id))
        with ctx.unite_de_travail() as uow:
            verifier_regularisations(clotures, recalculer_clotures(uow, clotures))
    motifs = {motif for entrees in lignes.values() for *_x, motif in entrees}
    assert motifs == {
        "Cotisation entière remplacée après la clôture par une part multi-employeur "
        "(salarié multi-employeur — part 1/2).",
        "Salarié multi-employeur enregistré après la clôture : salarié multi-employeur — "
        "part 1/2 de la cotisation."}


def test_rst_totals_follow_the_shares() -> None:
    ctx = _ctx()
    a = membre(ctx, D(2019, 1, 1), nir=nir(1))
    b = membre(ctx, D(2022, 1, 1), nir=nir(1))
    enregistrer(ctx, 2025, [a, b])
    totaux = rst.executer(ctx, AGENT, rst.CalculerTotaux(
        D(2025, 1, 1), D(2025, 12, 31), regle=REGLE, bareme_sur_mesure=BAREME))
    for m in (a, b):
        (t,) = [t for t in totaux if t.adherent_id == m.adherent_id]
        assert t == rst.TotauxAssiette.de_l_assiette(assiette(ctx, m))
    assert sum(t.montants.total_ht for t in totaux) == Decimal("100.01") + 2 * Decimal("35")
