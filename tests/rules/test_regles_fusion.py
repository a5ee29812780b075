"""Rule S5: two files of one person (doubled before S2 was enforced) merged into one.

Doubled files cannot be made through the use cases (S2 refuses them), so these tests
store the second file straight through a unit of work, as a database written before
the fix holds it."""

from __future__ import annotations

import datetime as dt

import pytest
from portail_regles import EMBAUCHE, NAISSANCE, D, Portail, nir

import rst_effectifs as rst
from rst_effectifs.domain.contrats import Contrat
from rst_effectifs.domain.ntt import Ntt


def doubler(portail: Portail, salarie_id: str, *, nom: str = "Durand",
            nir_texte: str | None = None, debut: dt.date = EMBAUCHE,
            fin: dt.date | None = None,
            nature: rst.NatureContrat = rst.NatureContrat.CDI, ntt: str | None = None) -> str:
    """A second file stored without the S2 check, with one contract."""
    contrat = Contrat(id=f"{salarie_id}-c", nature=nature, debut=debut,
                      poste_id=portail.poste_par_defaut(), fin=fin)
    identite = rst.Identite(nom=nom, prenoms="Léa", date_naissance=NAISSANCE,
                            nir=None if nir_texte is None else rst.Nir(nir_texte),
                            ntt=None if ntt is None else Ntt(ntt))
    salarie, _evenements = rst.Salarie.embaucher(salarie_id, portail.adherent_id, identite,
                                                 contrat)
    with portail.ctx.unite_de_travail() as uow:
        uow.salaries.ajouter(salarie)
        uow.commit()
    return salarie_id


def fusionner(portail: Portail, conserve: str, doublon: str,
              acteur: rst.Acteur | None = None, **versions: int) -> rst.Salarie:
    return rst.fusionner_salaries(portail.ctx, acteur or portail.moi, rst.FusionnerSalaries(
        portail.adherent_id, conserve, doublon, **versions))


def present_sur(portail: Portail, salarie_id: str) -> tuple[rst.Periode, ...]:
    return portail.salarie(salarie_id).periodes_de_presence()


def test_s5_a_double_hire_becomes_one_file_counted_once(portail: Portail) -> None:
    garde = portail.embaucher().id
    doublon = doubler(portail, "double")
    assert portail.presents(EMBAUCHE) == {garde, doublon}
    fusionne = fusionner(portail, garde, doublon)
    assert len(fusionne.contrats) == 1  # the same contract entered twice is one contract
    assert portail.salarie(doublon).annule
    assert portail.presents(EMBAUCHE) == {garde}
    assert [s.id for s in portail.salaries()] == [garde]
    assert portail.journal()[-2:] == ["salarie.fusion", "salarie.annule_par_fusion"]
    cancelled = [e for e in portail.etat.journal if e.quoi == "salarie.annule_par_fusion"]
    assert (cancelled[0].salarie_id, dict(cancelled[0].donnees)) == (
        doublon, {"conserve_id": garde})


def test_s5_a_rehire_on_a_second_file_becomes_a_contract_and_a_reintegration(
    portail: Portail,
) -> None:
    garde = portail.embaucher(fin=D(2025, 3, 31), nature=rst.NatureContrat.CDD).id
    portail.sortir(garde, le=D(2025, 3, 31))
    doublon = doubler(portail, "double", debut=D(2025, 6, 1))
    avant = (present_sur(portail, garde), present_sur(portail, doublon))
    fusionne = fusionner(portail, garde, doublon)
    assert fusionne.periodes_de_presence() == (*avant[0], *avant[1])
    contrat = fusionne.contrats[-1]
    assert (contrat.id, contrat.debut) == ("double-c", D(2025, 6, 1))
    retour = fusionne.mouvements_actifs[-1]
    assert isinstance(retour, rst.Reintegration)
    assert (retour.le, retour.contrat_id) == (D(2025, 6, 1), "double-c")
    # E3/C4 still hold on the merged file: cancelling the moved contract undoes the return.
    annule = rst.annuler_contrat(portail.ctx, portail.moi,
                                 rst.AnnulerContrat(portail.adherent_id, garde, "double-c"))
    assert annule.periodes_de_presence() == avant[0]


