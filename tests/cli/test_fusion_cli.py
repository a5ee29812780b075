"""``salaries fusionner`` (S5): a file doubled before S2 was enforced is listed by
``verifier`` and merged into the kept one."""

from __future__ import annotations

import datetime as dt

from banc_cli import Monde

import rst_effectifs as rst
from rst_effectifs.domain.contrats import Contrat


def _doubler(monde: Monde) -> str:
    """Dupont's file again, without a NIR, stored past S2 as a pre-fix database holds it."""
    ctx = rst.depuis_url(monde.lancer.url)
    with ctx.unite_de_travail() as uow:
        dupont = uow.salaries.obtenir(monde.adherent_id, monde.dupont)
        contrat: Contrat = dupont.contrats[0]
        identite = rst.Identite(nom="DUPONT", prenoms="elodie marie",
                                date_naissance=dt.date(1984, 3, 12))
        double, _ = rst.Salarie.embaucher("double", monde.adherent_id, identite,
                                          Contrat(id="double-c", nature=contrat.nature,
                                                  debut=contrat.debut, poste_id=contrat.poste_id,
                                                  numero=contrat.numero))
        uow.salaries.ajouter(double)
        uow.commit()
    ctx.unite_de_travail.fermer()  # type: ignore[attr-defined]
    return double.id


def test_a_doubled_file_is_listed_then_merged(monde: Monde) -> None:
    lancer = monde.lancer
    double = _doubler(monde)
    rapport = lancer.json("verifier", "--le", "2025-01-01")
    assert [(a["type"], a["salarie_ids"]) for a in rapport["anomalies"]] == [
        ("doublon", sorted([monde.dupont, double]))]
    fusionne = lancer.json("salaries", "fusionner", monde.dupont, double)
    assert fusionne["id"] == monde.dupont and len(fusionne["contrats"]) == 1
    assert lancer.json("salaries", "afficher", double)["annule"] is True
    assert "Aucune anomalie" in lancer("verifier", "--le", "2025-01-01").output


def test_a_refused_merge_says_why_and_changes_nothing(monde: Monde) -> None:
    lancer = monde.lancer
    autre = lancer.json("salaries", "embaucher", "--nom", "Petit", "--prenoms", "Lucas",
                        "--naissance", "2001-11-23", "--nature", "CDI", "--debut",
                        "2024-02-05", "--poste", "Maçon")["id"]
    avant = lancer.photo()
    sortie = lancer("salaries", "fusionner", monde.dupont, autre, code=1).output
    assert "même personne" in sortie
    assert lancer.photo() == avant
