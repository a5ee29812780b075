"""The RST staff routes ``/api/v1/rst/...``: RST agents (``Reglages.agents_rst``)
create adherents and compute totals as ``AgentRst``; members are refused."""

from __future__ import annotations

import attrs
import pytest
from banc_web import EMAIL_ADMIN, EMAIL_AGENT, NUMERO, Client, code_recu, reglages_de_test
from starlette.testclient import TestClient

import rst_effectifs as rst
from rst_effectifs.entrypoints.web import creer_application
from rst_effectifs.entrypoints.web.reglages import Reglages

API_RST = "/api/v1/rst"
PERIODE = {"debut": "2024-01-01", "fin": "2024-12-31", "regle": "present_dans_l_annee"}
NOUVEL_ADHERENT = {"numero": "777", "siret": "84205317500019", "raison_sociale": "Émeraude",
                   "email_connexion": "rh@emeraude.example"}


def _embaucher(client: Client) -> None:
    a = f"/api/v1/adherents/{NUMERO}"
    poste = client.post(f"{a}/postes", json={"libelle": "Vendeur"}).json()["id"]
    reponse = client.post(f"{a}/salaries", json={
        "nom": "Durand", "prenoms": "Alex", "date_naissance": "1990-04-02",
        "contrat": {"nature": "01", "debut": "2024-01-01", "poste_id": poste}})
    assert reponse.status_code == 201, reponse.text


def test_an_rst_agent_creates_an_adherent_its_e_mail_then_administers(
        client: Client, ctx: rst.Contexte) -> None:
    cree = client.en_tant_que(EMAIL_AGENT).post(f"{API_RST}/adherents", json=NOUVEL_ADHERENT)
    assert cree.status_code == 201, cree.text
    assert cree.json()["numero"] == "777"
    assert cree.headers["ETag"] == f'"{cree.json()["version"]}"'
    with ctx.unite_de_travail() as uow:
        assert uow.adherents.id_par_numero("777") == cree.json()["id"]
    encore = client.post(f"{API_RST}/adherents", json=NOUVEL_ADHERENT)
    assert encore.status_code == 409 and encore.json()["code"] == "adherent.numero_existant"
    admin = client.en_tant_que("rh@emeraude.example").get("/api/v1/adherents/777/acces")
    assert admin.status_code == 200
    assert [a["roles"] for a in admin.json()] == [["administrateur"]]


def test_an_rst_agent_computes_every_adherents_totals_or_one_adherents(
        client: Client) -> None:
    _embaucher(client)
    client.en_tant_que(EMAIL_AGENT)
    tous = client.post(f"{API_RST}/facturation/totaux", json=PERIODE)
    assert tous.status_code == 200, tous.text
    (totaux,) = tous.json()
    assert totaux["regle"] == "present_dans_l_annee" and totaux["periode"] == {
        "debut": "2024-01-01", "fin": "2024-12-31"}
    assert sum(t["nombre"] for t in totaux["totaux"]) == 1
    un = client.post(f"{API_RST}/adherents/{NUMERO}/facturation/assiette", json=PERIODE)
    assert un.status_code == 200, un.text
    assert un.json()["adherent_id"] == totaux["adherent_id"]
    assert un.json()["totaux"] == totaux["totaux"] and len(un.json()["lignes"]) == 1
    inconnu = client.post(f"{API_RST}/adherents/999/facturation/assiette", json=PERIODE)
    assert inconnu.status_code == 404 and inconnu.json()["code"] == "adherent.introuvable"
    sans_regle = client.post(f"{API_RST}/facturation/totaux", json={"debut": "2024-01-01",
                                                                    "fin": "2024-12-31"})
    assert sans_regle.status_code == 422, sans_regle.text


def test_members_are_refused_the_rst_routes_and_nothing_is_created(
        client: Client, ctx: rst.Contexte) -> None:
    """The administrator of 101 is no RST agent, even on its own adherent."""
    for chemin, corps in ((f"{API_RST}/adherents", NOUVEL_ADHERENT),
                          (f"{API_RST}/facturation/totaux", PERIODE),
                          (f"{API_RST}/adherents/{NUMERO}/facturation/assiette", PERIODE),
                          (f"{API_RST}/adherents/999/facturation/assiette", PERIODE)):
        refus = client.en_tant_que(EMAIL_ADMIN).post(chemin, json=corps)
        assert refus.status_code == 403, (chemin, refus.text)
        assert refus.json()["code"] == "acces.interdit"
        assert client.en_tant_que(None).post(chemin, json=corps).status_code == 401
    with ctx.unite_de_travail() as uow:
        assert uow.adherents.id_par_numero("777") is None


