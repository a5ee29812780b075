"""F7 in memory (the reference of ``sql/multi_employeurs.py``): records by person and
year, members' declarations, shares and the reconciliation computed over them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from attrs import evolve

from ...domain.erreurs import ConflitDeVersion
from ...domain.identifiants import Nir
from ...domain.multi_employeurs import DeclarationMultiEmployeur, MultiEmployeur
from ...domain.partage import PartMultiEmployeur
from ...ports.multi_employeurs import DepotMultiEmployeurs, FicheChezAdherent
from .etat import EtatMemoire, UniteMemoire

CleMulti = tuple[int, str]
CleDeclaration = tuple[str, int, str]


class MultiEmployeursMemoire(DepotMultiEmployeurs):
    """Writes staged until commit; reads see them."""

    def __init__(self, uow: UniteMemoire) -> None:
        self._uow = uow
        self.en_attente: dict[CleMulti, tuple[int, MultiEmployeur]] = {}
        """(annee, NIR) → (the version expected in the store, 0: none; the record)."""
        self.declarations: dict[CleDeclaration, DeclarationMultiEmployeur] = {}

    def _tous(self) -> dict[CleMulti, MultiEmployeur]:
        return {**self._uow.etat.multi_employeurs,
                **{cle: m for cle, (_v, m) in self.en_attente.items()}}

    def _declarations(self) -> dict[CleDeclaration, DeclarationMultiEmployeur]:
        return {**self._uow.etat.declarations_multi_employeur, **self.declarations}

    def obtenir(self, annee: int, nir: Nir) -> MultiEmployeur | None:
        return self._tous().get((annee, nir.valeur))

    def enregistrer(self, multi: MultiEmployeur) -> MultiEmployeur:
        cle = (multi.annee, multi.nir.valeur)
        attendue = multi.version
        if cle in self.en_attente:
            attendue_avant, precedent = self.en_attente[cle]
            if precedent.version != multi.version:
                raise ConflitDeVersion()
            attendue = attendue_avant
        nouveau = evolve(multi, version=multi.version + 1)
        self.en_attente[cle] = (attendue, nouveau)
        return nouveau

    def verifier(self, etat: EtatMemoire) -> None:
        """Another unit stored or replaced one of these records since it was read."""
        for cle, (attendue, _m) in self.en_attente.items():
            actuel = etat.multi_employeurs.get(cle)
            if (0 if actuel is None else actuel.version) != attendue:
                raise ConflitDeVersion()

    def appliquer(self, etat: EtatMemoire) -> None:
        etat.multi_employeurs.update({cle: m for cle, (_v, m) in self.en_attente.items()})
        etat.declarations_multi_employeur.update(self.declarations)

    def parts(self, adherent_id: str, annee: int) -> Mapping[str, PartMultiEmployeur]:
        return {f.salarie_id: PartMultiEmployeur(f.rang, m.nombre)
                for (a, _n), m in self._tous().items() if a == annee
                for f in m.fiches if f.adherent_id == adherent_id}

    def parts_du_salarie(
        self, adherent_id: str, salarie_id: str
    ) -> Sequence[tuple[int, PartMultiEmployeur]]:
        return sorted((m.annee, part) for m in self._tous().values()
                      if (part := m.part(adherent_id, salarie_id)) is not None)

    def adherents_avec_parts(self, annee: int) -> Sequence[str]:
        return sorted({f.adherent_id for m in self._tous().values() if m.annee == annee
                       for f in m.fiches})

    def declarer(self, declaration: DeclarationMultiEmployeur) -> None:
        self.declarations[(declaration.adherent_id, declaration.annee,
                           declaration.salarie_id)] = declaration

    def declarations_du_salarie(
        self, adherent_id: str, salarie_id: str
    ) -> Sequence[DeclarationMultiEmployeur]:
        return sorted((d for (a, _n, s), d in self._declarations().items()
                       if (a, s) == (adherent_id, salarie_id)), key=lambda d: d.annee)

    def declaration(
        self, adherent_id: str, salarie_id: str, annee: int
    ) -> DeclarationMultiEmployeur | None:
        return self._declarations().get((adherent_id, annee, salarie_id))

    def rapprochements(self, annee: int, decalage: int, limite: int
                       ) -> Sequence[tuple[FicheChezAdherent, ...]]:
        par_nir: dict[str, list[FicheChezAdherent]] = {}
        nir_de: dict[FicheChezAdherent, str | None] = {}
        for (adherent_id, salarie_id), s in self._uow.etat.salaries.items():
            if s.annule:
                continue
            nir = None if s.identite.nir is None else s.identite.nir.valeur
            nir_de[(adherent_id, salarie_id)] = nir
            if nir is not None:
                par_nir.setdefault(nir, []).append((adherent_id, salarie_id))
        declares = {(a, s) for (a, n, s) in self._declarations() if n == annee}
        retenus = {nir for nir, fiches in par_nir.items()
                   if len({a for a, _s in fiches}) > 1}
        retenus |= {nir for f in declares if (nir := nir_de.get(f)) is not None}
        groupes = [tuple(sorted(par_nir[nir])) for nir in sorted(retenus)]
        groupes += [(f,) for f in sorted(declares) if f in nir_de and nir_de[f] is None]
        return groupes[decalage:decalage + limite]


__all__ = ["MultiEmployeursMemoire"]
