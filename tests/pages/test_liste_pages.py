"""Mes salariés → Liste de mes salariés, the seed's gestures: a box per salarié and
« Tout cocher », filters (name, situation, poste), the menu on the right that takes the
ticked ones out of the headcount or brings them back in one grouped request (E5: all or
nothing, a resent form changes nothing), the new contract asked for when a contract
ended (E3), a movement in a billed period (F4), the CSV export, read-only accesses."""

from __future__ import annotations

import csv
import datetime as dt
import io

from banc_effectif import acces_admin, accorder, embaucher, lu, poste
from banc_pages import Portail, champs_caches

import rst_effectifs as rst

URL = "/adherents/101/salaries"
ACTIONS = f"{URL}/actions"


def mouvements(ctx: rst.Contexte, salarie: rst.Salarie) -> tuple[rst.Mouvement, ...]:
    return relu(ctx, salarie).mouvements_actifs


def relu(ctx: rst.Contexte, salarie: rst.Salarie) -> rst.Salarie:
    acces = acces_admin(ctx)
    trouve: rst.Salarie = rst.executer(ctx, acces, rst.ConsulterSalarie(
        acces.adherent_id, salarie.id))
    return trouve


def envoi(page: str, coches: list[str], le: str, action: str = "sortir",
          **champs: str) -> list[tuple[str, str]]:
    """The form as a browser sends it: its hidden fields, the ticked boxes, the fields
    filled, the button pressed."""
    return [*champs_caches(page, "/salaries/actions"), *[("salarie_ids", c) for c in coches],
            ("le", le), *champs.items(), ("action", action)]


def test_the_list_carries_a_box_per_salarie_and_the_menu_on_the_right(
        portail: Portail) -> None:
    lea = embaucher(portail.ctx, "Durand", "Léa")
    embaucher(portail.ctx, "Martin", "Paul")
    portail.connecter()
    page = lu(portail.lire(URL))
    assert "<h1>Liste de mes salariés</h1>" in page
    assert "Bonne pratique :</strong> Cochez le salarié concerné, rendez-vous dans le menu à " \
           "droite" in page
    assert f'name="salarie_ids" value="{lea.id}" aria-label="Durand Léa"' in page
    assert '<label for="tout-cocher">Tout cocher</label>' in page
    assert '<aside class="menu-actions"' in page and "Pour les salariés cochés" in page
    assert "Sortir de l'effectif</button>" in page and "Réintégrer dans l'effectif</button>" in page
    assert "Dans l'effectif depuis le 01/01/2024" in page
    assert '<option value="059">Démission</option>' in page
    assert 'aria-current="page">Mes salariés' in page and "Sortir / réintégrer" not in page


def test_filters_by_situation_and_poste(portail: Portail) -> None:
    ctx = portail.ctx
    vente, nuit = poste(ctx, "Vente"), poste(ctx, "Nuit")
    lea = embaucher(ctx, "Durand", "Léa", poste_id=vente)
    embaucher(ctx, "Moreau", "Paul", poste_id=nuit)
    acces = acces_admin(ctx)
    rst.executer(ctx, acces, rst.SortirDeLEffectif(acces.adherent_id, "r", (lea.id,),
                                                   dt.date(2024, 3, 31)))
    portail.connecter()
    def table(url: str) -> str:
        return lu(portail.lire(url)).split("<tbody>")[-1].split("</tbody>")[0]

    sortis = table(f"{URL}?situation=sorti")
    assert "Durand" in sortis and "Moreau" not in sortis
    assert "Sorti de l'effectif le 31/03/2024" in sortis
    dans = table(f"{URL}?situation=dans")
    assert "Moreau" in dans and "Durand" not in dans
    de_nuit = table(f"{URL}?poste={nuit}")
    assert "Moreau" in de_nuit and "Durand" not in de_nuit
    assert "Aucun salarié ne correspond à ces filtres." in lu(portail.lire(
        f"{URL}?poste={vente}&situation=dans"))


def test_several_exits_at_once_and_a_resend_changes_nothing(portail: Portail) -> None:
    ctx = portail.ctx
    lea, paul = embaucher(ctx, "Durand", "Léa"), embaucher(ctx, "Martin", "Paul")
    portail.connecter()
    champs = envoi(lu(portail.lire(URL)), [lea.id, paul.id], "2024-06-30",
                   motif_sortie="059")
    fait = lu(portail.suivre(portail.envoyer(ACTIONS, champs)))
    assert "2 salariés sortis de l'effectif (dernier jour de présence le 30/06/2024) : " \
           "Durand Léa, Martin Paul." in fait
    assert "Sorti de l'effectif le 30/06/2024" in fait
    renvoi = lu(portail.suivre(portail.envoyer(ACTIONS, champs)))
    assert "Cette demande avait déjà été enregistrée : rien n'a changé" in renvoi
    for salarie in (lea, paul):
        (sortie,) = mouvements(ctx, salarie)
        assert isinstance(sortie, rst.Sortie)
        assert (sortie.le, sortie.motif) == (dt.date(2024, 6, 30), "059")


