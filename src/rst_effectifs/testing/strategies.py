"""Hypothesis strategies for RST test suites: identities, postes, contracts, whole
salarié histories and use-case scenarios.

Every value drawn is valid for the domain (an :class:`Identite` passes S1, a
history passes ``Salarie.verifier_invariants()``), so a consumer's property test
starts from realistic data instead of hand-written fixtures. The identifier
strategies of :mod:`rst_effectifs.testing.strategies_identifiants` are re-exported.

Scenarios are lists of ``(use-case name, command)`` steps for the application
layer. Ids only the store knows (a new salarié's id, a contract id) appear in
them as references, resolved when :func:`jouer_scenario` plays the steps:

``@poste:K``          the poste created by the K-th ``ajouter_poste`` step;
``@salarie:I``        the file created by the I-th ``embaucher`` step;
``@contrat:I:J``      contract J (index, modulo their number) of that file;
``@mouvement:I:J``    movement J (``-1``: the latest) of that file.

A reference to a step that was refused resolves to an unknown id, so the use case
answers "not found". Needs the ``test`` extra (hypothesis).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import string
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, cast

import attrs
from attrs import frozen
from hypothesis import strategies as st

from ..application.commandes import (
    AjouterContrat,
    AjouterPoste,
    AnnulerContrat,
    AnnulerMouvement,
    AnnulerSalarie,
    ArchiverPoste,
    Commande,
    CorrigerIdentite,
    EmbaucherSalarie,
    NouveauContrat,
    ReintegrerDansLEffectif,
    SortirDeLEffectif,
)
from ..application.contexte import Contexte, executer
from ..domain.adherents import Acteur
from ..domain.contrats import Contrat, NatureContrat
from ..domain.erreurs import ErreurDomaine
from ..domain.identifiants import Nir, calculer_cle
from ..domain.postes import Poste
from ..domain.salaries import Identite, Reintegration, Salarie, Sortie
from ..domain.suivi import Risque
from ..domain.textes import normaliser
from .strategies_identifiants import (
    codes_pcs,
    emails,
    nirs,
    nirs_invalides,
    numeros_adherent,
    numeros_teledeclarant,
    sirens,
    sirets,
)

__all__ = [
    "DISPOSITIFS",
    "MOTIFS_DE_SORTIE",
    "EtapeJouee",
    "codes_pcs",
    "commandes_ajouter_poste",
    "copie_en_double",
    "doublons",
    "emails",
    "historiques",
    "identites",
    "jouer_scenario",
    "libelles_de_poste",
    "nirs",
    "nirs_invalides",
    "noms",
    "nouveaux_contrats",
    "numeros_adherent",
    "numeros_teledeclarant",
    "postes",
    "prenoms",
    "risques",
    "scenarios",
    "sirens",
    "sirets",
    "variantes",
]

Etape = tuple[str, Commande]

DEBUT = dt.date(2018, 1, 1)
FIN = dt.date(2026, 12, 31)

MOTIFS_DE_SORTIE = ("011", "014", "015", "020", "031", "033", "034", "035", "036", "038",
                    "039", "043", "059", "065", "099")
"""Exit reasons drawn: DSN codes of rubric S21.G00.62.002 (E2)."""

DISPOSITIFS = ("21", "41", "50", "61", "64", "65", "81")
"""Schemes drawn for natures 01/02: DSN codes of rubric S21.G00.40.008 (C1)."""

# -- names -------------------------------------------------------------------------

_ACCENTS = {"a": "àâä", "c": "ç", "e": "éèêë", "i": "îï", "o": "ôö", "u": "ùûü", "y": "ÿ"}
_LETTRES = string.ascii_lowercase + "".join(_ACCENTS.values()) + "œæ"
_NOMS_REELS = ("Dupont", "Le Gall", "D'Artagnan", "N'Diaye", "Lefèvre-Pontalis", "Müller",
               "Nguyễn", "Ben Saïd", "Œuvrard", "de La Tour d'Auvergne", "Ibáñez", "O'Neil")
_PRENOMS_REELS = ("Jean-Pierre", "Élodie", "Zoé", "Anaïs", "Noël", "Chloé Marie", "François",
                  "Maëlle", "Jérôme", "Ève-Marie", "Loïc", "Çağla")


@st.composite
def _mot(draw: st.DrawFn) -> str:
    lettres = draw(st.text(_LETTRES, min_size=1, max_size=10))
    return lettres[0].upper() + lettres[1:] if draw(st.booleans()) else lettres


@st.composite
def _compose(draw: st.DrawFn, separateurs: str, reels: Sequence[str]) -> str:
    if draw(st.integers(0, 2)) == 0:
        return draw(st.sampled_from(reels))
    mots = draw(st.lists(_mot(), min_size=1, max_size=3))
    texte = mots[0]
    for mot in mots[1:]:
        texte += draw(st.sampled_from(separateurs)) + mot
    return texte


def noms() -> st.SearchStrategy[str]:
    """Family names with accents, apostrophes (``D'Artagnan``) and hyphens (S1)."""
    return _compose(" -'", _NOMS_REELS)


def prenoms() -> st.SearchStrategy[str]:
    """Given names, possibly several, accented or hyphenated (``Ève-Marie``)."""
    return _compose(" -", _PRENOMS_REELS)


def dates_de_naissance() -> st.SearchStrategy[dt.date]:
    """Birth dates of working people, minors included (P3)."""
    return st.dates(dt.date(1945, 1, 1), dt.date(2010, 12, 31))


@st.composite
def _identites(draw: st.DrawFn, avec_nir: bool | None, corse: bool | None) -> Identite:
    naissance = draw(dates_de_naissance())
    nir = draw(nirs(corse=corse, naissance=naissance)) if (
        draw(st.booleans()) if avec_nir is None else avec_nir) else None
    return Identite(nom=draw(noms()), prenoms=draw(prenoms()), date_naissance=naissance,
                    nir=nir)


def identites(
    avec_nir: bool | None = None, corse: bool | None = None
) -> st.SearchStrategy[Identite]:
    """Valid identities (S1). ``avec_nir``: True always a NIR, False never, None either.
    A NIR matches the birth year and month; ``corse`` is passed to :func:`nirs`."""
    return _identites(avec_nir, corse)


def _sans_accent(c: str) -> str:
    return unicodedata.normalize("NFKD", c)[0]


# Strategies drawn many times inside composites are built once: building one per draw
# costs Hypothesis a validation each time.
_BOOLEENS = st.booleans()
_GRAINES = st.integers(0, 2**32 - 1)
_FORMES_NIR = st.integers(0, 2)
_SEPARATEURS = {"-": "- ", "'": "'’ ", "’": "'’ ", " ": " -"}


def _varier(hasard: random.Random, texte: str) -> str:
    sortie = []
    for c in texte:
        choix = hasard.randrange(6)
        base = _sans_accent(c).lower()
        if c in _SEPARATEURS:
            c = hasard.choice(_SEPARATEURS[c])
        elif choix == 0 and base in _ACCENTS:
            c = hasard.choice(base + _ACCENTS[base])
        elif choix == 1 and len(c.swapcase()) == 1:
            c = c.swapcase()
        sortie.append(c)
    marge = hasard.choice(["", " ", "  "])
    return marge + "".join(sortie) + marge


def _varier_identite(draw: st.DrawFn, identite: Identite, garder_nir: bool | None) -> Identite:
    # One seed per variant: a draw per character would make long scenarios slow.
    hasard = random.Random(draw(_GRAINES))
    garder = draw(_BOOLEENS) if garder_nir is None else garder_nir
    return Identite(
        nom=_varier(hasard, identite.nom),
        prenoms=_varier(hasard, identite.prenoms),
        date_naissance=identite.date_naissance,
        nir=identite.nir if garder else None,
    )


_VARIANTES = st.composite(_varier_identite)


def variantes(identite: Identite, garder_nir: bool | None = None) -> st.SearchStrategy[Identite]:
    """The same person as S2 sees them: case, accents, hyphens/spaces, apostrophes and
    outer blanks varied; the NIR kept or dropped (``garder_nir``: None either)."""
    return _VARIANTES(identite, garder_nir)


def _texte_nir(draw: st.DrawFn, nir: Nir) -> str:
    """How a front end may send a NIR: compact, spaced as on the card, or lower-case."""
    v = nir.valeur
    forme = draw(_FORMES_NIR)
    if forme == 0:
        return v
    if forme == 1:
        return f"{v[0]} {v[1:3]} {v[3:5]} {v[5:7]} {v[7:10]} {v[10:13]} {v[13:]}"
    return v.lower()


# -- postes --------------------------------------------------------------------------

_METIERS = ("Vendeur", "Cariste", "Soudeur", "Infirmière de nuit", "Agent d'entretien",
            "Aide-soignant", "Électricien", "Comptable", "Chauffeur poids lourd", "Maçon",
            "Opérateur de production", "Technicien radiologie", "Plongeur")
_QUALIFS = ("", " confirmé", " – équipe B", " (site de Lyon)", " senior", " 2")


def libelles_de_poste() -> st.SearchStrategy[str]:
    """Poste labels (P1): trade names with qualifiers, or any accented text."""
    libre = st.text(_LETTRES + string.ascii_uppercase + " -'0123456789", min_size=1,
                    max_size=60).filter(lambda t: bool(t.strip()))
    metier = st.tuples(st.sampled_from(_METIERS), st.sampled_from(_QUALIFS)).map("".join)
    return st.one_of(metier, metier, libre)


def risques() -> st.SearchStrategy[frozenset[Risque]]:
    """Sets of risks from the P2 catalogue, empty about a third of the time."""
    return st.one_of(st.just(frozenset()), st.frozensets(st.sampled_from(Risque), max_size=4))


def _justifications() -> st.SearchStrategy[str | None]:
    return st.one_of(st.none(), st.none(), st.sampled_from([
        "Travail isolé en hauteur (R4624-23 III).", "Exposition au bruit > 85 dB(A).",
    ]))


@st.composite
def _postes(draw: st.DrawFn, poste_id: str | None) -> Poste:
    code = draw(st.none() | codes_pcs())
    return Poste(
        id=poste_id or draw(_ids("poste")),
        libelle=draw(libelles_de_poste()),
        risques=draw(risques()),
        justification_sir=draw(_justifications()),
        code_pcs=code,
    )


def postes(poste_id: str | None = None) -> st.SearchStrategy[Poste]:
    """Active postes (P1, P2); an employer SIR (``justification_sir``) now and then."""
    return _postes(poste_id)


@st.composite
def _commandes_ajouter_poste(draw: st.DrawFn, adherent_id: str) -> AjouterPoste:
    code = draw(st.none() | codes_pcs())
    texte_code = None if code is None else draw(st.sampled_from([code.valeur,
                                                                 code.valeur.upper()]))
    return AjouterPoste(adherent_id, draw(libelles_de_poste()), draw(risques()),
                        draw(_justifications()), texte_code)


def commandes_ajouter_poste(adherent_id: str) -> st.SearchStrategy[AjouterPoste]:
    """Valid ``AjouterPoste`` commands (a label may still clash with an existing one: P1)."""
    return _commandes_ajouter_poste(adherent_id)


# -- contracts -------------------------------------------------------------------------

_NATURES = st.sampled_from(NatureContrat)
_DUREES = st.integers(0, 3 * 365)
_QUART = st.integers(0, 3)
_DISPOSITIFS = st.sampled_from(DISPOSITIFS)
_NUMEROS = st.none() | st.from_regex(r"[A-Z]{1,3}-20[0-9]{2}-[0-9]{4}", fullmatch=True)


def _dessiner_contrat(
    draw: st.DrawFn, poste_id: str, debut: dt.date, avec_fin: bool | None = None
) -> NouveauContrat:
    nature = draw(_NATURES)
    fin = None
    if draw(_BOOLEENS) if avec_fin is None else avec_fin:
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
    return _dessiner_contrat(draw, draw(poste_ids), draw(debuts), avec_fin)


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


def _ids(prefixe: str) -> st.SearchStrategy[str]:
    return st.uuids().map(lambda u: f"{prefixe}-{u.hex[:12]}")


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


_MOTIFS = st.none() | st.sampled_from(MOTIFS_DE_SORTIE)
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
    sid = salarie_id or draw(_ids("salarie"))
    partout = st.dates(debut, fin)
    choix_poste = st.sampled_from(poste_ids)
    compteur = itertools.count(1)

    def nouvel_id(sorte: str) -> str:
        return f"{sid}-{sorte}{next(compteur)}"

    def contrat_pres_de(repere: dt.date) -> Contrat:
        nouveau = _dessiner_contrat(draw, draw(choix_poste),
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
                                            draw(_MOTIFS))
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


# -- scenarios -------------------------------------------------------------------------

_SORTES = (["embaucher"] * 6 + ["ajouter_contrat"] * 6 + ["sortir"] * 6 + ["reintegrer"] * 4
           + ["annuler_contrat"] * 2 + ["annuler_mouvement"] * 2 + ["renvoi"] * 2
           + ["corriger_identite", "annuler_salarie", "archiver_poste"])


def _ref_salarie(i: int) -> str:
    return f"@salarie:{i}"


@st.composite
def _scenarios(
    draw: st.DrawFn, adherent_id: str, debut: dt.date, fin: dt.date, max_etapes: int
) -> list[Etape]:
    libelles = draw(st.lists(libelles_de_poste(), min_size=1, max_size=3, unique_by=normaliser))
    etapes: list[Etape] = [
        ("ajouter_poste", AjouterPoste(adherent_id, libelle, draw(risques())))
        for libelle in libelles
    ]
    postes_refs = st.integers(0, len(libelles) - 1).map(lambda k: f"@poste:{k}")
    personnes = draw(st.lists(identites(), min_size=1, max_size=8))
    embauches = 0
    groupes: list[Etape] = []
    curseur = draw(st.dates(debut, min(fin, debut + dt.timedelta(days=365))))

    def identite_variee() -> tuple[Identite, str | None]:
        personne = personnes[draw(st.integers(0, len(personnes) - 1))]
        if draw(st.booleans()):
            personne = _varier_identite(draw, personne, None)
        nir = None if personne.nir is None else _texte_nir(draw, personne.nir)
        return personne, nir

    for n in range(draw(st.integers(1, max_etapes))):
        curseur = min(max(curseur + dt.timedelta(days=draw(st.integers(-30, 240))), debut), fin)
        sorte = "embaucher" if embauches == 0 else draw(st.sampled_from(_SORTES))
        i = draw(st.integers(0, max(embauches - 1, 0)))

        def contrat() -> NouveauContrat:
            return _dessiner_contrat(draw, draw(postes_refs), curseur)  # noqa: B023
        etape: Etape
        if sorte == "embaucher":
            personne, nir = identite_variee()
            etape = (sorte, EmbaucherSalarie(adherent_id, personne.nom, personne.prenoms,
                                             personne.date_naissance, contrat(), nir))
            embauches += 1
        elif sorte == "corriger_identite":
            personne, nir = identite_variee()
            etape = (sorte, CorrigerIdentite(adherent_id, _ref_salarie(i), personne.nom,
                                             personne.prenoms, personne.date_naissance, nir))
        elif sorte == "ajouter_contrat":
            etape = (sorte, AjouterContrat(adherent_id, _ref_salarie(i), contrat()))
        elif sorte in ("sortir", "reintegrer"):
            taille = draw(st.sampled_from([1, 1, 1, 2, 3]))
            refs = draw(st.lists(st.integers(0, embauches - 1), min_size=1, max_size=taille,
                                 unique=True))
            ids = tuple(_ref_salarie(r) for r in refs)
            if sorte == "sortir":
                motif = draw(_MOTIFS)
                etape = (sorte, SortirDeLEffectif(adherent_id, f"requete-{n}", ids, curseur,
                                                  motif))
            else:
                etape = (sorte, ReintegrerDansLEffectif(adherent_id, f"requete-{n}", ids,
                                                        curseur, None))
            groupes.append(etape)
        elif sorte == "renvoi":
            # E5: a front end sending the same request again.
            etape = draw(st.sampled_from(groupes)) if groupes else (
                "annuler_salarie", AnnulerSalarie(adherent_id, _ref_salarie(i)))
        elif sorte == "annuler_contrat":
            j = draw(st.integers(-1, 4))
            etape = (sorte, AnnulerContrat(adherent_id, _ref_salarie(i), f"@contrat:{i}:{j}"))
        elif sorte == "annuler_mouvement":
            j = draw(st.sampled_from([-1, -1, -1, 0, 1]))
            etape = (sorte, AnnulerMouvement(adherent_id, _ref_salarie(i),
                                             f"@mouvement:{i}:{j}"))
        elif sorte == "annuler_salarie":
            etape = (sorte, AnnulerSalarie(adherent_id, _ref_salarie(i)))
        else:
            etape = (sorte, ArchiverPoste(adherent_id, draw(postes_refs)))
        etapes.append(etape)
    return etapes


def scenarios(
    adherent_id: str,
    *,
    debut: dt.date = dt.date(2020, 1, 1),
    fin: dt.date = dt.date(2025, 12, 31),
    max_etapes: int = 25,
) -> st.SearchStrategy[list[Etape]]:
    """Use-case sequences on one existing adherent: one to three ``ajouter_poste``, then
    up to ``max_etapes`` steps mostly moving forward in time — hires (the same person
    again now and then, varied as :func:`variantes` does), contract changes, grouped
    exits and reintegrations, resends of a grouped request, cancellations, identity
    corrections, archived postes. Many steps are refused by the rules, on purpose.

    Ids are references (see the module docstring); play with :func:`jouer_scenario`.
    """
    return _scenarios(adherent_id, debut, fin, max_etapes)


@frozen
class EtapeJouee:
    """One played step: the command with its references resolved, and what the use case
    returned, or the domain error it raised."""

    nom: str
    commande: Commande
    resultat: object = None
    erreur: ErreurDomaine | None = None

    @property
    def acceptee(self) -> bool:
        return self.erreur is None


class _References:
    def __init__(self, ctx: Contexte) -> None:
        self.ctx = ctx
        self.postes: list[str | None] = []
        self.salaries: list[str | None] = []

    @staticmethod
    def _indice(liste: Sequence[str | None], i: int, sorte: str) -> str:
        trouve = liste[i] if 0 <= i < len(liste) else None
        return trouve if trouve is not None else f"{sorte}-inconnu-{i}"

    def resoudre(self, adherent_id: str, valeur: str) -> str:
        if not valeur.startswith("@"):
            return valeur
        sorte, *indices = valeur[1:].split(":")
        nombres = [int(x) for x in indices]
        if sorte == "poste":
            return self._indice(self.postes, nombres[0], "poste")
        salarie_id = self._indice(self.salaries, nombres[0], "salarie")
        if sorte == "salarie":
            return salarie_id
        with self.ctx.unite_de_travail() as uow:
            try:
                salarie = uow.salaries.obtenir(adherent_id, salarie_id)
            except ErreurDomaine:
                return f"{sorte}-inconnu"
        elements = salarie.contrats if sorte == "contrat" else salarie.mouvements
        if not elements:
            return f"{sorte}-inconnu"
        return elements[nombres[1] % len(elements)].id

    def commande(self, commande: Commande) -> Commande:
        adherent_id = getattr(commande, "adherent_id", "")
        changes: dict[str, Any] = {}
        for champ in attrs.fields(cast(Any, type(commande))):
            valeur = getattr(commande, champ.name)
            if isinstance(valeur, str):
                changes[champ.name] = self.resoudre(adherent_id, valeur)
            elif isinstance(valeur, tuple) and all(isinstance(v, str) for v in valeur):
                changes[champ.name] = tuple(self.resoudre(adherent_id, v) for v in valeur)
            elif isinstance(valeur, Commande):
                changes[champ.name] = self.commande(valeur)
        return cast(Commande, attrs.evolve(cast(Any, commande), **changes))


def jouer_scenario(
    ctx: Contexte,
    acteur: Acteur,
    etapes: Sequence[Etape],
    apres_chaque: Callable[[EtapeJouee], None] | None = None,
) -> list[EtapeJouee]:
    """Play steps through ``executer`` (the step's name is its label), resolving
    references as they go.

    Domain refusals are recorded in the returned steps, not raised; anything else (a
    bug, an infrastructure failure) propagates. ``apres_chaque`` is called after each
    step, to check the store between steps.
    """
    references = _References(ctx)
    joues: list[EtapeJouee] = []
    for nom, commande in etapes:
        resolue = references.commande(commande)
        try:
            resultat = executer(ctx, acteur, resolue)
        except ErreurDomaine as erreur:
            joue = EtapeJouee(nom, resolue, erreur=erreur)
        else:
            joue = EtapeJouee(nom, resolue, resultat)
        if nom == "ajouter_poste":
            references.postes.append(getattr(joue.resultat, "id", None))
        elif nom == "embaucher":
            references.salaries.append(getattr(joue.resultat, "id", None))
        joues.append(joue)
        if apres_chaque is not None:
            apres_chaque(joue)
    return joues
