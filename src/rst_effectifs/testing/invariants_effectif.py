"""Headcount invariants any RST test suite asserts in one line, checked against the kit's
oracle (:mod:`.oracle`, which shares no code with the library), plus the agreement of
storages (F5).

- :func:`verifier_effectif` — a headcount on a date or over a period is the oracle's
  (E4), each person once (F1);
- :func:`verifier_changement_de_contrat` — a contract change never changes the
  headcount (C3): the person counts on exactly the same days as before;
- :func:`verifier_memes_reponses` — the same question gets the same answer on every
  storage (memory, SQLite, PostgreSQL, yours), refusals included (F5).

Like :mod:`.invariants`, each raises ``AssertionError`` naming the broken rule and needs
neither Hypothesis nor pytest.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from ..application.commandes import Commande
from ..application.contexte import Contexte, executer
from ..domain.adherents import Acteur, Adherent, Anonyme
from ..domain.effectif import Effectif
from ..domain.erreurs import ErreurDomaine
from ..domain.salaries import Salarie
from .oracle import (
    UN_JOUR,
    DossierBrut,
    effectif_attendu,
    forme_de_comparaison,
    jours,
    present_le,
)
from .oracle_lecture import dossier, dossiers, types_des_postes

__all__ = ["verifier_changement_de_contrat", "verifier_effectif", "verifier_lignes",
           "verifier_memes_reponses"]


class _Ligne(Protocol):
    @property
    def salarie_id(self) -> str: ...
    @property
    def nom(self) -> str: ...
    @property
    def prenoms(self) -> str: ...


def verifier_lignes(lignes: Sequence[_Ligne], salaries: Iterable[Salarie]) -> None:
    """The lines of a headcount or an assiette name each person as their file does and
    come sorted by family name, given names (P1's comparison form), then id."""
    par_id = {s.id: s for s in salaries}
    for ligne in lignes:
        fiche = par_id.get(ligne.salarie_id)
        assert fiche is not None, f"A4: line of {ligne.salarie_id}, a file not given"
        assert (ligne.nom, ligne.prenoms) == (fiche.identite.nom, fiche.identite.prenoms), (
            f"S4: line of {ligne.salarie_id} names {ligne.nom} {ligne.prenoms}")
    cles = [(forme_de_comparaison(li.nom), forme_de_comparaison(li.prenoms), li.salarie_id)
            for li in lignes]
    assert cles == sorted(cles), "E4/F2: lines not sorted by name, given names, then id"


def verifier_effectif(effectif: Effectif, adherent: Adherent, salaries: Iterable[Salarie]
                      ) -> None:
    """E4/F1: the salariés present on ``effectif.debut`` (or on at least one day up to
    ``effectif.fin``), each once, with the type of their last day present (P3)."""
    salaries = list(salaries)
    doubles = [s for s, n in Counter(li.salarie_id for li in effectif.lignes).items() if n > 1]
    assert not doubles, f"F1: salariés counted more than once in the headcount: {doubles}"
    assert effectif.adherent_id == adherent.id, (
        f"A4: a headcount of {effectif.adherent_id} checked as {adherent.id}'s")
    verifier_lignes(effectif.lignes, salaries)
    attendu = effectif_attendu(dossiers(salaries, adherent.id), effectif.debut, effectif.fin,
                               types_des_postes(adherent))
    obtenu = {li.salarie_id: li.type_de_suivi.value for li in effectif.lignes}
    manquants = sorted(set(attendu) - set(obtenu))
    en_trop = sorted(set(obtenu) - set(attendu))
    assert not manquants and not en_trop, (
        f"E4: headcount {effectif.debut}..{effectif.fin}: missing {manquants}, "
        f"counted but not present {en_trop}")
    differents = {s: (obtenu[s], attendu[s]) for s in attendu if obtenu[s] != attendu[s]}
    assert not differents, f"P3: follow-up types differ (headcount, oracle): {differents}"


def _dates(fiche: DossierBrut) -> list[dt.date]:
    return [*(c.debut for c in fiche.contrats), *(c.fin for c in fiche.contrats if c.fin),
            *(m.le for m in fiche.mouvements)]


def verifier_changement_de_contrat(avant: Salarie, apres: Salarie) -> None:
    """C3: ``apres`` is ``avant`` after one contract added (``AjouterContrat``). Where the
    person was present on the new contract's start, they count on exactly the same days
    as before. Otherwise the contract brings them in from its start: up to the former
    entry when it starts before it (E1), for good when they were out (E3)."""
    ancien, nouveau = dossier(avant), dossier(apres)
    ajoutes = {c.id for c in nouveau.contrats} - {c.id for c in ancien.contrats}
    assert len(ajoutes) == 1 and len(nouveau.contrats) == len(ancien.contrats) + 1, (
        f"C3: a contract change adds one contract and keeps the others ({sorted(ajoutes)})")
    (ajoute,) = (c for c in nouveau.contrats if c.id in ajoutes)
    entree = min((c.debut for c in ancien.contrats), default=None)
    present = present_le(ancien, ajoute.debut)

    def attendu(jour: dt.date) -> bool:
        if entree is None:  # every contract was cancelled: the new one is the entry (E1)
            return jour >= ajoute.debut
        if ajoute.debut < entree and ajoute.debut <= jour < entree:
            return True
        if not present and entree <= ajoute.debut <= jour:
            return True
        return present_le(ancien, jour)

    dates = _dates(ancien) + _dates(nouveau)
    for jour in jours(min(dates) - UN_JOUR, max(dates) + UN_JOUR):
        assert present_le(nouveau, jour) == attendu(jour), (
            f"C3: the contract change of {avant.id} changed the headcount on "
            f"{jour:%d/%m/%Y} (expected present: {attendu(jour)})")


def _reponse(ctx: Contexte, acteur: Acteur | Anonyme, commande: Commande) -> Any:
    try:
        return executer(ctx, acteur, commande)
    except ErreurDomaine as refus:  # the same refusal: same class, code, field, details
        return (type(refus).__name__, refus.code, refus.chemin, refus.details)


def verifier_memes_reponses(contextes: Mapping[str, Contexte], acteur: Acteur | Anonyme,
                            commande: Commande) -> None:
    """F5: ``commande`` (a read: an effectif, an assiette, a page…) run on each storage,
    which hold the same data, gets equal answers, or the same refusal."""
    reponses = {nom: _reponse(ctx, acteur, commande) for nom, ctx in contextes.items()}
    premier, reference = next(iter(reponses.items()))
    differents = [nom for nom, r in reponses.items() if r != reference]
    assert not differents, (
        f"F5: {type(commande).__name__} answered differently on {differents} than on "
        f"{premier}: {[reponses[n] for n in differents]} vs {reference}")