def test_s5_the_duplicates_exits_come_with_it(portail: Portail) -> None:
    garde = portail.embaucher().id
    portail.sortir(garde, le=D(2025, 2, 28))
    doublon = doubler(portail, "double", debut=D(2025, 4, 1))
    portail.sortir(doublon, le=D(2025, 5, 31))
    fusionne = fusionner(portail, doublon, garde)  # either file may be the one kept
    assert [(type(m).__name__, m.le) for m in fusionne.mouvements_actifs] == [
        ("Sortie", D(2025, 2, 28)), ("Reintegration", D(2025, 4, 1)),
        ("Sortie", D(2025, 5, 31))]
    assert fusionne.date_entree == EMBAUCHE
    assert portail.salarie(garde).annule


def test_s5_the_kept_file_takes_the_duplicates_nir(portail: Portail) -> None:
    garde = portail.embaucher().id
    numero = nir("2", 1990, 5)
    doublon = doubler(portail, "double", nir_texte=numero)
    fusionne = fusionner(portail, garde, doublon)
    assert fusionne.identite.nir == rst.Nir(numero)
    assert "salarie.identite_corrigee" in portail.journal()


def test_s5_the_same_nir_merges_whatever_the_spelling_of_the_names(portail: Portail) -> None:
    numero = nir("2", 1990, 5)
    garde = portail.embaucher(nir=numero).id
    doublon = doubler(portail, "double", nom="Durant", nir_texte=numero)
    assert fusionner(portail, garde, doublon).identite.nom == "Durand"


NTT = "1NTT0042ABCD"  # S21.G00.30.020: a payroll's temporary number for a person without NIR


def test_s5_the_kept_file_takes_the_duplicates_ntt(portail: Portail) -> None:
    garde = portail.embaucher().id
    doublon = doubler(portail, "double", ntt=NTT)
    fusionne = fusionner(portail, garde, doublon)
    assert fusionne.identite.ntt is not None and fusionne.identite.ntt.valeur == NTT
    [corrigee] = [e for e in portail.etat.journal if e.quoi == "salarie.identite_corrigee"]
    assert "ntt" in str(dict(corrigee.donnees))


def test_s5_the_same_ntt_merges_whatever_the_spelling_of_the_names(portail: Portail) -> None:
    premier = doubler(portail, "premier", ntt=NTT)
    second = doubler(portail, "second", nom="Durant", ntt=NTT)
    with portail.ctx.unite_de_travail() as uow:
        assert list(uow.salaries.groupes_de_doublons(portail.adherent_id)) == [
            ("premier", "second")]
    assert fusionner(portail, premier, second).identite.nom == "Durand"


def _refus(portail: Portail, code: str, conserve: str, doublon: str) -> rst.ErreurDomaine:
    return portail.refuse(rst.RegleMetier, code, "S5",
                          lambda: fusionner(portail, conserve, doublon))


def test_s5_overlapping_contracts_are_refused(portail: Portail) -> None:
    garde = portail.embaucher().id
    doublon = doubler(portail, "double", debut=D(2025, 2, 1))
    erreur = _refus(portail, "fusion.contrats_chevauchants", garde, doublon)
    assert "06/01/2025" in erreur.message and erreur.details == {"contrat_id": "double-c"}


def test_s5_contradictory_movements_are_refused(portail: Portail) -> None:
    # One file says she left on 28/02, the other that she was there until 30/04.
    garde = portail.embaucher(fin=D(2025, 2, 28), nature=rst.NatureContrat.CDD).id
    portail.sortir(garde, le=D(2025, 2, 28))
    doublon = doubler(portail, "double", debut=EMBAUCHE, fin=D(2025, 2, 28),
                      nature=rst.NatureContrat.CDD)
    _refus(portail, "fusion.mouvements_contradictoires", garde, doublon)
    portail.sortir(doublon, le=D(2025, 2, 28))  # aligned: now the merge goes through
    assert fusionner(portail, garde, doublon).mouvements_actifs[-1].le == D(2025, 2, 28)


