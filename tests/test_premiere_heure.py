"""A new user's first hour, from Python: what they stumbled on, each fixed."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil

import pytest

import rst_effectifs as rst

AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
EMAIL = "contact@boulangerie-martin.fr"


def _adherent(ctx: rst.Contexte) -> rst.Adherent:
    return rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        numero="004217", siret="84205317500019", raison_sociale="Boulangerie Martin",
        email_connexion=EMAIL))


def test_the_dsn_import_of_docs_import_md_is_public() -> None:
    for nom in ("lire_dsn", "analyser_dsn", "DsnInvalide", "lire_csv", "CsvInvalide",
                "importer_declaration", "ImporterDeclaration", "PlanImport", "Siren",
                "chemin_exemple", "erreur_en_json", "FichierInvalide"):
        assert nom in rst.__all__ and getattr(rst, nom) is not None


def test_no_two_public_callables_share_a_name() -> None:
    """``rst.calculer_assiette`` (the use case) and the domain's reference computation
    used to share a name with different signatures; now each public name is one thing."""
    vus: dict[str, dict[int, str]] = {}
    for module in pkgutil.walk_packages(rst.__path__, "rst_effectifs."):
        if ".migrations" in module.name or module.name.endswith("__main__"):
            continue
        charge = importlib.import_module(module.name)
        for nom in getattr(charge, "__all__", ()):
            objet = getattr(charge, nom)
            if callable(objet):
                vus.setdefault(nom, {})[id(objet)] = module.name
    doubles = {nom: sorted(ou.values()) for nom, ou in vus.items() if len(ou) > 1}
    assert doubles == {}
    from rst_effectifs.domain.facturation import assiette_de_reference
    assert rst.calculer_assiette is not assiette_de_reference


def test_functions_taking_an_e_mail_take_an_email_or_text_alike() -> None:
    ctx = rst.en_memoire()
    adherent = _adherent(ctx)
    par_texte = rst.resoudre_acces(ctx, EMAIL, adherent.id)
    assert rst.resoudre_acces(ctx, rst.Email.parse(EMAIL), adherent.id) == par_texte
    assert rst.lister_adherents_accessibles(ctx, rst.Email.parse(EMAIL)) == \
        rst.lister_adherents_accessibles(ctx, EMAIL)
    autre = rst.Email.parse("paie@boulangerie-martin.fr")
    accorde = rst.accorder_acces(ctx, par_texte, rst.AccorderAcces(
        adherent.id, autre, frozenset({rst.Role.LECTURE})))
    assert accorde.email == autre


def _poste_et_salarie(ctx: rst.Contexte, moi: rst.Acces, adherent: rst.Adherent
                      ) -> rst.Salarie:
    poste = rst.ajouter_poste(ctx, moi, rst.AjouterPoste(adherent.id, "Vendeuse"))
    return rst.embaucher(ctx, moi, rst.EmbaucherSalarie(
        adherent.id, "Durand", "Léa", dt.date(1990, 5, 4),
        rst.NouveauContrat(rst.NatureContrat.CDI, dt.date(2024, 1, 8), poste.id)))


def test_the_refusal_to_cancel_in_a_billed_period_says_how_to_cancel() -> None:
    ctx = rst.en_memoire()
    adherent = _adherent(ctx)
    moi = rst.resoudre_acces(ctx, EMAIL, adherent.id)
    lea = _poste_et_salarie(ctx, moi, adherent)
    rst.cloturer_periode(ctx, moi, rst.CloturerPeriode(
        adherent.id, dt.date(2024, 1, 1), dt.date(2024, 12, 31), "present_dans_l_annee"))
    with pytest.raises(rst.RegleMetier) as refus:
        rst.annuler_contrat(ctx, moi, rst.AnnulerContrat(adherent.id, lea.id,
                                                         lea.contrats[0].id))
    assert refus.value.code == "periode.gelee"
    assert "avec régularisation, en donnant un motif" in refus.value.message
    # a member may read it: no option, no function name (the CLI adds its own hint)
    assert "--motif" not in refus.value.message and "_" not in refus.value.message
    annule = rst.annuler_contrat_regularise(ctx, moi, rst.AnnulerContratRegularise(
        adherent.id, lea.id, lea.contrats[0].id, "Saisi par erreur"))
    assert annule.contrats[0].annule


def test_dsn_errors_carry_their_rule_id() -> None:
    with pytest.raises(rst.DsnInvalide) as refus:
        rst.lire_dsn(rst.chemin_exemple("malformee.dsn"))
    assert refus.value.regle == "I1"
    assert all(e.regle for e in refus.value.erreurs), [e.code for e in refus.value.erreurs
                                                       if not e.regle]
    propres = {e.code: e.regle for e in refus.value.erreurs}
    assert propres["dsn.structure_invalide"] == "I1"
    assert propres["nir.invalide"] == "S1"


def test_unmatched_postes_list_each_person_once() -> None:
    ctx = rst.en_memoire()
    adherent = _adherent(ctx)
    moi = rst.resoudre_acces(ctx, EMAIL, adherent.id)
    plan = rst.importer_declaration(ctx, moi, rst.ImporterDeclaration(
        adherent.id, rst.lire_dsn(rst.chemin_exemple("exemple.dsn"))))
    for manquant in plan.postes_non_trouves:
        assert len(manquant.personnes) == len(set(manquant.personnes)), manquant
    martin = [p for p in plan.postes_non_trouves if any("MARTIN" in n for n in p.personnes)]
    assert martin and sum(len(p.lignes) for p in martin) >= 2


def test_the_effectif_and_the_assiette_json_both_carry_nombre() -> None:
    ctx = rst.en_memoire()
    adherent = _adherent(ctx)
    moi = rst.resoudre_acces(ctx, EMAIL, adherent.id)
    _poste_et_salarie(ctx, moi, adherent)
    assiette = rst.calculer_assiette(ctx, moi, rst.CalculerAssiette(
        adherent.id, dt.date(2024, 1, 1), dt.date(2024, 12, 31), "present_dans_l_annee"))
    effectif = rst.consulter_effectif(ctx, moi, rst.ConsulterEffectif(adherent.id,
                                                                      dt.date(2024, 6, 1)))
    conv = rst.make_converter()
    assert conv.unstructure(assiette)["nombre"] == 1 == conv.unstructure(effectif)["nombre"]
    assert rst.lire(rst.ecrire(assiette), rst.Assiette) == assiette

