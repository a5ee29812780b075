"""Mistakes undone from a salarié's file: a wrong exit, a wrong reintegration (E6) and a
mistaken contract (C4), each after a page that says what will change; in a billed period
the reason is asked and the regularisation announced (F4)."""

from __future__ import annotations

import datetime as dt

from banc_effectif import acces_admin, accorder, embaucher, lu
from banc_pages import Portail, champs_caches

import rst_effectifs as rst

SALARIES = "/adherents/101/salaries"


def _lire(ctx: rst.Contexte, salarie: rst.Salarie) -> rst.Salarie:
    acces = acces_admin(ctx)
    trouve: rst.Salarie = rst.executer(ctx, acces, rst.ConsulterSalarie(
        acces.adherent_id, salarie.id))
    return trouve


def _sortir(ctx: rst.Contexte, salarie: rst.Salarie, le: dt.date) -> str:
    acces = acces_admin(ctx)
    resultat = rst.executer(ctx, acces, rst.SortirDeLEffectif(
        acces.adherent_id, f"s-{le}", (salarie.id,), le))
    return str(resultat.mouvements[0][1])


def test_a_wrong_exit_is_cancelled_after_saying_what_changes(portail: Portail) -> None:
    ctx = portail.ctx
    lea = embaucher(ctx, "Durand", "Léa", fin=dt.date(2024, 12, 31))
    sortie = _sortir(ctx, lea, dt.date(2024, 6, 30))
    portail.connecter()
    fiche = lu(portail.lire(f"{SALARIES}/{lea.id}"))
    url = f"{SALARIES}/{lea.id}/mouvements/{sortie}/annulation"
    assert f'href="{url}">Annuler cette sortie</a>' in fiche
    confirmation = lu(portail.lire(url))
    assert "<h1>Annuler la sortie du 30/06/2024</h1>" in confirmation
    assert "Durand Léa sera de nouveau dans l'effectif." in confirmation
    assert "Le contrat CDI du 01/01/2024 (Vendeur) finira " \
           "le 31/12/2024." in confirmation
    assert "Motif de l'annulation" not in confirmation  # nothing billed yet
    assert _lire(ctx, lea).mouvements_actifs  # nothing changed by reading
    fait = lu(portail.suivre(portail.envoyer(url, champs_caches(confirmation, ""))))
    assert "La sortie du 30/06/2024 est annulée." in fait
    apres = _lire(ctx, lea)
    assert apres.est_dans_l_effectif and apres.contrats[0].fin == dt.date(2024, 12, 31)
    assert apres.mouvements[0].annule  # kept in the history, flagged


def test_a_wrong_reintegration_and_only_the_latest_movement(portail: Portail) -> None:
    ctx = portail.ctx
    lea = embaucher(ctx, "Durand", "Léa")
    sortie = _sortir(ctx, lea, dt.date(2024, 3, 31))
    acces = acces_admin(ctx)
    retour = rst.executer(ctx, acces, rst.ReintegrerDansLEffectif(
        acces.adherent_id, "r", (lea.id,), dt.date(2024, 5, 2))).mouvements[0][1]
    portail.connecter()
    fiche = lu(portail.lire(f"{SALARIES}/{lea.id}"))
    assert "Annuler cette réintégration</a>" in fiche and "Annuler cette sortie" not in fiche
    trop_tot = lu(portail.lire(f"{SALARIES}/{lea.id}/mouvements/{sortie}/annulation"))
    assert "Seul le dernier mouvement peut être annulé" in trop_tot
    assert "Confirmer l'annulation" not in trop_tot
    url = f"{SALARIES}/{lea.id}/mouvements/{retour}/annulation"
    confirmation = lu(portail.lire(url))
    assert "Durand Léa ne sera plus dans l'effectif." in confirmation
    portail.envoyer(url, champs_caches(confirmation, ""))
    assert not _lire(ctx, lea).est_dans_l_effectif