def test_tout_cocher_acts_on_every_salarie_shown_even_without_script(
        portail: Portail) -> None:
    ctx = portail.ctx
    lea, paul = embaucher(ctx, "Durand", "Léa"), embaucher(ctx, "Martin", "Paul")
    portail.connecter()
    champs = envoi(lu(portail.lire(URL)), [], "2024-06-30", tout="1")
    portail.envoyer(ACTIONS, champs)
    assert [type(m) for s in (lea, paul) for m in mouvements(ctx, s)] == [rst.Sortie] * 2


def test_each_rendered_form_is_a_new_request(portail: Portail) -> None:
    ctx = portail.ctx
    lea = embaucher(ctx, "Durand", "Léa")
    portail.connecter()
    premier, second = lu(portail.lire(URL)), lu(portail.lire(URL))
    assert dict(champs_caches(premier, "/actions"))["requete_id"] != \
        dict(champs_caches(second, "/actions"))["requete_id"]
    portail.envoyer(ACTIONS, envoi(premier, [lea.id], "2024-03-31"))
    portail.envoyer(ACTIONS, envoi(second, [lea.id], "2024-09-01", "reintegrer",
                                   motif_reintegration="Retour",
                                   **{"contrat.poste_id": relu(ctx, lea).contrats[0].poste_id,
                                      "contrat.nature": "01"}))
    assert [type(m) for m in mouvements(ctx, lea)] == [rst.Sortie, rst.Reintegration]


def test_a_grouped_refusal_names_everyone_who_failed_and_changes_nothing(
        portail: Portail) -> None:
    ctx = portail.ctx
    lea, paul = embaucher(ctx, "Durand", "Léa"), embaucher(ctx, "Martin", "Paul")
    zoe = embaucher(ctx, "Petit", "Zoé")
    acces = acces_admin(ctx)
    rst.executer(ctx, acces, rst.SortirDeLEffectif(acces.adherent_id, "avant", (paul.id,),
                                                   dt.date(2024, 3, 31)))
    portail.connecter()
    champs = envoi(lu(portail.lire(URL)), [lea.id, paul.id, zoe.id], "2024-06-30")
    refus = lu(portail.envoyer(ACTIONS, champs, statut=422))
    assert "Aucune modification n'a été faite : 1 salarié en erreur." in refus
    assert "<strong>Martin Paul</strong> : Ce salarié est déjà sorti de l'effectif." in refus
    assert f'value="{lea.id}" aria-label="Durand Léa" checked' in refus
    assert 'value="2024-06-30"' in refus
    assert mouvements(ctx, lea) == () and mouvements(ctx, zoe) == ()
    assert len(mouvements(ctx, paul)) == 1


def test_a_bad_date_or_no_one_ticked_is_said_next_to_the_field(portail: Portail) -> None:
    ctx = portail.ctx
    lea = embaucher(ctx, "Durand", "Léa")
    portail.connecter()
    page = lu(portail.lire(URL))
    refus = lu(portail.envoyer(ACTIONS, envoi(page, [lea.id], "2023-06-30"), statut=422))
    assert "La sortie ne peut précéder l'entrée dans l'effectif (01/01/2024)." in refus
    personne = lu(portail.envoyer(ACTIONS, envoi(page, [], "2024-06-30"), statut=422))
    assert 'id="champ-salarie-ids-erreur">Cochez au moins un salarié dans la liste.' \
        in personne
    assert mouvements(ctx, lea) == ()


def test_reintegrating_after_a_contract_ended_asks_for_the_new_contract(
        portail: Portail) -> None:
    """The exit closed the contract (E3): without a new one the dashboard would say
    « sans contrat en cours »; the same form asks for it, and one request does both."""
    ctx = portail.ctx
    lea = embaucher(ctx, "Durand", "Léa")
    acces = acces_admin(ctx)
    rst.executer(ctx, acces, rst.SortirDeLEffectif(acces.adherent_id, "r", (lea.id,),
                                                   dt.date(2024, 3, 31)))
    portail.connecter()
    page = lu(portail.lire(URL))
    assert "Sorti de l'effectif le 31/03/2024" in page
    demande = lu(portail.envoyer(ACTIONS, envoi(page, [lea.id], "2024-05-02", "reintegrer",
                                                motif_reintegration="Retour de congé"),
                                 statut=422))
    assert "Le contrat de Durand Léa est terminé : choisissez ci-dessous le poste" in demande
    assert 'id="champ-contrat-poste-id-erreur"' in demande
    assert 'value="Retour de congé"' in demande
    assert len(mouvements(ctx, lea)) == 1
    vendeur = relu(ctx, lea).contrats[0].poste_id
    fait = lu(portail.suivre(portail.envoyer(ACTIONS, envoi(
        demande, [lea.id], "2024-05-02", "reintegrer", motif_reintegration="Retour de congé",
        **{"contrat.poste_id": vendeur, "contrat.nature": "02",
           "contrat.fin": "2024-10-31", "contrat.dispositif": "64"}))))
    assert "1 salarié réintégré dans l'effectif (de nouveau présent à partir du " \
           "02/05/2024) : Durand Léa." in fait
    lea = relu(ctx, lea)
    dernier = lea.mouvements_actifs[-1]
    assert isinstance(dernier, rst.Reintegration) and dernier.motif == "Retour de congé"
    contrat = lea.contrat_le(dt.date(2024, 5, 2))
    assert contrat is not None and (contrat.debut, contrat.fin, contrat.dispositif) == (
        dt.date(2024, 5, 2), dt.date(2024, 10, 31), "64")
    rapport = rst.executer(ctx, acces, rst.VerifierAvantFacturation(
        acces.adherent_id, dt.date(2024, 5, 3)))
    assert not [a for a in rapport.anomalies if lea.id in a.salarie_ids]


