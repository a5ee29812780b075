"""Hypothesis strategies for use-case scenarios, and :func:`jouer_scenario` that plays
them through ``executer`` resolving their references (see
:mod:`rst_effectifs.testing.strategies`, which re-exports both)."""

from __future__ import annotations

import datetime as dt
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
from ..domain.erreurs import ErreurDomaine
from ..domain.salaries import Identite
from ..domain.textes import normaliser
from .strategies_historiques import MOTIFS_OU_AUCUN, dessiner_contrat
from .strategies_identites import identites, texte_nir, varier_identite
from .strategies_postes import libelles_de_poste, risques

Etape = tuple[str, Commande]

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
            personne = varier_identite(draw, personne, None)
        nir = None if personne.nir is None else texte_nir(draw, personne.nir)
        return personne, nir

    for n in range(draw(st.integers(1, max_etapes))):
        curseur = min(max(curseur + dt.timedelta(days=draw(st.integers(-30, 240))), debut), fin)
        sorte = "embaucher" if embauches == 0 else draw(st.sampled_from(_SORTES))
        i = draw(st.integers(0, max(embauches - 1, 0)))

        def contrat() -> NouveauContrat:
            return dessiner_contrat(draw, draw(postes_refs), curseur)  # noqa: B023
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
                motif = draw(MOTIFS_OU_AUCUN)
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

__all__ = ["Etape", "EtapeJouee", "jouer_scenario", "scenarios"]
