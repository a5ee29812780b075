"""Rules S1–S4 of DOMAIN.md: one file per person, never deleted once counted."""

from __future__ import annotations

import pytest
from portail_regles import D, Portail, nir

import rst_effectifs as rst


def corriger(portail: Portail, salarie_id: str, **champs: object) -> rst.Salarie:
    actuel = portail.salarie(salarie_id).identite
    valeurs: dict[str, object] = {
        "nom": actuel.nom, "prenoms": actuel.prenoms, "date_naissance": actuel.date_naissance,
        "nir": None if actuel.nir is None else actuel.nir.valeur,
    }
    valeurs.update(champs)
    return rst.corriger_identite(portail.ctx, portail.moi, rst.CorrigerIdentite(
        portail.adherent_id, salarie_id, **valeurs))  # type: ignore[arg-type]


# -- S1 ------------------------------------------------------------------------------
@pytest.mark.parametrize(("champs", "code"), [
    ({"nom": "  "}, "salarie.nom_invalide"),
    ({"nom": "x" * 101}, "salarie.nom_invalide"),
    ({"prenoms": ""}, "salarie.prenoms_invalides"),
])
def test_s1_identity_requires_names(
    portail: Portail, champs: dict[str, object], code: str
) -> None:
    portail.poste_par_defaut()
    portail.refuse(rst.DonneeInvalide, code, "S1", lambda: portail.embaucher(**champs))
    assert portail.salaries() == ()


def test_s1_birth_date_must_be_a_date() -> None:
    with pytest.raises(rst.DonneeInvalide) as info:
        rst.Identite(nom="Durand", prenoms="Léa", date_naissance="1990-05-04")  # type: ignore[arg-type]
    assert (info.value.code, info.value.regle) == ("date.invalide", "S1")


def test_s1_nir_is_optional(portail: Portail) -> None:
    assert portail.embaucher(nir=None).identite.nir is None


def test_s1_invalid_nir_refused_without_repeating_it(portail: Portail) -> None:
    bon = nir("2", 1990, 5)
    mauvaise_cle = bon[:13] + f"{(int(bon[13:]) + 1) % 100:02d}"
    portail.poste_par_defaut()
    erreur = portail.refuse(rst.DonneeInvalide, "nir.invalide", "S1",
                            lambda: portail.embaucher(nir=mauvaise_cle))
    assert mauvaise_cle not in str(erreur)


@pytest.mark.parametrize("naissance", [D(1991, 5, 4), D(1990, 6, 4)])
def test_s1_nir_must_match_birth_year_and_month(portail: Portail, naissance: D) -> None:
    portail.poste_par_defaut()
    portail.refuse(rst.DonneeInvalide, "nir.naissance_incoherente", "S1",
                   lambda: portail.embaucher(nir=nir("2", 1990, 5), naissance=naissance))


def test_s1_nir_with_unknown_month_checks_the_year_only(portail: Portail) -> None:
    sans_mois = nir("1", 1990, 30)  # month digits 20–42: month unknown
    assert portail.embaucher(nir=sans_mois, naissance=D(1990, 11, 2)).identite.nir is not None
    portail.refuse(rst.DonneeInvalide, "nir.naissance_incoherente", "S1",
                   lambda: portail.embaucher(nom="Autre", nir=nir("1", 1990, 31),
                                             naissance=D(1989, 11, 2)))


# -- S2 ------------------------------------------------------------------------------
def test_s2_same_nir_refused_naming_the_existing_file(portail: Portail) -> None:
    lea = portail.embaucher(nir=nir("2", 1990, 5))
    # Same person under her married name: the NIR decides.
    erreur = portail.refuse(
        rst.RegleMetier, "salarie.deja_existant", "S2",
        lambda: portail.embaucher(nom="Martin", nir=nir("2", 1990, 5), debut=D(2026, 1, 5)),
    )
    assert erreur.details["salarie_id"] == lea.id
    assert "contrat" in erreur.message and "réintégrez" in erreur.message
    assert [s.id for s in portail.salaries()] == [lea.id]


def test_s2_same_names_and_birth_date_refused_without_nir(portail: Portail) -> None:
    lea = portail.embaucher(nom="Lefèvre", prenoms="Léa-Marie")
    erreur = portail.refuse(
        rst.RegleMetier, "salarie.deja_existant", "S2",
        lambda: portail.embaucher(nom="LEFEVRE", prenoms="lea marie", debut=D(2026, 1, 5)),
    )
    assert erreur.details == {"salarie_id": lea.id}


def test_s2_names_match_when_only_one_file_has_a_nir(portail: Portail) -> None:
    lea = portail.embaucher(nir=nir("2", 1990, 5))
    erreur = portail.refuse(rst.RegleMetier, "salarie.deja_existant", "S2",
                            lambda: portail.embaucher(nir=None))
    assert erreur.details["salarie_id"] == lea.id


