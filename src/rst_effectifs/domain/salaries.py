"""The salarié aggregate: one file per person, its contracts and its dated movements.

Rules S1–S4, C2–C4 and E1–E3, E6 live here; presence is derived from the
contracts and movements, never stored on its own. The person's identity (S1) is in
:mod:`.identites`, the movements' values in :mod:`.mouvements`; both are re-exported.
"""

from __future__ import annotations

import datetime as dt

from attrs import evolve, frozen

from .contrats import Contrat, date_requise
from .erreurs import DonneeInvalide, Introuvable, RegleMetier
from .evenements import (
    ContratAjoute,
    ContratAnnule,
    ContratClos,
    Evenement,
    IdentiteCorrigee,
    MouvementAnnule,
    SalarieAnnule,
    SalarieEmbauche,
    SalarieReintegre,
    SalarieSorti,
)
from .identites import Identite
from .mouvements import Mouvement, Reintegration, Sortie, motif_de_reintegration
from .periodes import Periode

UN_JOUR = dt.timedelta(days=1)


def _refus(message: str, code: str, regle: str, chemin: str | None = None) -> RegleMetier:
    return RegleMetier(message, code=code, regle=regle, chemin=chemin)


def _verifier_apres_naissance(naissance: dt.date, debut: dt.date | None, chemin: str) -> None:
    """D2: nobody works before being born; a contract starts after the birth date."""
    if debut is not None and debut <= naissance:
        raise _refus(
            "Un contrat commencerait avant la naissance du salarié : vérifiez la date de "
            "naissance et les dates de début des contrats.",
            "salarie.contrat_avant_naissance", "D2", chemin,
        )