def test_an_exit_in_a_billed_period_is_regularised_by_the_next_closing(
        portail: Portail) -> None:
    ctx = portail.ctx
    lea = embaucher(ctx, "Durand", "Léa")
    acces = acces_admin(ctx)
    rst.executer(ctx, acces, rst.CloturerPeriode(
        acces.adherent_id, dt.date(2024, 1, 1), dt.date(2024, 12, 31),
        regle="present_dans_l_annee"))
    portail.connecter()
    page = lu(portail.lire(URL))
    assert "Facturation clôturée jusqu'au 31/12/2024" in page
    fait = lu(portail.suivre(portail.envoyer(
        ACTIONS, envoi(page, [lea.id], "2024-01-31", motif_sortie="031"))))
    assert "1 salarié sorti de l'effectif" in fait
    assert "période déjà facturée (clôturée jusqu'au 31/12/2024)" in fait
    assert "la prochaine clôture portera une ligne de régularisation" in fait
    (sortie,) = mouvements(ctx, lea)
    assert sortie.le == dt.date(2024, 1, 31)


def test_the_list_exports_as_csv_with_its_filters(portail: Portail) -> None:
    ctx = portail.ctx
    embaucher(ctx, "Durand", "Léa", nir="290057511800192", naissance=dt.date(1990, 5, 4))
    paul = embaucher(ctx, "Martin", "Paul")
    acces = acces_admin(ctx)
    rst.executer(ctx, acces, rst.SortirDeLEffectif(acces.adherent_id, "r", (paul.id,),
                                                   dt.date(2024, 3, 31)))
    portail.connecter()
    page = lu(portail.lire(f"{URL}?situation=sorti"))
    assert f'href="{URL}.csv?situation=sorti" download' in page
    reponse = portail.get(f"{URL}.csv?situation=sorti")
    assert reponse.headers["content-type"].startswith("text/csv")
    assert "attachment" in reponse.headers["content-disposition"]
    lignes = list(csv.reader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert lignes[0] == ["Nom", "Prénoms", "Date de naissance", "NIR", "Poste",
                         "Type de contrat", "Entrée", "Situation"]
    assert lignes[1:] == [["Martin", "Paul", "01/01/1990", "", "Vendeur",
                           "Contrat à durée indéterminée (CDI)", "01/01/2024",
                           "Sorti de l'effectif le 31/03/2024"]]
    tous = portail.get(f"{URL}.csv").content.decode("utf-8-sig")
    assert "290057511800192" in tous  # the administrator sees the NIR in clear


def test_the_former_page_leads_to_the_list(portail: Portail) -> None:
    portail.connecter()
    ancienne = portail.get("/adherents/101/mouvements", follow_redirects=False)
    assert ancienne.status_code == 303 and ancienne.headers["location"].endswith(URL)


def test_a_read_only_access_sees_no_box_and_a_forged_post_is_refused(
        portail: Portail) -> None:
    ctx = portail.ctx
    lea = embaucher(ctx, "Durand", "Léa", nir="290057511800192", naissance=dt.date(1990, 5, 4))
    accorder(ctx, "lecteur@boulangerie.fr", rst.Role.LECTURE)
    portail.connecter("lecteur@boulangerie.fr")
    page = lu(portail.lire(URL))
    assert "Durand" in page and 'name="salarie_ids"' not in page and "menu-actions" not in page
    assert "290057511800192" not in portail.get(f"{URL}.csv").text
    refus = portail.envoyer(ACTIONS, [("requete_id", "x"), ("salarie_ids", lea.id),
                                      ("le", "2024-06-30"), ("action", "sortir")], statut=403)
    assert "Vos droits ne permettent pas cette action." in refus.text
    assert mouvements(ctx, lea) == ()
