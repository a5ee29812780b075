"""Helpers of the import tests: the sample files' adherent, snapshots, a failing store.

:func:`construire_monde` gives the establishment of ``exemple.dsn`` (SIRET
842 053 175 00019) with four postes and three files entered by hand before the March
2024 DSN:
DUPONT (NIR, CDI C0001), MARTIN (no NIR yet, CDD C0010 until 10/03/2024) and
ROUSSEAU (NIR, CDD C0007 until 15/03/2024).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import TracebackType
from typing import Any

import attrs

import rst_effectifs as rst
from rst_effectifs.domain.identifiants import calculer_cle
from rst_effectifs.ports.unit_of_work import UniteDeTravail

SIRET = "84205317500019"
SIRET_RENNES = "84205317500027"


def nir(corps: str) -> str:
    return corps + calculer_cle(corps)


NIR_DUPONT = nir("2840375056123")
NIR_MARTIN = nir("2960169123045")
NIR_ROUSSEAU = nir("1870513055211")
NIR_SANTONI = nir("191072A004087")
NIRS_EXEMPLE = (NIR_DUPONT, NIR_MARTIN, NIR_ROUSSEAU, NIR_SANTONI, nir("2990612088034"),
                nir("1951075112034"), nir("2020833063101"), nir("1000478001002"))
AGENT = rst.AgentRst(rst.Email.parse("agent@rst.example"))


@attrs.frozen
class Monde:
    ctx: rst.Contexte
    adherent: rst.Adherent
    acces: rst.Acces
    postes: dict[str, str]  # label -> id
    dupont: str
    martin: str
    rousseau: str


def creer_adherent(ctx: rst.Contexte, numero: str = "1001", siret: str = SIRET) -> rst.Adherent:
    return rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        numero=numero, siret=siret, raison_sociale="Bâtiments Côte d'Émeraude",
        email_connexion=f"rh{numero}@emeraude.example"))


def construire_monde(ctx: rst.Contexte) -> Monde:
    adherent = creer_adherent(ctx)
    postes = {}
    for libelle, code in (("Secrétaire de direction", "542a"), ("Maçon", "632a"),
                          ("Électricien", None), ("Cariste", "653a")):
        poste = rst.ajouter_poste(ctx, AGENT, rst.AjouterPoste(adherent.id, libelle,
                                                                code_pcs=code))
        postes[libelle] = poste.id

    def embaucher(nom: str, prenoms: str, naissance: dt.date, nir_: str | None,
                  contrat: rst.NouveauContrat) -> str:
        return rst.embaucher(ctx, AGENT, rst.EmbaucherSalarie(
            adherent.id, nom, prenoms, naissance, contrat, nir=nir_)).id

    dupont = embaucher("Dupont", "Élodie Marie", dt.date(1984, 3, 12), NIR_DUPONT,
                       rst.NouveauContrat(rst.NatureContrat.CDI, dt.date(2015, 9, 1),
                                          postes["Secrétaire de direction"], numero="C0001"))
    martin = embaucher("Martin", "Léa", dt.date(1996, 1, 22), None,
                       rst.NouveauContrat(rst.NatureContrat.CDD, dt.date(2024, 1, 2),
                                          postes["Maçon"], fin=dt.date(2024, 3, 10),
                                          numero="C0010"))
    rousseau = embaucher("Rousseau", "Théo", dt.date(1987, 5, 13), NIR_ROUSSEAU,
                         rst.NouveauContrat(rst.NatureContrat.CDD, dt.date(2023, 10, 2),
                                            postes["Cariste"], fin=dt.date(2024, 3, 15),
                                            numero="C0007"))
    acces = rst.Acces(rst.Email.parse("paie@emeraude.example"), adherent.id,
                      frozenset({rst.Role.DECLARATION}))
    return Monde(ctx, rst.consulter_adherent(ctx, AGENT, rst.ConsulterAdherent(adherent.id)),
                 acces, postes, dupont, martin, rousseau)


Photo = tuple[rst.Adherent, tuple[rst.Salarie, ...], tuple[rst.EntreeJournal, ...]]


def photo(ctx: rst.Contexte, adherent_id: str) -> Photo:
    """Everything stored for one adherent, through the ports (any storage)."""
    with ctx.unite_de_travail() as uow:
        return (uow.adherents.obtenir(adherent_id),
                tuple(sorted(uow.salaries.tous(adherent_id), key=lambda s: s.id)),
                tuple(uow.journal.lister(adherent_id)))


def salarie_par_nom(ctx: rst.Contexte, adherent_id: str, nom: str) -> list[rst.Salarie]:
    with ctx.unite_de_travail() as uow:
        return [s for s in uow.salaries.tous(adherent_id) if s.identite.nom == nom]


class _DepotPiege:
    """A salariés repository that fails like a lost connection on its n-th save."""

    def __init__(self, depot: Any, compteur: list[int], n: int) -> None:
        self._depot, self._compteur, self._n = depot, compteur, n

    def _compter(self) -> None:
        self._compteur[0] += 1
        if self._compteur[0] == self._n:
            raise rst.ErreurTechnique("Connexion perdue (simulée).")

    def ajouter(self, salarie: rst.Salarie) -> rst.Salarie:
        self._compter()
        return self._depot.ajouter(salarie)  # type: ignore[no-any-return]

    def ajouter_tous(self, salaries: list[rst.Salarie]) -> list[rst.Salarie]:
        for _salarie in salaries:
            self._compter()
        return self._depot.ajouter_tous(salaries)  # type: ignore[no-any-return]

    def enregistrer(self, salarie: rst.Salarie) -> rst.Salarie:
        self._compter()
        return self._depot.enregistrer(salarie)  # type: ignore[no-any-return]

    def __getattr__(self, nom: str) -> Any:
        return getattr(self._depot, nom)


class _UowPiege:
    def __init__(self, uow: UniteDeTravail, compteur: list[int], n: int) -> None:
        self._uow, self._compteur, self._n = uow, compteur, n

    def __enter__(self) -> _UowPiege:
        self._uow.__enter__()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._uow.__exit__(exc_type, exc, tb)

    @property
    def salaries(self) -> _DepotPiege:
        return _DepotPiege(self._uow.salaries, self._compteur, self._n)

    def __getattr__(self, nom: str) -> Any:
        return getattr(self._uow, nom)


def contexte_piege(ctx: rst.Contexte, n: int) -> rst.Contexte:
    """The same storage, but the n-th salarié save of any transaction fails."""
    compteur = [0]
    fabrique: Callable[[], UniteDeTravail] = ctx.unite_de_travail

    def ouvrir() -> Any:
        return _UowPiege(fabrique(), compteur, n)

    return attrs.evolve(ctx, unite_de_travail=ouvrir)
