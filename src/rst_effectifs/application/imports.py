"""Importing a DSN or CSV file: plan what would change, then apply it all at once.

The readers give a :class:`DeclarationImportee`; :func:`importer_declaration` turns it
into a :class:`PlanImport` by running the domain's own commands on copies of the
adherent's files, so the plan is exactly what applying does. Matching keeps one file
per person (S2): by NIR first, else by normalised names and birth date. Applying saves
the whole plan in one unit of work; importing the same file again plans nothing.
The plan's types are in :mod:`.plan_import` (re-exported here).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

import attrs
from attrs import define, evolve, field

from ..domain.adherents import Acteur, Adherent
from ..domain.contrats import Contrat
from ..domain.erreurs import ErreurDomaine, RegleMetier
from ..domain.evenements import Evenement, PersonnesEcartees
from ..domain.identifiants import Nir
from ..domain.ntt import Ntt
from ..domain.postes import Poste
from ..domain.salaries import UN_JOUR, Identite, Salarie, Sortie
from ..domain.textes import normaliser
from ..ports.idempotence import RequeteTraitee
from ..ports.unit_of_work import UniteDeTravail
from .bulk import gc_paused
from .commandes import ImporterDeclaration
from .contexte import Besoin, Contexte, cas_d_usage
from .declarations import (
    ContratImporte,
    DeclarationImportee,
    EtablissementImporte,
    FichierInvalide,
    FinDeContrat,
    IndividuImporte,
)
from .idempotence import requete_deja_traitee
from .plan_import import (
    ChangementDeContrat,
    ContratPrevu,
    Embauche,
    Inchange,
    NirComplete,
    PlanImport,
    PosteCree,
    PosteNonTrouve,
    Rejet,
    SortiePrevue,
    par_ligne,
)

__all__ = [
    "ChangementDeContrat",
    "ContratImporte",
    "ContratPrevu",
    "DeclarationImportee",
    "Embauche",
    "EtablissementImporte",
    "FichierInvalide",
    "FinDeContrat",
    "Inchange",
    "IndividuImporte",
    "NirComplete",
    "PlanImport",
    "PosteCree",
    "PosteNonTrouve",
    "Rejet",
    "SortiePrevue",
    "importer_declaration",
    "trouver_poste",
]


# -- matching ------------------------------------------------------------------
def trouver_poste(
    postes: Iterable[Poste], code_pcs: str | None, libelle: str | None
) -> Poste | None:
    """P5: the active poste a declared job names — by PCS-ESE code when exactly one
    active poste has it, else by label ignoring case and accents (P1), preferring the
    postes sharing the code."""
    actifs = [p for p in postes if p.actif]
    par_code = [p for p in actifs if code_pcs is not None and p.code_pcs is not None
                and p.code_pcs.valeur == code_pcs]
    if len(par_code) == 1:
        return par_code[0]
    if libelle is None:
        return None
    cle = normaliser(libelle)
    for groupe in (par_code, actifs):
        for poste in groupe:
            if poste.cle_libelle == cle:
                return poste
    return None


def _meme_contrat(connu: Contrat, declare: ContratImporte) -> bool:
    """Idempotence: the same contract number, or the same start and nature."""
    if declare.numero is not None and connu.numero == declare.numero:
        return True
    return connu.debut == declare.debut and connu.nature is declare.nature


def _connu(salarie: Salarie | None, declare: ContratImporte) -> bool:
    # Cancelled contracts count as known: the import never re-does a cancellation (C4).
    return salarie is not None and any(_meme_contrat(c, declare) for c in salarie.contrats)


def _sortie_connue(salarie: Salarie, le: dt.date) -> bool:
    # Cancelled exits count too: an exit cancelled by hand is not re-imported (E6).
    return any(isinstance(m, Sortie) and m.le == le for m in salarie.mouvements)


def _nir_masque(identite: Identite) -> str | None:
    return None if identite.nir is None else identite.nir.masque()



@define
class _Fiches:
    """The adherent's files as the plan goes, indexed the way S2 compares people."""

    par_id: dict[str, Salarie] = field(factory=dict)
    par_nir: dict[Nir, str] = field(factory=dict)
    par_ntt: dict[Ntt, str] = field(factory=dict)
    par_cle: dict[tuple[str, str, dt.date], list[str]] = field(factory=dict)

    def mettre(self, salarie: Salarie) -> None:
        ancien = self.par_id.get(salarie.id)
        if ancien is not None and ancien.identite.nir is not None:
            self.par_nir.pop(ancien.identite.nir, None)
        if ancien is not None and ancien.identite.ntt is not None:
            self.par_ntt.pop(ancien.identite.ntt, None)
        self.par_id[salarie.id] = salarie
        if salarie.annule:
            return
        if salarie.identite.nir is not None:
            self.par_nir[salarie.identite.nir] = salarie.id
        if salarie.identite.ntt is not None:
            self.par_ntt[salarie.identite.ntt] = salarie.id
        ids = self.par_cle.setdefault(salarie.identite.cle, [])
        if salarie.id not in ids:
            ids.append(salarie.id)

    def trouver(self, identite: Identite) -> Salarie | None:
        """S2: the same NIR; else the same NTT (a payroll's number for a person without
        NIR); else the same names and birth date where either side has no NIR — so a
        person never gets a second file."""
        if identite.nir is not None and identite.nir in self.par_nir:
            return self.par_id[self.par_nir[identite.nir]]
        if identite.ntt is not None and identite.ntt in self.par_ntt:
            return self.par_id[self.par_ntt[identite.ntt]]
        for salarie_id in self.par_cle.get(identite.cle, ()):
            salarie = self.par_id[salarie_id]
            if salarie.annule:
                continue
            if identite.nir is None or salarie.identite.nir is None:
                return salarie
        return None


