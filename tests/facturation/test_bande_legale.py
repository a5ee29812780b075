"""F3 for every year: national average costs are data; a year with no known cost is
refused unless the caller gives the cost or waives the check, and the closing says which."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from banc_facturation import BAREME_PUBLIE_AVANT_2025

import rst_effectifs as rst
from rst_effectifs.formats.configuration import lire_bareme, lire_couts_moyens

AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
DIX_EUROS = rst.Bareme("dix_euros", prix_sig="10", prix_sia="10", prix_sir="10")
DANS_LA_BANDE = rst.Bareme("bareme_2027", prix_sig="110.00", prix_sia="120.00",
                           prix_sir="130.00", droit_entree="66", forfait_etablissement="35")


def _monde(**options: object) -> tuple[rst.Contexte, str]:
    ctx = rst.en_memoire(**options)  # type: ignore[arg-type]
    adherent = rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        numero="000042", siret="73282932000074", raison_sociale="Boulangerie Élise",
        email_connexion="contact@elise.fr"))
    return ctx, adherent.id


def _assiette(ctx: rst.Contexte, adherent_id: str, an: int, bareme: rst.Bareme,
              **options: object) -> rst.Assiette:
    return rst.calculer_assiette(ctx, AGENT, rst.CalculerAssiette(
        adherent_id, dt.date(an, 1, 1), dt.date(an, 12, 31), "present_dans_l_annee",
        bareme_sur_mesure=bareme, **options))  # type: ignore[arg-type]


def test_a_year_with_no_known_cost_is_refused_with_a_clear_error() -> None:
    """The hidden case: 10 € per person was accepted for a year without a cost."""
    ctx, a = _monde()
    with pytest.raises(rst.RegleMetier) as refus:
        _assiette(ctx, a, 2027, DIX_EUROS)
    assert (refus.value.code, refus.value.regle) == ("bareme.cout_inconnu", "F3")
    assert "2027" in refus.value.message and "--cout-moyen" not in refus.value.message
    assert refus.value.details["annees_connues"] == "2025, 2026"
    with pytest.raises(rst.RegleMetier):
        rst.cloturer_periode(ctx, AGENT, rst.CloturerPeriode(
            a, dt.date(2027, 1, 1), dt.date(2027, 12, 31), "present_dans_l_annee",
            bareme_sur_mesure=DIX_EUROS))
    assert rst.lister_clotures(ctx, AGENT, rst.ListerClotures(a)) == ()


def test_before_2025_f3_applies_only_to_a_cost_given() -> None:
    """DOMAIN.md: F3 holds since 2025. The prices published before it still price 2024."""
    ctx, a = _monde()
    publie = BAREME_PUBLIE_AVANT_2025
    assert _assiette(ctx, a, 2024, publie).bareme == "bareme_publie"
    with pytest.raises(rst.RegleMetier) as refus:
        _assiette(ctx, a, 2024, publie, cout_moyen="115.50")
    assert refus.value.code == "bareme.hors_bande"


def test_the_caller_sets_costs_per_year_in_the_context() -> None:
    ctx, a = _monde(couts_moyens={2027: "118.00", 2026: "120.00"})
    assert ctx.couts_moyens[2025] == rst.COUTS_MOYENS_NATIONAUX[2025]  # bundled kept
    assert ctx.couts_moyens[2026].montant == Decimal("120.00")  # a bundled year replaced
    with pytest.raises(rst.RegleMetier) as refus:
        _assiette(ctx, a, 2027, DIX_EUROS)
    assert refus.value.code == "bareme.hors_bande"
    assert refus.value.details["minimum"] == "94.40"
    assert _assiette(ctx, a, 2027, DANS_LA_BANDE).montants is not None


def test_the_caller_gives_the_cost_in_the_command() -> None:
    ctx, a = _monde()
    with pytest.raises(rst.RegleMetier) as refus:
        _assiette(ctx, a, 2027, DIX_EUROS, cout_moyen="118.00")
    assert refus.value.code == "bareme.hors_bande"
    assert _assiette(ctx, a, 2027, DANS_LA_BANDE, cout_moyen=Decimal("118")).bareme == \
        "bareme_2027"
    # the command's cost wins over the known one
    with pytest.raises(rst.RegleMetier):
        _assiette(ctx, a, 2025, DANS_LA_BANDE, cout_moyen="50")


def test_the_waiver_is_explicit_and_recorded_in_the_closing() -> None:
    ctx, a = _monde()
    assert _assiette(ctx, a, 2026, DIX_EUROS, sans_controle_bande=True).montants is not None
    levee = rst.cloturer_periode(ctx, AGENT, rst.CloturerPeriode(
        a, dt.date(2026, 1, 1), dt.date(2026, 12, 31), "present_dans_l_annee",
        bareme_sur_mesure=DIX_EUROS, sans_controle_bande=True))
    assert levee.controle_bande == rst.ControleBande(leve=True)
    relue = rst.consulter_cloture(ctx, AGENT, rst.ConsulterCloture(
        a, dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    assert relue.controle_bande.leve
    assert rst.lire(rst.ecrire(relue), rst.Cloture) == relue


def test_a_checked_closing_records_the_cost_it_was_checked_against() -> None:
    ctx, a = _monde(couts_moyens={"2026": "118.00"})
    cloture = rst.cloturer_periode(ctx, AGENT, rst.CloturerPeriode(
        a, dt.date(2026, 1, 1), dt.date(2026, 12, 31), "present_dans_l_annee",
        bareme_sur_mesure=DANS_LA_BANDE))
    assert cloture.controle_bande == rst.ControleBande(
        rst.CoutMoyenNational(2026, Decimal("118.00")))
    sans_bareme = rst.cloturer_periode(ctx, AGENT, rst.CloturerPeriode(
        a, dt.date(2027, 1, 1), dt.date(2027, 12, 31), "present_dans_l_annee"))
    assert sans_bareme.controle_bande == rst.ControleBande()  # nothing priced, nothing checked


def test_a_cost_and_a_waiver_together_are_refused() -> None:
    with pytest.raises(rst.DonneeInvalide) as refus:
        rst.CalculerAssiette("a", dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                             "present_dans_l_annee", cout_moyen="118",
                             sans_controle_bande=True)
    assert refus.value.regle == "F3"


@pytest.mark.parametrize("couts", [{"26": "118"}, {2026: 118.0}, {2026: "-1"},
                                   {"année": "118"}, {2026: None}])
def test_bad_costs_are_refused_as_data(couts: dict[object, object]) -> None:
    with pytest.raises(rst.DonneeInvalide) as refus:
        rst.en_memoire(couts_moyens=couts)  # type: ignore[arg-type]
    assert refus.value.regle == "F3"


def test_costs_and_a_bareme_read_from_toml_or_json_files(tmp_path: Path) -> None:
    toml = tmp_path / "couts.toml"
    toml.write_text('2026 = "118.00"\n2027 = 120\n', encoding="utf-8")
    json_ = tmp_path / "couts.json"
    json_.write_text('{"2026": "118.00"}', encoding="utf-8")
    assert lire_couts_moyens(toml)[2027].montant == Decimal(120)
    assert lire_couts_moyens(json_)[2026] == lire_couts_moyens(toml)[2026]
    bareme = tmp_path / "bareme.toml"
    bareme.write_text('nom = "bareme_2027"\nprix_sig = "110.00"\nprix_sia = "120.00"\n'
                      'prix_sir = "130.00"\ndroit_entree = "66"\nforfait_etablissement = "35"\n',
                      encoding="utf-8")
    assert lire_bareme(bareme) == DANS_LA_BANDE


@pytest.mark.parametrize(("nom", "contenu", "code"), [
    ("b.toml", 'nom = "x"\nprix_sig = 110.5\nprix_sia = "1"\nprix_sir = "1"\n',
     "json.champ_invalide"),
    ("b.toml", 'nom = "x"\n[[', "configuration.invalide"),
    ("b.json", '{"nom": "x", "prix_sig": "1", "prix_sia": "1", "prix_sir": "1", "z": 1}',
     "json.champ_invalide"),
    ("b.json", "pas du json", "json.invalide"),
])
def test_a_bad_bareme_file_is_one_french_refusal(tmp_path: Path, nom: str, contenu: str,
                                                 code: str) -> None:
    fichier = tmp_path / nom
    fichier.write_text(contenu, encoding="utf-8")
    with pytest.raises(rst.DonneeInvalide) as refus:
        lire_bareme(fichier)
    assert refus.value.code == code
    assert refus.value.message.startswith(f"Fichier « {nom} »")
    with pytest.raises(rst.DonneeInvalide) as absent:
        lire_bareme(tmp_path / "absent.toml")
    assert absent.value.code == "fichier.inaccessible"
