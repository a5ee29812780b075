"""The rules of the comparative state machine (:mod:`.machine`) on adherents, postes,
closings, salariés and their contracts, and files doubled past S2 with their merge."""

from __future__ import annotations

import contextlib
import datetime as dt

from hypothesis import strategies as st
from hypothesis.stateful import initialize, precondition, rule

from ..application.commandes import (
    AjouterContrat,
    AjouterPoste,
    AnnulerContrat,
    AnnulerSalarie,
    ArchiverPoste,
    CloturerPeriode,
    ConsulterSalarie,
    CorrigerIdentite,
    CreerAdherent,
    EmbaucherSalarie,
    FusionnerSalaries,
    ModifierRisques,
    NouveauContrat,
    RenommerPoste,
    SupprimerPoste,
    VerifierAvantFacturation,
)
from ..application.contexte import Contexte
from ..domain.contrats import NatureContrat
from ..domain.dates import DATE_MAX
from ..domain.erreurs import ErreurDomaine
from ..domain.suivi import Risque
from .conformite import nir_pour
from .machine_deux_cotes import DeuxCotes
from .machine_tirages import (
    ACTEURS,
    ADHERENTS,
    CHOIX,
    DATES,
    DATES_CONTROLE,
    JUSTIFICATIONS,
    LIBELLES,
    NAISSANCES,
    NIRS,
    NOMS,
    PRENOMS,
    RISQUES,
    plus,
)
from .strategies_historiques import copie_en_double


