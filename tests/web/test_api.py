"""The API in process (Starlette's TestClient) on memory and SQLite."""

from __future__ import annotations

from banc_web import (
    EMAIL_EXEMPLE,
    NUMERO,
    NUMERO_EXEMPLE,
    Client,
    adherent_de_l_exemple,
    salaries_et_contrats,
)

import rst_effectifs as rst

API_ADHERENT = f"/api/v1/adherents/{NUMERO}"
NIR = "184127511800262"


def _poste(client: Client, libelle: str = "Vendeur") -> str:
    reponse = client.post(f"{API_ADHERENT}/postes", json={"libelle": libelle})
    assert reponse.status_code == 201, reponse.text
    return str(reponse.json()["id"])


def _embaucher(client: Client, poste_id: str, nom: str = "Durand", **extra: object) -> dict:
    reponse = client.post(f"{API_ADHERENT}/salaries", json={
        "nom": nom, "prenoms": "Alex", "date_naissance": "1984-12-01",
        "contrat": {"nature": "01", "debut": "2024-01-01", "poste_id": poste_id}, **extra})
    assert reponse.status_code == 201, reponse.text
    return dict(reponse.json())


def test_signed_out_is_401_with_the_error_body(client: Client) -> None:
    reponse = client.en_tant_que(None).get(f"{API_ADHERENT}/postes")
    assert reponse.status_code == 401
    assert reponse.json()["code"] == "connexion.requise"


def test_hire_then_add_a_contract_keeps_one_file(client: Client) -> None:
    poste_id = _poste(client)
    salarie = _embaucher(client, poste_id)
    reponse = client.post(f"{API_ADHERENT}/salaries/{salarie['id']}/contrats", json={"contrat": {
        "nature": "02", "debut": "2025-01-01", "fin": "2025-06-30", "poste_id": poste_id}})
    assert reponse.status_code == 201, reponse.text
    page = client.get(f"{API_ADHERENT}/salaries").json()
    assert [s["id"] for s in page["salaries"]] == [salarie["id"]]
    assert len(page["salaries"][0]["contrats"]) == 2
    lu = client.get(f"{API_ADHERENT}/salaries/{salarie['id']}")
    assert lu.status_code == 200 and lu.headers["ETag"] == f'"{lu.json()["version"]}"'


def test_unknown_member_and_other_members_ids_are_the_same_404(
        client: Client, ctx: rst.Contexte) -> None:
    agent = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
    autre = rst.executer(ctx, agent, rst.CreerAdherent(
        "202", "44306184100047", "Garage", "garage@exemple.fr"))
    poste = rst.executer(ctx, rst.resoudre_acces(ctx, "garage@exemple.fr", autre.id),
                         rst.AjouterPoste(autre.id, "Mécanicien"))
    inconnu = client.get("/api/v1/adherents/999/postes")
    etranger = client.get("/api/v1/adherents/202/postes")
    assert inconnu.status_code == etranger.status_code == 404
    assert inconnu.json() == etranger.json()
    autre_poste = client.put(f"{API_ADHERENT}/postes/{poste.id}/libelle", json={"libelle": "X"})
    absent = client.put(f"{API_ADHERENT}/postes/personne/libelle", json={"libelle": "X"})
    assert autre_poste.status_code == absent.status_code == 404
    assert autre_poste.json() == absent.json()


def test_grouped_exit_resent_with_the_same_key_changes_nothing(client: Client) -> None:
    poste_id = _poste(client)
    ids = [_embaucher(client, poste_id, nom)["id"] for nom in ("Durand", "Martin")]
    corps = {"salarie_ids": ids, "le": "2024-06-30"}
    premiere = client.post(f"{API_ADHERENT}/sorties", json=corps,
                           headers={"Idempotency-Key": "k-1"})
    assert premiere.status_code == 200, premiere.text
    seconde = client.post(f"{API_ADHERENT}/sorties", json=corps, headers={"Idempotency-Key": "k-1"})
    assert seconde.status_code == 200 and seconde.json()["deja_traitee"] is True
    for salarie_id in ids:
        mouvements = client.get(f"{API_ADHERENT}/salaries/{salarie_id}").json()["mouvements"]
        assert len(mouvements) == 1
    sans_cle = client.post(f"{API_ADHERENT}/sorties", json=corps)
    assert sans_cle.status_code == 422


