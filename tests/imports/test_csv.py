"""The CSV import layout: reading, errors with lines, and the shared plan/apply path."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from monde_import import AGENT, NIR_DUPONT, Monde, nir, photo, salarie_par_nom

import rst_effectifs as rst
from rst_effectifs.application.commandes import ImporterDeclaration
from rst_effectifs.application.imports import PlanImport, importer_declaration
from rst_effectifs.exemples import chemin_exemple
from rst_effectifs.formats.csv_io import COLONNES, CsvInvalide, analyser_csv, lire_csv

D = dt.date
ENTETE = ";".join(COLONNES)
NIR_BLANC = nir("2030233063087")


def rangee(nir_: str = "", nom: str = "PETIT", prenoms: str = "Lucas",
           naissance: str = "2001-11-23", nature: str = "02", dispositif: str = "",
           debut: str = "2024-02-05", fin: str = "", numero: str = "", poste: str = "Cariste",
           date_sortie: str = "", motif: str = "") -> str:
    return ";".join([nir_, nom, prenoms, naissance, nature, dispositif, debut, fin, numero,
                     poste, date_sortie, motif])


def refus(*lignes: str) -> CsvInvalide:
    with pytest.raises(CsvInvalide) as erreur:
        analyser_csv("\n".join(lignes) + "\n")
    return erreur.value


def importer(monde: rst.Contexte | Monde, texte: str, appliquer: bool = False) -> PlanImport:
    assert isinstance(monde, Monde)
    return importer_declaration(monde.ctx, monde.acces, ImporterDeclaration(
        monde.adherent.id, analyser_csv(texte), appliquer=appliquer))


def test_sample_csv_groups_contracts_by_person() -> None:
    declaration = lire_csv(chemin_exemple("salaries.csv"))
    assert declaration.source == "csv"
    etablissement, = declaration.etablissements
    assert etablissement.siret is None
    par_nom = {i.identite.nom: i for i in declaration.individus}
    assert list(par_nom) == ["DUPONT", "PETIT", "BLANC", "MOREAU"]
    cdd, cdi = par_nom["PETIT"].contrats
    assert (cdd.ligne, cdd.fin_prevue, cdd.fin and cdd.fin.motif) == (3, D(2024, 4, 30), "031")
    assert (cdi.ligne, cdi.nature, cdi.fin) == (4, rst.NatureContrat.CDI, None)
    blanc, = par_nom["BLANC"].contrats
    assert blanc.code_pcs is not None and blanc.code_pcs.valeur == "632a"
    assert blanc.dispositif == "64"
    assert par_nom["DUPONT"].identite.nir is not None
    assert par_nom["DUPONT"].identite.prenoms == "Élodie Marie"


def test_a_poste_shaped_like_a_pcs_code_outside_insee_list_is_a_label() -> None:
    declaration = analyser_csv("\n".join([
        "NIR;Nom;Prenoms;Date_naissance;Nature;Debut;Poste",
        ";Petit;Lucas;23/11/2001;01;05/02/2024;999z",
        ";Blanc;Rose;23/11/2001;01;05/02/2024;634C",
    ]) + "\n")
    inconnu, connu = (i.contrats[0] for i in declaration.individus)
    assert (inconnu.code_pcs, inconnu.libelle_poste) == (None, "999z")
    assert connu.code_pcs is not None and connu.code_pcs.valeur == "634c"


def test_spreadsheet_habits_are_accepted() -> None:
    declaration = analyser_csv("\ufeff" + "\r\n".join([
        " NIR ;Nom;Prenoms;Date_naissance;Nature;Debut;Poste;Motif_sortie;Date_sortie",
        ";Petit;Lucas;23/11/2001;1;05/02/2024;Cariste;31;30/04/2024",
        ";Petit;Lucas;23/11/2001;cdi;01/05/2024;Cariste;;",
    ]) + "\r\n")
    cdd, cdi = declaration.individus[0].contrats
    assert (cdd.nature, cdd.debut) == (rst.NatureContrat.CDI, D(2024, 2, 5))
    assert cdd.fin is not None and (cdd.fin.le, cdd.fin.motif) == (D(2024, 4, 30), "031")
    assert cdi.nature is rst.NatureContrat.CDI


def test_every_bad_row_is_named_by_its_line() -> None:
    erreur = refus(
        ENTETE,
        rangee(),
        rangee(naissance="2001-02-30"),
        rangee(nature="77"),
        ";".join(["x"] * 3),
        rangee(poste=""),
        rangee(motif="031"),
        rangee(debut="2024-05-01", fin="2024-04-01"),
    )
    assert [(e.chemin, e.code) for e in erreur.erreurs] == [
        ("ligne 3", "csv.date_invalide"),
        ("ligne 4", "contrat.nature_inconnue"),
        ("ligne 5", "csv.ligne_invalide"),
        ("ligne 6", "csv.valeur_manquante"),
        ("ligne 7", "csv.sortie_incomplete"),
        ("ligne 8", "contrat.dates_invalides"),
    ]
    assert "colonne « date_naissance »" in erreur.erreurs[0].message
    assert "colonne « fin »" in erreur.erreurs[-1].message
    assert erreur.message.startswith("Le fichier CSV contient 6 erreur(s) (première : ligne 3)")


def test_header_mistakes_are_reported() -> None:
    inconnue = refus("nom;prenoms;date_naissance;nature;debut;poste;date_sortei", rangee())
    assert [e.code for e in inconnue.erreurs] == ["csv.colonne_inconnue"]
    assert "date_sortei" in inconnue.erreurs[0].message
    manquante = refus("nom;prenoms;nature;debut;poste;poste")
    assert {e.code for e in manquante.erreurs} == {"csv.colonne_manquante",
                                                   "csv.colonne_en_double"}
    virgules = refus(ENTETE.replace(";", ","))
    assert [e.code for e in virgules.erreurs] == ["csv.separateur"]
    assert refus("").erreurs[0].code == "csv.vide"


def test_errors_never_show_a_nir() -> None:
    mauvais = NIR_DUPONT[:-2] + f"{(int(NIR_DUPONT[-2:]) + 1) % 97:02d}"
    erreur = refus(
        ENTETE,
        rangee(nir_=mauvais),
        rangee(nir_=NIR_DUPONT, nom="DUPONT", prenoms="Élodie", naissance="1985-03-12"),
        rangee(nir_=NIR_BLANC, nom="BLANC", prenoms="Inès", naissance="2003-02-19"),
        rangee(nir_=NIR_BLANC, nom="BLANCHE", prenoms="Inès", naissance="2003-02-19"),
        f"{NIR_DUPONT};{NIR_DUPONT}",
        f"{NIR_BLANC};nom",
    )
    assert [e.code for e in erreur.erreurs] == [
        "nir.invalide", "nir.naissance_incoherente", "csv.identite_incoherente",
        "csv.ligne_invalide", "csv.ligne_invalide"]
    assert "ligne 4" in erreur.erreurs[2].message
    header = refus(f"{NIR_DUPONT};nom")
    texte = " ".join([str(erreur), repr(erreur), *(str(e) for e in erreur.erreurs),
                      *(str(e) for e in header.erreurs)])
    for numero in (mauvais, NIR_DUPONT, NIR_BLANC):
        assert numero[:13] not in texte


def test_a_latin1_csv_is_detected_and_read_and_a_forced_utf8_is_refused_cleanly() -> None:
    octets = (ENTETE + "\n" + rangee(nom="Noël") + "\n").encode("latin-1")
    lu = lire_csv(io.BytesIO(octets))
    assert lu.individus[0].identite.nom == "Noël" and lu.encodage == "ISO-8859-1 (windows-1252)"
    with pytest.raises(CsvInvalide) as latin1:
        lire_csv(io.BytesIO(octets), encodage="utf-8")
    assert latin1.value.erreurs[0].code == "csv.encodage"
    assert "UTF-8" in latin1.value.erreurs[0].message
    guillemets = refus(ENTETE, rangee(nom='"PETIT'))
    assert guillemets.erreurs[0].code == "csv.ligne_invalide"


def test_csv_import_plans_then_applies_then_changes_nothing(monde: Monde) -> None:
    texte = chemin_exemple("salaries.csv").read_text(encoding="utf-8")
    avant = photo(monde.ctx, monde.adherent.id)
    prevu = importer(monde, texte)
    assert photo(monde.ctx, monde.adherent.id) == avant
    assert [e.nom for e in prevu.embauches] == ["PETIT", "BLANC", "MOREAU"]
    assert [i.salarie_id for i in prevu.inchanges] == [monde.dupont]  # matched by NIR
    assert [(s.nom, s.le) for s in prevu.sorties] == [("MOREAU", D(2024, 4, 12))]
    petit = prevu.embauches[0]
    assert [c.poste_id for c in petit.contrats] == [monde.postes["Cariste"]] * 2
    assert prevu.embauches[1].contrats[0].poste_id == monde.postes["Maçon"]  # PCS 632a
    fait = importer(monde, texte, appliquer=True)
    assert fait.nombre_de_changements == prevu.nombre_de_changements == 4
    petit_fiche, = salarie_par_nom(monde.ctx, monde.adherent.id, "PETIT")
    assert petit_fiche.mouvements == ()  # the CDI follows the CDD on: no exit
    apres = photo(monde.ctx, monde.adherent.id)
    assert importer(monde, texte, appliquer=True).vide
    assert photo(monde.ctx, monde.adherent.id) == apres


def test_bad_csv_applies_nothing(monde: Monde) -> None:
    avant = photo(monde.ctx, monde.adherent.id)
    with pytest.raises(CsvInvalide):
        importer(monde, "\n".join([ENTETE, rangee(), rangee(debut="hier")]), appliquer=True)
    assert photo(monde.ctx, monde.adherent.id) == avant


def test_csv_and_dsn_share_the_matching(monde: Monde) -> None:
    texte = "\n".join([ENTETE, rangee(nom="Martin", prenoms="Léa", naissance="1996-01-22",
                                       nature="01", debut="2024-03-11", numero="C0011",
                                       poste="Maçon")])
    plan = importer(monde, texte, appliquer=True)
    assert [c.salarie_id for c in plan.changements] == [monde.martin]
    martin = rst.consulter_salarie(monde.ctx, AGENT, rst.ConsulterSalarie(
        monde.adherent.id, monde.martin))
    assert [c.numero for c in martin.contrats] == ["C0010", "C0011"]
