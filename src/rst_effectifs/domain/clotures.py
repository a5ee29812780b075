"""Closing a billing period and regularising the earlier ones (F4).

A :class:`Cloture` stores the assiette of its period as it was (who, why, amounts)
with the rule and the barème that made it, and never changes. Changes dated inside a
closed period (a late exit or hire, a cancellation through the regularisation path)
are billed at the next closing as :class:`Regularisation` lines: for every earlier
closed period, what the data gives now minus what was billed so far (the frozen
assiette plus the regularisations of the closings since).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import ClassVar

from attrs import field, frozen

from .adherents import Adherent
from .bande_legale import ControleBande
from .baremes import PartFacturee
from .dates import date_dans_les_bornes
from .erreurs import DonneeInvalide, RegleMetier
from .evenements import Evenement
from .facturation import (
    CODE_DROIT_ENTREE,
    Assiette,
    Bareme,
    LigneAssiette,
    Montants,
    RegleDeComptage,
    calculer_montants,
    prix_unitaire,
)
from .partage import FACULTATIF, PartMultiEmployeur, part_du_prix
from .periodes import Periode
from .salaries import UN_JOUR
from .suivi import TypeDeSuivi
from .textes import normaliser


class ElementFacture(enum.Enum):
    """What a billed line is for: the per-capita fee or the entry fee."""

    COTISATION = "cotisation"
    DROIT_ENTREE = "droit_entree"


@frozen
class LigneRegularisation:
    """F4: +1 (billed now) or -1 (credited) for one salarié and one element of an
    earlier closed period, with the reason in the employer's words. ``part`` (F7): the
    element is a multi-employer worker's share of the fee, priced as that share."""

    salarie_id: str
    nom: str
    prenoms: str
    element: ElementFacture
    type_de_suivi: TypeDeSuivi | None
    quantite: int
    motif: str
    montant_ht: Decimal | None = None
    part: PartMultiEmployeur | None = field(default=None, metadata=FACULTATIF)


@frozen
class Regularisation:
    """The regularisation lines of one earlier closed period, priced with the barème of
    that period (no fixed fee)."""

    periode: Periode
    lignes: tuple[LigneRegularisation, ...]
    montants: Montants | None = None


@frozen
class Cloture:
    """F4: a closed period of one adherent: its frozen assiette, the rule and barème that
    made it, the regularisations of earlier periods it carries, who closed it and when,
    how F3 was applied (the national cost checked against, or the waiver), and the
    service's choice for simple follow-up it was counted with (P2b; later closings
    recompute it with that same choice)."""

    adherent_id: str
    periode: Periode
    regle: RegleDeComptage
    bareme: Bareme | None
    assiette: Assiette
    regularisations: tuple[Regularisation, ...]
    cloturee_le: dt.datetime
    par: str
    controle_bande: ControleBande = field(factory=ControleBande)
    suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG


@frozen
class PeriodeCloturee(Evenement):
    nom: ClassVar[str] = "facturation.periode_cloturee"
    debut: dt.date
    fin: dt.date
    regle: str
    salaries_comptes: int
    lignes_de_regularisation: int


@frozen
class AnnulationARegulariser(Evenement):
    """F4: an exit, reintegration or contract dated inside a closed period was cancelled;
    the next closing regularises its effect."""

    nom: ClassVar[str] = "facturation.annulation_a_regulariser"
    salarie_id: str
    objet_id: str
    le: dt.date
    motif: str


Cle = tuple[str, ElementFacture, TypeDeSuivi | None, PartMultiEmployeur | None]


def elements(lignes: Iterable[LigneAssiette]) -> Counter[Cle]:
    """The billed elements of assiette lines: (salarié, element, type, share) → 1; a
    multi-employer worker's share of the fee (F7) is an element of its own, so that
    recording one after a closing credits the full fee and bills the share."""
    compte: Counter[Cle] = Counter()
    for ligne in lignes:
        if ligne.cotisation:
            compte[(ligne.salarie_id, ElementFacture.COTISATION, ligne.type_de_suivi,
                    ligne.part)] += 1
        if ligne.droit_entree:
            compte[(ligne.salarie_id, ElementFacture.DROIT_ENTREE, None, None)] += 1
    return compte


def deja_facture(periode: Periode, clotures: Sequence[Cloture]) -> Counter[Cle]:
    """What has been billed for ``periode`` so far: its frozen assiette plus every
    regularisation of it carried by later closings (entries may be 0 or negative only
    if those closings were inconsistent)."""
    total: Counter[Cle] = Counter()
    for c in clotures:
        if c.periode == periode:
            total.update(elements(c.assiette.lignes))
        for r in c.regularisations:
            if r.periode == periode:
                for ligne in r.lignes:
                    total[(ligne.salarie_id, ligne.element, ligne.type_de_suivi,
                           ligne.part)] += ligne.quantite
    return total


