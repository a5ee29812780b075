"""What one run of the command needs: the database, who acts, which adherent.

**Who acts** (A3/A4) is decided in one place, :meth:`Session.acteur`, from the e-mail
given with ``--en-tant-que EMAIL`` (or ``$RST_EFFECTIFS_EMAIL``):

- on an adherent, it acts with the **stored access** of that e-mail on that adherent
  (``resoudre_acces``); with no e-mail given, with the access of the account's login
  e-mail (an administrator since the adherent was created, A1). An e-mail without an
  access is refused as ``adherent.introuvable``; a role that does not allow the command
  is refused by the use case (``AccesInterdit``);
- with no adherent (``adherent creer``, billing runs over every member with ``--tous``),
  it acts as an **RST agent** of that e-mail, which must then be given.

Every journal entry (A5) records that e-mail.

**Which adherent**: ``--adherent`` (or ``$RST_EFFECTIFS_ADHERENT``) takes the member
number printed on invoices or the adherent's id; when the database holds one adherent
only, it is the default.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from attrs import define, field

from ... import bootstrap
from ...application.acces import adherent_par_numero, resoudre_acces
from ...application.contexte import Contexte
from ...application.imports import trouver_poste
from ...domain.adherents import Acteur, Adherent, AgentRst
from ...domain.erreurs import Introuvable
from ...domain.identifiants import ID_MAX, Email
from ...domain.postes import Poste
from ...domain.textes import normaliser, texte_de_recherche
from ...ports.unit_of_work import UniteDeTravail
from .parametres import ErreurUtilisation

__all__ = ["VARIABLE_ADHERENT", "VARIABLE_EMAIL", "Session"]

VARIABLE_EMAIL = "RST_EFFECTIFS_EMAIL"
VARIABLE_ADHERENT = "RST_EFFECTIFS_ADHERENT"


@define
class Session:
    """One run's settings (from the global options) and its lazily opened database."""

    url: str | None = None
    email: str | None = None
    json: bool = False
    _contexte: Contexte | None = field(default=None, init=False)

    # -- the database ---------------------------------------------------------------
    def ouvrir(self) -> Contexte:
        """Open the database (``--db``, else ``$RST_EFFECTIFS_DB``, else the SQLite file in
        the user's data folder) through the composition root: a SQLite file's schema
        brought up to date, a PostgreSQL one refused unless current (``base migrer``)."""
        if self._contexte is None:
            self._contexte = bootstrap.depuis_url(self.url)
        return self._contexte

    @property
    def ctx(self) -> Contexte:
        return self.ouvrir()

    @contextmanager
    def lecture(self) -> Iterator[UniteDeTravail]:
        """A read-only unit of work (never committed), for lookups through the ports."""
        with self.ouvrir().unite_de_travail() as uow:
            yield uow

    def fermer(self) -> None:
        if self._contexte is not None:
            bootstrap.fermer(self._contexte)

    # -- who acts ---------------------------------------------------------------------
    def acteur(self, adherent: Adherent | None) -> Acteur:
        """The identity every use case gets (see the module docstring): the stored access
        of the e-mail on the adherent, or an RST agent when there is no adherent."""
        if adherent is None:
            if not self.email:
                raise ErreurUtilisation(
                    "Indiquez l'adresse e-mail de l'agent RST qui agit : --en-tant-que "
                    f"EMAIL (ou la variable {VARIABLE_EMAIL}).")
            return AgentRst(Email.parse(self.email, chemin="en_tant_que"))
        email = (Email.parse(self.email, chemin="en_tant_que") if self.email
                 else adherent.email_connexion)
        return resoudre_acces(self.ctx, email.valeur, adherent.id)

    # -- which adherent ----------------------------------------------------------------
    def adherent(self, choix: str | None) -> Adherent:
        """The adherent named by its member number or id; the only one when not named."""
        with self.lecture() as uow:
            if choix is None:
                ids = uow.adherents.ids(limite=2)
                if not ids:
                    raise Introuvable(
                        "Cette base ne contient aucun adhérent : créez-en un avec "
                        "« rst-effectifs adherent creer ».", code="adherent.introuvable",
                        chemin="adherent")
                if len(ids) > 1:
                    raise ErreurUtilisation(
                        "Cette base contient plusieurs adhérents : indiquez lequel avec "
                        f"--adherent NUMERO (ou la variable {VARIABLE_ADHERENT}).")
                return uow.adherents.obtenir(ids[0])
            choix = texte_de_recherche(choix.strip(), champ="adherent", maximum=ID_MAX,
                                       libelle="L'adhérent indiqué") or ""
            return adherent_par_numero(uow, choix, ou_id=True)

    def ids_adherents(self) -> list[str]:
        """Every adherent's id, in id order (billing runs over every member)."""
        with self.lecture() as uow:
            return uow.adherents.ids()


def poste_designe(adherent: Adherent, choix: str) -> Poste:
    """The poste a user names: its id, its label (case and accents ignored, active postes
    first), or a PCS-ESE code only one active poste has."""
    choix = choix.strip()
    for poste in adherent.postes:
        if poste.id == choix:
            return poste
    cle = normaliser(choix)
    for actifs in (True, False):
        for poste in adherent.postes:
            if poste.actif == actifs and poste.cle_libelle == cle:
                return poste
    trouve = trouver_poste(adherent.postes, choix.lower(), None)
    if trouve is not None:
        return trouve
    raise Introuvable(
        f"Aucun poste ne s'appelle « {choix} » : « rst-effectifs postes lister » les montre.",
        code="poste.introuvable", regle="A4", chemin="poste")


def variable(nom: str) -> str | None:
    """An environment variable, empty meaning unset."""
    return os.environ.get(nom) or None
