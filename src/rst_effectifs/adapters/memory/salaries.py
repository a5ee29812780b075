"""Salariés in memory (the reference of ``sql/salaries.py``): S2 duplicates and the
listing computed over staged and committed files."""

from __future__ import annotations

from collections.abc import Sequence

from ...domain.erreurs import salarie_introuvable
from ...domain.salaries import Identite, Salarie
from ...domain.textes import normaliser
from ...domain.verifications import fiche, groupes_de_doublons
from ...ports.salaries import DepotSalaries, FiltreSalaries, PageSalaries
from .etat import Modifications, UniteMemoire


class SalariesMemoire(DepotSalaries):
    def __init__(self, uow: UniteMemoire) -> None:
        self._uow = uow
        self._modifs: Modifications[tuple[str, str], Salarie] = Modifications()

    def obtenir(self, adherent_id: str, salarie_id: str) -> Salarie:
        cle = (adherent_id, salarie_id)
        if cle in self._modifs.en_attente:
            return self._modifs.en_attente[cle][1]
        try:
            return self._uow.etat.salaries[cle]
        except (KeyError, TypeError):
            raise salarie_introuvable() from None

    def ajouter(self, salarie: Salarie) -> Salarie:
        cle = (salarie.adherent_id, salarie.id)
        return self._modifs.ajouter(cle, salarie, cle in self._uow.etat.salaries)

    def ajouter_tous(self, salaries: Sequence[Salarie]) -> list[Salarie]:
        return [self.ajouter(salarie) for salarie in salaries]

    def enregistrer(self, salarie: Salarie) -> Salarie:
        return self._modifs.enregistrer((salarie.adherent_id, salarie.id), salarie)

    def tous(self, adherent_id: str) -> Sequence[Salarie]:
        vus = dict(self._uow.etat.salaries)
        vus.update({k: v for k, (_a, v) in self._modifs.en_attente.items()})
        return [s for (a, _i), s in vus.items() if a == adherent_id]

    def doublons(
        self, adherent_id: str, identite: Identite, sauf: str | None = None
    ) -> Sequence[str]:
        return sorted(
            s.id for s in self.tous(adherent_id)
            if s.id != sauf and not s.annule and meme_personne(s.identite, identite)
        )

    def groupes_de_doublons(self, adherent_id: str) -> Sequence[tuple[str, ...]]:
        return groupes_de_doublons(fiche(s) for s in self.tous(adherent_id) if not s.annule)

    def lister(
        self, adherent_id: str, filtre: FiltreSalaries, apres: str | None, limite: int
    ) -> PageSalaries:
        choisis = sorted(
            (s for s in self.tous(adherent_id) if correspond(s, filtre)), key=ordre_de_liste
        )
        if apres is not None:
            repere = self.obtenir(adherent_id, apres)
            choisis = [s for s in choisis if ordre_de_liste(s) > ordre_de_liste(repere)]
        page = tuple(choisis[:limite])
        suivant = page[-1].id if len(choisis) > limite else None
        return PageSalaries(page, suivant)


def meme_personne(a: Identite, b: Identite) -> bool:
    """S2 as the memory adapter checks it; the SQL adapter runs the same test in SQL:
    one NTT is one person, then the NIRs when both have one, else names and birth date."""
    if a.ntt is not None and a.ntt == b.ntt:
        return True
    if a.nir is not None and b.nir is not None:
        return a.nir == b.nir
    return a.cle == b.cle


def ordre_de_liste(s: Salarie) -> tuple[str, str, str]:
    nom, prenoms, _naissance = s.identite.cle
    return nom, prenoms, s.id


def correspond(s: Salarie, filtre: FiltreSalaries) -> bool:
    if s.annule and not filtre.inclure_annules:
        return False
    if filtre.nom is not None and not s.identite.cle[0].startswith(normaliser(filtre.nom)):
        return False
    if filtre.poste_id is not None and not any(
        c.poste_id == filtre.poste_id for c in s.contrats_actifs
    ):
        return False
    if filtre.absent_le is not None and s.present_le(filtre.absent_le):
        return False
    return filtre.present_le is None or s.present_le(filtre.present_le)


__all__ = ["SalariesMemoire", "correspond", "meme_personne", "ordre_de_liste"]
