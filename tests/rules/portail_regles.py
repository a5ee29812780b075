"""A small portal for the rule tests: one adherent on the memory adapter, driven
through the public use cases, with helpers to check that a refusal changed nothing.

A plain module (not ``conftest``) so that test files can import it by a unique name."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable
from typing import Any

import attrs
import pytest

import rst_effectifs as rst
from rst_effectifs.adapters.memory import EtatMemoire
from rst_effectifs.domain.identifiants import calculer_cle

D = dt.date
ADMIN = frozenset({rst.Role.ADMINISTRATEUR})
NAISSANCE = D(1990, 5, 4)
EMBAUCHE = D(2025, 1, 6)


def nir(sexe: str, annee: int, mois: int, lieu: str = "75118", ordre: str = "001") -> str:
    """A valid NIR for a birth year and month (key computed by stdnum)."""
    corps = f"{sexe}{annee % 100:02d}{mois:02d}{lieu}{ordre}"
    return corps + calculer_cle(corps)


class Portail:
    """One adherent with its administrator, over a memory state the tests can inspect."""

    def __init__(self) -> None:
        self.etat = EtatMemoire()
        compteur = itertools.count(1)
        self.horloge = rst.HorlogeFixe()
        self.ctx = rst.en_memoire(horloge=self.horloge, etat=self.etat,
                                  nouvel_id=lambda: f"id-{next(compteur)}")
        self.agent = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
        self._numeros = itertools.count(1)
        self.adherent_id = self.nouvel_adherent()
        self.moi = self.acces(self.adherent_id)

    # -- setup ---------------------------------------------------------------
    def nouvel_adherent(self) -> str:
        numero = next(self._numeros)
        adherent = rst.creer_adherent(
            self.ctx, self.agent,
            rst.CreerAdherent(numero=f"{numero:06d}", siret="73282932000074",
                              raison_sociale=f"Entreprise {numero}",
                              email_connexion=f"contact{numero}@exemple.fr"),
        )
        return adherent.id

    def acces(self, adherent_id: str, *roles: rst.Role) -> rst.Acces:
        return rst.Acces(rst.Email.parse(f"admin@{adherent_id}.fr"), adherent_id,
                         frozenset(roles) or ADMIN)

    def poste(self, libelle: str = "Vendeur", risques: Iterable[rst.Risque] = (),
              justification_sir: str | None = None, adherent_id: str | None = None) -> rst.Poste:
        adherent_id = adherent_id or self.adherent_id
        return rst.ajouter_poste(
            self.ctx, self.acces(adherent_id),
            rst.AjouterPoste(adherent_id, libelle, frozenset(risques), justification_sir),
        )

    def poste_par_defaut(self) -> str:
        postes = rst.lister_postes(self.ctx, self.moi, rst.ListerPostes(self.adherent_id))
        return postes[0].id if postes else self.poste("Poste par défaut").id

    def contrat(self, debut: dt.date, fin: dt.date | None = None, poste_id: str | None = None,
                nature: rst.NatureContrat = rst.NatureContrat.CDI,
                **autres: Any) -> rst.NouveauContrat:
        return rst.NouveauContrat(nature, debut, poste_id or self.poste_par_defaut(), fin=fin,
                                  **autres)

    def embauche(self, nom: str = "Durand", prenoms: str = "Léa",
                 naissance: dt.date = NAISSANCE, nir: str | None = None,
                 debut: dt.date = EMBAUCHE, fin: dt.date | None = None,
                 poste_id: str | None = None,
                 nature: rst.NatureContrat = rst.NatureContrat.CDI) -> rst.EmbaucherSalarie:
        return rst.EmbaucherSalarie(
            self.adherent_id, nom=nom, prenoms=prenoms, date_naissance=naissance, nir=nir,
            contrat=self.contrat(debut, fin, poste_id, nature),
        )

    def embaucher(self, **champs: Any) -> rst.Salarie:
        return rst.embaucher(self.ctx, self.moi, self.embauche(**champs))

    def ajouter_contrat(self, salarie_id: str, debut: dt.date, fin: dt.date | None = None,
                        poste_id: str | None = None,
                        nature: rst.NatureContrat = rst.NatureContrat.CDI) -> rst.Salarie:
        return rst.ajouter_contrat(
            self.ctx, self.moi,
            rst.AjouterContrat(self.adherent_id, salarie_id,
                               self.contrat(debut, fin, poste_id, nature)),
        )

    def sortir(self, *salarie_ids: str, le: dt.date, motif: str | None = None,
               requete_id: str | None = None) -> rst.ResultatMouvements:
        return rst.sortir(self.ctx, self.moi, rst.SortirDeLEffectif(
            self.adherent_id, requete_id or f"sortie-{le}-{'-'.join(salarie_ids)}",
            salarie_ids, le, motif))

    def reintegrer(self, *salarie_ids: str, le: dt.date, motif: str | None = None,
                   requete_id: str | None = None) -> rst.ResultatMouvements:
        return rst.reintegrer(self.ctx, self.moi, rst.ReintegrerDansLEffectif(
            self.adherent_id, requete_id or f"retour-{le}-{'-'.join(salarie_ids)}",
            salarie_ids, le, motif))

    def cloturer(self, fin: dt.date) -> None:
        """F4 has no use case yet: freeze the adherent's periods through a unit of work."""
        with self.ctx.unite_de_travail() as uow:
            adherent = uow.adherents.obtenir(self.adherent_id)
            uow.adherents.enregistrer(adherent.cloturer_jusqu_au(fin))
            uow.commit()

    # -- reading ---------------------------------------------------------------
    def salarie(self, salarie_id: str) -> rst.Salarie:
        return rst.consulter_salarie(self.ctx, self.moi,
                                     rst.ConsulterSalarie(self.adherent_id, salarie_id))

    def salaries(self) -> tuple[rst.Salarie, ...]:
        return rst.lister_salaries(self.ctx, self.moi,
                                   rst.ListerSalaries(self.adherent_id, limite=500)).salaries

    def presents(self, le: dt.date) -> frozenset[str]:
        return rst.consulter_effectif(
            self.ctx, self.moi, rst.ConsulterEffectif(self.adherent_id, le)).salarie_ids

    def effectif(self, debut: dt.date, fin: dt.date | None = None) -> rst.Effectif:
        if fin is None:
            return rst.consulter_effectif(self.ctx, self.moi,
                                          rst.ConsulterEffectif(self.adherent_id, debut))
        return rst.effectif_sur_periode(self.ctx, self.moi,
                                        rst.EffectifSurPeriode(self.adherent_id, debut, fin))

    def journal(self) -> list[str]:
        return [e.quoi for e in self.etat.journal if e.adherent_id == self.adherent_id]

    def instantane(self) -> dict[str, object]:
        """Every store of the state (stores added later included); values are frozen, so
        a copy of the containers is a full snapshot."""
        copies: dict[str, object] = {}
        for champ in attrs.fields(EtatMemoire):
            valeur = getattr(self.etat, champ.name)
            if isinstance(valeur, dict | list):
                copies[champ.name] = type(valeur)(valeur)
        assert {"adherents", "salaries", "idempotence", "journal"} <= copies.keys()
        return copies

    # -- refusals --------------------------------------------------------------
    def refuse(self, erreur: type[rst.ErreurDomaine], code: str, regle: str,
               action: Callable[[], object]) -> rst.ErreurDomaine:
        """``action`` raises ``erreur`` with this code and rule, and leaves the store as
        it was."""
        avant = self.instantane()
        with pytest.raises(erreur) as info:
            action()
        assert (info.value.code, info.value.regle) == (code, regle), info.value
        assert info.value.message
        assert self.instantane() == avant
        return info.value

    def refus_groupe(self, action: Callable[[], object]) -> tuple[rst.Echec, ...]:
        """E5: a grouped request refused as a whole, nothing stored; returns its failures."""
        erreur = self.refuse(rst.RefusGroupe, "requete.refus_groupe", "E5", action)
        assert isinstance(erreur, rst.RefusGroupe)
        return erreur.echecs
