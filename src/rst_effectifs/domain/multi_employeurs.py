"""F7: multi-employer workers. RST records, for one year, that one person (one NIR) is
employed by several of its members on 31 January; each member's assiette of that year
then bills that person's per-capita fee as an equal share (:mod:`.partage`). A member
may declare that a worker has other employers; only RST sees the worker across members.

The texts and dates are in :mod:`.loi_multi_employeurs`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import ClassVar

from attrs import evolve, frozen

from .adherents import Adherent
from .assiettes import Assiette, montant_ligne, montants_des_lignes
from .baremes import Bareme
from .contrats import NatureContrat
from .dates import DATE_MAX, DATE_MIN
from .effectif import type_de_suivi_le
from .erreurs import DonneeInvalide, ErreurDomaine, RegleMetier
from .evenements import Evenement
from .identifiants import Nir
from .loi_multi_employeurs import (
    NATURES_MULTI_EMPLOYEUR,
    PARTAGE_MULTI_EMPLOYEURS,
    date_limite_de_declaration,
    jour_de_situation,
    partage_en_vigueur,
)
from .partage import PartMultiEmployeur
from .periodes import Periode
from .salaries import Salarie
from .suivi import TypeDeSuivi


# -- what is stored -------------------------------------------------------------------------
@frozen
class FicheMultiEmployeur:
    """One member's file of the worker, with its rank (1: the principal employer)."""

    adherent_id: str
    salarie_id: str
    rang: int


@frozen
class MultiEmployeur:
    """F7: RST's record that the person of ``nir`` is multi-employer in ``annee``: their
    files on the members concerned, principal employer first. One per person and year.
    ``repr`` shows the NIR masked (:class:`Nir`)."""

    annee: int
    nir: Nir
    fiches: tuple[FicheMultiEmployeur, ...]
    enregistre_le: dt.datetime
    par: str
    version: int = 0

    @property
    def nombre(self) -> int:
        return len(self.fiches)

    def part(self, adherent_id: str, salarie_id: str) -> PartMultiEmployeur | None:
        """The share this record gives one member's file, ``None`` if it is not in it."""
        for fiche in self.fiches:
            if (fiche.adherent_id, fiche.salarie_id) == (adherent_id, salarie_id):
                return PartMultiEmployeur(fiche.rang, self.nombre)
        return None


def annee_valide(valeur: int, chemin: str = "annee") -> int:
    """A year the domain's dates hold (D1)."""
    if not DATE_MIN.year <= valeur <= DATE_MAX.year:
        raise DonneeInvalide(f"L'année va de {DATE_MIN.year} à {DATE_MAX.year}.",
                             code="date.hors_bornes", regle="D1", chemin=chemin)
    return valeur


def verifier_partage_en_vigueur(annee: int) -> None:
    """F7: fees are shared since 1 January 2024."""
    annee_valide(annee)
    if not partage_en_vigueur(annee):
        debut = PARTAGE_MULTI_EMPLOYEURS.depuis
        raise RegleMetier(
            f"Le partage de la cotisation d'un salarié multi-employeur s'applique depuis le "
            f"{debut:%d/%m/%Y} ({PARTAGE_MULTI_EMPLOYEURS.reference.texte}) : pas "
            f"pour {annee}.", code="multi_employeur.avant_partage", regle="F7",
            chemin="annee")


@frozen
class DeclarationMultiEmployeur:
    """F7: a member says that one of its workers has ``autres_employeurs`` other
    employers in ``annee`` (the list D4624-65 asks for by 28 February)."""

    adherent_id: str
    salarie_id: str
    annee: int
    autres_employeurs: int
    declaree_le: dt.datetime
    par: str

    @property
    def en_retard(self) -> bool:
        """Sent after 28 February of the year: RST may still record the worker."""
        return self.declaree_le.date() > date_limite_de_declaration(self.annee)


