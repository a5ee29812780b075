"""Billing: who counts in a period (F1, F2), at what price (F2, F3).

Counting rules and price lists are plain data (:class:`RegleDeComptage`,
:class:`Bareme`), so every real scheme of DOMAIN.md is configuration, shipped as
named presets. :func:`assiette_de_reference` is the reference computation: the SQL read
side must give the same :class:`Assiette` on the same data (F5).

Its parts live beside it: money in :mod:`.monnaie`, counting rules in
:mod:`.regles_de_comptage`, barèmes and invoice amounts in :mod:`.baremes`, the
assiette and its lines in :mod:`.assiettes`; this module applies the rules and re-exports
their names, the billing API callers import.

The counting rule, day by day (``docs/billing.md`` has worked examples):

* a *chain* is a run of the salarié's non-cancelled contracts whose nature is not
  excluded, each starting the day after the previous one ends (a C3 contract change
  or a renewal without a gap); it lasts from its first start to its last end, and
  forever when its last contract has no end;
* a day is *countable* when the salarié is present (E3) and the contract that governs
  the day (:meth:`Salarie.contrat_le`: the one in force, else the latest started
  before) has a nature that is not excluded and belongs to a chain lasting more than
  ``duree_min_embauche_jours`` days (no minimum when ``None``);
* ``present_au_1er_janvier`` bills the salariés whose period's first day is countable,
  ``present_dans_l_annee`` those with at least one countable day in the period;
* a *new hire* of the period is a salarié whose first countable day ever falls in it:
  they owe the entry fee, whatever the mode (under ``present_au_1er_janvier`` a hire
  later in the year owes only the entry fee);
* the follow-up type (P3) is the one on the period's first day for those counted under
  ``present_au_1er_janvier``, else on the last countable day of the period (as E4 does
  for the headcount over a period).
"""


import datetime as dt
from collections.abc import Iterable, Mapping

from .adherents import Adherent
from .assiettes import (
    Assiette,
    LigneAssiette,
    LigneBrute,
    LignesDifferees,
    MotifDeComptage,
    ParType,
    TotalParType,
    cle_de_tri,
    montant_ligne,
    total_par_type,
)
from .baremes import (
    BAREMES_PREDEFINIS,
    CODE_DROIT_ENTREE,
    CODE_FORFAIT,
    COUTS_MOYENS_NATIONAUX,
    LIBELLES_FACTURE,
    Bareme,
    CoutMoyenNational,
    LigneDeFacture,
    Montants,
    bareme_en_vigueur,
    bareme_predefini,
    calculer_montants,
    cout_moyen_en_vigueur,
    prix_unitaire,
    verifier_bande,
)
from .contrats import Contrat, NatureContrat
from .effectif import type_de_suivi_le
from .erreurs import DonneeInvalide
from .monnaie import CENTIME, MONTANT_MAX, arrondir, euros, montant_en_euros
from .periodes import Periode
from .postes import Poste
from .regles_de_comptage import (
    DUREE_MAX_JOURS,
    MISSIONS_INTERIM,
    REGLES_PREDEFINIES,
    ModeDeComptage,
    RegleDeComptage,
    regle_predefinie,
)
from .salaries import UN_JOUR, Salarie
from .suivi import TypeDeSuivi


def periode_facturee(debut: dt.date, fin: dt.date | None) -> Periode:
    """A billing period: both ends required (F2)."""
    if fin is None:
        raise DonneeInvalide("Une période facturée a une date de fin.",
                             code="periode.ouverte", regle="F2", chemin="fin")
    return Periode(debut, fin)


def annee(an: int) -> Periode:
    """The calendar year ``an``, the usual billing period."""
    return Periode(dt.date(an, 1, 1), dt.date(an, 12, 31))


def durees_des_chaines(
    salarie: Salarie, natures_exclues: frozenset[NatureContrat] = frozenset()
) -> dict[str, int | None]:
    """Each active contract whose nature is not excluded, with the length in days of its
    chain (``None``: open, the last contract has no end). A chain is a run of such
    contracts, each starting the day after the previous one ends; an excluded contract
    breaks it."""
    chaines: list[list[Contrat]] = []
    for c in sorted(salarie.contrats_actifs, key=lambda c: c.debut):
        if c.nature in natures_exclues:
            chaines.append([])
            continue
        derniere = chaines[-1] if chaines else []
        if derniere and derniere[-1].fin is not None and c.debut == derniere[-1].fin + UN_JOUR:
            derniere.append(c)
        else:
            chaines.append([c])
    durees: dict[str, int | None] = {}
    for chaine in chaines:
        if not chaine:
            continue
        fin = chaine[-1].fin
        duree = None if fin is None else (fin - chaine[0].debut).days + 1
        durees.update((c.id, duree) for c in chaine)
    return durees


def contrats_eligibles(salarie: Salarie, regle: RegleDeComptage) -> frozenset[str]:
    """Ids of the contracts whose days may count: nature not excluded, in a chain lasting
    more than ``duree_min_embauche_jours`` days (chained = next starts the day after)."""
    minimum = regle.duree_min_embauche_jours
    return frozenset(
        cid for cid, duree in durees_des_chaines(salarie, regle.natures_exclues).items()
        if minimum is None or duree is None or duree > minimum
    )


