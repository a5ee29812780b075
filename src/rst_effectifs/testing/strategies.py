"""Hypothesis strategies for RST test suites: identities, postes, contracts, whole
salarié histories and use-case scenarios.

Every value drawn is valid for the domain (an :class:`Identite` passes S1, a
history passes ``Salarie.verifier_invariants()``), so a consumer's property test
starts from realistic data instead of hand-written fixtures. The identifier
strategies of :mod:`rst_effectifs.testing.strategies_identifiants` are re-exported.
The strategies live by subject in :mod:`.strategies_identites`, :mod:`.strategies_postes`,
:mod:`.strategies_historiques` and :mod:`.strategies_scenarios`; this module is the one
to import.

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

from .strategies_historiques import (
    DISPOSITIFS,
    MOTIFS_DE_SORTIE,
    copie_en_double,
    doublons,
    historiques,
    nouveaux_contrats,
)
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
from .strategies_identites import identites, noms, prenoms, variantes
from .strategies_postes import commandes_ajouter_poste, libelles_de_poste, postes, risques
from .strategies_scenarios import EtapeJouee, jouer_scenario, scenarios

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