def declarer(adherent: Adherent, salarie: Salarie, annee: int, autres_employeurs: int,
             quand: dt.datetime, par: str
             ) -> tuple[DeclarationMultiEmployeur, list[Evenement]]:
    """F7: a member's declaration about one of its (not cancelled) files; the number of
    other employers is bounded by the command."""
    verifier_partage_en_vigueur(annee)
    if salarie.annule:
        raise RegleMetier("Cette fiche a été annulée.", code="salarie.annule", regle="S3")
    declaration = DeclarationMultiEmployeur(adherent.id, salarie.id, annee, autres_employeurs,
                                            quand, par)
    return declaration, [MultiEmployeurDeclare(adherent.id, salarie.id, annee,
                                               autres_employeurs)]


# -- events (A5: one entry per member concerned, never the other employers) -------------------
@frozen
class MultiEmployeurDeclare(Evenement):
    nom: ClassVar[str] = "salarie.multi_employeur_declare"
    salarie_id: str
    annee: int
    autres_employeurs: int


@frozen
class MultiEmployeurEnregistre(Evenement):
    """RST recorded this member's file as one of ``employeurs`` sharing the fee."""

    nom: ClassVar[str] = "facturation.multi_employeur"
    salarie_id: str
    annee: int
    employeurs: int


@frozen
class MultiEmployeurRetire(Evenement):
    nom: ClassVar[str] = "facturation.multi_employeur_retire"
    salarie_id: str
    annee: int


# -- the situation on 31 January --------------------------------------------------------------
@frozen
class EmploiAu31Janvier:
    """F7, for RST only: one member's file of a person and what it says on 31 January
    (``nature`` of the contract in force, ``depuis``: present without a break since,
    follow-up type, socio-professional category: the first two digits of the poste's
    PCS-ESE code), the member's declaration and the share already recorded."""

    adherent_id: str
    numero_adherent: str
    raison_sociale: str
    salarie_id: str
    nom: str
    prenoms: str
    nature: NatureContrat | None
    depuis: dt.date | None
    type_de_suivi: TypeDeSuivi | None
    categorie: str | None
    declaration: DeclarationMultiEmployeur | None = None
    part: PartMultiEmployeur | None = None

    @property
    def eligible(self) -> bool:
        """A CDI/CDD in force and present on 31 January (D4624-59 1°)."""
        return self.nature in NATURES_MULTI_EMPLOYEUR and self.depuis is not None


def emploi_au_31_janvier(adherent: Adherent, salarie: Salarie, annee: int
                         ) -> EmploiAu31Janvier:
    jour = jour_de_situation(annee)
    present = salarie.present_le(jour) and not salarie.annule
    contrat = next((c for c in salarie.contrats_actifs if c.couvre(jour)), None)
    depuis = max((p.debut for p in salarie.periodes_de_presence() if p.contient(jour)),
                 default=None)
    postes = adherent.postes_par_id()
    poste = None if contrat is None else postes.get(contrat.poste_id)
    categorie = (None if poste is None or poste.code_pcs is None
                 else poste.code_pcs.valeur[:2])
    return EmploiAu31Janvier(
        adherent.id, adherent.numero.valeur, adherent.raison_sociale, salarie.id,
        salarie.identite.nom, salarie.identite.prenoms,
        None if contrat is None or not present else contrat.nature,
        depuis if present and contrat is not None else None,
        type_de_suivi_le(salarie, jour, postes) if present and contrat is not None else None,
        categorie)


def motif_de_refus(annee: int, emplois: Sequence[EmploiAu31Janvier]) -> RegleMetier | None:
    """F7 (D4624-59): why these files do not make a multi-employer worker on 31 January,
    or ``None``. At least two members, each with a CDI/CDD in force that day, the same
    follow-up type, and the same socio-professional category where the postes say it."""
    jour = jour_de_situation(annee)
    if len({e.adherent_id for e in emplois}) < 2:
        return RegleMetier(
            "Un salarié multi-employeur a au moins deux employeurs adhérents différents.",
            code="multi_employeur.un_seul_employeur", regle="F7", chemin="fiches")
    for e in emplois:
        if not e.eligible:
            return RegleMetier(
                f"Le {jour:%d/%m/%Y}, {e.prenoms} {e.nom} n'a pas de CDI ni de CDD en cours "
                f"chez l'adhérent {e.numero_adherent} ({e.raison_sociale}) : seule la "
                "situation au 31 janvier compte pour l'année.",
                code="multi_employeur.pas_au_31_janvier", regle="F7", chemin="fiches",
                details={"adherent_id": e.adherent_id, "salarie_id": e.salarie_id})
    if len({e.type_de_suivi for e in emplois}) > 1:
        return RegleMetier(
            f"Le {jour:%d/%m/%Y}, le type de suivi diffère d'un employeur à l'autre : le "
            "suivi mutualisé demande le même type de suivi partout.",
            code="multi_employeur.types_differents", regle="F7", chemin="fiches")
    categories = {e.categorie for e in emplois if e.categorie is not None}
    if len(categories) > 1:
        return RegleMetier(
            "Les postes relèvent de catégories socioprofessionnelles différentes (codes "
            "PCS-ESE) : le suivi mutualisé demande des emplois identiques.",
            code="multi_employeur.categories_differentes", regle="F7", chemin="fiches")
    return None


