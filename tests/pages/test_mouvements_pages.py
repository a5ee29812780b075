"""Sortir / réintégrer: ticking several salariés, a date and a reason, all or nothing
(E5), a resent form changing nothing, a movement in a billed period (F4), read-only
accesses."""

from __future__ import annotations

import datetime as dt
import re

from banc_effectif import acces_admin, accorder, embaucher, lu
from banc_pages import Portail

import rst_effectifs as rst

URL = "/adherents/101/mouvements"
_REQUETE = re.compile(r'name="requete_id" value="([^"]+)"')


def mouvements(ctx: rst.Contexte, salarie: rst.Salarie) -> tuple[rst.Mouvement, ...]:
    acces = acces_admin(ctx)
    lu: rst.Salarie = rst.executer(ctx, acces, rst.ConsulterSalarie(acces.adherent_id,
                                                                     salarie.id))
    return lu.mouvements_actifs


def formulaire_de(page: str, coches: list[str], le: str, motif: str = "",
                  action: str = "sortir") -> list[tuple[str, str]]:
    """The form as a browser sends it: the hidden fields, the ticked boxes, the button."""
    trouve = _REQUETE.search(page)
    assert trouve, "le formulaire porte un identifiant de demande"
    return [("requete_id", trouve.group(1)), ("salarie_ids", ""),
            *[("salarie_ids", c) for c in coches], ("le", le), ("motif", motif),
            ("action", action)]


def test_the_page_lists_the_salaries_with_a_box_each(portail: Portail) -> None:
    lea = embaucher(portail.ctx, "Durand", "Léa")
    embaucher(portail.ctx, "Martin", "Paul")
    portail.connecter()
    page = lu(portail.lire(URL))
    assert "<h1>Sortir de l'effectif / réintégrer</h1>" in page
    assert f'name="salarie_ids" value="{lea.id}"' in page
    assert '<label for="salarie-1">Durand Léa</label>' in page
    assert "Dans l'effectif depuis le 01/01/2024" in page
    assert "Sortir de l'effectif</button>" in page and "Réintégrer dans l'effectif</button>" in page
    assert 'type="date"' in page and 'list="motifs-sortie"' in page
    assert 'aria-current="page">Sortir / réintégrer' in page


def test_several_exits_at_once_and_a_resend_changes_nothing(portail: Portail) -> None:
    ctx = portail.ctx
    lea, paul = embaucher(ctx, "Durand", "Léa"), embaucher(ctx, "Martin", "Paul")
    portail.connecter()
    champs = formulaire_de(lu(portail.lire(URL)), [lea.id, paul.id], "2024-06-30", "059")
    fait = lu(portail.suivre(portail.envoyer(URL, champs)))
    assert "2 salariés sortis de l'effectif (dernier jour de présence le 30/06/2024) : " \
           "Durand Léa, Martin Paul." in fait
    assert "Sorti de l'effectif le 30/06/2024" in fait
    renvoi = lu(portail.suivre(portail.envoyer(URL, champs)))
    assert "Cette demande avait déjà été enregistrée : rien n'a changé" in renvoi
    for salarie in (lea, paul):
        (sortie,) = mouvements(ctx, salarie)
        assert isinstance(sortie, rst.Sortie)
        assert (sortie.le, sortie.motif) == (dt.date(2024, 6, 30), "059")


def test_each_rendered_form_is_a_new_request(portail: Portail) -> None:
    ctx = portail.ctx
    lea = embaucher(ctx, "Durand", "Léa")
    portail.connecter()
    premier = lu(portail.lire(URL))
    second = lu(portail.lire(URL))
    assert _REQUETE.search(premier) and _REQUETE.search(second)
    assert _REQUETE.findall(premier) != _REQUETE.findall(second)
    portail.envoyer(URL, formulaire_de(premier, [lea.id], "2024-03-31"))
    portail.envoyer(URL, formulaire_de(second, [lea.id], "2024-09-01", "Retour",
                                       "reintegrer"))
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
    champs = formulaire_de(lu(portail.lire(URL)), [lea.id, paul.id, zoe.id], "2024-06-30")
    refus = lu(portail.envoyer(URL, champs, statut=422))
    assert "Aucune modification n'a été faite : 1 salarié en erreur." in refus
    assert "<strong>Martin Paul</strong> : Ce salarié est déjà sorti de l'effectif." in refus
    assert f'value="{lea.id}" checked' in refus and f'value="{zoe.id}" checked' in refus
    assert 'value="2024-06-30"' in refus
    assert mouvements(ctx, lea) == () and mouvements(ctx, zoe) == ()
    assert len(mouvements(ctx, paul)) == 1


