"""Helpers of the postes and salariés pages' tests: the accesses of the adherent 101
and what its library holds, read through ``executer`` as any client would."""

from __future__ import annotations

import datetime as dt

from banc_pages import ADMIN, NUMERO, Portail

import rst_effectifs as rst


def acces(portail: Portail, email: str = ADMIN) -> rst.Acces:
    """``email``'s access to the adherent 101."""
    (adherent,) = [a for a in rst.lister_adherents_accessibles(portail.ctx, email)
                   if a.numero == NUMERO]
    return rst.resoudre_acces(portail.ctx, email, adherent.adherent_id)


def postes(portail: Portail) -> tuple[rst.Poste, ...]:
    a = acces(portail)
    trouves: tuple[rst.Poste, ...] = rst.executer(portail.ctx, a, rst.ListerPostes(
        a.adherent_id, inclure_archives=True))
    return trouves


def poste(portail: Portail, libelle: str = "Boulanger") -> rst.Poste:
    a = acces(portail)
    cree: rst.Poste = rst.executer(portail.ctx, a, rst.AjouterPoste(a.adherent_id, libelle))
    return cree


def embaucher(portail: Portail, poste_id: str, nom: str, prenoms: str = "Marie",
              naissance: dt.date = dt.date(1990, 5, 17)) -> rst.Salarie:
    a = acces(portail)
    salarie: rst.Salarie = rst.executer(portail.ctx, a, rst.EmbaucherSalarie(
        a.adherent_id, nom, prenoms, naissance,
        rst.NouveauContrat(rst.NatureContrat.CDI, dt.date(2025, 1, 6), poste_id)))
    return salarie


def salaries(portail: Portail, nom: str | None = None) -> list[rst.Salarie]:
    """Every file of the adherent 101 (all pages)."""
    a = acces(portail)
    trouves: list[rst.Salarie] = []
    apres = None
    while True:
        page: rst.PageSalaries = rst.executer(portail.ctx, a, rst.ListerSalaries(
            a.adherent_id, nom=nom, apres=apres, limite=100))
        trouves.extend(page.salaries)
        if page.suivant is None:
            return trouves
        apres = page.suivant


def lecteur(portail: Portail, email: str = "comptable@exemple.fr") -> str:
    """A read-only access granted by the administrator, signed in."""
    a = acces(portail)
    rst.executer(portail.ctx, a, rst.AccorderAcces(
        a.adherent_id, email, frozenset({rst.Role.LECTURE})))
    portail.connecter(email)
    return email