def _rangs(emplois: Sequence[EmploiAu31Janvier]) -> list[EmploiAu31Janvier]:
    """D4624-60: the principal employer is the oldest one (present without a break since
    the earliest day), then the others by seniority; ties by member number."""
    return sorted(emplois, key=lambda e: (e.depuis or dt.date.max, e.numero_adherent,
                                          e.adherent_id))


def refus_de_constat(annee: int, fiches: Sequence[tuple[Adherent, Salarie]]
                     ) -> ErreurDomaine | None:
    """F7: why RST cannot record the person of these files (one per member) for
    ``annee``, or ``None``: the year (since 2024), one NIR on every file, none cancelled,
    and the situation on 31 January (:func:`motif_de_refus`)."""
    try:
        verifier_partage_en_vigueur(annee)
    except RegleMetier as refus:
        return refus
    if len({a.id for a, _s in fiches}) != len(fiches):
        return DonneeInvalide("Chaque adhérent ne figure qu'une fois.",
                              code="multi_employeur.adherent_en_double", regle="F7",
                              chemin="fiches")
    nirs = {s.identite.nir for _a, s in fiches}
    if None in nirs or len(nirs) != 1:
        return RegleMetier(
            "Les fiches rapprochées doivent porter le même NIR : le rapprochement entre "
            "adhérents se fait par NIR.", code="multi_employeur.nir_different", regle="F7",
            chemin="fiches")
    if any(s.annule for _a, s in fiches):
        return RegleMetier("Une des fiches a été annulée.", code="salarie.annule",
                           regle="S3", chemin="fiches")
    return motif_de_refus(annee, [emploi_au_31_janvier(a, s, annee) for a, s in fiches])


def constater(annee: int, fiches: Sequence[tuple[Adherent, Salarie]],
              existant: MultiEmployeur | None, quand: dt.datetime, par: str
              ) -> tuple[MultiEmployeur, list[Evenement]]:
    """F7: RST's record for ``annee`` of the person of these files (one per member, the
    same NIR on each), checked on 31 January and ranked; ``existant`` the record already
    stored for that person and year. The same files and ranks again change nothing (no
    event); other ones replace it, the members left out told by a withdrawal."""
    refus = refus_de_constat(annee, fiches)
    if refus is not None:
        raise refus
    nir = fiches[0][1].identite.nir
    assert nir is not None
    emplois = [emploi_au_31_janvier(a, s, annee) for a, s in fiches]
    rangees = tuple(FicheMultiEmployeur(e.adherent_id, e.salarie_id, rang)
                    for rang, e in enumerate(_rangs(emplois), start=1))
    if existant is not None and existant.fiches == rangees:
        return existant, []
    nouveau = MultiEmployeur(annee, nir, rangees, quand, par,
                             0 if existant is None else existant.version)
    evenements: list[Evenement] = [
        MultiEmployeurEnregistre(f.adherent_id, f.salarie_id, annee, len(rangees))
        for f in rangees if existant is None or existant.part(
            f.adherent_id, f.salarie_id) != nouveau.part(f.adherent_id, f.salarie_id)]
    if existant is not None:
        gardes = {(f.adherent_id, f.salarie_id) for f in rangees}
        evenements += [MultiEmployeurRetire(f.adherent_id, f.salarie_id, annee)
                       for f in existant.fiches if (f.adherent_id, f.salarie_id) not in gardes]
    return nouveau, evenements


