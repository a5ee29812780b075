"""S5: merging two files of one person, when S2 let a second one in (files doubled by
concurrent hires before S2 was enforced in the database).

The kept file takes over the duplicate's history: contracts it does not already hold
(an identical one, entered twice, is the same contract), the exits and reintegrations
that its presence then needs, and the duplicate's NIR if it had none. The duplicate is
cancelled (S3: never deleted), journaled with the kept file's id. Presence after the
merge is the union of the two files' presence; anything that union would contradict
(overlapping contracts, a movement one file records and the other's presence denies)
is refused, so that nothing is guessed. Frozen periods are not rewritten: the next
closing regularises them (F4), as for any late change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import ClassVar

from attrs import evolve, frozen

from .clotures import AnnulationARegulariser
from .contrats import Contrat
from .erreurs import Introuvable, RegleMetier
from .evenements import Evenement, IdentiteCorrigee
from .periodes import Periode
from .salaries import Mouvement, Reintegration, Salarie, Sortie

REGLE = "S5"


@frozen
class SalariesFusionnes(Evenement):
    """S5, on the kept file: the duplicate it took over and what came with it."""

    nom: ClassVar[str] = "salarie.fusion"
    salarie_id: str
    doublon_id: str
    contrats_repris: int
    mouvements_repris: int


@frozen
class DoublonAnnule(Evenement):
    """S5/S3, on the duplicate: cancelled because it was merged into ``conserve_id``."""

    nom: ClassVar[str] = "salarie.annule_par_fusion"
    salarie_id: str
    conserve_id: str


def _refus(message: str, code: str, chemin: str | None = None,
           details: dict[str, str] | None = None) -> RegleMetier:
    return RegleMetier(message, code=code, regle=REGLE, chemin=chemin, details=details)


def verifier_fusion(conserve: Salarie, doublon: Salarie) -> None:
    """S5: two distinct, non-cancelled files of one adherent and of one person (same NIR,
    or same names and birth date with at most one NIR)."""
    if conserve.id == doublon.id:
        raise _refus("Une fiche ne peut pas être fusionnée avec elle-même.",
                     "fusion.meme_fiche", "doublon_id")
    for chemin, fiche in (("conserve_id", conserve), ("doublon_id", doublon)):
        if fiche.annule:
            raise _refus("Cette fiche a été annulée : elle ne peut plus être fusionnée.",
                         "fusion.fiche_annulee", chemin)
    if conserve.adherent_id != doublon.adherent_id:  # A4: as an unknown id
        raise Introuvable("Ce salarié est introuvable.", code="salarie.introuvable",
                          chemin="doublon_id")
    a, b = conserve.identite, doublon.identite
    if a.nir is not None and b.nir is not None:
        if a.nir != b.nir:
            raise _refus(
                "Ces deux fiches ont des NIR différents : ce sont deux personnes. Corrigez "
                "d'abord le NIR erroné.", "fusion.nir_differents")
    elif a.cle != b.cle and (a.ntt is None or a.ntt != b.ntt):
        raise _refus(
            "Ces deux fiches ne portent ni le même NIR, ni le même NTT, ni les mêmes nom, "
            "prénoms et date de naissance : ce ne sont pas deux fiches de la même personne.",
            "fusion.personnes_differentes")


def _meme_contrat(a: Contrat, b: Contrat) -> bool:
    """One contract entered twice: every field the employer gives is equal."""
    return (a.nature, a.debut, a.fin, a.poste_id, a.dispositif, a.numero) == (
        b.nature, b.debut, b.fin, b.poste_id, b.dispositif, b.numero)


def _contradiction() -> RegleMetier:
    return _refus(
        "Les sorties et réintégrations des deux fiches se contredisent (l'une compte la "
        "personne présente quand l'autre la dit sortie) : alignez-les, par une sortie, une "
        "réintégration ou une annulation, puis recommencez la fusion.",
        "fusion.mouvements_contradictoires")


def union(periodes: Sequence[Periode]) -> tuple[Periode, ...]:
    """The days present in either file: periods that share a day become one; adjacent
    ones stay apart (an exit then a reintegration the next day, as E2 records it)."""
    fusion: list[Periode] = []
    for p in sorted(periodes, key=lambda p: p.debut):
        dernier = fusion[-1] if fusion else None
        if dernier is not None and dernier.croise(p):
            fin = None if dernier.fin is None or p.fin is None else max(dernier.fin, p.fin)
            fusion[-1] = Periode(dernier.debut, fin)
        else:
            fusion.append(p)
    return tuple(fusion)


def _reprendre_contrats(
    conserve: Salarie, doublon: Salarie, nouvel_id: Callable[[], str]
) -> tuple[list[Contrat], dict[str, str]]:
    """The duplicate's active contracts the kept file lacks, and every duplicate contract
    id -> its id on the kept file."""
    actifs = conserve.contrats_actifs
    ids_pris = {c.id for c in conserve.contrats}
    correspondance: dict[str, str] = {}
    repris: list[Contrat] = []
    for c in doublon.contrats_actifs:
        jumeau = next((k for k in actifs if _meme_contrat(k, c)), None)
        if jumeau is not None:
            correspondance[c.id] = jumeau.id
            continue
        autre = next((k for k in actifs if k.chevauche(c)), None)
        if autre is not None:
            raise _refus(
                f"Le contrat du {c.debut:%d/%m/%Y} de la fiche en double chevauche le contrat "
                f"du {autre.debut:%d/%m/%Y} de la fiche conservée : annulez ou "
                "corrigez l'un des deux, puis recommencez la fusion.",
                "fusion.contrats_chevauchants", details={"contrat_id": c.id})
        correspondance[c.id] = nouvel_id() if c.id in ids_pris else c.id
        repris.append(c)
    repris = [
        evolve(c, id=correspondance[c.id],
               clot_id=None if c.clot_id is None else correspondance.get(c.clot_id))
        for c in repris
    ]
    return repris, correspondance


def _mouvements_voulus(
    conserve: Salarie, doublon: Salarie, contrats: Sequence[Contrat],
    correspondance: dict[str, str], nouvel_id: Callable[[], str],
) -> list[Mouvement]:
    """The movements the duplicate brings: those the union of presence needs and the
    kept file lacks, taken from the duplicate or, for its entry, a reintegration linked
    to the contract that starts it (E3). Refused when a movement of either file does not
    fit that union."""
    voulu = union((*conserve.periodes_de_presence(), *doublon.periodes_de_presence()))
    attendus: list[tuple[type[Mouvement], dt.date]] = []
    for i, p in enumerate(voulu):
        if i:
            attendus.append((Reintegration, p.debut))
        if p.fin is not None:
            attendus.append((Sortie, p.fin))
    des_deux = [*conserve.mouvements_actifs, *doublon.mouvements_actifs]
    if any((type(m), m.le) not in attendus for m in des_deux):
        raise _contradiction()
    du_conserve = {(type(m), m.le) for m in conserve.mouvements_actifs}
    ids_pris = {m.id for m in conserve.mouvements}
    nouveaux: list[Mouvement] = []
    for genre, le in attendus:
        if (genre, le) in du_conserve:
            continue
        venu = next((m for m in doublon.mouvements_actifs if (type(m), m.le) == (genre, le)),
                    None)
        if isinstance(venu, Sortie):
            clos = venu.contrat_clos_id
            nouveaux.append(evolve(
                venu, id=nouvel_id() if venu.id in ids_pris else venu.id,
                contrat_clos_id=None if clos is None else correspondance.get(clos)))
        elif isinstance(venu, Reintegration):
            lie = venu.contrat_id
            nouveaux.append(evolve(
                venu, id=nouvel_id() if venu.id in ids_pris else venu.id,
                contrat_id=None if lie is None else correspondance.get(lie)))
        else:  # the duplicate's entry: E3, the contract starting that day reintegrates
            contrat = next((c for c in contrats if not c.annule and c.debut == le), None)
            nouveaux.append(Reintegration(id=nouvel_id(), le=le,
                                          contrat_id=None if contrat is None else contrat.id))
    return nouveaux


def fusionner(
    conserve: Salarie, doublon: Salarie, cloture_au: dt.date | None,
    nouvel_id: Callable[[], str],
) -> tuple[Salarie, Salarie, list[Evenement]]:
    """S5: ``doublon`` merged into ``conserve``; returns both files as they become and
    the events to journal. ``nouvel_id`` names what the merge creates (a reintegration
    for the duplicate's entry, an id taken on the kept file)."""
    verifier_fusion(conserve, doublon)
    repris, correspondance = _reprendre_contrats(conserve, doublon, nouvel_id)
    contrats = (*conserve.contrats, *repris)
    nouveaux = _mouvements_voulus(conserve, doublon, contrats, correspondance, nouvel_id)
    mouvements = conserve.mouvements
    if nouveaux:
        mouvements = tuple(sorted((*mouvements, *nouveaux), key=lambda m: m.le))
    identite = conserve.identite
    evenements: list[Evenement] = []
    repris_de_l_autre = tuple(
        champ for champ in ("nir", "ntt")
        if getattr(identite, champ) is None and getattr(doublon.identite, champ) is not None)
    if repris_de_l_autre:  # the NIR and the NTT (S21.G00.30.020) both name the person
        identite = evolve(identite, **{c: getattr(doublon.identite, c)
                                       for c in repris_de_l_autre})
        evenements.append(IdentiteCorrigee(conserve.adherent_id, conserve.id,
                                           repris_de_l_autre))
    fusionne = evolve(conserve, identite=identite, contrats=contrats, mouvements=mouvements)
    attendu = union((*conserve.periodes_de_presence(), *doublon.periodes_de_presence()))
    try:
        fusionne.verifier_invariants()
    except RegleMetier:
        raise _contradiction() from None
    if fusionne.periodes_de_presence() != attendu:
        raise _contradiction()
    annule = evolve(doublon, annule=True)
    adherent_id = conserve.adherent_id
    evenements[:0] = [SalariesFusionnes(adherent_id, conserve.id, doublon.id, len(repris),
                                        len(nouveaux))]
    evenements.append(DoublonAnnule(adherent_id, doublon.id, conserve.id))
    presences = doublon.periodes_de_presence()
    if cloture_au is not None and presences and presences[0].debut <= cloture_au:
        evenements.append(AnnulationARegulariser(
            adherent_id, doublon.id, doublon.id, presences[0].debut,
            f"Fusion dans la fiche {conserve.id}"))
    return fusionne, annule, evenements


__all__ = [
    "DoublonAnnule",
    "SalariesFusionnes",
    "fusionner",
    "union",
    "verifier_fusion",
]