@define
class _Planificateur:
    """Runs the domain's commands on copies of the files; nothing is saved here."""

    ctx: Contexte
    adherent: Adherent
    fiches: _Fiches
    creer_postes: bool = False
    postes_crees: list[PosteCree] = field(factory=list)
    nouveaux: dict[str, Salarie] = field(factory=dict)
    modifies: dict[str, Salarie] = field(factory=dict)
    evenements: list[Evenement] = field(factory=list)
    embauches: list[Embauche] = field(factory=list)
    changements: list[ChangementDeContrat] = field(factory=list)
    sorties: list[SortiePrevue] = field(factory=list)
    nirs: list[NirComplete] = field(factory=list)
    inchanges: list[Inchange] = field(factory=list)
    manquants: dict[tuple[str | None, str | None], tuple[list[int], list[str]]] = field(
        factory=dict)
    rejets: list[Rejet] = field(factory=list)

    def individu(self, individu: IndividuImporte) -> None:
        identite = individu.identite
        fiche = self.fiches.trouver(identite)
        declares = sorted(individu.contrats, key=lambda c: c.debut)
        postes: dict[int, Poste] = {}  # rank in ``declares`` -> poste of a new contract
        sans_poste = False
        for rang, contrat in enumerate(declares):
            if _connu(fiche, contrat):
                continue
            code = None if contrat.code_pcs is None else contrat.code_pcs.valeur
            poste = trouver_poste(self.adherent.postes, code, contrat.libelle_poste)
            if poste is None and self.creer_postes:
                poste = self._creer_poste(contrat)
            if poste is not None:
                postes[rang] = poste
                continue
            sans_poste = True
            lignes, personnes = self.manquants.setdefault((code, contrat.libelle_poste),
                                                          ([], []))
            lignes.append(contrat.ligne)
            nom = f"{identite.nom} {identite.prenoms}"
            if nom not in personnes:  # one person, however many contracts
                personnes.append(nom)
        if sans_poste:
            return  # P5: this person waits until the poste exists
        try:
            self._simuler(individu, fiche, declares, postes)
        except ErreurDomaine as refus:
            self.rejets.append(Rejet(individu.ligne, identite.nom, identite.prenoms,
                                     refus.code, refus.regle, refus.message))

    def _creer_poste(self, contrat: ContratImporte) -> Poste | None:
        """Good practice 1 done by the import itself, on request: a poste named after the
        declared job, with no risk yet (SIG until the employer fills them in)."""
        code = contrat.code_pcs
        libelle = contrat.libelle_poste or f"Emploi PCS-ESE {code}"
        poste_id = self.ctx.nouvel_id()
        try:
            self.adherent, faits = self.adherent.ajouter_poste(poste_id, libelle, (), None,
                                                               code)
        except ErreurDomaine:
            return None
        self.evenements += faits
        poste = self.adherent.poste(poste_id)
        self.postes_crees.append(PosteCree(poste.id, poste.libelle,
                                           None if code is None else code.valeur))
        return poste

    def _simuler(
        self,
        individu: IndividuImporte,
        fiche: Salarie | None,
        declares: list[ContratImporte],
        postes: dict[int, Poste],
    ) -> None:
        """One person, all or nothing: the plan and the files change only once every
        step the domain runs for this person has passed."""
        identite = individu.identite
        nom, prenoms = identite.nom, identite.prenoms
        nouveau = fiche is None or fiche.id in self.nouveaux
        salarie = fiche
        evenements: list[Evenement] = []
        contrats_prevus: list[ContratPrevu] = []
        changements: list[ChangementDeContrat] = []
        sorties: list[tuple[int, dt.date, str | None]] = []
        nir: NirComplete | None = None
        if salarie is not None and salarie.identite.nir is None and identite.nir is not None:
            salarie, faits = salarie.corriger_identite(
                evolve(salarie.identite, nir=identite.nir))
            evenements += faits
            nir = NirComplete(individu.ligne, salarie.id, nom, prenoms, identite.nir.masque())
        if salarie is None and not declares:
            raise RegleMetier(
                "Aucun contrat n'est déclaré pour cette personne : sa fiche ne peut être "
                "créée sans contrat.", code="import.sans_contrat", regle="E1",
            )
        debuts = {c.debut for c in declares}
        for rang, declare in enumerate(declares):
            if not _connu(salarie, declare):
                poste = postes[rang]
                contrat = Contrat(
                    id=self.ctx.nouvel_id(), nature=declare.nature, debut=declare.debut,
                    poste_id=poste.id, fin=declare.fin_effective,
                    dispositif=declare.dispositif, numero=declare.numero,
                )
                prevu = ContratPrevu(declare.ligne, contrat.nature, contrat.debut, contrat.fin,
                                     poste.id, poste.libelle, contrat.numero,
                                     contrat.dispositif)
                if salarie is None:
                    salarie, faits = Salarie.embaucher(
                        self.ctx.nouvel_id(), self.adherent.id, identite, contrat)
                else:
                    salarie, faits = salarie.ajouter_contrat(contrat, self.ctx.nouvel_id())
                if nouveau:
                    contrats_prevus.append(prevu)
                else:
                    changements.append(
                        ChangementDeContrat(declare.ligne, salarie.id, nom, prenoms, prevu))
                evenements += faits
            assert salarie is not None
            fin = declare.fin
            if fin is None or _sortie_connue(salarie, fin.le):
                continue
            if fin.le + UN_JOUR in debuts | {c.debut for c in salarie.contrats_actifs}:
                continue  # C3: the next contract follows on; no exit from the headcount
            salarie, faits = salarie.sortir(self.ctx.nouvel_id(), fin.le, fin.motif)
            evenements += faits
            sorties.append((fin.ligne or declare.ligne, fin.le, fin.motif))
        assert salarie is not None
        if fiche is None:
            self.embauches.append(Embauche(individu.ligne, nom, prenoms, _nir_masque(identite),
                                           salarie.id, tuple(contrats_prevus)))
        elif nouveau:
            self._completer_l_embauche(salarie, contrats_prevus)
        elif evenements:
            self.changements += changements
            if nir is not None:
                self.nirs.append(nir)
        else:
            self.inchanges.append(Inchange(individu.ligne, salarie.id, nom, prenoms))
        if nouveau:
            self.nouveaux[salarie.id] = salarie
        elif evenements:
            self.modifies[salarie.id] = salarie
        self.sorties += [SortiePrevue(ligne, salarie.id, nom, prenoms, le, motif)
                         for ligne, le, motif in sorties]
        self.evenements += evenements
        self.fiches.mettre(salarie)
        for poste in postes.values():
            self.adherent = self.adherent.marquer_poste_utilise(poste.id)

    def _completer_l_embauche(self, salarie: Salarie, contrats: list[ContratPrevu]) -> None:
        """The same person declared twice in one file: one file, all their contracts."""
        for i, embauche in enumerate(self.embauches):
            if embauche.salarie_id == salarie.id:
                self.embauches[i] = evolve(embauche,
                                           nir_masque=_nir_masque(salarie.identite),
                                           contrats=(*embauche.contrats, *contrats))

    def plan(self, applique: bool, ignores: tuple[str, ...],
             pris: list[EtablissementImporte], declaration: DeclarationImportee) -> PlanImport:
        plan = PlanImport(
            adherent_id=self.adherent.id,
            applique=applique,
            embauches=par_ligne(self.embauches),
            changements=par_ligne(self.changements),
            sorties=par_ligne(self.sorties),
            nirs_completes=par_ligne(self.nirs),
            inchanges=par_ligne(self.inchanges),
            postes_crees=tuple(self.postes_crees),
            postes_non_trouves=tuple(
                PosteNonTrouve(code, libelle, tuple(lignes), tuple(personnes))
                for (code, libelle), (lignes, personnes) in self.manquants.items()
            ),
            rejets=par_ligne(self.rejets),
            etablissements_ignores=ignores,
            ecartes=par_ligne(i for e in pris for i in e.ecartes),
            remarques=(*declaration.remarques, *(r for e in pris for r in e.remarques)),
            encodage=declaration.encodage,
        )
        if applique:
            return plan
        # A dry run's ids would never exist: only files already stored keep theirs.
        return evolve(
            plan,
            embauches=tuple(evolve(e, salarie_id=None) for e in plan.embauches),
            postes_crees=tuple(evolve(p, poste_id=None) for p in plan.postes_crees),
            sorties=tuple(evolve(s, salarie_id=None) if s.salarie_id in self.nouveaux else s
                          for s in plan.sorties),
        )


