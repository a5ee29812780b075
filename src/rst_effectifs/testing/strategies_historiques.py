"""Hypothesis strategies for contracts and whole salarié histories built by the domain's
own commands, and for the doubled files S5 merges. Re-exported by
:mod:`rst_effectifs.testing.strategies`."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

import attrs
from hypothesis import strategies as st

from ..application.commandes import NouveauContrat
from ..domain.contrats import Contrat, NatureContrat
from ..domain.erreurs import ErreurDomaine
from ..domain.identifiants import Nir, calculer_cle
from ..domain.salaries import Reintegration, Salarie, Sortie
from .strategies_identites import BOOLEENS, identites
from .strategies_postes import ids

DEBUT = dt.date(2018, 1, 1)
FIN = dt.date(2026, 12, 31)

MOTIFS_DE_SORTIE = ("011", "014", "015", "020", "031", "033", "034", "035", "036", "038",
                    "039", "043", "059", "065", "099")
"""Exit reasons drawn: DSN codes of rubric S21.G00.62.002 (E2)."""

DISPOSITIFS = ("21", "41", "50", "61", "64", "65", "81")
"""Schemes drawn for natures 01/02: DSN codes of rubric S21.G00.40.008 (C1)."""

# -- contracts -------------------------------------------------------------------------

_NATURES = st.sampled_from(NatureContrat)
_DUREES = st.integers(0, 3 * 365)
_QUART = st.integers(0, 3)
_DISPOSITIFS = st.sampled_from(DISPOSITIFS)
_NUMEROS = st.none() | st.from_regex(r"[A-Z]{1,3}-20[0-9]{2}-[0-9]{4}", fullmatch=True)


def dessiner_contrat(
    draw: st.DrawFn, poste_id: str, debut: dt.date, avec_fin: bool | None = None
) -> NouveauContrat:
    nature = draw(_NATURES)
    fin = None
    if draw(BOOLEENS) if avec_fin is None else avec_fin:
        fin = debut + dt.timedelta(days=draw(_DUREES))
    dispositif = None
    if nature in (NatureContrat.CDI, NatureContrat.CDD) and draw(_QUART) == 0:
        dispositif = draw(_DISPOSITIFS)
    return NouveauContrat(nature, debut, poste_id, fin=fin, dispositif=dispositif,
                          numero=draw(_NUMEROS))


@st.composite
def _nouveaux_contrats(
    draw: st.DrawFn,
    poste_ids: st.SearchStrategy[str],
    debuts: st.SearchStrategy[dt.date],
    avec_fin: bool | None,
) -> NouveauContrat:
    return dessiner_contrat(draw, draw(poste_ids), draw(debuts), avec_fin)


def nouveaux_contrats(
    poste_ids: Sequence[str] | st.SearchStrategy[str],
    debuts: st.SearchStrategy[dt.date] | None = None,
    avec_fin: bool | None = None,
) -> st.SearchStrategy[NouveauContrat]:
    """``NouveauContrat`` commands (C1): any DSN nature, a scheme now and then on natures
    01/02, an end (``avec_fin``: None either) up to three years after the start."""
    choix = poste_ids if isinstance(poste_ids, st.SearchStrategy) else st.sampled_from(
        list(poste_ids))
    return _nouveaux_contrats(choix, st.dates(DEBUT, FIN) if debuts is None else debuts,
                              avec_fin)


def _contrat(nouveau: NouveauContrat, contrat_id: str) -> Contrat:
    return Contrat(id=contrat_id, nature=nouveau.nature, debut=nouveau.debut,
                   poste_id=nouveau.poste_id, fin=nouveau.fin, dispositif=nouveau.dispositif,
                   numero=nouveau.numero)


# -- histories -------------------------------------------------------------------------

def _frontiere(salarie: Salarie) -> dt.date:
    """The latest date the history mentions: new events are drawn around it."""
    dates = [c.debut for c in salarie.contrats_actifs]
    dates += [c.fin for c in salarie.contrats_actifs if c.fin is not None]
    dates += [m.le for m in salarie.mouvements_actifs]
    return max(dates, default=salarie.contrats[0].debut)


_DECALAGES = st.integers(-60, 400)


def _pres_de(
    draw: st.DrawFn, repere: dt.date, debut: dt.date, fin: dt.date, partout: st.SearchStrategy[
        dt.date]
) -> dt.date:
    """Mostly a date shortly after ``repere``, sometimes anywhere in [debut, fin]."""
    if draw(_QUART) == 0:
        return draw(partout)
    return min(max(repere + dt.timedelta(days=draw(_DECALAGES)), debut), fin)


MOTIFS_OU_AUCUN = st.none() | st.sampled_from(MOTIFS_DE_SORTIE)
_INDICES = st.sampled_from([0, 0, 0, 1, 2, 3])
_ACTIONS_PRESENT = st.sampled_from(["contrat", "contrat", "sortie", "sortie", "sortie",
                                    "annuler_contrat", "annuler_mouvement"])
_ACTIONS_SORTI = st.sampled_from(["contrat", "contrat", "reintegration", "reintegration",
                                  "reintegration", "annuler_contrat", "annuler_mouvement"])


@st.composite
def _historiques(
    draw: st.DrawFn,
    adherent_id: str,
    poste_ids: tuple[str, ...],
    salarie_id: str | None,
    debut: dt.date,
    fin: dt.date,
    max_commandes: int,
) -> Salarie:
    sid = salarie_id or draw(ids("salarie"))
    partout = st.dates(debut, fin)
    choix_poste = st.sampled_from(poste_ids)
    compteur = itertools.count(1)

    def nouvel_id(sorte: str) -> str:
        return f"{sid}-{sorte}{next(compteur)}"

    def contrat_pres_de(repere: dt.date) -> Contrat:
        nouveau = dessiner_contrat(draw, draw(choix_poste),
                                    _pres_de(draw, repere, debut, fin, partout))
        return _contrat(nouveau, nouvel_id("c"))

    premier = contrat_pres_de(draw(partout))
    salarie, _ = Salarie.embaucher(sid, adherent_id, draw(identites()), premier)
    for _ in range(draw(st.integers(0, max_commandes))):
        repere = _frontiere(salarie)
        sorte = draw(_ACTIONS_PRESENT if salarie.est_dans_l_effectif else _ACTIONS_SORTI)
        try:
            if sorte == "contrat":
                salarie, _ = salarie.ajouter_contrat(contrat_pres_de(repere), nouvel_id("r"))
            elif sorte == "sortie":
                salarie, _ = salarie.sortir(nouvel_id("s"),
                                            _pres_de(draw, repere, debut, fin, partout),
                                            draw(MOTIFS_OU_AUCUN))
            elif sorte == "reintegration":
                salarie, _ = salarie.reintegrer(nouvel_id("r"),
                                                _pres_de(draw, repere, debut, fin, partout))
            elif sorte == "annuler_contrat":
                cible = salarie.contrats[draw(_INDICES) % len(salarie.contrats)]
                salarie, _ = salarie.annuler_contrat(cible.id, None)
            elif salarie.mouvements:
                # Mostly the latest movement, the only one E6 lets go.
                cible_m = salarie.mouvements[-1 - draw(_INDICES) % len(salarie.mouvements)]
                salarie, _ = salarie.annuler_mouvement(cible_m.id, None)
        except ErreurDomaine:
            continue  # a refused command leaves the history as it was
    return salarie


def historiques(
    adherent_id: str = "adherent-1",
    poste_ids: Sequence[str] = ("poste-1",),
    *,
    salarie_id: str | None = None,
    debut: dt.date = DEBUT,
    fin: dt.date = FIN,
    max_commandes: int = 12,
) -> st.SearchStrategy[Salarie]:
    """Whole valid salarié files: a hire, then up to ``max_commandes`` random domain
    commands — new contracts (C3 changes), exits with DSN reasons, reintegrations,
    cancellations of contracts and movements — keeping those the domain accepts.

    The result is a domain aggregate (``version`` 0) of ``adherent_id`` whose contracts
    name ``poste_ids``; store it with a unit of work (``uow.salaries.ajouter``). The id
    is drawn unless ``salarie_id`` is given; use ``unique_by=lambda s: s.id`` in lists.
    """
    return _historiques(adherent_id, tuple(poste_ids), salarie_id, debut, fin, max_commandes)


# -- files doubled before S2 was enforced (S5) ---------------------------------------------

def copie_en_double(original: Salarie, salarie_id: str, tout: bool = True,
                    ordre_nir: int = 500) -> Salarie:
    """A second file for ``original``'s person, as concurrent hires left them before S2
    was enforced: its whole history under new ids (links kept), or only its first active
    contract (``tout=False``, needs one); the NIR on one file only — taken off the copy,
    or given to it (order ``ordre_nir``, 1–999) — so that no unique index refuses it."""
    noms = {c.id: f"{salarie_id}-c{k}" for k, c in enumerate(original.contrats)}
    contrats = tuple(
        attrs.evolve(c, id=noms[c.id], clot_id=None if c.clot_id is None else noms[c.clot_id])
        for c in original.contrats)
    mouvements: tuple[Sortie | Reintegration, ...] = tuple(
        attrs.evolve(m, id=f"{salarie_id}-m{k}", contrat_clos_id=None
                     if m.contrat_clos_id is None else noms[m.contrat_clos_id])
        if isinstance(m, Sortie) else
        attrs.evolve(m, id=f"{salarie_id}-m{k}",
                     contrat_id=None if m.contrat_id is None else noms[m.contrat_id])
        for k, m in enumerate(original.mouvements))
    if not tout:
        premier = min(original.contrats_actifs, key=lambda c: c.debut)
        contrats = (attrs.evolve(premier, id=noms[premier.id], clot_id=None,
                                 fin_close=None),)
        mouvements = ()
    identite = original.identite
    nir = None
    if identite.nir is None:
        corps = f"1{identite.date_naissance:%y%m}75118{ordre_nir:03d}"
        nir = Nir(corps + calculer_cle(corps))
    return Salarie(id=salarie_id, adherent_id=original.adherent_id,
                   identite=attrs.evolve(identite, nir=nir), contrats=contrats,
                   mouvements=mouvements)


def doublons(original: Salarie, salarie_id: str = "doublon") -> st.SearchStrategy[Salarie]:
    """:func:`copie_en_double` of ``original`` (whole history or first contract)."""
    return st.builds(copie_en_double, st.just(original), st.just(salarie_id),
                     st.booleans() if original.contrats_actifs else st.just(True),
                     st.integers(1, 999))


__all__ = [
    "DEBUT",
    "DISPOSITIFS",
    "FIN",
    "MOTIFS_DE_SORTIE",
    "MOTIFS_OU_AUCUN",
    "copie_en_double",
    "dessiner_contrat",
    "doublons",
    "historiques",
    "nouveaux_contrats",
]