def test_a_mistaken_contract_is_cancelled_and_the_one_it_closed_reopens(
        portail: Portail) -> None:
    ctx = portail.ctx
    lea = embaucher(ctx, "Durand", "Léa")
    acces = acces_admin(ctx)
    lea = rst.executer(ctx, acces, rst.AjouterContrat(acces.adherent_id, lea.id,
                       rst.NouveauContrat(rst.NatureContrat.CDD, dt.date(2024, 9, 1),
                                          lea.contrats[0].poste_id)))
    erreur = lea.contrats[1]
    portail.connecter()
    url = f"{SALARIES}/{lea.id}/contrats/{erreur.id}/annulation"
    assert f'href="{url}">Annuler ce contrat</a>' in lu(portail.lire(f"{SALARIES}/{lea.id}"))
    confirmation = lu(portail.lire(url))
    assert "Le contrat CDD du 01/09/2024 (Vendeur) sera " \
           "annulé." in confirmation
    assert "Le contrat CDI du 01/01/2024 (Vendeur) n'aura " \
           "plus de fin prévue." in confirmation
    fait = lu(portail.suivre(portail.envoyer(url, champs_caches(confirmation, ""))))
    assert "Le contrat CDD du 01/09/2024 (Vendeur) est annulé." \
        in fait
    apres = _lire(ctx, lea)
    assert [c.id for c in apres.contrats_actifs] == [lea.contrats[0].id]
    assert apres.contrats[0].fin is None


def test_in_a_billed_period_the_reason_is_asked_and_regularised(portail: Portail) -> None:
    ctx = portail.ctx
    lea = embaucher(ctx, "Durand", "Léa")
    sortie = _sortir(ctx, lea, dt.date(2024, 6, 30))
    acces = acces_admin(ctx)
    rst.executer(ctx, acces, rst.CloturerPeriode(
        acces.adherent_id, dt.date(2024, 1, 1), dt.date(2024, 12, 31),
        regle="present_dans_l_annee"))
    portail.connecter()
    url = f"{SALARIES}/{lea.id}/mouvements/{sortie}/annulation"
    confirmation = lu(portail.lire(url))
    assert "période déjà facturée (clôturée jusqu'au 31/12/2024)" in confirmation
    assert "la prochaine clôture portera une ligne de régularisation" in confirmation
    assert "Motif de l'annulation" in confirmation
    sans_motif = lu(portail.envoyer(url, champs_caches(confirmation, ""), statut=422))
    assert 'id="champ-motif-erreur"' in sans_motif
    assert not _lire(ctx, lea).est_dans_l_effectif
    fait = lu(portail.suivre(portail.envoyer(url, [*champs_caches(confirmation, ""),
                                                   ("motif", "Sortie saisie par erreur")])))
    assert "La facture de la période clôturée ne change pas" in fait
    assert _lire(ctx, lea).est_dans_l_effectif


def test_a_file_changed_since_the_confirmation_is_not_cancelled_unseen(
        portail: Portail) -> None:
    ctx = portail.ctx
    lea = embaucher(ctx, "Durand", "Léa")
    sortie = _sortir(ctx, lea, dt.date(2024, 6, 30))
    portail.connecter()
    url = f"{SALARIES}/{lea.id}/mouvements/{sortie}/annulation"
    confirmation = lu(portail.lire(url))
    acces = acces_admin(ctx)
    rst.executer(ctx, acces, rst.CorrigerIdentite(acces.adherent_id, lea.id, "Durant", "Léa",
                                                  dt.date(1990, 1, 1)))
    page = lu(portail.envoyer(url, champs_caches(confirmation, ""), statut=412))
    assert "La fiche a été modifiée depuis que vous avez ouvert cette page" in page
    assert not _lire(ctx, lea).est_dans_l_effectif


def test_a_read_only_access_is_offered_no_cancellation(portail: Portail) -> None:
    ctx = portail.ctx
    lea = embaucher(ctx, "Durand", "Léa")
    sortie = _sortir(ctx, lea, dt.date(2024, 6, 30))
    accorder(ctx, "lecteur@boulangerie.fr", rst.Role.LECTURE)
    portail.connecter("lecteur@boulangerie.fr")
    assert "annulation" not in lu(portail.lire(f"{SALARIES}/{lea.id}"))
    url = f"{SALARIES}/{lea.id}/mouvements/{sortie}/annulation"
    assert "lecture seule" in lu(portail.lire(url))
    portail.envoyer(url, [("version_attendue", "1")], statut=403)
    assert not _lire(ctx, lea).est_dans_l_effectif