def _motif(cle: Cle, quantite: int, nouvelle: LigneAssiette | None,
           types_retires: Mapping[str, TypeDeSuivi]) -> str:
    salarie_id, element, _type, part = cle
    if element is ElementFacture.DROIT_ENTREE:
        if quantite > 0 and nouvelle is not None:
            return (f"Droit d'entrée ajouté après la clôture : nouvel embauché le "
                    f"{nouvelle.du:%d/%m/%Y}.")
        return ("Droit d'entrée retiré après la clôture : n'est plus un nouvel embauché "
                "de la période.")
    if part is not None and quantite > 0:
        return (f"Salarié multi-employeur enregistré après la clôture : {part.libelle} de la "
                "cotisation.")
    if (part is None and quantite < 0 and nouvelle is not None
            and nouvelle.part is not None and nouvelle.type_de_suivi is _type):
        return ("Cotisation entière remplacée après la clôture par une part multi-employeur "
                f"({nouvelle.part.libelle}).")
    if part is not None and nouvelle is not None and nouvelle.part is None and (
            nouvelle.cotisation and nouvelle.type_de_suivi is _type):
        return "Part multi-employeur retirée après la clôture : cotisation entière due."
    if nouvelle is not None and nouvelle.cotisation and salarie_id in types_retires and (
        types_retires[salarie_id] is not nouvelle.type_de_suivi
    ):
        ancien = types_retires[salarie_id].value
        return (f"Type de suivi corrigé après la clôture : {ancien} → "
                f"{nouvelle.type_de_suivi.value}.")
    if quantite > 0 and nouvelle is not None:
        explication = nouvelle.explication
        return f"Compté après la clôture : {explication[0].lower()}{explication[1:]}"
    return ("Retiré après la clôture : ne remplit plus la règle de comptage de la période "
            "(sortie, embauche ou annulation enregistrée depuis).")


def regulariser(
    periode: Periode,
    clotures: Sequence[Cloture],
    recalculee: Assiette,
) -> Regularisation | None:
    """F4: the lines that bring what was billed for ``periode`` to ``recalculee`` (the
    assiette the data gives now, under the frozen rule and barème), or ``None``."""
    gelee = next((c for c in clotures if c.periode == periode), None)
    if gelee is None:
        raise DonneeInvalide("Cette période n'a pas été clôturée.",
                             code="cloture.introuvable", regle="F4")
    facture = deja_facture(periode, clotures)
    maintenant = elements(recalculee.lignes)
    nouvelles = {ligne.salarie_id: ligne for ligne in recalculee.lignes}
    noms: dict[str, tuple[str, str]] = {
        ligne.salarie_id: (ligne.nom, ligne.prenoms) for ligne in gelee.assiette.lignes
    }
    for c in clotures:
        for r in c.regularisations:
            if r.periode == periode:
                noms.update({ligne.salarie_id: (ligne.nom, ligne.prenoms) for ligne in r.lignes})
    noms.update({s: (ligne.nom, ligne.prenoms) for s, ligne in nouvelles.items()})
    ecarts = {cle: maintenant[cle] - facture[cle] for cle in {*facture, *maintenant}}
    ecarts = {cle: n for cle, n in ecarts.items() if n != 0}
    if not ecarts:
        return None
    types_retires = {
        cle[0]: cle[2] for cle, n in ecarts.items()
        if n < 0 and cle[1] is ElementFacture.COTISATION and cle[2] is not None
    }
    bareme = gelee.bareme
    lignes = []
    for cle, n in ecarts.items():
        salarie_id, element, type_de_suivi, part = cle
        nom, prenoms = noms[salarie_id]
        montant = None if bareme is None else n * _prix(bareme, type_de_suivi, part)
        lignes.append(LigneRegularisation(
            salarie_id, nom, prenoms, element, type_de_suivi, n,
            _motif(cle, n, nouvelles.get(salarie_id), types_retires), montant, part,
        ))
    lignes.sort(key=lambda ligne: (normaliser(ligne.nom), normaliser(ligne.prenoms),
                                   ligne.salarie_id, ligne.element.value, ligne.quantite))
    montants = None
    if bareme is not None:
        quantites: Counter[str] = Counter()
        parts: Counter[PartFacturee] = Counter()
        for ligne in lignes:
            code = (CODE_DROIT_ENTREE if ligne.type_de_suivi is None
                    else ligne.type_de_suivi.value)
            if ligne.part is None:
                quantites[code] += ligne.quantite
            else:
                parts[(code, ligne.part.nombre,
                       _prix(bareme, ligne.type_de_suivi, ligne.part))] += ligne.quantite
        montants = calculer_montants(bareme, quantites, forfait=False, parts=parts)
    return Regularisation(periode, tuple(lignes), montants)