def test_read_only_roles_get_masked_nirs(client: Client) -> None:
    poste_id = _poste(client)
    salarie = _embaucher(client, poste_id, nir=NIR)
    assert salarie["identite"]["nir"] == NIR
    reponse = client.post(f"{API_ADHERENT}/acces", json={"email": "compta@boulangerie.fr",
                                                         "roles": ["facturation"]})
    assert reponse.status_code == 201, reponse.text
    client.en_tant_que("compta@boulangerie.fr")
    lu = client.get(f"{API_ADHERENT}/salaries/{salarie['id']}").json()
    assert lu["identite"]["nir"] == "1 84 12 ** *** *** **"
    page = client.get(f"{API_ADHERENT}/salaries").text
    assert NIR not in page and "1 84 12 ** *** *** **" in page
    interdit = client.post(f"{API_ADHERENT}/postes", json={"libelle": "Caissier"})
    assert interdit.status_code == 403


def test_cursors_page_through_and_are_bound_to_their_filters(client: Client) -> None:
    poste_id = _poste(client)
    for nom in ("Durand", "Dupont", "Martin", "Petit"):
        _embaucher(client, poste_id, nom)
    noms: list[str] = []
    parametres: dict[str, str] = {"limite": "1", "nom": "d"}
    while True:
        page = client.get(f"{API_ADHERENT}/salaries", params=parametres).json()
        noms += [s["identite"]["nom"] for s in page["salaries"]]
        if page["suivant"] is None:
            break
        assert page["suivant"] != page["salaries"][-1]["id"]  # opaque, not the id
        parametres["apres"] = page["suivant"]
    assert noms == ["Dupont", "Durand"]
    premiere = client.get(f"{API_ADHERENT}/salaries", params={"limite": "1"}).json()
    rejoue = client.get(f"{API_ADHERENT}/salaries", params={"limite": "1", "nom": "p",
                                                            "apres": premiere["suivant"]})
    assert rejoue.status_code == 400 and rejoue.json()["code"] == "pagination.curseur_invalide"
    forge = client.get(f"{API_ADHERENT}/salaries", params={"apres": premiere["salaries"][0]["id"]})
    assert forge.status_code == 400
    taille = client.get(f"{API_ADHERENT}/salaries",
                        params={"limite": "3", "apres": premiere["suivant"]})
    assert taille.status_code == 200  # the page size may change between pages


def test_my_adherents_lists_the_callers_accesses(client: Client) -> None:
    reponse = client.get("/api/v1/moi/adherents")
    assert reponse.status_code == 200
    assert [(a["numero"], a["roles"]) for a in reponse.json()] == [(NUMERO, ["administrateur"])]
    assert client.en_tant_que("x@y.fr").get("/api/v1/moi/adherents").json() == []


def test_bad_json_unknown_routes_and_headers_answer_the_error_body(client: Client) -> None:
    illisible = client.post(f"{API_ADHERENT}/postes", content=b"{", headers={
        "content-type": "application/json"})
    assert illisible.status_code == 400 and illisible.json()["code"] == "json.invalide"
    assert client.get("/api/v1/rien").json()["code"] == "http.introuvable"
    assert client.patch(f"{API_ADHERENT}/postes").status_code == 405
    mauvais = client.put(f"{API_ADHERENT}/salaries/x/identite", headers={"If-Match": "trois"},
                         json={})
    assert mauvais.status_code == 400 and mauvais.json()["chemin"] == "If-Match"
    sans_version = client.post(f"{API_ADHERENT}/sorties", headers={"If-Match": '"1"',
                                                                   "Idempotency-Key": "k"}, json={})
    assert sans_version.status_code == 400 and sans_version.json()["chemin"] == "If-Match"


def test_unexpected_failures_are_a_generic_500(client: Client, monkeypatch: object) -> None:
    import rst_effectifs.entrypoints.web.api as api

    def panne(*_args: object) -> None:
        raise RuntimeError("psycopg: mot de passe refusé pour rst_effectifs@10.0.0.1")

    monkeypatch.setattr(api, "executer", panne)  # type: ignore[attr-defined]
    reponse = client.get(f"{API_ADHERENT}/postes")
    assert reponse.status_code == 500
    assert reponse.json()["code"] == "erreur.interne" and "psycopg" not in reponse.text


