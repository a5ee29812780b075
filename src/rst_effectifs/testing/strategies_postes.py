"""Hypothesis strategies for postes (P1, P2): labels, risks, postes and the commands
that add them. Re-exported by :mod:`rst_effectifs.testing.strategies`."""

from __future__ import annotations

import string

from hypothesis import strategies as st

from ..application.commandes import AjouterPoste
from ..domain.postes import Poste
from ..domain.suivi import Risque
from .strategies_identifiants import codes_pcs
from .strategies_identites import LETTRES

_METIERS = ("Vendeur", "Cariste", "Soudeur", "Infirmière de nuit", "Agent d'entretien",
            "Aide-soignant", "Électricien", "Comptable", "Chauffeur poids lourd", "Maçon",
            "Opérateur de production", "Technicien radiologie", "Plongeur")
_QUALIFS = ("", " confirmé", " – équipe B", " (site de Lyon)", " senior", " 2")


def libelles_de_poste() -> st.SearchStrategy[str]:
    """Poste labels (P1): trade names with qualifiers, or any accented text."""
    libre = st.text(LETTRES + string.ascii_uppercase + " -'0123456789", min_size=1,
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
        id=poste_id or draw(ids("poste")),
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


def ids(prefixe: str) -> st.SearchStrategy[str]:
    return st.uuids().map(lambda u: f"{prefixe}-{u.hex[:12]}")


__all__ = ["commandes_ajouter_poste", "ids", "libelles_de_poste", "postes", "risques"]
