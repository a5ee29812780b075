"""D1–D3: the dates the domain computes with, and the dates a life can hold.

D1 bounds every date (commands, JSON, CSV, DSN, the domain's own values), D2 keeps every
contract after its holder's birth, D3 keeps a closed period within a year. The same on
every storage is checked by the model-based machine (tests/test_machine.py) and by the
junk test (tests/properties/test_entrees_bornees.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from portail_regles import EMBAUCHE, NAISSANCE, Portail

import rst_effectifs as rst
from rst_effectifs.application.commandes import ImporterDeclaration
from rst_effectifs.application.imports import importer_declaration
from rst_effectifs.domain.clotures import verifier_periode_a_cloturer
from rst_effectifs.formats.csv_io import COLONNES, CsvInvalide, analyser_csv
from rst_effectifs.formats.dsn import DsnInvalide, analyser_dsn

D = dt.date
HORS_BORNES = (D(1, 1, 1), D(1899, 12, 31), D(2101, 1, 1), D(9999, 12, 31))


def _adherent(portail: Portail) -> rst.Adherent:
    with portail.ctx.unite_de_travail() as uow:
        return uow.adherents.obtenir(portail.adherent_id)


def _d1(erreur: rst.ErreurRstEffectifs, chemin: str | None) -> None:
    assert isinstance(erreur, rst.DonneeInvalide)
    assert (erreur.code, erreur.regle, erreur.chemin) == ("date.hors_bornes", "D1", chemin)
    assert "1900" in erreur.message and "2100" in erreur.message


# -- D1 ---------------------------------------------------------------------------------
COMMANDES_DATEES: list[tuple[str, Callable[[dt.date], object]]] = [
    ("date_naissance", lambda d: rst.EmbaucherSalarie(
        "a", "Durand", "Léa", d, rst.NouveauContrat(rst.NatureContrat.CDI, EMBAUCHE, "p"))),
    ("debut", lambda d: rst.NouveauContrat(rst.NatureContrat.CDI, d, "p")),
    ("fin", lambda d: rst.NouveauContrat(rst.NatureContrat.CDI, EMBAUCHE, "p", fin=d)),
    ("date_naissance", lambda d: rst.CorrigerIdentite("a", "s", "Durand", "Léa", d)),
    ("le", lambda d: rst.SortirDeLEffectif("a", "r", ("s",), d)),
    ("le", lambda d: rst.ReintegrerDansLEffectif("a", "r", ("s",), d)),
    ("le", lambda d: rst.ConsulterEffectif("a", d)),
    ("fin", lambda d: rst.EffectifSurPeriode("a", D(1900, 1, 1), d)),
    ("fin", lambda d: rst.CalculerAssiette("a", D(1900, 1, 1), d, "present_dans_l_annee")),
    ("fin", lambda d: rst.CloturerPeriode("a", D(1900, 1, 1), d, "present_dans_l_annee")),
    ("le", lambda d: rst.VerifierAvantFacturation("a", d)),
    ("fin", lambda d: rst.ConsulterJournal("a", fin=d)),
]


@pytest.mark.parametrize("jour", HORS_BORNES)
@pytest.mark.parametrize(("champ", "construire"), COMMANDES_DATEES)
def test_d1_a_command_date_outside_the_bounds_is_refused_naming_its_field(
    champ: str, construire: Callable[[dt.date], object], jour: dt.date
) -> None:
    with pytest.raises(rst.DonneeInvalide) as refus:
        construire(jour)
    _d1(refus.value, champ)


def test_d1_the_bounds_themselves_are_dates_of_the_domain(portail: Portail) -> None:
    premier = portail.embaucher(naissance=rst.DATE_MIN, debut=D(1916, 1, 3))
    dernier = portail.embaucher(nom="Martin", naissance=D(2080, 1, 1), debut=rst.DATE_MAX)
    assert premier.identite.date_naissance == rst.DATE_MIN
    assert portail.presents(rst.DATE_MAX) == {premier.id, dernier.id}
    assert portail.effectif(rst.DATE_MIN, rst.DATE_MAX).nombre == 2


def test_d1_a_birth_date_out_of_bounds_is_refused_on_hiring_and_nothing_is_stored(
    portail: Portail,
) -> None:
    portail.poste_par_defaut()
    for jour in (D(1899, 12, 31), D(9999, 12, 31)):
        erreur = portail.refuse(rst.DonneeInvalide, "date.hors_bornes", "D1",
                                lambda j=jour: portail.embaucher(naissance=j))
        _d1(erreur, "date_naissance")


def test_d1_the_domain_values_refuse_them_too(portail: Portail) -> None:
    for jour in HORS_BORNES:
        with pytest.raises(rst.DonneeInvalide) as refus:
            rst.Contrat(id="c", nature=rst.NatureContrat.CDI, debut=jour, poste_id="p")
        _d1(refus.value, "debut")
        with pytest.raises(rst.DonneeInvalide) as refus:
            rst.Identite(nom="Durand", prenoms="Léa", date_naissance=jour)
        _d1(refus.value, "date_naissance")
    with pytest.raises(rst.DonneeInvalide) as refus:
        _adherent(portail).cloturer_jusqu_au(D(9999, 12, 31))
    _d1(refus.value, "fin")


def test_d1_json_dates_outside_the_bounds_are_refused_with_their_path() -> None:
    with pytest.raises(rst.DonneeInvalide) as refus:
        rst.lire('{"adherent_id": "a", "le": "9999-12-31"}', rst.ConsulterEffectif)
    _d1(refus.value, "$.le")
    texte = ('{"adherent_id": "a", "nom": "Durand", "prenoms": "Léa", '
             '"date_naissance": "1990-05-04", "contrat": {"nature": "01", '
             '"debut": "0001-01-01", "poste_id": "p"}}')
    with pytest.raises(rst.DonneeInvalide) as refus:
        rst.lire(texte, rst.EmbaucherSalarie)
    _d1(refus.value, "$.contrat.debut")


def test_d1_dsn_dates_outside_the_bounds_are_refused_at_their_line() -> None:
    lignes = [
        "S10.G00.00.001,'Paie Fictive'", "S21.G00.06.001,'842053175'",
        "S21.G00.11.001,'00019'", "S21.G00.30.002,'DUPONT'", "S21.G00.30.004,'Élodie'",
        "S21.G00.30.006,'31129999'", "S21.G00.40.001,'01092015'",
        "S21.G00.40.006,'Secrétaire'", "S21.G00.40.007,'01'",
        "S21.G00.62.001,'31129999'",
    ]
    # Inside a person's block the refusals leave that person aside, each at its line.
    [ecarte] = analyser_dsn("\n".join(lignes)).ecartes
    assert [r.split(" :")[0] for r in ecarte.raisons] == [
        "Ligne 6 (rubrique S21.G00.30.006, date de naissance)",
        "Ligne 10 (rubrique S21.G00.62.001, date de fin du contrat)"]
    assert all("Les dates vont du 01/01/1900 au 31/12/2100" in r for r in ecarte.raisons)
    # The same lines in a file refused for its shape are listed with its errors, coded.
    with pytest.raises(DsnInvalide) as refus:
        analyser_dsn("\n".join([*lignes, "S21.G00.40.001,sans guillemets"]))
    assert [(e.code, e.regle, e.chemin) for e in refus.value.erreurs] == [
        ("date.hors_bornes", "D1", "ligne 6"), ("date.hors_bornes", "D1", "ligne 10"),
        ("dsn.ligne_invalide", "I1", "ligne 11")]


def test_d1_csv_dates_outside_the_bounds_are_refused_at_their_line() -> None:
    valeurs = {"nom": "PETIT", "prenoms": "Lucas", "date_naissance": "2001-11-23",
               "nature": "02", "debut": "2024-02-05", "fin": "9999-12-31",
               "poste": "Cariste"}
    rangee = ";".join(valeurs.get(c, "") for c in COLONNES)
    with pytest.raises(CsvInvalide) as refus:
        analyser_csv(";".join(COLONNES) + "\n" + rangee + "\n")
    assert [(e.code, e.regle, e.chemin, e.details.get("colonne", "fin"))
            for e in refus.value.erreurs] == [("date.hors_bornes", "D1", "ligne 2", "fin")]


# -- D2 ---------------------------------------------------------------------------------
@pytest.mark.parametrize("naissance", [EMBAUCHE, EMBAUCHE + dt.timedelta(days=1),
                                       D(2100, 1, 1)])
def test_d2_a_hire_born_on_or_after_the_contract_start_is_refused(
    portail: Portail, naissance: dt.date
) -> None:
    portail.poste_par_defaut()
    erreur = portail.refuse(rst.RegleMetier, "salarie.contrat_avant_naissance", "D2",
                            lambda: portail.embaucher(naissance=naissance))
    assert erreur.chemin == "date_naissance"
    assert portail.salaries() == ()


def test_d2_a_contract_may_start_the_day_after_birth(portail: Portail) -> None:
    salarie = portail.embaucher(naissance=EMBAUCHE - dt.timedelta(days=1))
    assert salarie.date_entree == EMBAUCHE


def test_d2_a_contract_starting_before_birth_is_refused(portail: Portail) -> None:
    salarie = portail.embaucher()
    erreur = portail.refuse(rst.RegleMetier, "salarie.contrat_avant_naissance", "D2",
                            lambda: portail.ajouter_contrat(salarie.id, NAISSANCE,
                                                            NAISSANCE))
    assert erreur.chemin == "debut"


def test_d2_a_correction_cannot_move_the_birth_after_the_entry(portail: Portail) -> None:
    salarie = portail.embaucher()
    erreur = portail.refuse(rst.RegleMetier, "salarie.contrat_avant_naissance", "D2",
                            lambda: rst.corriger_identite(portail.ctx, portail.moi,
                                                          rst.CorrigerIdentite(
                                                              portail.adherent_id, salarie.id,
                                                              "Durand", "Léa", EMBAUCHE)))
    assert erreur.chemin == "date_naissance"


def test_d2_a_dsn_person_born_after_their_contract_is_not_imported(portail: Portail) -> None:
    portail.poste("Secrétaire")
    lignes = [
        "S10.G00.00.001,'Paie Fictive'", "S21.G00.06.001,'732829320'",
        "S21.G00.11.001,'00074'", "S21.G00.30.002,'DUPONT'", "S21.G00.30.004,'Élodie'",
        "S21.G00.30.006,'01012100'", "S21.G00.40.001,'01092015'",
        "S21.G00.40.006,'Secrétaire'", "S21.G00.40.007,'01'",
    ]
    declaration = analyser_dsn("\n".join(lignes))
    plan = importer_declaration(portail.ctx, portail.moi, ImporterDeclaration(
        portail.adherent_id, declaration, appliquer=True))
    assert [(r.ligne, r.code, r.regle) for r in plan.rejets] == [
        (4, "salarie.contrat_avant_naissance", "D2")]
    assert plan.embauches == () and portail.salaries() == ()


# -- D3 ---------------------------------------------------------------------------------
def _cloturer(portail: Portail, debut: dt.date, fin: dt.date) -> rst.Cloture:
    return rst.cloturer_periode(portail.ctx, portail.agent, rst.CloturerPeriode(
        portail.adherent_id, debut, fin, "present_dans_l_annee"))


def test_d3_a_closed_period_lasts_a_year_at_most(portail: Portail) -> None:
    portail.embaucher()
    erreur = portail.refuse(rst.RegleMetier, "cloture.periode_trop_longue", "D3",
                            lambda: _cloturer(portail, D(2024, 1, 1), D(2025, 1, 1)))
    assert erreur.chemin == "fin"
    assert _cloturer(portail, D(2024, 1, 1), D(2024, 12, 31)).periode.fin == D(2024, 12, 31)
    assert _cloturer(portail, D(2025, 1, 1), D(2025, 3, 31)).periode.debut == D(2025, 1, 1)


def test_d3_a_year_from_a_29_february_ends_on_the_last_day_of_february(
    portail: Portail,
) -> None:
    adherent = _adherent(portail)
    verifier_periode_a_cloturer(adherent, rst.Periode(D(2024, 2, 29), D(2025, 2, 28)))
    with pytest.raises(rst.RegleMetier) as refus:
        verifier_periode_a_cloturer(adherent, rst.Periode(D(2024, 2, 29), D(2025, 3, 1)))
    assert (refus.value.code, refus.value.regle) == ("cloture.periode_trop_longue", "D3")


def test_d3_a_closing_ending_past_the_bounds_is_refused_before_anything_is_frozen(
    portail: Portail,
) -> None:
    with pytest.raises(rst.DonneeInvalide) as refus:
        _cloturer(portail, D(9999, 1, 1), D(9999, 12, 31))
    _d1(refus.value, "debut")
    adherent = _adherent(portail)
    with pytest.raises(rst.DonneeInvalide) as refus:
        verifier_periode_a_cloturer(adherent, rst.Periode(D(2100, 6, 1), D(2101, 1, 1)))
    _d1(refus.value, "fin")
