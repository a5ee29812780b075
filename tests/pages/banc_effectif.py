"""Data for the tests of the effectif and facturation menus, made through the library
itself (the admin of adherent 101 acting), and a page's text as a person reads it."""

from __future__ import annotations

import datetime as dt
import html

import httpx
from banc_pages import ADMIN

import rst_effectifs as rst


def lu(reponse: httpx.Response) -> str:
    """A page's text as a person reads it (entities such as ``&#39;`` decoded)."""
    return html.unescape(reponse.text)


def acces_admin(ctx: rst.Contexte) -> rst.Acces:
    (a,) = rst.lister_adherents_accessibles(ctx, ADMIN)
    return rst.resoudre_acces(ctx, ADMIN, a.adherent_id)


def poste(ctx: rst.Contexte, libelle: str, *risques: rst.Risque) -> str:
    acces = acces_admin(ctx)
    return str(rst.executer(ctx, acces, rst.AjouterPoste(
        acces.adherent_id, libelle, frozenset(risques))).id)


def embaucher(ctx: rst.Contexte, nom: str, prenoms: str,
              debut: dt.date = dt.date(2024, 1, 1), *, poste_id: str | None = None,
              nir: str | None = None, naissance: dt.date = dt.date(1990, 1, 1),
              fin: dt.date | None = None) -> rst.Salarie:
    """A hire on ``poste_id`` (by default the first poste, a "Vendeur" made if none)."""
    acces = acces_admin(ctx)
    if poste_id is None:
        postes = rst.executer(ctx, acces, rst.ListerPostes(acces.adherent_id))
        poste_id = postes[0].id if postes else poste(ctx, "Vendeur")
    salarie: rst.Salarie = rst.executer(ctx, acces, rst.EmbaucherSalarie(
        acces.adherent_id, nom, prenoms, naissance,
        rst.NouveauContrat(rst.NatureContrat("01"), debut, poste_id, fin=fin), nir))
    return salarie


def accorder(ctx: rst.Contexte, email: str, *roles: rst.Role) -> None:
    acces = acces_admin(ctx)
    rst.executer(ctx, acces, rst.AccorderAcces(acces.adherent_id, email, frozenset(roles)))
