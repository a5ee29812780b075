"""Shared pieces of the property tests: one adherent on the memory adapter driven through
the use cases, a full snapshot of the store, and presence counted by hand from the raw
contracts and movements (the reference the headcount is compared with).

A plain module (not ``conftest``) so that test files can import it by a unique name."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Sequence

from hypothesis import settings

import rst_effectifs as rst
from rst_effectifs.adapters.memory import EtatMemoire
from rst_effectifs.application.commandes import Commande
from rst_effectifs.ports.idempotence import RequeteTraitee
from rst_effectifs.testing.strategies import EtapeJouee, jouer_scenario

REGLAGES = settings(max_examples=60, deadline=None)
"""Modest and without deadline: the whole directory stays fast on two cores (STYLE)."""

UN_JOUR = dt.timedelta(days=1)

Instantane = tuple[dict[str, rst.Adherent], dict[tuple[str, str], rst.Salarie],
                   dict[tuple[str, str], RequeteTraitee], list[rst.EntreeJournal]]


class Bureau:
    """One adherent with two postes and a declaration access, over an inspectable store."""

    def __init__(self) -> None:
        self.etat = EtatMemoire()
        compteur = itertools.count(1)
        self.ctx = rst.en_memoire(horloge=rst.HorlogeFixe(), etat=self.etat,
                                  nouvel_id=lambda: f"id-{next(compteur)}")
        self.agent = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
        self.adherent_id = rst.creer_adherent(
            self.ctx, self.agent,
            rst.CreerAdherent(numero="000042", siret="73282932000074",
                              raison_sociale="Boulangerie Lefèvre",
                              email_connexion="contact@lefevre.fr"),
        ).id
        self.acteur = rst.Acces(rst.Email.parse("rh@lefevre.fr"), self.adherent_id,
                                frozenset({rst.Role.DECLARATION}))
        self.poste_ids = tuple(
            rst.ajouter_poste(self.ctx, self.acteur,
                              rst.AjouterPoste(self.adherent_id, libelle, risques)).id
            for libelle, risques in (("Vendeuse", frozenset()),
                                     ("Boulanger de nuit",
                                      frozenset({rst.Risque.TRAVAIL_DE_NUIT})))
        )

    # -- writing -----------------------------------------------------------------
    def jouer(self, etapes: Sequence[tuple[str, Commande]],
              apres_chaque: Callable[[EtapeJouee], None] | None = None) -> list[EtapeJouee]:
        return jouer_scenario(self.ctx, self.acteur, etapes, apres_chaque)

    def deposer(self, salaries: Iterable[rst.Salarie]) -> None:
        """Store ready-made files (from ``historiques()``) through a unit of work."""
        with self.ctx.unite_de_travail() as uow:
            for salarie in salaries:
                uow.salaries.ajouter(salarie)
            uow.commit()

    # -- reading -----------------------------------------------------------------
    def salaries(self) -> list[rst.Salarie]:
        return [s for (a, _i), s in self.etat.salaries.items() if a == self.adherent_id]

    def presents(self, le: dt.date) -> frozenset[str]:
        effectif = rst.consulter_effectif(self.ctx, self.acteur,
                                          rst.ConsulterEffectif(self.adherent_id, le))
        assert effectif.nombre == len(effectif.salarie_ids)
        return effectif.salarie_ids

    def presents_sur(self, debut: dt.date, fin: dt.date) -> frozenset[str]:
        effectif = rst.effectif_sur_periode(
            self.ctx, self.acteur, rst.EffectifSurPeriode(self.adherent_id, debut, fin))
        assert effectif.nombre == len(effectif.salarie_ids)
        return effectif.salarie_ids

    def instantane(self) -> Instantane:
        """Everything a database would hold; values are frozen, so copying the containers
        is a full snapshot."""
        e = self.etat
        return dict(e.adherents), dict(e.salaries), dict(e.idempotence), list(e.journal)


# -- presence counted by hand ------------------------------------------------------------

def entree_brute(salarie: rst.Salarie) -> dt.date | None:
    """E1: the earliest start among the contracts not cancelled."""
    debuts = [c.debut for c in salarie.contrats if not c.annule]
    return min(debuts) if debuts else None


def present_brut(salarie: rst.Salarie, jour: dt.date) -> bool:
    """E1–E3 by hand: in from the entry; an exit's date is the last day present, a
    reintegration's the first day back; cancelled files, contracts and movements ignored."""
    entree = entree_brute(salarie)
    if salarie.annule or entree is None or jour < entree:
        return False
    present = True
    for mouvement in salarie.mouvements:
        if mouvement.annule:
            continue
        if isinstance(mouvement, rst.Sortie) and mouvement.le < jour:
            present = False
        elif isinstance(mouvement, rst.Reintegration) and mouvement.le <= jour:
            present = True
    return present


def presents_bruts(salaries: Iterable[rst.Salarie], jour: dt.date) -> frozenset[str]:
    return frozenset(s.id for s in salaries if present_brut(s, jour))


def presents_bruts_sur(
    salaries: Iterable[rst.Salarie], debut: dt.date, fin: dt.date
) -> frozenset[str]:
    """E4 over a period: present on at least one day, tried day by day."""
    jours = [debut + n * UN_JOUR for n in range((fin - debut).days + 1)]
    return frozenset(s.id for s in salaries if any(present_brut(s, j) for j in jours))


def dates_cles(salaries: Iterable[rst.Salarie]) -> list[dt.date]:
    """Every date where presence may change, with the day before and after: presence is
    constant between them, so checking these checks every date."""
    dates: set[dt.date] = set()
    for s in salaries:
        bornes = [c.debut for c in s.contrats] + [c.fin for c in s.contrats if c.fin]
        bornes += [m.le for m in s.mouvements]
        for d in bornes:
            dates.update(d + k * UN_JOUR for k in (-1, 0, 1)
                         if dt.date.min + UN_JOUR < d < dt.date.max - UN_JOUR)
    return sorted(dates)