def test_a_bad_reason_or_no_one_ticked_is_said_next_to_the_field(portail: Portail) -> None:
    ctx = portail.ctx
    lea = embaucher(ctx, "Durand", "Léa")
    portail.connecter()
    page = lu(portail.lire(URL))
    refus = lu(portail.envoyer(URL, formulaire_de(page, [lea.id], "2024-06-30", "fin"),
                               statut=422))
    assert 'id="champ-motif-erreur">Le motif de sortie est un code DSN à trois chiffres' in refus
    assert 'aria-invalid="true"' in refus
    personne = lu(portail.envoyer(URL, formulaire_de(page, [], "2024-06-30"), statut=422))
    assert 'id="champ-salarie-ids-erreur">Choisissez entre 1 et' in personne
    assert mouvements(ctx, lea) == ()


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
    assert "La facturation est clôturée jusqu'au 31/12/2024." in page
    fait = lu(portail.suivre(portail.envoyer(
        URL, formulaire_de(page, [lea.id], "2024-01-31", "031"))))
    assert "1 salarié sorti de l'effectif" in fait
    assert "période déjà facturée (clôturée jusqu'au 31/12/2024)" in fait
    assert "la prochaine clôture portera une ligne de régularisation" in fait
    (sortie,) = mouvements(ctx, lea)
    assert sortie.le == dt.date(2024, 1, 31)
    (cloture,) = rst.executer(ctx, acces, rst.ListerClotures(acces.adherent_id))
    assert [ligne.nom for ligne in cloture.assiette.lignes] == ["Durand"]


def test_a_reintegration_with_its_free_reason(portail: Portail) -> None:
    ctx = portail.ctx
    lea = embaucher(ctx, "Durand", "Léa")
    acces = acces_admin(ctx)
    rst.executer(ctx, acces, rst.SortirDeLEffectif(acces.adherent_id, "r", (lea.id,),
                                                   dt.date(2024, 3, 31)))
    portail.connecter()
    page = lu(portail.lire(URL))
    assert "Sorti de l'effectif le 31/03/2024" in page
    fait = lu(portail.suivre(portail.envoyer(URL, formulaire_de(
        page, [lea.id], "2024-05-02", "Retour de congé parental", "reintegrer"))))
    assert "1 salarié réintégré dans l'effectif (de nouveau présent à partir du " \
           "02/05/2024) : Durand Léa." in fait
    dernier = mouvements(ctx, lea)[-1]
    assert isinstance(dernier, rst.Reintegration)
    assert dernier.motif == "Retour de congé parental"


def test_a_read_only_access_sees_no_form_and_a_forged_post_is_refused(
        portail: Portail) -> None:
    ctx = portail.ctx
    lea = embaucher(ctx, "Durand", "Léa")
    accorder(ctx, "lecteur@boulangerie.fr", rst.Role.LECTURE)
    portail.connecter("lecteur@boulangerie.fr")
    page = lu(portail.lire(URL))
    assert "Vos droits permettent de consulter l'effectif, pas de le modifier" in page
    assert "<form class=\"mouvements\"" not in page and "Sortir / réintégrer</a>" not in page
    refus = portail.envoyer(URL, [("requete_id", "x"), ("salarie_ids", lea.id),
                                  ("le", "2024-06-30"), ("action", "sortir")], statut=403)
    assert "Vos droits ne permettent pas cette action." in refus.text
    assert mouvements(ctx, lea) == ()