def _etablissements(
    adherent: Adherent, declaration: DeclarationImportee
) -> tuple[list[EtablissementImporte], tuple[str, ...]]:
    """An adherent is one establishment (A1): it imports the blocks of its own SIRET, and
    those that name none (a CSV file)."""
    pris = [e for e in declaration.etablissements
            if e.siret is None or e.siret == adherent.siret]
    ignores = tuple(e.siret.valeur for e in declaration.etablissements
                    if e.siret is not None and e.siret != adherent.siret)
    if declaration.etablissements and not pris:
        raise RegleMetier(
            f"Ce fichier ne déclare pas l'établissement de cet adhérent (SIRET "
            f"{adherent.siret.valeur}) : établissements trouvés {', '.join(ignores)}.",
            code="import.etablissement_absent", regle="A4", chemin="declaration",
        )
    return pris, ignores


def _planifier(
    ctx: Contexte, uow: UniteDeTravail, commande: ImporterDeclaration
) -> tuple[_Planificateur, tuple[str, ...], list[EtablissementImporte]]:
    adherent = uow.adherents.obtenir(commande.adherent_id)
    pris, ignores = _etablissements(adherent, commande.declaration)
    fiches = _Fiches()
    for salarie in sorted(uow.salaries.tous(adherent.id), key=lambda s: s.id):
        fiches.mettre(salarie)
    planificateur = _Planificateur(ctx, adherent, fiches, commande.creer_postes)
    for etablissement in pris:
        for individu in etablissement.individus:
            planificateur.individu(individu)
    return planificateur, ignores, pris


