"""Invoices in memory (F8): documents staged until commit, numbered under the unit's
write lock, never changed once committed."""

from __future__ import annotations

from collections.abc import Sequence

from ...domain.erreurs import ErreurTechnique
from ...domain.factures import (
    Acheteur,
    Facture,
    NatureDocument,
    Objet,
    ResumeCloture,
    document_deja_emis,
    facture_introuvable,
)
from ...domain.periodes import Periode
from ...ports.factures import AEmettre, DepotFactures, FactureEmise
from .etat import UniteMemoire

Cle = tuple[str, Periode, Periode, NatureDocument]
"""(adherent, closing, period billed, nature): one document each (idempotent issue)."""


def cle_de(facture: Facture) -> Cle:
    return (facture.adherent_id, facture.cloture, facture.periode, facture.nature)


def rangs_continus(precedent: int, documents: Sequence[FactureEmise], annee: int) -> None:
    """The ranks of ``documents`` of ``annee`` continue ``precedent`` without gap."""
    rangs = [d.facture.rang for d in documents if d.facture.annee == annee]
    if rangs != list(range(precedent + 1, precedent + 1 + len(rangs))):
        raise ErreurTechnique("Les numéros de facture ne se suivent pas.",
                              code="facture.numerotation")


class FacturesMemoire(DepotFactures):
    """F8: committed documents in ``etat.factures`` (number → document, in order of
    issue); this unit's in ``en_attente``."""

    def __init__(self, uow: UniteMemoire) -> None:
        self._uow = uow
        self.en_attente: list[FactureEmise] = []

    def _toutes(self) -> list[FactureEmise]:
        return [*self._uow.etat.factures.values(), *self.en_attente]

    def verrouiller_numerotation(self) -> None:
        self._uow.prendre_l_ecriture()

    def dernier_rang(self, annee: int) -> int:
        return max((d.facture.rang for d in self._toutes() if d.facture.annee == annee),
                   default=0)

    def ajouter(self, documents: Sequence[FactureEmise]) -> None:
        for annee in {d.facture.annee for d in documents}:
            rangs_continus(self.dernier_rang(annee), documents, annee)
        cles = {cle_de(d.facture) for d in self._toutes()}
        for document in documents:
            if cle_de(document.facture) in cles:
                raise document_deja_emis()
            cles.add(cle_de(document.facture))
        self.en_attente.extend(documents)

    def obtenir(self, adherent_id: str, numero: str) -> FactureEmise:
        for document in self._toutes():
            if document.facture.numero == numero and document.facture.adherent_id == adherent_id:
                return document
        raise facture_introuvable()

    def lister(self, adherent_id: str) -> Sequence[Facture]:
        return [d.facture for d in self._toutes() if d.facture.adherent_id == adherent_id]

    def de_la_cloture(self, adherent_id: str, cloture: Periode) -> Sequence[Facture]:
        return [f for f in self.lister(adherent_id) if f.cloture == cloture]

    def appel(self, adherent_id: str, periode: Periode) -> Facture | None:
        return next((f for f in self.lister(adherent_id)
                     if f.objet is Objet.APPEL and f.periode == periode), None)

    def a_emettre(self, periode: Periode, adherent_ids: Sequence[str]) -> Sequence[AEmettre]:
        etat = self._uow.etat
        resultat = []
        for adherent_id in adherent_ids:
            adherent = etat.adherents.get(adherent_id)
            emises = {f.cloture for f in self.lister(adherent_id)}
            clotures = sorted((c for (a, p), c in etat.clotures.items() if a == adherent_id
                               and p not in emises and c.periode.debut <= periode.debut),
                              key=lambda c: c.periode.debut)
            if adherent is None or not clotures or clotures[-1].periode != periode:
                continue
            regularisees = {r.periode for c in clotures for r in c.regularisations}
            appels = tuple(f for f in self.lister(adherent_id)
                           if f.objet is Objet.APPEL and f.periode in regularisees)
            resultat.append(AEmettre(Acheteur.de(adherent),
                                     tuple(ResumeCloture.de(c) for c in clotures), appels))
        return resultat

    def a_facturer(self, periode: Periode, apres: str | None, limite: int) -> Sequence[str]:
        etat = self._uow.etat
        factures = {(d.facture.adherent_id, d.facture.cloture) for d in self._toutes()}
        ids = sorted(a for (a, p) in etat.clotures if p == periode
                     and (a, p) not in factures and (apres is None or a > apres))
        return ids[:max(limite, 0)]

    def compter_a_facturer(self, periode: Periode) -> int:
        return len(self.a_facturer(periode, None, len(self._uow.etat.clotures)))

    def rangs(self, annee: int) -> Sequence[int]:
        return sorted(d.facture.rang for d in self._toutes() if d.facture.annee == annee)

    def verifier(self) -> None:
        """At commit: still no gap and no document issued twice (another unit committed
        in between only if it did not hold the lock: then this one fails)."""
        engagees = list(self._uow.etat.factures.values())
        cles = {cle_de(d.facture) for d in engagees}
        if any(cle_de(d.facture) in cles for d in self.en_attente):
            raise document_deja_emis()
        for annee in {d.facture.annee for d in self.en_attente}:
            precedent = max((d.facture.rang for d in engagees if d.facture.annee == annee),
                            default=0)
            rangs_continus(precedent, self.en_attente, annee)


__all__ = ["FacturesMemoire"]