def test_s5_different_nirs_are_two_people(portail: Portail) -> None:
    garde = portail.embaucher(nir=nir("2", 1990, 5, ordre="001")).id
    doublon = doubler(portail, "double", nir_texte=nir("2", 1990, 5, ordre="002"),
                      debut=D(2026, 1, 1))
    _refus(portail, "fusion.nir_differents", garde, doublon)


def test_s5_other_names_without_a_common_nir_are_two_people(portail: Portail) -> None:
    garde = portail.embaucher().id
    autre = portail.embaucher(nom="Martin", debut=D(2026, 1, 1)).id
    _refus(portail, "fusion.personnes_differentes", garde, autre)


def test_s5_a_file_is_not_merged_with_itself_nor_a_cancelled_one(portail: Portail) -> None:
    garde = portail.embaucher().id
    assert _refus(portail, "fusion.meme_fiche", garde, garde).chemin == "doublon_id"
    doublon = doubler(portail, "double")
    rst.annuler_salarie(portail.ctx, portail.moi,
                        rst.AnnulerSalarie(portail.adherent_id, doublon))
    assert _refus(portail, "fusion.fiche_annulee", garde, doublon).chemin == "doublon_id"
    assert _refus(portail, "fusion.fiche_annulee", doublon, garde).chemin == "conserve_id"


def test_s5_another_adherents_file_answers_like_an_unknown_one(portail: Portail) -> None:
    garde = portail.embaucher().id
    ailleurs = portail.nouvel_adherent()
    rst.ajouter_poste(portail.ctx, portail.acces(ailleurs),
                      rst.AjouterPoste(ailleurs, "Vendeur"))
    etranger = rst.embaucher(portail.ctx, portail.acces(ailleurs), rst.EmbaucherSalarie(
        ailleurs, "Durand", "Léa", NAISSANCE, rst.NouveauContrat(
            rst.NatureContrat.CDI, EMBAUCHE,
            rst.lister_postes(portail.ctx, portail.agent, rst.ListerPostes(ailleurs))[0].id),
    )).id
    erreurs = [portail.refuse(rst.Introuvable, "salarie.introuvable", "A4",
                              lambda i=i: fusionner(portail, garde, i))
               for i in (etranger, "inconnu")]
    assert [(e.message, e.chemin) for e in erreurs] == [
        ("Ce salarié est introuvable.", "doublon_id")] * 2


def test_s5_versions_seen_by_the_caller_are_checked(portail: Portail) -> None:
    garde = portail.embaucher()
    doublon = doubler(portail, "double")
    portail.refuse(rst.VersionPerimee, "concurrence.version_perimee", "concurrence",
                   lambda: fusionner(portail, garde.id, doublon,
                                     version_conserve=garde.version + 1))
    portail.refuse(rst.VersionPerimee, "concurrence.version_perimee", "concurrence",
                   lambda: fusionner(portail, garde.id, doublon, version_doublon=7))
    fusionne = fusionner(portail, garde.id, doublon, version_conserve=garde.version,
                         version_doublon=1)
    assert fusionne.version == garde.version + 1


@pytest.mark.parametrize("role", [rst.Role.DECLARATION, rst.Role.FACTURATION,
                                  rst.Role.LECTURE])
def test_s5_only_an_administrator_merges(portail: Portail, role: rst.Role) -> None:
    garde = portail.embaucher().id
    doublon = doubler(portail, "double")
    portail.refuse(rst.AccesInterdit, "acces.interdit", "A3", lambda: fusionner(
        portail, garde, doublon, portail.acces(portail.adherent_id, role)))
