"""Planning and applying an import: matching (S2), contract changes (C3), exits (E2/E3),
one transaction, idempotence. Runs on every storage (memory, SQLite, PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from monde_import import (
    AGENT,
    NIR_MARTIN,
    NIR_SANTONI,
    NIRS_EXEMPLE,
    SIRET_RENNES,
    Monde,
    contexte_piege,
    creer_adherent,
    photo,
    salarie_par_nom,
)
from monde_import import nir as avec_cle

import rst_effectifs as rst
from rst_effectifs.application.commandes import ImporterDeclaration
from rst_effectifs.application.declarations import (
    ContratImporte,
    DeclarationImportee,
    EtablissementImporte,
    FinDeContrat,
    IndividuImporte,
)
from rst_effectifs.application.imports import PlanImport, importer_declaration
from rst_effectifs.exemples import chemin_exemple
from rst_effectifs.formats.dsn import lire_dsn

D = dt.date
DSN = lire_dsn(chemin_exemple("exemple.dsn"))


def importer(monde: Monde, declaration: DeclarationImportee = DSN, appliquer: bool = False,
             **options: bool) -> PlanImport:
    return importer_declaration(monde.ctx, monde.acces, ImporterDeclaration(
        monde.adherent.id, declaration, appliquer=appliquer, **options))


def noms(lignes: tuple[object, ...]) -> list[str]:
    return [getattr(ligne, "nom") for ligne in lignes]  # noqa: B009


def test_dry_run_lists_hires_changes_exits_and_unmatched_postes(monde: Monde) -> None:
    plan = importer(monde)
    assert not plan.applique
    assert noms(plan.embauches) == ["SANTONI", "N'DIAYE"]
    assert all(e.salarie_id is None for e in plan.embauches)
    assert [(c.salarie_id, c.contrat.numero, c.contrat.debut, c.contrat.nature)
            for c in plan.changements] == [
        (monde.martin, "C0011", D(2024, 3, 11), rst.NatureContrat.CDI)]
    assert [(s.salarie_id, s.le, s.motif) for s in plan.sorties] == [
        (monde.rousseau, D(2024, 3, 15), "031")]
    assert [(n.salarie_id, n.nir_masque) for n in plan.nirs_completes] == [
        (monde.martin, "2 96 01 ** *** *** **")]
    assert [i.salarie_id for i in plan.inchanges] == [monde.dupont]
    manquant, = plan.postes_non_trouves
    assert (manquant.code_pcs, manquant.libelle, manquant.personnes) == (
        "651a", "Grutier", ("GARNIER Hugo",))
    assert plan.etablissements_ignores == (SIRET_RENNES,)
    assert plan.rejets == () and plan.postes_crees == ()
    assert plan.nombre_de_changements == 5 and not plan.vide


def test_dry_run_writes_nothing(monde: Monde) -> None:
    avant = photo(monde.ctx, monde.adherent.id)
    importer(monde)
    importer(monde, creer_postes=True)
    assert photo(monde.ctx, monde.adherent.id) == avant


def test_applying_does_what_the_dry_run_said(monde: Monde) -> None:
    prevu = importer(monde)
    fait = importer(monde, appliquer=True)
    assert fait.applique
    assert attrs.evolve(fait, applique=False, embauches=tuple(
        attrs.evolve(e, salarie_id=None) for e in fait.embauches)) == prevu
    poste_ids = {c.poste_id for e in fait.embauches for c in e.contrats}
    assert poste_ids == {monde.postes["Maçon"], monde.postes["Électricien"]}
    santoni, = salarie_par_nom(monde.ctx, monde.adherent.id, "SANTONI")
    assert santoni.identite.nir is not None and santoni.identite.nir.valeur == NIR_SANTONI
    assert santoni.id == fait.embauches[0].salarie_id
    ndiaye, = salarie_par_nom(monde.ctx, monde.adherent.id, "N'DIAYE")
    assert ndiaye.contrats[0].poste_id == monde.postes["Électricien"]  # by label, no accent
    assert ndiaye.contrats[0].nature is rst.NatureContrat.MISSION_INTERIM
    assert salarie_par_nom(monde.ctx, monde.adherent.id, "GARNIER") == []


def test_contract_change_keeps_one_file_and_completes_the_nir(monde: Monde) -> None:
    importer(monde, appliquer=True)
    martin, = salarie_par_nom(monde.ctx, monde.adherent.id, "Martin")
    assert martin.id == monde.martin
    assert martin.identite.nir is not None and martin.identite.nir.valeur == NIR_MARTIN
    assert [(c.numero, c.debut, c.fin) for c in martin.contrats] == [
        ("C0010", D(2024, 1, 2), D(2024, 3, 10)), ("C0011", D(2024, 3, 11), None)]
    assert martin.mouvements == ()  # the CDI follows on: no exit (C3)


def test_end_of_contract_takes_the_person_out_on_its_last_day(monde: Monde) -> None:
    importer(monde, appliquer=True)
    rousseau = rst.consulter_salarie(monde.ctx, AGENT, rst.ConsulterSalarie(
        monde.adherent.id, monde.rousseau))
    sortie, = rousseau.mouvements
    assert isinstance(sortie, rst.Sortie)
    assert (sortie.le, sortie.motif) == (D(2024, 3, 15), "031")
    assert rousseau.present_le(D(2024, 3, 15)) and not rousseau.present_le(D(2024, 3, 16))
    effectif = rst.consulter_effectif(monde.ctx, AGENT, rst.ConsulterEffectif(
        monde.adherent.id, D(2024, 3, 20)))
    assert sorted(ligne.nom for ligne in effectif.lignes) == [
        "Dupont", "Martin", "N'DIAYE", "SANTONI"]


def test_importing_the_same_file_twice_changes_nothing(monde: Monde) -> None:
    premier = importer(monde, appliquer=True)
    apres_premier = photo(monde.ctx, monde.adherent.id)
    second = importer(monde, appliquer=True)
    assert second.vide and second.nombre_de_changements == 0
    assert len(second.inchanges) == len(premier.embauches) + 3
    assert second.postes_non_trouves == premier.postes_non_trouves
    assert photo(monde.ctx, monde.adherent.id) == apres_premier


def test_applying_is_one_transaction(monde: Monde) -> None:
    avant = photo(monde.ctx, monde.adherent.id)
    piege = attrs.evolve(monde, ctx=contexte_piege(monde.ctx, 3))
    with pytest.raises(rst.ErreurTechnique):
        importer(piege, appliquer=True)
    assert photo(monde.ctx, monde.adherent.id) == avant
    assert importer(monde, appliquer=True).nombre_de_changements == 5


def test_poste_archived_after_the_dry_run_leaves_its_people_out(monde: Monde) -> None:
    prevu = importer(monde)
    assert "SANTONI" in noms(prevu.embauches)
    rst.archiver_poste(monde.ctx, AGENT, rst.ArchiverPoste(monde.adherent.id,
                                                            monde.postes["Maçon"]))
    fait = importer(monde, appliquer=True)
    assert noms(fait.embauches) == ["N'DIAYE"]
    assert fait.changements == ()  # MARTIN's CDI needs the Maçon poste too
    assert {p.personnes for p in fait.postes_non_trouves} >= {("SANTONI Jean-Baptiste",)}
    assert salarie_par_nom(monde.ctx, monde.adherent.id, "SANTONI") == []
    martin, = salarie_par_nom(monde.ctx, monde.adherent.id, "Martin")
    assert len(martin.contrats) == 1 and martin.identite.nir is None


def test_file_of_another_establishment_is_refused(monde: Monde) -> None:
    rennes = creer_adherent(monde.ctx, numero="1002", siret="84205317500035")
    acces = rst.Acces(rst.Email.parse("rh@rennes.example"), rennes.id,
                      frozenset({rst.Role.ADMINISTRATEUR}))
    with pytest.raises(rst.RegleMetier) as refus:
        importer_declaration(monde.ctx, acces, ImporterDeclaration(rennes.id, DSN, True))
    assert refus.value.code == "import.etablissement_absent"
    assert SIRET_RENNES in refus.value.message


def test_the_other_establishment_imports_its_own_people(monde: Monde) -> None:
    rennes = creer_adherent(monde.ctx, numero="1002", siret=SIRET_RENNES)
    plan = importer_declaration(monde.ctx, AGENT, ImporterDeclaration(
        rennes.id, DSN, appliquer=True, creer_postes=True))
    assert noms(plan.embauches) == ["LEROY", "FONTAINE"]
    assert [(p.libelle, p.code_pcs) for p in plan.postes_crees] == [
        ("Apprentie maçonne", "632a"), ("Secrétaire", "542a")]
    leroy, = salarie_par_nom(monde.ctx, rennes.id, "LEROY")
    assert leroy.contrats[0].dispositif == "64"


def test_import_needs_the_declaration_role_on_that_adherent(monde: Monde) -> None:
    lecture = attrs.evolve(monde.acces, roles=frozenset({rst.Role.LECTURE}))
    with pytest.raises(rst.AccesInterdit):
        importer_declaration(monde.ctx, lecture, ImporterDeclaration(monde.adherent.id, DSN))
    autre = attrs.evolve(monde.acces, adherent_id="autre")
    with pytest.raises(rst.Introuvable):
        importer_declaration(monde.ctx, autre, ImporterDeclaration(monde.adherent.id, DSN))


def test_creating_missing_postes_on_request(monde: Monde) -> None:
    prevu = importer(monde, creer_postes=True)
    assert [(p.poste_id, p.libelle, p.code_pcs) for p in prevu.postes_crees] == [
        (None, "Grutier", "651a")]
    fait = importer(monde, appliquer=True, creer_postes=True)
    poste_id = fait.postes_crees[0].poste_id
    garnier, = salarie_par_nom(monde.ctx, monde.adherent.id, "GARNIER")
    assert garnier.contrats[0].poste_id == poste_id
    postes = rst.lister_postes(monde.ctx, AGENT, rst.ListerPostes(monde.adherent.id))
    assert {p.libelle for p in postes} == {"Secrétaire de direction", "Maçon", "Électricien",
                                           "Cariste", "Grutier"}
    assert importer(monde, creer_postes=True).vide


def identite(nom: str, nir: str | None = None) -> rst.Identite:
    return rst.Identite(nom=nom, prenoms="Alex", date_naissance=D(1990, 5, 4),
                        nir=None if nir is None else rst.Nir.parse(nir))


def declaration(*individus: IndividuImporte) -> DeclarationImportee:
    return DeclarationImportee((EtablissementImporte(None, individus, 1),), source="test")


def cdd(debut: dt.date, fin: dt.date | None = None, numero: str | None = None,
        sortie: dt.date | None = None, ligne: int = 2) -> ContratImporte:
    return ContratImporte(
        nature=rst.NatureContrat.CDD, debut=debut, libelle_poste="maçon", numero=numero,
        fin_prevue=fin, fin=None if sortie is None else FinDeContrat(sortie, "031", ligne),
        ligne=ligne)


def test_same_person_twice_in_one_file_gets_one_file(monde: Monde) -> None:
    personne = identite("Lambert", avec_cle("1900575056123"))
    plan = importer(monde, declaration(
        IndividuImporte(personne, (cdd(D(2024, 1, 8), D(2024, 1, 31)),), 1),
        IndividuImporte(personne, (cdd(D(2024, 2, 5)),), 10),
    ), appliquer=True)
    embauche, = plan.embauches
    assert [c.debut for c in embauche.contrats] == [D(2024, 1, 8), D(2024, 2, 5)]
    lambert, = salarie_par_nom(monde.ctx, monde.adherent.id, "Lambert")
    assert len(lambert.contrats) == 2


def test_exit_then_later_contract_exits_and_reintegrates(monde: Monde) -> None:
    personne = identite("Moulin")
    fichier = declaration(IndividuImporte(personne, (
        cdd(D(2024, 1, 8), D(2024, 1, 31), "X1", sortie=D(2024, 1, 31), ligne=3),
        cdd(D(2024, 3, 4), numero="X2", ligne=8)), 1))
    plan = importer(monde, fichier, appliquer=True)
    assert [(s.le, s.ligne) for s in plan.sorties] == [(D(2024, 1, 31), 3)]
    moulin, = salarie_par_nom(monde.ctx, monde.adherent.id, "Moulin")
    assert not moulin.present_le(D(2024, 2, 15)) and moulin.present_le(D(2024, 3, 4))
    assert importer(monde, fichier, appliquer=True).vide


def test_refused_person_is_listed_and_the_rest_applied(monde: Monde) -> None:
    rst.sortir(monde.ctx, AGENT, rst.SortirDeLEffectif(
        monde.adherent.id, "r1", (monde.rousseau,), D(2024, 3, 1)))
    plan = importer(monde, appliquer=True)
    rejet, = plan.rejets
    assert (rejet.nom, rejet.code, rejet.regle) == ("ROUSSEAU", "sortie.deja_sorti", "E2")
    assert noms(plan.embauches) == ["SANTONI", "N'DIAYE"]
    rousseau, = salarie_par_nom(monde.ctx, monde.adherent.id, "Rousseau")
    assert [m.le for m in rousseau.mouvements] == [D(2024, 3, 1)]


def test_cancelled_contract_is_not_imported_again(monde: Monde) -> None:
    importer(monde, appliquer=True)
    santoni, = salarie_par_nom(monde.ctx, monde.adherent.id, "SANTONI")
    rst.annuler_contrat(monde.ctx, AGENT, rst.AnnulerContrat(
        monde.adherent.id, santoni.id, santoni.contrats[0].id))
    assert importer(monde).vide


def test_person_without_contract_cannot_be_hired(monde: Monde) -> None:
    plan = importer(monde, declaration(IndividuImporte(identite("Vidal"), (), 4)))
    rejet, = plan.rejets
    assert (rejet.ligne, rejet.code) == (4, "import.sans_contrat")


def test_journal_records_the_import_without_any_nir(monde: Monde) -> None:
    importer(monde, appliquer=True, creer_postes=True)
    _adherent, _salaries, journal = photo(monde.ctx, monde.adherent.id)
    quoi = [e.quoi for e in journal if e.qui == "paie@emeraude.example"]
    assert quoi.count("salarie.embauche") == 3
    assert {"contrat.ajoute", "effectif.sortie", "salarie.identite_corrigee",
            "poste.ajoute"} <= set(quoi)
    texte = repr(journal)
    assert not any(n[:13] in texte for n in NIRS_EXEMPLE)


def test_plan_never_shows_a_clear_nir(monde: Monde) -> None:
    texte = repr(importer(monde, creer_postes=True)) + repr(importer(monde))
    assert not any(n[:13] in texte for n in NIRS_EXEMPLE)