class ReglesDesDossiers(DeuxCotes):
    """Adherents, postes, closings, salariés, contracts, doubles and merges."""

    # -- adherents and postes ---------------------------------------------------------------
    @initialize(embauches=st.lists(st.tuples(NOMS, PRENOMS, NAISSANCES, NIRS, DATES),
                                   min_size=1, max_size=6),
                double=st.none() | st.tuples(st.integers(0, 5), st.booleans()))
    def premier_adherent(
        self, embauches: list[tuple[str, str, dt.date, int | None, dt.date]],
        double: tuple[int, bool] | None = None,
    ) -> None:
        """An adherent with two postes and a few hires (duplicates refused), so that most
        steps find something to work on; often one of them doubled past S2 (S5)."""
        self.creer_adherent("000001")
        for libelle, risques in (("Vendeuse", frozenset[Risque]()),
                                 ("Boulanger de nuit", frozenset({Risque.TRAVAIL_DE_NUIT}))):
            self.ajouter_poste(0, "admin", libelle, risques, None, None)
        for n, (nom, prenoms, naissance, nir, debut) in enumerate(embauches):
            self.embaucher(0, "admin", nom, prenoms, naissance, nir, NatureContrat.CDI, debut,
                           n, None, None)
        if double is not None:
            self.doubler(0, *double)

    @precondition(lambda self: len(self.adherents) < 2)
    @rule(numero=st.sampled_from(["000002", "000001", "12a"]))
    def creer_adherent(self, numero: str) -> None:
        commande = CreerAdherent(numero=numero, siret="73282932000074",
                                 raison_sociale=f"Adhérent {numero}",
                                 email_connexion=f"contact{numero}@exemple.fr")
        ok, adherent = self.cas(self.agent, commande)
        if ok:
            self.adherents.append(adherent.id)

    @rule(a=ADHERENTS, qui=ACTEURS, libelle=LIBELLES, risques=RISQUES,
          justification=JUSTIFICATIONS, code_pcs=st.sampled_from([None, "684a", "684A", "12"]))
    def ajouter_poste(self, a: int, qui: str, libelle: str, risques: frozenset[Risque],
                      justification: str | None, code_pcs: str | None) -> None:
        adherent_id = self.adherent(a)
        commande = AjouterPoste(adherent_id, libelle, risques, justification, code_pcs)
        ok, poste = self.cas(self.acteur(adherent_id, qui),
                             commande)
        if ok:
            self.postes.setdefault(adherent_id, []).append(poste.id)

    @rule(a=ADHERENTS, qui=ACTEURS, p=CHOIX, libelle=LIBELLES)
    def renommer_poste(self, a: int, qui: str, p: int, libelle: str) -> None:
        adherent_id = self.adherent(a)
        commande = RenommerPoste(adherent_id, self.poste(adherent_id, p), libelle)
        self.cas(self.acteur(adherent_id, qui), commande)

    @rule(a=ADHERENTS, qui=ACTEURS, p=CHOIX, risques=RISQUES, justification=JUSTIFICATIONS)
    def modifier_risques(self, a: int, qui: str, p: int, risques: frozenset[Risque],
                         justification: str | None) -> None:
        adherent_id = self.adherent(a)
        commande = ModifierRisques(adherent_id, self.poste(adherent_id, p), risques,
                                   justification)
        self.cas(self.acteur(adherent_id, qui), commande)

    @rule(a=ADHERENTS, qui=ACTEURS, p=CHOIX)
    def archiver_poste(self, a: int, qui: str, p: int) -> None:
        adherent_id = self.adherent(a)
        commande = ArchiverPoste(adherent_id, self.poste(adherent_id, p))
        self.cas(self.acteur(adherent_id, qui), commande)

    @rule(a=ADHERENTS, qui=ACTEURS, p=CHOIX)
    def supprimer_poste(self, a: int, qui: str, p: int) -> None:
        adherent_id = self.adherent(a)
        commande = SupprimerPoste(adherent_id, self.poste(adherent_id, p))
        self.cas(self.acteur(adherent_id, qui), commande)

    @rule(a=ADHERENTS, le=DATES.filter(lambda d: d != DATE_MAX))
    def cloturer(self, a: int, le: dt.date) -> None:
        """F4: freeze a period (no use case yet: straight through the repositories)."""
        adherent_id = self.adherent(a)

        def cloturer(ctx: Contexte) -> object:
            with ctx.unite_de_travail() as uow:
                adherent = uow.adherents.enregistrer(
                    uow.adherents.obtenir(adherent_id).cloturer_jusqu_au(le))
                uow.commit()
            return adherent

        self.jouer(cloturer)

    @rule(a=ADHERENTS, qui=ACTEURS, debut=DATES.filter(lambda d: d != DATE_MAX),
          suite=st.booleans(), duree=st.sampled_from([0, 30, 364, 365, 366, 800, -1]))
    def cloturer_periode(self, a: int, qui: str, debut: dt.date, suite: bool,
                         duree: int) -> None:
        """F4 through the use case: mostly right after the last closing; a year at most
        (D3), ending within the domain's dates (D1: ``duree=-1`` ends on 9999-12-31)."""
        adherent_id = self.adherent(a)
        if suite:
            with contextlib.suppress(ErreurDomaine), self.ref.unite_de_travail() as uow:
                cloture_au = uow.adherents.obtenir(adherent_id).cloture_au
                debut = debut if cloture_au is None else plus(cloture_au, 1)
        fin = dt.date.max if duree < 0 else plus(debut, duree)
        self.cas(self.acteur(adherent_id, qui),
                 lambda: CloturerPeriode(adherent_id, debut, fin, "present_dans_l_annee"))

    # -- salariés and contracts ---------------------------------------------------------------
    def contrat(self, adherent_id: str, nature: NatureContrat, debut: dt.date, p: int,
                duree: int | None, dispositif: str | None) -> NouveauContrat:
        fin = None if duree is None else plus(debut, duree * 30)
        return NouveauContrat(nature, debut, self.poste(adherent_id, p), fin=fin,
                              dispositif=dispositif, numero="C-1" if duree == 2 else None)

    @staticmethod
    def nir(naissance: dt.date, n: int | None) -> str | None:
        if n is None:
            return None
        return nir_pour(naissance, ordre=n).valeur if n else "1234"

    @rule(a=ADHERENTS, qui=ACTEURS, nom=NOMS, prenoms=PRENOMS, naissance=NAISSANCES, nir=NIRS,
          nature=st.sampled_from(list(NatureContrat)), debut=DATES, p=CHOIX,
          duree=st.none() | st.integers(-1, 12),
          dispositif=st.sampled_from([None, None, None, "61", "6"]))
    def embaucher(self, a: int, qui: str, nom: str, prenoms: str, naissance: dt.date,
                  nir: int | None, nature: NatureContrat, debut: dt.date, p: int,
                  duree: int | None, dispositif: str | None) -> None:
        adherent_id = self.adherent(a)

        def commande() -> EmbaucherSalarie:
            return EmbaucherSalarie(
                adherent_id, nom, prenoms, naissance,
                self.contrat(adherent_id, nature, debut, p, duree, dispositif),
                nir=self.nir(naissance, nir),
            )

        ok, salarie = self.cas(self.acteur(adherent_id, qui),
                               commande)
        if ok:
            self.salaries.setdefault(adherent_id, []).append(salarie.id)

    @rule(a=ADHERENTS, qui=ACTEURS, s=CHOIX, nature=st.sampled_from(list(NatureContrat)),
          debut=DATES, p=CHOIX, duree=st.none() | st.integers(-1, 12),
          dispositif=st.sampled_from([None, "64"]))
    def ajouter_contrat(self, a: int, qui: str, s: int, nature: NatureContrat, debut: dt.date,
                        p: int, duree: int | None, dispositif: str | None) -> None:
        adherent_id = self.adherent(a)

        def commande() -> AjouterContrat:
            return AjouterContrat(
                adherent_id, self.salarie(adherent_id, s),
                self.contrat(adherent_id, nature, debut, p, duree, dispositif),
            )

        self.cas(self.acteur(adherent_id, qui), commande)

    @rule(a=ADHERENTS, qui=ACTEURS, s=CHOIX, c=CHOIX)
    def annuler_contrat(self, a: int, qui: str, s: int, c: int) -> None:
        adherent_id = self.adherent(a)
        salarie_id = self.salarie(adherent_id, s)
        salarie = self.salarie_de_reference(adherent_id, salarie_id)
        contrats = [k.id for k in salarie.contrats] if salarie else []
        commande = AnnulerContrat(adherent_id, salarie_id, self.choisir(contrats, c))
        self.cas(self.acteur(adherent_id, qui), commande)

    @rule(a=ADHERENTS, qui=ACTEURS, s=CHOIX, nom=NOMS, prenoms=PRENOMS, naissance=NAISSANCES,
          nir=NIRS)
    def corriger_identite(self, a: int, qui: str, s: int, nom: str, prenoms: str,
                          naissance: dt.date, nir: int | None) -> None:
        adherent_id = self.adherent(a)
        salarie_id = self.salarie(adherent_id, s)
        self.cas(self.acteur(adherent_id, qui),
                 lambda: CorrigerIdentite(adherent_id, salarie_id, nom, prenoms, naissance,
                                          self.nir(naissance, nir)))

    @rule(a=ADHERENTS, qui=ACTEURS, s=CHOIX)
    def annuler_salarie(self, a: int, qui: str, s: int) -> None:
        adherent_id = self.adherent(a)
        commande = AnnulerSalarie(adherent_id, self.salarie(adherent_id, s))
        self.cas(self.acteur(adherent_id, qui), commande)

    @rule(a=ADHERENTS, qui=ACTEURS, s=CHOIX)
    def consulter_salarie(self, a: int, qui: str, s: int) -> None:
        adherent_id = self.adherent(a)
        commande = ConsulterSalarie(adherent_id, self.salarie(adherent_id, s))
        self.cas(self.acteur(adherent_id, qui), commande)


    # -- files doubled before S2 was enforced, and their merge (F6, S5) ----------------------
    def groupes(self, adherent_id: str) -> list[tuple[str, ...]]:
        with self.ref.unite_de_travail() as uow:
            return list(uow.salaries.groupes_de_doublons(adherent_id))

    @rule(a=ADHERENTS, s=CHOIX, tout=st.booleans())
    def doubler(self, a: int, s: int, tout: bool) -> None:
        """A second file for a person, stored past S2 as a pre-fix database holds it: the
        same history (or its first contract only), the NIR given on one file only (so
        that no unique index of a fixed database refuses it either)."""
        adherent_id = self.adherent(a)
        ids = self.salaries.get(adherent_id, [])
        en_double = {i for g in self.groupes(adherent_id) for i in g}
        candidats = (self.salarie_de_reference(adherent_id, self.choisir(ids, s + k))
                     for k in range(len(ids)))
        original = next((c for c in candidats if c is not None and not c.annule
                         and c.contrats_actifs and c.id not in en_double), None)
        if original is None:
            return
        n = next(self.doubles)
        double = copie_en_double(original, f"double{n:03d}", tout, 500 + n)

        def ajouter(ctx: Contexte) -> object:
            with ctx.unite_de_travail() as uow:
                stocke = uow.salaries.ajouter(double)
                uow.commit()
            return stocke

        ok, _stocke = self.jouer(ajouter)
        if ok:
            self.salaries.setdefault(adherent_id, []).append(double.id)
        self.rapport(adherent_id)

    @rule(a=ADHERENTS, qui=ACTEURS, g=CHOIX, s=CHOIX, sens=st.booleans())
    def fusionner(self, a: int, qui: str, g: int, s: int, sens: bool) -> None:
        """S5, mostly on a group the report lists; sometimes any two files (refused)."""
        adherent_id = self.adherent(a)
        groupes = self.groupes(adherent_id)
        if groupes and g >= 0 and g % 3:
            groupe = groupes[g % len(groupes)]
            conserve, doublon = groupe[0], groupe[-1]
        else:
            conserve, doublon = self.salarie(adherent_id, g), self.salarie(adherent_id, s)
        if sens:
            conserve, doublon = doublon, conserve
        self.cas(self.acteur(adherent_id, qui),
                 FusionnerSalaries(adherent_id, conserve, doublon))
        self.rapport(adherent_id)

    def rapport(self, adherent_id: str) -> None:
        self.cas(self.agent,
                 VerifierAvantFacturation(adherent_id, DATES_CONTROLE[-1]))


__all__ = ["ReglesDesDossiers"]