def _prix(bareme: Bareme, type_de_suivi: TypeDeSuivi | None,
          part: PartMultiEmployeur | None) -> Decimal:
    """The unit price of a regularised element: the entry fee, the per-capita fee of the
    type, or a multi-employer worker's share of it (F7)."""
    if type_de_suivi is None:
        return prix_unitaire(bareme, CODE_DROIT_ENTREE)
    prix = prix_unitaire(bareme, type_de_suivi.value)
    return prix if part is None else part_du_prix(prix, part)


def verifier_periode_a_cloturer(adherent: Adherent, periode: Periode) -> None:
    """F4: a closing follows the previous one without overlap or gap; the first closing
    of an adherent may start anywhere. D1/D3: within the domain's dates, one year at
    most."""
    if periode.fin is None:
        raise DonneeInvalide("Une période clôturée a une date de fin.",
                             code="periode.ouverte", regle="F4", chemin="fin")
    date_dans_les_bornes(periode.debut, "debut")
    date_dans_les_bornes(periode.fin, "fin")
    if periode.fin >= _un_an_apres(periode.debut):
        raise RegleMetier(
            "Une période clôturée dure un an au plus : clôturez-la en plusieurs fois.",
            code="cloture.periode_trop_longue", regle="D3", chemin="fin",
        )
    if adherent.cloture_au is None:
        return
    if periode.debut <= adherent.cloture_au:
        raise RegleMetier(
            f"Cette période chevauche une période déjà clôturée (jusqu'au "
            f"{adherent.cloture_au:%d/%m/%Y}).",
            code="cloture.deja_faite", regle="F4", chemin="debut",
        )
    if periode.debut != adherent.cloture_au + UN_JOUR:
        raise RegleMetier(
            f"La période à clôturer doit commencer le "
            f"{adherent.cloture_au + UN_JOUR:%d/%m/%Y}, lendemain de la dernière clôture.",
            code="cloture.periode_non_contigue", regle="F4", chemin="debut",
        )


def _un_an_apres(debut: dt.date) -> dt.date:
    """The same day a year later (a 29 February gives 1 March)."""
    try:
        return debut.replace(year=debut.year + 1)
    except ValueError:
        return debut.replace(year=debut.year + 1, month=3, day=1)


def cloturer(
    adherent: Adherent,
    assiette: Assiette,
    regle: RegleDeComptage,
    bareme: Bareme | None,
    precedentes: Sequence[Cloture],
    recalculees: Iterable[Assiette],
    quand: dt.datetime,
    par: str,
) -> tuple[Adherent, Cloture, list[Evenement]]:
    """F4: freeze ``assiette`` and carry the regularisations of every earlier closed
    period (``recalculees``: their assiettes recomputed now with their own rule and
    barème). Returns the adherent frozen up to the period's end."""
    periode = assiette.periode
    verifier_periode_a_cloturer(adherent, periode)
    assert periode.fin is not None
    if assiette.adherent_id != adherent.id or assiette.regle != regle.nom or (
        assiette.bareme != (None if bareme is None else bareme.nom)
    ):
        raise DonneeInvalide("L'assiette ne correspond pas à la clôture demandée.",
                             code="cloture.assiette_incoherente", regle="F4")
    par_periode = {a.periode: a for a in recalculees}
    regularisations = []
    for precedente in sorted(precedentes, key=lambda c: c.periode.debut):
        recalculee = par_periode.get(precedente.periode)
        if recalculee is None:
            raise DonneeInvalide("Une période clôturée n'a pas été recalculée.",
                                 code="cloture.recalcul_manquant", regle="F4")
        regularisation = regulariser(precedente.periode, precedentes, recalculee)
        if regularisation is not None:
            regularisations.append(regularisation)
    cloture = Cloture(adherent.id, periode, regle, bareme, assiette, tuple(regularisations),
                      quand, par)
    evenement = PeriodeCloturee(adherent.id, periode.debut, periode.fin, regle.nom,
                                assiette.nombre, sum(len(r.lignes) for r in regularisations))
    return adherent.cloturer_jusqu_au(periode.fin), cloture, [evenement]


__all__ = [
    "AnnulationARegulariser",
    "Cloture",
    "ElementFacture",
    "LigneRegularisation",
    "PeriodeCloturee",
    "Regularisation",
    "cloturer",
    "deja_facture",
    "elements",
    "regulariser",
    "verifier_periode_a_cloturer",
]
