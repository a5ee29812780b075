"""What a member looks for beyond the guide — « Aide », the headcount chart read by a
screen reader, a refusal's details folded for support, an upload too big said in Mo —
and the pages' static files: hashed names, a year of cache, gzip."""

from __future__ import annotations

import datetime as dt
import re

from banc_effectif import embaucher, lu
from banc_pages import NUMERO, Portail, sans_jargon

from rst_effectifs.entrypoints.web.statiques import STATIQUES, UN_AN

RACINE = f"/adherents/{NUMERO}"


def test_aide_gives_the_good_practices_the_invoice_and_who_to_contact(
        portail: Portail) -> None:
    tableau = portail.connecter()
    assert f'href="{RACINE}/aide">Aide</a>' in tableau.text
    page = lu(portail.lire(f"{RACINE}/aide"))
    for titre in ("Mettre à jour la liste des postes de travail",
                  "En cas de changement de contrat d'un salarié",
                  "Sortir ou réintégrer un salarié dans l'effectif"):
        assert f"<dt>{titre}</dt>" in page
    assert "(Mon compte → Gérer mes postes)" in page
    assert "Lire votre facture" in page and "TVA (20 %)" in page
    assert "Qui contacter" in page and f"numéro d'adhérent <strong>{NUMERO}</strong>" in page


def test_a_refusal_keeps_its_code_for_support_only(portail: Portail) -> None:
    portail.connecter()
    page = portail.lire(f"{RACINE}/salaries/inconnu", statut=404)
    visible = re.sub(r'<details class="support">.*?</details>', "", page.text, flags=re.S)
    assert "Ce salarié est introuvable." in visible and "salarie.introuvable" not in visible
    assert "<summary>Détails pour le support RST</summary>" in page.text
    assert "Référence : salarie.introuvable" in page.text


def test_an_upload_over_the_default_limit_says_20_mo_in_the_portal(portail: Portail) -> None:
    portail.connecter()
    portail.lire(f"{RACINE}/import")
    trop = portail.post(f"{RACINE}/import", content=b"", headers={
        "content-type": "multipart/form-data; boundary=x", "content-length": "20000001",
        "accept": "text/html"})
    assert trop.status_code == 413
    page = lu(trop)
    assert "le portail accepte des fichiers de 20 Mo au plus" in page
    assert 'aria-label="Menu principal"' in page and "Revenir à l'import" in page
    sans_jargon(trop.text)


def test_the_chart_is_read_by_a_screen_reader_and_its_table_stays(portail: Portail) -> None:
    embaucher(portail.ctx, "Durand", "Léa", dt.date(2024, 11, 4))
    portail.connecter()
    page = lu(portail.lire(RACINE))
    assert 'role="img" aria-labelledby="graphique-titre" aria-describedby="graphique-desc"' \
        in page
    description = page.split('<desc id="graphique-desc">')[1].split("</desc>")[0]
    assert "déc. 2024 : 1 (SIG 1, SIA 0, SIR 0)" in description
    assert "tableau qui suit" in description
    assert "<caption>Salariés présents au moins un jour du mois, par type de suivi</caption>" \
        in page
    assert 'class="barres"' in page and '<svg class="pastille"' in page


def test_static_files_have_hashed_names_a_year_of_cache_and_gzip(portail: Portail) -> None:
    page = portail.lire("/connexion").text
    for nom in ("portail.css", "htmx.min.js", "portail.js", "favicon.svg"):
        url = STATIQUES.url(nom)
        assert re.fullmatch(r"/statique/[a-z.]+\.[0-9a-f]{10}\.[a-z]+", url)
        assert f'"{url}"' in page
        reponse = portail.get(url, headers={"accept-encoding": "gzip"})
        assert reponse.status_code == 200
        assert reponse.headers["cache-control"] == UN_AN
        assert "Accept-Encoding" in reponse.headers["vary"]
    brut = portail.get(STATIQUES.url("htmx.min.js"), headers={"accept-encoding": "gzip"})
    assert brut.headers["content-encoding"] == "gzip"
    # httpx unzips the body: what travelled is the header's length
    assert int(brut.headers["content-length"]) < len(brut.content) / 2
    sans = portail.get(STATIQUES.url("portail.css"), headers={"accept-encoding": "identity"})
    assert "content-encoding" not in sans.headers and b".bonne-pratique" in sans.content
    ancien = portail.get("/statique/portail.css")
    assert ancien.headers["cache-control"] == "no-cache"
    assert portail.get("/statique/portail.css", headers={
        "if-none-match": ancien.headers["etag"]}).status_code == 304
    assert portail.get("/statique/inconnu.css").status_code == 404


def test_pages_are_gzipped_for_this_site_only(portail: Portail) -> None:
    """BREACH: an answer mixing a secret and request text is compressed only for a
    request the browser says comes from this site."""
    portail.connecter()
    url = f"{RACINE}/salaries?q=Dur"
    for site, code in (("same-origin", "gzip"), ("none", "gzip"), ("cross-site", None),
                       ("same-site", None), (None, None)):
        entetes = {"accept-encoding": "gzip"} | ({"sec-fetch-site": site} if site else {})
        reponse = portail.get(url, headers=entetes)
        assert reponse.status_code == 200 and "Liste de mes salariés" in reponse.text
        assert reponse.headers.get("content-encoding") == code, site
        assert "Sec-Fetch-Site" in reponse.headers["vary"]