def morceaux_comptables(
    salarie: Salarie, regle: RegleDeComptage | None = None
) -> tuple[tuple[Periode, Contrat], ...]:
    """The countable pieces of a salarié, each with the contract governing it, by start.

    A contract governs the days from its start to the day before the next contract's
    start (Salarie.contrat_le, C2); those days count when the salarié is present and the
    contract is eligible under ``regle`` (:func:`contrats_eligibles`; ``None``: every
    contract counts, as under the presence rules). Pieces are disjoint; two may touch."""
    contrats = sorted(salarie.contrats_actifs, key=lambda c: c.debut)
    eligibles = (None if regle is None or regle.compte_tous_les_contrats
                 else contrats_eligibles(salarie, regle))
    presences = salarie.periodes_de_presence()
    morceaux: list[tuple[Periode, Contrat]] = []
    for i, c in enumerate(contrats):
        if eligibles is not None and c.id not in eligibles:
            continue
        regne_fin = contrats[i + 1].debut - UN_JOUR if i + 1 < len(contrats) else None
        for p in presences:
            debut = max(c.debut, p.debut)
            fins = [f for f in (regne_fin, p.fin) if f is not None]
            fin = min(fins) if fins else None
            if fin is None or debut <= fin:
                morceaux.append((Periode(debut, fin), c))
    morceaux.sort(key=lambda m: m[0].debut)
    return tuple(morceaux)


def periodes_comptables(salarie: Salarie, regle: RegleDeComptage) -> tuple[Periode, ...]:
    """The countable days of a salarié under ``regle``, as sorted disjoint periods
    (:func:`morceaux_comptables` merged)."""
    return _fusionner([periode for periode, _contrat in morceaux_comptables(salarie, regle)])


def _fusionner(periodes: list[Periode]) -> tuple[Periode, ...]:
    fusion: list[Periode] = []
    for p in sorted(periodes, key=lambda p: p.debut):
        if fusion:
            dernier = fusion[-1]
            if dernier.fin is None:
                continue
            if p.debut <= dernier.fin + UN_JOUR:
                fin = None if p.fin is None else max(p.fin, dernier.fin)
                fusion[-1] = Periode(dernier.debut, fin)
                continue
        fusion.append(p)
    return tuple(fusion)


def ligne_assiette(
    salarie: Salarie, periode: Periode, regle: RegleDeComptage, postes: Mapping[str, Poste],
    suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG,
) -> LigneAssiette | None:
    """F1: the one line of a salarié for the period, or ``None`` when not billed. Its
    type is the one on the rule's reference day (P2b: under that day's catalogue)."""
    assert periode.fin is not None
    comptables = periodes_comptables(salarie, regle)
    if not comptables:
        return None
    dans = [
        (max(p.debut, periode.debut), periode.fin if p.fin is None else min(p.fin, periode.fin))
        for p in comptables if p.croise(periode)
    ]
    if not dans:
        return None
    du, au = dans[0][0], dans[-1][1]
    nouvel_embauche = periode.contient(comptables[0].debut)
    if regle.mode is ModeDeComptage.PRESENT_AU_1ER_JANVIER:
        cotisation = du == periode.debut
        motif = (MotifDeComptage.PRESENT_AU_1ER_JANVIER if cotisation
                 else MotifDeComptage.EMBAUCHE_DANS_LA_PERIODE)
        reference = periode.debut if cotisation else au
    else:
        cotisation = True
        motif = MotifDeComptage.PRESENT_DANS_L_ANNEE
        reference = au
    if not cotisation and not nouvel_embauche:
        return None
    type_de_suivi = type_de_suivi_le(salarie, reference, postes, suivi_simple)
    return LigneAssiette(salarie.id, salarie.identite.nom, salarie.identite.prenoms,
                         type_de_suivi, motif, du, au, cotisation, nouvel_embauche)


def assiette_de_reference(
    adherent: Adherent,
    salaries: Iterable[Salarie],
    periode: Periode,
    regle: RegleDeComptage,
    bareme: Bareme | None = None,
    *,
    cout_moyen: CoutMoyenNational | None = None,
    suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG,
) -> Assiette:
    """F1/F2 (and F3 when ``cout_moyen`` is given): the reference assiette of one
    adherent. Salariés of other adherents and cancelled files are ignored.
    ``suivi_simple``: the service's choice for simple follow-up (P2b)."""
    periode = periode_facturee(periode.debut, periode.fin)
    if bareme is not None and cout_moyen is not None:
        verifier_bande(bareme, cout_moyen)
    postes = adherent.postes_par_id()
    lignes = [
        ligne for s in salaries
        if s.adherent_id == adherent.id and not s.annule
        and (ligne := ligne_assiette(s, periode, regle, postes, suivi_simple)) is not None
    ]
    return Assiette.depuis_lignes(adherent.id, periode, regle, lignes, bareme)


__all__ = [
    "BAREMES_PREDEFINIS",
    "CENTIME",
    "CODE_DROIT_ENTREE",
    "CODE_FORFAIT",
    "COUTS_MOYENS_NATIONAUX",
    "DUREE_MAX_JOURS",
    "LIBELLES_FACTURE",
    "MISSIONS_INTERIM",
    "MONTANT_MAX",
    "REGLES_PREDEFINIES",
    "Assiette",
    "Bareme",
    "CoutMoyenNational",
    "LigneAssiette",
    "LigneBrute",
    "LigneDeFacture",
    "LignesDifferees",
    "ModeDeComptage",
    "Montants",
    "MotifDeComptage",
    "ParType",
    "RegleDeComptage",
    "TotalParType",
    "annee",
    "arrondir",
    "assiette_de_reference",
    "bareme_en_vigueur",
    "bareme_predefini",
    "calculer_montants",
    "cle_de_tri",
    "contrats_eligibles",
    "cout_moyen_en_vigueur",
    "durees_des_chaines",
    "euros",
    "ligne_assiette",
    "montant_en_euros",
    "montant_ligne",
    "morceaux_comptables",
    "periode_facturee",
    "periodes_comptables",
    "prix_unitaire",
    "regle_predefinie",
    "total_par_type",
    "verifier_bande",
]
