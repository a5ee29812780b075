"""DSN files as payroll software writes them, built to the norm by ``dsn_synthetique``:
the 13-character NIR, the NTT, birth dates with 99, every code of the norm's lists per
version, one bad value leaving one person aside, the encodings, a FCTU batch in its
envelope. Imports run on every storage (memory, SQLite, PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from dsn_synthetique import (
    Bizarreries,
    Contrat,
    Declaration,
    Etablissement,
    Personne,
    ecrire,
    nic_valide,
    nir13,
    personnes_fictives,
    siren_valide,
)
from monde_import import AGENT, creer_adherent

import rst_effectifs as rst
from rst_effectifs.application.commandes import ImporterDeclaration
from rst_effectifs.application.imports import PlanImport, importer_declaration
from rst_effectifs.domain.identites import PrecisionNaissance
from rst_effectifs.domain.nomenclature_pcs import libelle_pcs
from rst_effectifs.exemples import chemin_exemple
from rst_effectifs.formats.csv_io import lire_csv
from rst_effectifs.formats.dsn import DsnInvalide, lire_dsn
from rst_effectifs.formats.norme_dsn import (
    DISPOSITIF,
    MOTIF_RUPTURE,
    NATURE_CONTRAT,
    VERSIONS,
    libelle_nature,
    norme,
)

SIREN = "842053175"
NIC = "00019"  # SIRET 842 053 175 00019, the adherent of ``creer_adherent``
D = dt.date


def lire(octets: bytes, **options: str) -> rst.DeclarationImportee:
    return lire_dsn(io.BytesIO(octets), **options)


def un_fichier(*personnes: Personne, version: str = "P26V01", nature: str = "01",
               **options: object) -> bytes:
    return ecrire([Declaration(SIREN, [Etablissement(NIC, list(personnes))], nature,
                               version)], **options)  # type: ignore[arg-type]


def personne(nir: str | None = None, naissance: str = "12031984", **contrat: object
             ) -> Personne:
    corps = nir13("2", D(1984, 3, 12), 56, 123) if nir is None else nir
    return Personne("DUPONT", "Élodie", naissance, corps or None,
                    [Contrat(D(2024, 1, 8), **contrat)])  # type: ignore[arg-type]


def importer(ctx: rst.Contexte, adherent: rst.Adherent, octets: bytes, appliquer: bool = False,
             **options: bool) -> PlanImport:
    acces = rst.resoudre_acces(ctx, adherent.email_connexion.valeur, adherent.id)
    return importer_declaration(ctx, acces, ImporterDeclaration(
        adherent.id, lire(octets), appliquer=appliquer, creer_postes=True, **options))


# -- the norm's identifiers ----------------------------------------------------------
def test_the_nir_is_read_on_13_characters_and_its_key_computed() -> None:
    corse = nir13("1", D(1991, 7, 14), 4, 87, departement="2A")
    declaration = lire(un_fichier(personne(), personne(corse, "14071991"),
                                  quirks=Bizarreries(nir_15=True)))
    lus = [i.identite.nir for i in declaration.individus]
    treize = lire(un_fichier(personne(), personne(corse, "14071991")))
    assert lus == [i.identite.nir for i in treize.individus]  # 15 characters still read
    assert all(n is not None and len(n.valeur) == 15 for n in lus)
    assert lus[1] is not None and lus[1].valeur[5:7] == "2A"


def test_a_placeholder_nir_means_no_nir_and_says_so() -> None:
    declaration = lire(un_fichier(personne("1999999999999")))
    [individu] = declaration.individus
    assert individu.identite.nir is None
    [remarque] = declaration.etablissements[0].remarques
    assert remarque.code == "dsn.nir_fictif" and "1999999999999" not in remarque.message


def test_a_person_without_nir_is_known_by_the_ntt_and_gets_the_nir_later(
        contexte: rst.Contexte) -> None:
    adherent = creer_adherent(contexte)
    ntt = f"2{SIREN}00042"
    sans_nir = personne("")
    sans_nir.ntt = ntt
    importer(contexte, adherent, un_fichier(sans_nir), appliquer=True)
    renomme = personne("")
    renomme.ntt, renomme.nom = ntt, "DUPONT-MOREAU"  # another name, the same NTT: S2
    renomme.contrats[0].numero = "C2"
    assert importer(contexte, adherent, un_fichier(renomme)).embauches == ()
    plan = importer(contexte, adherent, un_fichier(personne()), appliquer=True)
    assert len(plan.nirs_completes) == 1 and plan.embauches == ()
    [fiche] = rst.lister_salaries(contexte, AGENT, rst.ListerSalaries(adherent.id)).salaries
    assert fiche.identite.ntt is not None and fiche.identite.ntt.valeur == ntt
    assert fiche.identite.nir is not None


def test_birth_dates_with_99_are_stored_as_such_and_count_as_minor_while_they_may(
        contexte: rst.Contexte) -> None:
    adherent = creer_adherent(contexte)
    jeune = Personne("PETIT", "Tom", "99992008", "1089975056001",  # NIR: month unknown
                     [Contrat(D(2025, 9, 1), "02", "542a", "Vendeur", fin_prevue=D(2027, 6, 30))])
    importer(contexte, adherent, un_fichier(jeune), appliquer=True)
    [fiche] = rst.lister_salaries(contexte, AGENT, rst.ListerSalaries(adherent.id)).salaries
    assert fiche.identite.precision_naissance is PrecisionNaissance.JOUR_ET_MOIS_INCONNUS
    assert fiche.identite.naissance_dsn() == "99992008"
    assert fiche.identite.naissance_fr() == "??/??/2008"

    def suivi(le: dt.date) -> rst.TypeDeSuivi:
        eff = rst.consulter_effectif(contexte, AGENT, rst.ConsulterEffectif(adherent.id, le))
        return eff.lignes[0].type_de_suivi

    # P3 on the latest day they can be born (31 December 2008): minor until 30/12/2026.
    assert suivi(D(2026, 12, 30)) is rst.TypeDeSuivi.SIA
    assert suivi(D(2026, 12, 31)) is rst.TypeDeSuivi.SIG


# -- the norm's code lists, per version ---------------------------------------------
def test_every_contract_nature_of_each_version_is_read_with_its_label() -> None:
    for version in VERSIONS:
        codes = norme(version).codes(NATURE_CONTRAT)
        assert {n.value for n in rst.NatureContrat} == set(codes)
        personnes = [personne(nir13("2", D(1984, 3, 12), 56, 100 + i), nature=code,
                              numero=f"C{i:04d}") for i, code in enumerate(codes)]
        lus = lire(un_fichier(*personnes, version=version))
        assert [c.nature.value for i in lus.individus for c in i.contrats] == list(codes)
        assert lus.versions == (version,)
    assert libelle_nature(rst.NatureContrat.MANDAT_SOCIAL) == "Mandat social"


def test_a_code_is_refused_only_by_the_versions_that_do_not_know_it() -> None:
    def ecarts(version: str, **contrat: object) -> list[tuple[str, ...]]:
        return [e.raisons for e in lire(un_fichier(personne(**contrat),  # type: ignore[arg-type]
                                                   version=version)).ecartes]

    assert not norme("P24V01").connait(MOTIF_RUPTURE, "119")
    assert norme("P25V01").connait(MOTIF_RUPTURE, "119")
    fin = (D(2025, 3, 31), "119")
    [[raison]] = ecarts("P24V01", fin=fin)
    assert "P24V01" in raison and "S21.G00.62.002" in raison
    assert ecarts("P25V01", fin=fin) == []
    assert norme("P26V01").connait(DISPOSITIF, "83")
    assert ecarts("P26V01", dispositif="83") == []
    assert len(ecarts("P25V01", dispositif="83")) == 1
    assert len(ecarts("P26V01", nature="77")) == 1


def test_a_version_the_library_does_not_ship_is_read_with_the_latest_and_said() -> None:
    declaration = lire(un_fichier(personne(), version="P27V01"))
    assert declaration.versions == ("P27V01",)
    assert [r.code for r in declaration.remarques] == ["dsn.version_inconnue"]


@pytest.mark.parametrize("version", VERSIONS)
def test_each_version_imports(contexte: rst.Contexte, version: str) -> None:
    adherent = creer_adherent(contexte)
    plan = importer(contexte, adherent, un_fichier(*personnes_fictives(3), version=version),
                    appliquer=True)
    assert len(plan.embauches) == 3


# -- one bad value does not sink a whole payroll -----------------------------------
def test_pcs_9999_beside_a_job_label_plans_every_person(contexte: rst.Contexte) -> None:
    adherent = creer_adherent(contexte)
    octets = un_fichier(*personnes_fictives(7, graine=3), quirks=Bizarreries(pcs_9999=True))
    plan = importer(contexte, adherent, octets)
    assert len(plan.embauches) == 7 and plan.ecartes == ()
    assert {r.code for r in plan.remarques} == {"dsn.pcs_ignore"}


def test_a_well_shaped_pcs_outside_insee_list_beside_a_label_is_a_remark(
        contexte: rst.Contexte) -> None:
    adherent = creer_adherent(contexte)
    octets = un_fichier(personne(pcs="999z", libelle="Soudeur"),
                        personne(nir13("1", D(1990, 5, 2), 56, 124), "02051990"))
    plan = importer(contexte, adherent, octets)
    assert len(plan.embauches) == 2 and plan.ecartes == ()
    [remarque] = plan.remarques
    assert remarque.code == "dsn.pcs_ignore" and "PCS-ESE 2017" in remarque.message
    assert [(p.libelle, p.code_pcs) for p in plan.postes_crees] == [("Soudeur", None),
                                                                    ("Secrétaire", "542a")]


def test_a_well_shaped_pcs_outside_insee_list_without_label_leaves_the_person_aside(
        contexte: rst.Contexte) -> None:
    adherent = creer_adherent(contexte)
    plan = importer(contexte, adherent, un_fichier(personne(pcs="999z", libelle=None)))
    [ecarte] = plan.ecartes
    assert any("PCS-ESE 2017" in raison for raison in ecarte.raisons), ecarte.raisons


def test_adding_a_poste_with_a_code_outside_insee_list_is_refused(
        contexte: rst.Contexte) -> None:
    adherent = creer_adherent(contexte)
    with pytest.raises(rst.DonneeInvalide) as refus:
        rst.ajouter_poste(contexte, AGENT, rst.AjouterPoste(adherent.id, "Soudeur",
                                                             code_pcs="999z"))
    assert (refus.value.code, refus.value.regle) == ("pcs.invalide", "C1")
    poste = rst.ajouter_poste(contexte, AGENT, rst.AjouterPoste(adherent.id, "Soudeur",
                                                                 code_pcs="623E"))
    assert poste.code_pcs is not None and poste.code_pcs.libelle == "Soudeurs manuels"


def test_every_pcs_code_of_the_shipped_samples_is_in_insee_list() -> None:
    codes = [c.code_pcs for fichier in ("exemple.dsn", "salaries.csv")
             for i in (lire_dsn(chemin_exemple(fichier)) if fichier.endswith(".dsn")
                       else lire_csv(chemin_exemple(fichier))).individus
             for c in i.contrats]
    assert codes and all(c is None or libelle_pcs(c.valeur) for c in codes)
    assert any(c is not None for c in codes)


def test_an_unusable_record_is_left_aside_and_applying_needs_a_confirmation_journaled(
        contexte: rst.Contexte) -> None:
    adherent = creer_adherent(contexte)
    bons = personnes_fictives(2)
    mauvais = personne(naissance="31022001")  # no such day
    octets = un_fichier(*bons, mauvais)
    plan = importer(contexte, adherent, octets)
    [ecarte] = plan.ecartes
    assert (ecarte.nom, len(plan.embauches)) == ("DUPONT", 2)
    assert "date de naissance" in ecarte.raisons[0]
    with pytest.raises(rst.RegleMetier) as refus:
        importer(contexte, adherent, octets, appliquer=True)
    assert (refus.value.code, refus.value.regle) == ("import.confirmation_requise", "I2")
    assert rst.lister_salaries(contexte, AGENT, rst.ListerSalaries(adherent.id)).salaries == ()
    fait = importer(contexte, adherent, octets, appliquer=True, confirmer_ecarts=True)
    assert len(fait.embauches) == 2
    journal = rst.consulter_journal(contexte, AGENT, rst.ConsulterJournal(adherent.id))
    [entree] = [e for e in journal if e.quoi == "import.personnes_ecartees"]
    assert "DUPONT Élodie (ligne" in dict(entree.donnees)["personnes"]


# -- encodings -----------------------------------------------------------------------
def test_a_dsn_re_saved_as_utf8_with_or_without_bom_reads_right() -> None:
    bernard = personne()
    bernard.nom, bernard.prenoms = "BÉNARD", "Hélène"
    for bom in (False, True):
        lu = lire(un_fichier(bernard, encodage="utf-8", bom=bom))
        assert (lu.individus[0].identite.nom, lu.individus[0].identite.prenoms) == (
            "BÉNARD", "Hélène")
        assert lu.encodage == "UTF-8"


def test_windows_1252_apostrophes_and_double_utf8_are_repaired_and_said() -> None:
    ndiaye = personne()
    ndiaye.nom = "N’DIAYE"
    lu = lire(un_fichier(ndiaye, encodage="cp1252"))
    assert lu.individus[0].identite.nom == "N'DIAYE"
    double = personne()
    double.prenoms = "Hélène".encode().decode("cp1252")  # HÃ©lÃ¨ne, written as UTF-8
    lu = lire(un_fichier(double, encodage="utf-8"))
    assert lu.individus[0].identite.prenoms == "Hélène"
    assert [r.code for r in lu.remarques] == ["import.double_encodage"]


def test_a_file_mixing_encodings_is_refused_naming_them_unless_one_is_named() -> None:
    octets = un_fichier(personne()) + "S21.G00.30.002,'Hélène'\r\n".encode()
    with pytest.raises(DsnInvalide) as refus:
        lire(octets)
    assert refus.value.erreurs[0].code == "dsn.encodage_ambigu"
    assert "UTF-8" in str(refus.value.erreurs[0]) and "windows-1252" in str(
        refus.value.erreurs[0])
    assert lire(octets, encodage="iso-8859-1").encodage == "ISO-8859-1 (Latin-1)"
    with pytest.raises(rst.DonneeInvalide) as inconnu:
        lire(octets, encodage="ebcdic")
    assert inconnu.value.code == "import.encodage_inconnu"


def test_a_replacement_character_is_flagged_never_stored_as_a_poste() -> None:
    abime = personne(libelle="Pr\ufffdparateur", pcs="561b")
    [remarque] = lire(un_fichier(abime, encodage="utf-8")).etablissements[0].remarques
    assert remarque.code == "dsn.libelle_illisible"
    sans_code = personne(libelle="Pr\ufffdparateur", pcs=None)
    [ecarte] = lire(un_fichier(sans_code, encodage="utf-8")).ecartes
    assert any("illisible" in raison for raison in ecarte.raisons)


# -- envelopes and kinds -------------------------------------------------------------
def test_a_fctu_batch_in_its_envelope_imports_only_the_members_establishment(
        contexte: rst.Contexte) -> None:
    adherent = creer_adherent(contexte)
    autre = siren_valide("52108945")

    def fctu(siren: str, nic: str, graine: int) -> Declaration:
        [p] = personnes_fictives(1, graine=graine)
        p.contrats[0].fin = (D(2025, 3, 14), "059")
        return Declaration(siren, [Etablissement(nic, [p])], "07", "P25V01")

    octets = ecrire([fctu(SIREN, NIC, 1), fctu(SIREN, nic_valide(SIREN, "0002"), 2),
                     fctu(autre, nic_valide(autre, "0001"), 3), fctu(SIREN, NIC, 4)],
                    enveloppe=True)
    plan = importer(contexte, adherent, octets, appliquer=True)
    assert len(plan.embauches) == 2 and len(plan.sorties) == 2
    assert {s.le for s in plan.sorties} == {D(2025, 3, 14)}
    assert sorted(plan.etablissements_ignores) == sorted(
        [SIREN + nic_valide(SIREN, "0002"), autre + nic_valide(autre, "0001")])