def test_s2_namesakes_with_different_nirs_are_two_people(portail: Portail) -> None:
    portail.embaucher(nir=nir("2", 1990, 5, ordre="001"))
    portail.embaucher(nir=nir("2", 1990, 5, ordre="002"))
    assert len(portail.salaries()) == 2


def test_s2_one_file_per_person_per_adherent(portail: Portail) -> None:
    portail.embaucher(nir=nir("2", 1990, 5))
    autre = portail.nouvel_adherent()
    poste = portail.poste("Vendeur", adherent_id=autre)
    chez_autre = rst.embaucher(portail.ctx, portail.acces(autre), rst.EmbaucherSalarie(
        autre, "Durand", "Léa", D(1990, 5, 4), rst.NouveauContrat(
            rst.NatureContrat.CDI, D(2025, 1, 6), poste.id), nir=nir("2", 1990, 5)))
    assert chez_autre.adherent_id == autre


def test_s2_correction_onto_another_file_refused(portail: Portail) -> None:
    lea = portail.embaucher(nom="Durand", prenoms="Léa")
    tom = portail.embaucher(nom="Petit", prenoms="Tom", naissance=D(1990, 5, 4))
    erreur = portail.refuse(rst.RegleMetier, "salarie.deja_existant", "S2",
                            lambda: corriger(portail, tom.id, nom="Durand", prenoms="Léa"))
    assert erreur.details["salarie_id"] == lea.id


def test_s2_cancelled_file_does_not_block_a_new_one(portail: Portail) -> None:
    saisie_erronee = portail.embaucher()
    rst.annuler_salarie(portail.ctx, portail.moi,
                        rst.AnnulerSalarie(portail.adherent_id, saisie_erronee.id))
    assert portail.embaucher().id != saisie_erronee.id


# -- S3 ------------------------------------------------------------------------------
def test_s3_file_that_never_counted_can_be_cancelled_and_is_kept(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 1, 6))
    annule = rst.annuler_salarie(portail.ctx, portail.moi,
                                 rst.AnnulerSalarie(portail.adherent_id, lea.id))
    assert annule.annule and annule.id == lea.id
    assert portail.salarie(lea.id).annule  # still readable: cancelled, not deleted
    assert portail.salaries() == ()
    assert lea.id not in portail.presents(D(2025, 3, 1))
    assert portail.journal()[-1] == "salarie.annule"


def test_s3_file_counted_in_a_frozen_period_cannot_be_cancelled(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2024, 3, 1))
    portail.cloturer(D(2024, 12, 31))
    portail.refuse(
        rst.RegleMetier, "salarie.deja_compte", "S3",
        lambda: rst.annuler_salarie(portail.ctx, portail.moi,
                                    rst.AnnulerSalarie(portail.adherent_id, lea.id)),
    )


def test_s3_file_starting_after_the_frozen_period_can_be_cancelled(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 1, 1))
    portail.cloturer(D(2024, 12, 31))
    assert rst.annuler_salarie(portail.ctx, portail.moi,
                               rst.AnnulerSalarie(portail.adherent_id, lea.id)).annule


def test_s3_cancelled_file_takes_no_further_change(portail: Portail) -> None:
    lea = portail.embaucher()
    rst.annuler_salarie(portail.ctx, portail.moi, rst.AnnulerSalarie(portail.adherent_id, lea.id))
    portail.refuse(rst.RegleMetier, "salarie.annule", "S3",
                   lambda: portail.ajouter_contrat(lea.id, D(2026, 1, 5)))
    portail.refuse(rst.RegleMetier, "salarie.annule", "S3",
                   lambda: rst.annuler_salarie(portail.ctx, portail.moi,
                                               rst.AnnulerSalarie(portail.adherent_id, lea.id)))


# -- S4 ------------------------------------------------------------------------------
def test_s4_identity_correction_keeps_the_same_file_and_is_journaled(portail: Portail) -> None:
    lea = portail.embaucher(nom="Durant", nir=None)
    corrige = corriger(portail, lea.id, nom="Durand", nir=nir("2", 1990, 5))
    assert corrige.id == lea.id
    assert corrige.identite.nom == "Durand"
    assert corrige.contrats == lea.contrats
    assert corrige.version == lea.version + 1
    assert [s.id for s in portail.salaries()] == [lea.id]
    entree = portail.etat.journal[-1]
    assert entree.quoi == "salarie.identite_corrigee"
    assert entree.salarie_id == lea.id
    assert dict(entree.donnees)["champs"] == "nom,nir"
    assert nir("2", 1990, 5) not in repr(portail.etat.journal)


def test_s4_correction_is_validated_like_a_new_identity(portail: Portail) -> None:
    lea = portail.embaucher()
    portail.refuse(rst.DonneeInvalide, "nir.naissance_incoherente", "S1",
                   lambda: corriger(portail, lea.id, nir=nir("2", 1985, 5)))


def test_s4_correction_without_change_journals_nothing(portail: Portail) -> None:
    lea = portail.embaucher()
    avant = portail.instantane()
    assert corriger(portail, lea.id) == lea
    assert portail.instantane() == avant