@frozen
class Salarie:
    """An employee's file: never duplicated (S2), never deleted once counted (S3)."""

    id: str
    adherent_id: str
    identite: Identite
    contrats: tuple[Contrat, ...] = ()
    mouvements: tuple[Mouvement, ...] = ()
    annule: bool = False
    version: int = 0

    # -- derived state -------------------------------------------------------
    @property
    def contrats_actifs(self) -> tuple[Contrat, ...]:
        return tuple(c for c in self.contrats if not c.annule)

    @property
    def mouvements_actifs(self) -> tuple[Mouvement, ...]:
        return tuple(m for m in self.mouvements if not m.annule)

    @property
    def date_entree(self) -> dt.date | None:
        """E1: the first (non-cancelled) contract's start."""
        return min((c.debut for c in self.contrats_actifs), default=None)

    def periodes_de_presence(self) -> tuple[Periode, ...]:
        """E2/E3: the closed-open stretches of presence, derived from entry and movements."""
        if self.annule:
            return ()
        return _presences(self.date_entree, self.mouvements_actifs)

    def present_le(self, le: dt.date) -> bool:
        return any(p.contient(le) for p in self.periodes_de_presence())

    def present_sur(self, periode: Periode) -> bool:
        return any(p.croise(periode) for p in self.periodes_de_presence())

    def contrat_le(self, le: dt.date) -> Contrat | None:
        """The contract in force on ``le``, else the latest one started before it."""
        commences = [c for c in self.contrats_actifs if c.debut <= le]
        en_cours = [c for c in commences if c.couvre(le)]
        choix = en_cours or commences
        return max(choix, key=lambda c: c.debut) if choix else None

    @property
    def est_dans_l_effectif(self) -> bool:
        """Present now in the sense of E2: entered and not currently out."""
        actifs = self.mouvements_actifs
        return self.date_entree is not None and not (actifs and isinstance(actifs[-1], Sortie))

    # -- creation and identity ---------------------------------------------
    @classmethod
    def embaucher(
        cls, salarie_id: str, adherent_id: str, identite: Identite, contrat: Contrat
    ) -> tuple[Salarie, list[Evenement]]:
        """E1: a file starts with its first contract; the person enters on its start."""
        if not isinstance(identite, Identite) or not isinstance(contrat, Contrat):
            raise DonneeInvalide("Identité ou contrat manquant.", code="salarie.incomplet")
        _verifier_apres_naissance(identite.date_naissance, contrat.debut, "date_naissance")
        salarie = cls(id=salarie_id, adherent_id=adherent_id, identite=identite,
                      contrats=(contrat,))
        return salarie, [SalarieEmbauche(adherent_id, salarie_id, contrat.id)]

    def corriger_identite(self, identite: Identite) -> tuple[Salarie, list[Evenement]]:
        """S4: a typo is corrected on the same file, and journaled."""
        self._verifier_non_annule()
        _verifier_apres_naissance(identite.date_naissance, self.date_entree, "date_naissance")
        champs = self.identite.champs_differents(identite)
        if not champs:
            return self, []
        return evolve(self, identite=identite), [
            IdentiteCorrigee(self.adherent_id, self.id, champs)
        ]

    def annuler(self, cloture_au: dt.date | None) -> tuple[Salarie, list[Evenement]]:
        """S3: a file entered by mistake can be cancelled only if it never counted in a
        frozen (billed) period; the file itself stays, flagged."""
        self._verifier_non_annule()
        if cloture_au is not None and any(
            p.debut <= cloture_au for p in self.periodes_de_presence()
        ):
            raise _refus(
                "Ce salarié a déjà été compté dans une période facturée : "
                "sa fiche ne peut plus être annulée. Sortez-le de l'effectif.",
                "salarie.deja_compte", "S3",
            )
        return evolve(self, annule=True), [SalarieAnnule(self.adherent_id, self.id)]

    # -- contracts -------------------------------------------------------------
    def ajouter_contrat(
        self, contrat: Contrat, reintegration_id: str
    ) -> tuple[Salarie, list[Evenement]]:
        """C3: a contract change is a new contract on the same file. An open contract
        started earlier closes the day before; any other overlap is refused (C2). E3: a
        contract starting while the person is out reintegrates them on its start."""
        self._verifier_non_annule()
        if any(c.id == contrat.id for c in self.contrats):
            raise DonneeInvalide("Cet identifiant de contrat existe déjà.",
                                 code="contrat.id_existant")
        _verifier_apres_naissance(self.identite.date_naissance, contrat.debut, "debut")
        evenements: list[Evenement] = [
            ContratAjoute(self.adherent_id, self.id, contrat.id, contrat.debut)
        ]
        contrats = list(self.contrats)
        for i, autre in enumerate(contrats):
            if autre.annule or not autre.chevauche(contrat):
                continue
            if autre.fin is None and autre.debut < contrat.debut:
                fin = contrat.debut - UN_JOUR
                contrats[i] = evolve(autre, fin=fin)
                contrat = evolve(contrat, clot_id=autre.id, fin_close=None)
                evenements.append(ContratClos(self.adherent_id, self.id, autre.id, fin))
                continue
            raise _refus(
                f"Ce contrat chevauche le contrat du {autre.debut:%d/%m/%Y} "
                "de ce salarié.",
                "contrat.chevauchement", "C2", "debut",
            )
        mouvements = self.mouvements
        entree = self.date_entree
        if entree is not None and contrat.debut > entree and not self.present_le(contrat.debut):
            reintegration = Reintegration(id=reintegration_id, le=contrat.debut,
                                          contrat_id=contrat.id)
            mouvements = (*mouvements, reintegration)
            evenements.append(
                SalarieReintegre(self.adherent_id, self.id, reintegration.id, contrat.debut)
            )
        nouveau = evolve(self, contrats=(*contrats, contrat), mouvements=mouvements)
        nouveau._verifier_mouvements()
        return nouveau, evenements

    def annuler_contrat(
        self, contrat_id: str, cloture_au: dt.date | None
    ) -> tuple[Salarie, list[Evenement]]:
        """C4: a contract entered by mistake is cancelled (kept, flagged) while it touches
        no frozen period; the contract it had closed re-opens, and the reintegration it
        caused is cancelled with it."""
        self._verifier_non_annule()
        contrat = self._contrat(contrat_id)
        if cloture_au is not None and contrat.debut <= cloture_au:
            raise _refus(
                "Ce contrat touche une période déjà facturée : il ne s'annule plus "
                "directement. Annulez-le avec régularisation, en donnant un motif : la "
                "prochaine clôture régularise.", "periode.gelee", "C4",
            )
        contrats = [evolve(c, annule=True) if c.id == contrat_id else c for c in self.contrats]
        if contrat.clot_id is not None:
            contrats = self._rouvrir(contrats, contrat.clot_id, contrat.debut - UN_JOUR,
                                     contrat.fin_close)
        mouvements = tuple(
            evolve(m, annule=True)
            if isinstance(m, Reintegration) and m.contrat_id == contrat_id else m
            for m in self.mouvements
        )
        nouveau = evolve(self, contrats=tuple(contrats), mouvements=mouvements)
        nouveau._verifier_mouvements(code="contrat.annulation_impossible", regle="C4")
        return nouveau, [ContratAnnule(self.adherent_id, self.id, contrat_id)]

    # -- movements -------------------------------------------------------------
    def sortir(
        self, mouvement_id: str, le: dt.date, motif: str | None = None
    ) -> tuple[Salarie, list[Evenement]]:
        """E2/E3: exit on ``le`` (last day present); closes the contract still open then."""
        self._verifier_non_annule()
        le = date_requise(le, "le", "E2")
        sortie = Sortie(id=mouvement_id, le=le, motif=motif)
        if not self.est_dans_l_effectif:
            raise _refus("Ce salarié est déjà sorti de l'effectif.", "sortie.deja_sorti", "E2")
        entree = self.date_entree
        assert entree is not None  # est_dans_l_effectif implies an entry
        if le < entree:
            raise _refus(
                f"La sortie ne peut précéder l'entrée dans l'effectif ({entree:%d/%m/%Y}).",
                "sortie.avant_entree", "E2", "le",
            )
        self._verifier_apres_dernier(le)
        if any(c.debut > le for c in self.contrats_actifs):
            raise _refus(
                "Un contrat de ce salarié commence après cette date de sortie : "
                "annulez-le ou choisissez une date plus tardive.",
                "sortie.contrat_posterieur", "E3", "le",
            )
        contrats = list(self.contrats)
        evenements: list[Evenement] = [SalarieSorti(self.adherent_id, self.id, sortie.id, le)]
        for i, c in enumerate(contrats):
            if not c.annule and c.couvre(le) and c.fin != le:
                contrats[i] = evolve(c, fin=le)
                sortie = evolve(sortie, contrat_clos_id=c.id, fin_close=c.fin)
                evenements.append(ContratClos(self.adherent_id, self.id, c.id, le))
        nouveau = evolve(self, contrats=tuple(contrats), mouvements=(*self.mouvements, sortie))
        return nouveau, evenements

    def reintegrer(
        self, mouvement_id: str, le: dt.date, motif: str | None = None
    ) -> tuple[Salarie, list[Evenement]]:
        """E2/E3: back in the headcount from ``le`` (first day present again)."""
        self._verifier_non_annule()
        le = date_requise(le, "le", "E2")
        reintegration = Reintegration(id=mouvement_id, le=le, motif=motif)
        if self.est_dans_l_effectif or self.date_entree is None:
            raise _refus("Ce salarié est déjà dans l'effectif.",
                         "reintegration.deja_present", "E2")
        self._verifier_apres_dernier(le)
        nouveau = evolve(self, mouvements=(*self.mouvements, reintegration))
        return nouveau, [SalarieReintegre(self.adherent_id, self.id, reintegration.id, le)]

    def annuler_mouvement(
        self, mouvement_id: str, cloture_au: dt.date | None
    ) -> tuple[Salarie, list[Evenement]]:
        """E6: a wrong exit or reintegration is cancelled (kept, flagged), latest first,
        while it touches no frozen period. Cancelling an exit re-opens the contract it
        closed."""
        self._verifier_non_annule()
        actifs = self.mouvements_actifs
        mouvement = next((m for m in actifs if m.id == mouvement_id), None)
        if mouvement is None:
            raise _introuvable_mouvement()
        if mouvement is not actifs[-1]:
            raise _refus("Seul le dernier mouvement peut être annulé ; annulez d'abord les "
                         "suivants.", "mouvement.pas_le_dernier", "E6")
        if cloture_au is not None and mouvement.le <= cloture_au:
            raise _refus(
                "Ce mouvement est daté dans une période déjà facturée : il ne s'annule plus "
                "directement. Annulez-le avec régularisation, en donnant un motif : la "
                "prochaine clôture régularise.", "periode.gelee", "E6",
            )
        if isinstance(mouvement, Reintegration) and mouvement.contrat_id is not None:
            raise _refus(
                "Cette réintégration vient d'un nouveau contrat : annulez le contrat.",
                "mouvement.lie_a_un_contrat", "E6",
            )
        contrats = list(self.contrats)
        if isinstance(mouvement, Sortie) and mouvement.contrat_clos_id is not None:
            contrats = self._rouvrir(contrats, mouvement.contrat_clos_id, mouvement.le,
                                     mouvement.fin_close)
        mouvements = tuple(evolve(m, annule=True) if m.id == mouvement_id else m
                           for m in self.mouvements)
        nouveau = evolve(self, contrats=tuple(contrats), mouvements=mouvements)
        return nouveau, [MouvementAnnule(self.adherent_id, self.id, mouvement_id)]

    # -- invariants ------------------------------------------------------------
    def verifier_invariants(self) -> None:
        """Every rule that must hold on a stored file; raises on the first broken one."""
        _verifier_apres_naissance(self.identite.date_naissance, self.date_entree,
                                  "date_naissance")
        actifs = self.contrats_actifs
        for i, a in enumerate(actifs):
            for b in actifs[i + 1:]:
                if a.chevauche(b):
                    raise _refus("Deux contrats se chevauchent.", "contrat.chevauchement", "C2")
        self._verifier_mouvements()

    def _verifier_mouvements(self, code: str = "mouvement.ordre", regle: str = "E2") -> None:
        entree = self.date_entree
        actifs = self.mouvements_actifs
        if not actifs:
            return
        if entree is None:
            raise _refus("Des mouvements resteraient sans contrat.", code, regle)
        precedent: Mouvement | None = None
        for m in actifs:
            attendu = Sortie if precedent is None or isinstance(precedent, Reintegration) \
                else Reintegration
            if not isinstance(m, attendu):
                raise _refus("Les sorties et réintégrations doivent alterner.", code, regle)
            if precedent is None and m.le < entree:
                raise _refus("Une sortie précéderait l'entrée dans l'effectif.", code, regle)
            if precedent is not None and m.le <= precedent.le:
                raise _refus("Les mouvements doivent se suivre dans le temps.", code, regle)
            precedent = m

    def _verifier_apres_dernier(self, le: dt.date) -> None:
        actifs = self.mouvements_actifs
        if actifs and le <= actifs[-1].le:
            raise _refus(
                f"Ce mouvement doit être daté après le précédent ({actifs[-1].le:%d/%m/%Y}).",
                "mouvement.ordre", "E2", "le",
            )

    def _verifier_non_annule(self) -> None:
        if self.annule:
            raise _refus("Cette fiche a été annulée.", "salarie.annule", "S3")

    def _contrat(self, contrat_id: str) -> Contrat:
        for c in self.contrats:
            if c.id == contrat_id and not c.annule:
                return c
        raise _introuvable_contrat()

    @staticmethod
    def _rouvrir(
        contrats: list[Contrat], contrat_id: str, fin_attendue: dt.date, fin: dt.date | None
    ) -> list[Contrat]:
        """Give back its former end to a contract closed at ``fin_attendue``, unless that
        would overlap a contract that came since."""
        for i, c in enumerate(contrats):
            if c.id == contrat_id and not c.annule and c.fin == fin_attendue:
                rouvert = evolve(c, fin=fin)
                autres = [a for a in contrats if not a.annule and a.id != c.id]
                if not any(rouvert.chevauche(a) for a in autres):
                    contrats[i] = rouvert
        return contrats


def _presences(entree: dt.date | None, mouvements: tuple[Mouvement, ...]) -> tuple[Periode, ...]:
    if entree is None:
        return ()
    periodes: list[Periode] = []
    debut: dt.date | None = entree
    for m in mouvements:
        if isinstance(m, Sortie) and debut is not None:
            periodes.append(Periode(debut, m.le))
            debut = None
        elif isinstance(m, Reintegration) and debut is None:
            debut = m.le
    if debut is not None:
        periodes.append(Periode(debut, None))
    return tuple(periodes)


def _introuvable_contrat() -> Introuvable:
    return Introuvable("Ce contrat est introuvable.", code="contrat.introuvable",
                       chemin="contrat_id")


def _introuvable_mouvement() -> Introuvable:
    return Introuvable("Ce mouvement est introuvable.", code="mouvement.introuvable",
                       chemin="mouvement_id")


__all__ = [
    "UN_JOUR",
    "Identite",
    "Mouvement",
    "Reintegration",
    "Salarie",
    "Sortie",
    "motif_de_reintegration",
]