# -- what RST and members read ---------------------------------------------------------------
@frozen
class SituationMultiEmployeur:
    """F7, for RST: one person seen across members for ``annee``: the NIR masked, each
    member's file on 31 January (its declaration, its recorded share), whether RST
    recorded them, and else why they cannot be (``refus``, French; ``None``: they can)."""

    annee: int
    nir_masque: str
    emplois: tuple[EmploiAu31Janvier, ...]
    enregistre: bool
    refus: str | None = None
    code_refus: str | None = None


def situation(annee: int, fiches: Sequence[tuple[Adherent, Salarie]],
              declarations: Sequence[DeclarationMultiEmployeur | None],
              existant: MultiEmployeur | None) -> SituationMultiEmployeur:
    """What RST's reconciliation list shows of one person (``declarations`` in the order
    of ``fiches``)."""
    nir = next((s.identite.nir for _a, s in fiches if s.identite.nir is not None), None)
    emplois = tuple(
        evolve(emploi_au_31_janvier(a, s, annee), declaration=d,
               part=None if existant is None else existant.part(a.id, s.id))
        for (a, s), d in zip(fiches, declarations, strict=True))
    refus = None if existant is not None else refus_de_constat(annee, fiches)
    return SituationMultiEmployeur(
        annee, "NIR non renseigné" if nir is None else nir.masque(), emplois,
        existant is not None, None if refus is None else refus.message,
        None if refus is None else refus.code)


@frozen
class PageMultiEmployeurs:
    """A page of RST's reconciliation list; ``suivant``: the ``decalage`` of the next
    page, ``None`` at the end."""

    annee: int
    personnes: tuple[SituationMultiEmployeur, ...]
    suivant: int | None


@frozen
class PartAnnuelle:
    """F7: a file's share of the fee in one year (what its member sees)."""

    annee: int
    part: PartMultiEmployeur

    @property
    def libelle(self) -> str:
        return f"{self.annee} : {self.part.libelle}"


@frozen
class MultiEmployeurDuSalarie:
    """F7, for the member: its declarations about one file and the shares RST recorded
    for it, nothing of the other employers."""

    salarie_id: str
    declarations: tuple[DeclarationMultiEmployeur, ...]
    parts: tuple[PartAnnuelle, ...]


# -- the assiette ------------------------------------------------------------------------------
def annee_des_parts(periode: Periode) -> int:
    """The year whose shares a period's assiette uses: that of its first day (as F3
    takes the national cost of the period's first day's year)."""
    return periode.debut.year


def appliquer_parts(assiette: Assiette, parts: Mapping[str, PartMultiEmployeur],
                    bareme: Bareme | None) -> Assiette:
    """F7: each per-capita line of a salarié in ``parts`` (salarié id → share of this
    member) bills that share of the fee; totals by type still count the person once (F1),
    the amounts follow (a share line of its own on the invoice)."""
    if not parts or not any(ligne.cotisation and ligne.salarie_id in parts
                            for ligne in assiette.lignes):
        return assiette  # no line is built for nothing (lines are built on first read)
    lignes = tuple(
        evolve(ligne, part=parts[ligne.salarie_id])
        if ligne.cotisation and ligne.salarie_id in parts else ligne
        for ligne in assiette.lignes)
    if bareme is None:
        return evolve(assiette, lignes=lignes)
    lignes = tuple(evolve(ligne, montant_ht=montant_ligne(bareme, ligne)) for ligne in lignes)
    return evolve(assiette, lignes=lignes, montants=montants_des_lignes(bareme, lignes))


__all__ = [
    "DeclarationMultiEmployeur",
    "EmploiAu31Janvier",
    "FicheMultiEmployeur",
    "MultiEmployeur",
    "MultiEmployeurDeclare",
    "MultiEmployeurDuSalarie",
    "MultiEmployeurEnregistre",
    "MultiEmployeurRetire",
    "PageMultiEmployeurs",
    "PartAnnuelle",
    "SituationMultiEmployeur",
    "annee_des_parts",
    "annee_valide",
    "appliquer_parts",
    "constater",
    "declarer",
    "emploi_au_31_janvier",
    "motif_de_refus",
    "refus_de_constat",
    "situation",
    "verifier_partage_en_vigueur",
]