def test_dsn_upload_dry_run_then_apply(client: Client, ctx: rst.Contexte) -> None:
    from rst_effectifs.exemples import chemin_exemple

    agent = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
    rst.executer(ctx, agent, rst.CreerAdherent(
        "4242", "84205317500019", "Bâtiments", "rh@emeraude.example"))
    client.en_tant_que("rh@emeraude.example")
    a = "/api/v1/adherents/4242"
    contenu = chemin_exemple("exemple.dsn").read_bytes()
    simulation = client.post(f"{a}/imports", params={"creer_postes": "true"}, content=contenu)
    assert simulation.status_code == 200, simulation.text
    assert client.get(f"{a}/salaries").json()["salaries"] == []
    applique = client.post(f"{a}/imports", params={"creer_postes": "true", "appliquer": "true"},
                           files={"fichier": ("exemple.dsn", contenu)})
    assert applique.status_code == 200, applique.text
    presents = client.get(f"{a}/salaries", params={"limite": "500"}).json()["salaries"]
    assert presents
    client.post(f"{a}/imports", params={"appliquer": "true"}, content=contenu)
    assert len(client.get(f"{a}/salaries", params={"limite": "500"}).json()["salaries"]) == len(
        presents)
    mauvais = client.post(f"{a}/imports", params={"format": "xml"}, content=contenu)
    assert mauvais.status_code == 422 and mauvais.json()["chemin"] == "format"


def test_an_upload_with_a_record_left_aside_needs_confirmer_ecarts(
        client: Client, ctx: rst.Contexte) -> None:
    """The encoding named (``encodage``), a person whose birth date is no date left aside
    and listed in the plan; applying asks ``confirmer_ecarts=true``."""
    from rst_effectifs.exemples import chemin_exemple

    agent = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
    rst.executer(ctx, agent, rst.CreerAdherent(
        "4243", "84205317500019", "Bâtiments", "rh@emeraude.example"))
    client.en_tant_que("rh@emeraude.example")
    a = "/api/v1/adherents/4243/imports"
    contenu = chemin_exemple("exemple.dsn").read_bytes().replace(
        b"S21.G00.30.006,'22011996'", b"S21.G00.30.006,'31021996'")
    options = {"creer_postes": "true", "encodage": "iso-8859-1"}
    plan = client.post(a, params=options, content=contenu).json()
    assert [e["nom"] for e in plan["ecartes"]] == ["MARTIN"]
    assert plan["encodage"] == "ISO-8859-1 (Latin-1)"
    refuse = client.post(a, params={**options, "appliquer": "true"}, content=contenu)
    assert refuse.status_code == 409 and refuse.json()["code"] == "import.confirmation_requise"
    fait = client.post(a, params={**options, "appliquer": "true", "confirmer_ecarts": "true"},
                       content=contenu)
    assert fait.status_code == 200 and len(fait.json()["embauches"]) == 5
    inconnu = client.post(a, params={"encodage": "ebcdic"}, content=contenu)
    assert inconnu.status_code == 422 and inconnu.json()["chemin"] == "encodage"


def test_an_import_resent_under_its_idempotency_key_replays_its_plan(
        client: Client, ctx: rst.Contexte) -> None:
    from rst_effectifs.exemples import chemin_exemple

    adherent_id = adherent_de_l_exemple(ctx)
    a = f"/api/v1/adherents/{NUMERO_EXEMPLE}/imports"
    client.en_tant_que(EMAIL_EXEMPLE)
    contenu = chemin_exemple("exemple.dsn").read_bytes()
    options = {"creer_postes": "true", "appliquer": "true"}
    cle = {"Idempotency-Key": "import-2024-06"}
    premier = client.post(a, params=options, content=contenu, headers=cle)
    assert premier.status_code == 200, premier.text
    assert premier.json()["applique"] and premier.json()["embauches"]
    apres_un = salaries_et_contrats(ctx, adherent_id)
    assert apres_un[0] == len(premier.json()["embauches"]) and apres_un[1] >= apres_un[0]
    renvoi = client.post(a, params=options, files={"fichier": ("x.dsn", contenu)},
                         headers=cle)  # the same file, as a form this time
    assert renvoi.status_code == 200 and renvoi.json() == premier.json()
    assert salaries_et_contrats(ctx, adherent_id) == apres_un
    autre = client.post(a, params={"appliquer": "true"}, content=contenu, headers=cle)
    assert autre.status_code == 422, autre.text
    assert autre.json()["code"] == "requete.identifiant_reutilise"
    sans_cle = client.post(a, params=options, content=contenu)
    assert sans_cle.status_code == 200 and sans_cle.json()["embauches"] == []
    assert salaries_et_contrats(ctx, adherent_id) == apres_un