def test_a_bearer_token_issued_to_an_agent_e_mail_acts_as_rst(ctx: rst.Contexte) -> None:
    """The real sign-in (no test caller): a token is an e-mail; the settings say which
    e-mails are RST staff."""
    agent = rst.AgentRst(rst.Email.parse(EMAIL_AGENT))
    adherent = rst.executer(ctx, agent, rst.CreerAdherent(
        NUMERO, "73282932000074", "Boulangerie", EMAIL_ADMIN))
    jeton_agent = rst.executer(ctx, agent, rst.EmettreJeton(adherent.id, "Application RST"))
    admin = rst.resoudre_acces(ctx, EMAIL_ADMIN, adherent.id)
    jeton_admin = rst.executer(ctx, admin, rst.EmettreJeton(adherent.id, "Logiciel de paie"))
    with TestClient(creer_application(ctx, reglages_de_test())) as client:
        reponse = client.post(f"{API_RST}/adherents", json=NOUVEL_ADHERENT,
                              headers={"Authorization": f"Bearer {jeton_agent.texte}"})
        assert reponse.status_code == 201, reponse.text
        membre = client.post(f"{API_RST}/facturation/totaux", json=PERIODE,
                             headers={"Authorization": f"Bearer {jeton_admin.texte}"})
        assert membre.status_code == 403, membre.text
    with TestClient(creer_application(ctx, Reglages("s" * 32))) as sans_agents:
        refus = sans_agents.post(f"{API_RST}/facturation/totaux", json=PERIODE,
                                 headers={"Authorization": f"Bearer {jeton_agent.texte}"})
        assert refus.status_code == 403  # no RST staff configured: nobody is


def test_rst_agents_come_from_the_environment() -> None:
    reglages = Reglages.depuis_environnement({
        "RST_EFFECTIFS_AGENTS_RST": "agent@rst.fr, Direction@RST.fr"})
    assert reglages.est_agent_rst(rst.Email.parse("DIRECTION@rst.fr"))
    assert reglages.est_agent_rst(rst.Email.parse("agent@rst.fr"))
    assert not reglages.est_agent_rst(rst.Email.parse("agent@rst.fr.example"))
    assert not Reglages.depuis_environnement({}).agents_rst
    with pytest.raises(rst.DonneeInvalide) as refus:
        Reglages.depuis_environnement({"RST_EFFECTIFS_AGENTS_RST": "agent@rst.fr; x"})
    assert refus.value.code == "configuration.invalide"
    assert refus.value.chemin == "RST_EFFECTIFS_AGENTS_RST"


def test_a_private_employer_is_refused_naming_the_national_service(
        client: Client, ctx: rst.Contexte) -> None:
    """F9, today (after 2 January 2025): typed refusal, nothing created."""
    refus = client.en_tant_que(EMAIL_AGENT).post(
        f"{API_RST}/adherents", json={**NOUVEL_ADHERENT, "particulier_employeur": True})
    assert refus.status_code == 422, refus.text
    assert (refus.json()["code"], refus.json()["regle"]) == ("adherent.particulier_employeur",
                                                             "F9")
    assert "(SPSTN)" in refus.json()["message"]
    with ctx.unite_de_travail() as uow:
        assert uow.adherents.id_par_numero("777") is None


def test_a_member_prices_the_current_year_through_the_api_with_nothing_configured(
        client: Client) -> None:
    """F3 with the 2026 national cost the library knows and the sample barème of 2026;
    a year without a known cost answers the fields that would settle it."""
    _embaucher(client)
    a = f"/api/v1/adherents/{NUMERO}/facturation/assiette"
    cette_annee = {"debut": "2026-01-01", "fin": "2026-12-31",
                   "regle": "present_dans_l_annee", "bareme": "bareme_exemple"}
    assiette = client.en_tant_que(EMAIL_ADMIN).post(a, json=cette_annee)
    assert assiette.status_code == 200, assiette.text
    assert assiette.json()["montants"]["total_ttc"] == "162.00"  # (100 + 35) × 1.20
    plus_tard = client.post(a, json={**cette_annee, "debut": "2027-01-01",
                                     "fin": "2027-12-31", "bareme": None,
                                     "bareme_sur_mesure": {
                                         "nom": "b", "prix_sig": "100", "prix_sia": "100",
                                         "prix_sir": "100"}})
    assert plus_tard.status_code == 422, plus_tard.text
    assert plus_tard.json()["code"] == "bareme.cout_inconnu"
    assert plus_tard.json()["details"]["champs"] == ["cout_moyen", "sans_controle_bande"]


def test_an_rst_agent_without_any_member_access_signs_in_by_code(ctx: rst.Contexte) -> None:
    """As docs/portal.md says: a code mailed to the agent's e-mail, then the cookie
    session acts as RST staff; an address listed nowhere is sent nothing."""
    ctx = attrs.evolve(ctx, notifier=rst.NotifierMemoire())
    app = creer_application(ctx, reglages_de_test())
    with TestClient(app) as client:
        for email in ("personne@rst.fr", EMAIL_AGENT):  # the browser's last request
            assert client.post("/api/v1/connexion/demande",
                               json={"email": email}).status_code == 202
        code = code_recu(ctx, EMAIL_AGENT)
        assert isinstance(ctx.notifier, rst.NotifierMemoire)
        assert [m.destinataire.valeur for m in ctx.notifier.messages] == [EMAIL_AGENT]
        signe = client.post("/api/v1/connexion/code", json={"email": EMAIL_AGENT,
                                                             "code": code})
        assert signe.status_code == 200, signe.text
        cree = client.post(f"{API_RST}/adherents", json=NOUVEL_ADHERENT,
                           headers={"X-CSRF-Token": signe.json()["csrf"]})
        assert cree.status_code == 201, cree.text