@cas_d_usage(Besoin.DECLARATION)
def importer_declaration(
    ctx: Contexte, acteur: Acteur, commande: ImporterDeclaration
) -> PlanImport:
    """Plan a DSN or CSV import for one adherent (dry run), or apply it with
    ``appliquer=True``: hires (E1), contract changes on the same file (S2, C3), exits
    (E2/E3), all in one transaction. A second import of the same file plans nothing."""
    requete_id = commande.requete_id if commande.appliquer else None
    with gc_paused(), ctx.unite_de_travail() as uow:
        if requete_id is not None:
            # E5: a resend arriving with the original waits for it, then answers its plan.
            uow.verrouiller_requete(commande.adherent_id, requete_id)
            deja = requete_deja_traitee(uow, commande.adherent_id, requete_id,
                                        _empreinte(commande))
            if deja is not None and isinstance(deja.reponse, PlanImport):
                return deja.reponse
        if commande.appliquer:
            # S2 under concurrency: one applying import per member at a time, and no hire
            # meanwhile; the plan is made on what the previous one committed.
            uow.verrouiller_identites(commande.adherent_id, None)
        planificateur, ignores, pris = _planifier(ctx, uow, commande)
        if not commande.appliquer:
            return planificateur.plan(False, ignores, pris, commande.declaration)
        essai = planificateur.plan(False, ignores, pris, commande.declaration)
        ecartes = () if essai.vide or not essai.ecartes else essai.personnes_ecartees
        if ecartes and not commande.confirmer_ecarts:
            raise RegleMetier(
                f"Ce fichier laisse de côté {len(essai.ecartes)} personne(s) dont le dossier "
                "est inutilisable : relisez le plan, puis confirmez l'import du reste.",
                code="import.confirmation_requise", regle="I2",
                details={"personnes": len(essai.ecartes)})
        if ecartes:
            planificateur.evenements.append(
                PersonnesEcartees(commande.adherent_id, ecartes))
        if planificateur.adherent != uow.adherents.obtenir(commande.adherent_id):
            uow.adherents.enregistrer(planificateur.adherent)  # new postes before contracts
        uow.salaries.ajouter_tous(list(planificateur.nouveaux.values()))
        for salarie in planificateur.modifies.values():
            uow.salaries.enregistrer(salarie)
        ctx.journaliser(uow, acteur, planificateur.evenements)
        plan = planificateur.plan(True, ignores, pris, commande.declaration)
        if requete_id is not None:
            uow.idempotence.ajouter(RequeteTraitee(
                commande.adherent_id, requete_id, _empreinte(commande), (), plan))
        uow.commit()
    return plan


def _empreinte(commande: ImporterDeclaration) -> str:
    """E5: what tells one applied import from another under the same request id: the
    file's whole content (NIRs in clear: a ``repr`` masks them) and the options, as a
    digest (a file is large, and the digest shows none of it)."""
    contenu = repr((type(commande).__name__, attrs.asdict(commande.declaration),
                    commande.creer_postes, commande.confirmer_ecarts))
    return "sha256:" + hashlib.sha256(contenu.encode()).hexdigest()
