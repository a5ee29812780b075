"""The statements of the billing read side (F1, F2) and the decoding of their rows:
what :class:`~.facturation.FacturationSql` runs, built once per call. Benchmarks build
them too, to time the storage alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    Date,
    Float,
    Integer,
    Select,
    and_,
    case,
    cast,
    exists,
    false,
    func,
    literal,
    null,
    or_,
    select,
    true,
    type_coerce,
)
from sqlalchemy.engine import RowMapping
from sqlalchemy.sql.elements import ColumnElement, Label
from sqlalchemy.sql.selectable import Subquery

from ...domain.facturation import (
    LigneAssiette,
    LigneBrute,
    ModeDeComptage,
    MotifDeComptage,
    RegleDeComptage,
)
from ...domain.periodes import Periode
from ...domain.suivi import TypeDeSuivi
from .suivi import des_le_jour, type_du_poste
from .tables import (
    CHAINES_STOCKEES,
    OUVERT,
    adherents,
    contrats,
    morceaux,
    postes,
    presences,
    salaries,
    texte,
)

# -- the set-based assiette ----------------------------------------------------------------

_JOUR_UN = dt.date(1, 1, 1)


def numero_du_jour(dialecte: str, colonne: ColumnElement[Any]) -> ColumnElement[int]:
    """``date.toordinal()`` in SQL: SQLite stores ISO text (``julianday``); PostgreSQL
    subtracts dates to a number of days."""
    if dialecte == "sqlite":
        return cast(func.julianday(colonne) - literal(1721424.5, Float()), Integer())
    return type_coerce(colonne - literal(_JOUR_UN, Date()), Integer()) + 1


def _plus_grand(a: ColumnElement[int], b: ColumnElement[int]) -> ColumnElement[int]:
    return case((a > b, a), else_=b)


def _plus_petit(a: ColumnElement[int], b: ColumnElement[int]) -> ColumnElement[int]:
    return case((a < b, a), else_=b)


def _regnes_des_chaines(
    regle: RegleDeComptage, filtre_c: list[ColumnElement[bool]], exclue: ColumnElement[int],
    j_debut: ColumnElement[int], j_fin: ColumnElement[int], suivant: Label[Any],
) -> Subquery:
    """Steps 1–2: eligible contracts, each with the last day it governs."""
    c = contrats.c
    cle = (c.adherent_id, c.salarie_id)
    voisins = select(
        c.adherent_id, c.salarie_id, c.poste_id, exclue.label("exclue"),
        j_debut.label("d"), j_fin.label("f"),
        suivant,
        func.lag(j_fin).over(partition_by=cle, order_by=c.debut).label("f_prec"),
        func.lag(exclue).over(partition_by=cle, order_by=c.debut).label("exclue_prec"),
    ).where(*filtre_c).subquery("voisins")
    v = voisins.c
    nouvelle = case(
        (or_(v.exclue == 1, v.exclue_prec == 1, v.f_prec.is_(None),
             v.f_prec + 1 != v.d), 1),
        else_=0,
    )
    cle_v = (v.adherent_id, v.salarie_id)
    # 2. chains: a running count of chain starts
    numerotes = select(
        v.adherent_id, v.salarie_id, v.poste_id, v.exclue, v.d, v.f, v.suivant,
        func.sum(nouvelle).over(partition_by=cle_v, order_by=v.d,
                                rows=(None, 0)).label("chaine"),
    ).subquery("numerotes")
    n = numerotes.c
    par_chaine = (n.adherent_id, n.salarie_id, n.chaine)
    chaines = select(
        n.adherent_id, n.salarie_id, n.poste_id, n.exclue, n.d, n.suivant,
        func.min(n.d).over(partition_by=par_chaine).label("chaine_debut"),
        func.max(n.f).over(partition_by=par_chaine).label("chaine_fin"),
        (func.count().over(partition_by=par_chaine)
         - func.count(n.f).over(partition_by=par_chaine)).label("ouvertes"),
    ).subquery("chaines")
    ch = chaines.c
    eligible: list[ColumnElement[bool]] = [ch.exclue == 0]
    if regle.duree_min_embauche_jours is not None:
        eligible.append(or_(
            ch.ouvertes > 0,
            ch.chaine_fin - ch.chaine_debut + 1 > regle.duree_min_embauche_jours,
        ))
    return select(
        ch.adherent_id, ch.salarie_id, ch.poste_id, ch.d,
        func.coalesce(ch.suivant - 1, OUVERT).label("regne_fin"),
    ).where(*eligible).subquery("regnes")


def instruction_assiette(
    dialecte: str, periode: Periode, regle: RegleDeComptage, adherent_id: str | None,
    suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG,
) -> Select[Any]:
    """Every adherent (or one) with one row per billed salarié (none: one row of NULLs),
    ordered by adherent id, with the poste's type (P2b) on its last day in the period
    and on the period's first day. See :class:`FacturationSql` for the steps."""
    assert periode.fin is not None
    debut_p = literal(periode.debut.toordinal(), Integer())
    fin_p = literal(periode.fin.toordinal(), Integer())
    c = contrats.c
    cle = (c.adherent_id, c.salarie_id)
    exclue: ColumnElement[int] = (
        case((c.nature.in_(sorted(n.value for n in regle.natures_exclues)), 1), else_=0)
        if regle.natures_exclues else literal(0, Integer())
    )
    j_debut = numero_du_jour(dialecte, c.debut)
    j_fin = numero_du_jour(dialecte, c.fin)
    filtre_c: list[ColumnElement[bool]] = [~c.annule]
    if adherent_id is not None:
        filtre_c.append(c.adherent_id == adherent_id)
    # 1. each active contract with its neighbours
    suivant = func.lead(j_debut).over(partition_by=cle, order_by=c.debut).label("suivant")
    if not regle.natures_exclues and not regle.duree_min_embauche_jours:
        # Every contract is eligible (no exclusion, no minimum or 0): no chains needed.
        regnes = select(
            c.adherent_id, c.salarie_id, c.poste_id, j_debut.label("d"),
            func.coalesce(suivant - 1, OUVERT).label("regne_fin"),
        ).where(*filtre_c).subquery("regnes")
    else:
        regnes = _regnes_des_chaines(regle, filtre_c, exclue, j_debut, j_fin, suivant)
    # 3. countable pieces: governed days within a presence stretch
    r = regnes.c
    p = presences.c
    p_debut = numero_du_jour(dialecte, p.debut)
    p_fin = func.coalesce(numero_du_jour(dialecte, p.fin), OUVERT)
    debut_m = _plus_grand(r.d, p_debut)
    fin_m = _plus_petit(r.regne_fin, p_fin)
    filtre_p = [p.adherent_id == r.adherent_id, p.salarie_id == r.salarie_id,
                p_debut <= r.regne_fin, p_fin >= r.d]
    morceaux_q = select(
        r.adherent_id, r.salarie_id, r.poste_id,
        debut_m.label("s"), fin_m.label("e"),
    ).select_from(regnes.join(presences, and_(*filtre_p)))
    if adherent_id is not None:
        morceaux_q = morceaux_q.where(p.adherent_id == adherent_id)
    morceaux = morceaux_q.subquery("morceaux")
    m = morceaux.c
    croise = and_(m.s <= fin_p, m.e >= debut_p)
    rang_fin = func.row_number().over(
        partition_by=(m.adherent_id, m.salarie_id),
        order_by=case((croise, m.e), else_=-1).desc(),
    )
    classes = select(
        m.adherent_id, m.salarie_id, m.poste_id, m.s, m.e, rang_fin.label("rang_fin"),
    ).subquery("classes")
    k = classes.c
    croise_k = and_(k.s <= fin_p, k.e >= debut_p)
    # 4. per salarié
    par_salarie = select(
        k.adherent_id, k.salarie_id,
        func.min(k.s).label("premier"),
        func.min(case((croise_k, _plus_grand(k.s, debut_p)))).label("du"),
        func.max(case((croise_k, _plus_petit(k.e, fin_p)))).label("au"),
        func.max(case((and_(croise_k, k.rang_fin == 1), k.poste_id))).label("poste_au"),
        func.max(case((and_(k.s <= debut_p, k.e >= debut_p), k.poste_id)))
        .label("poste_debut"),
    ).group_by(k.adherent_id, k.salarie_id).subquery("par_salarie")
    a = par_salarie.c
    garde: list[ColumnElement[bool]] = [a.du.is_not(None)]
    if regle.mode is ModeDeComptage.PRESENT_AU_1ER_JANVIER:
        garde.append(or_(a.du == debut_p, and_(a.premier >= debut_p, a.premier <= fin_p)))
    s = salaries.c
    poste_au = postes.alias("poste_au")
    jointure = (
        par_salarie.join(salaries, and_(s.adherent_id == a.adherent_id,
                                        s.salarie_id == a.salarie_id))
        .outerjoin(poste_au, and_(poste_au.c.adherent_id == a.adherent_id,
                                  poste_au.c.poste_id == a.poste_au))
    )
    type_debut: ColumnElement[Any] = cast(null(), texte(3))
    if regle.mode is ModeDeComptage.PRESENT_AU_1ER_JANVIER:
        # The period's first day decides only under this mode: one lookup fewer otherwise.
        poste_debut = postes.alias("poste_debut")
        jointure = jointure.outerjoin(
            poste_debut, and_(poste_debut.c.adherent_id == a.adherent_id,
                              poste_debut.c.poste_id == a.poste_debut))
        type_debut = type_du_poste(poste_debut.c, lambda d: true() if periode.debut >= d
                                   else false(), suivi_simple)
    type_au = type_du_poste(poste_au.c, des_le_jour(a.au), suivi_simple)
    rangees = select(
        a.adherent_id, a.salarie_id, a.premier, a.du, a.au, s.nom, s.prenoms, s.majorite,
        type_au.label("type_au"), type_debut.label("type_debut"),
    ).select_from(jointure).where(~s.annule, *garde).subquery("rangees")
    lg = rangees.c
    instruction = select(
        adherents.c.adherent_id, lg.salarie_id, lg.premier, lg.du, lg.au, lg.nom,
        lg.prenoms, lg.majorite, lg.type_au, lg.type_debut,
    ).select_from(adherents.outerjoin(rangees, lg.adherent_id == adherents.c.adherent_id))
    if adherent_id is not None:
        instruction = instruction.where(adherents.c.adherent_id == adherent_id)
    return instruction.order_by(adherents.c.adherent_id)


def _type_le_jour(dialecte: str, jour: ColumnElement[int],
                  suivi_simple: TypeDeSuivi) -> ColumnElement[str]:
    """P3 in SQL: the poste's type on ``jour`` (a day number; P2b: that day's
    catalogue), SIA for a minor."""
    type_ = type_du_poste(postes.c, des_le_jour(jour), suivi_simple)
    return case(
        (and_(jour < numero_du_jour(dialecte, salaries.c.majorite), type_ != "SIR"), "SIA"),
        else_=type_,
    )


def chaines_stockees(regle: RegleDeComptage) -> tuple[str, str] | None:
    """The ``morceaux`` columns (chain length, longest earlier chain) that answer a chain
    rule, when its exclusion set is one :data:`CHAINES_STOCKEES` keeps; else ``None``."""
    exclues = frozenset(n.value for n in regle.natures_exclues)
    for natures, duree, avant in CHAINES_STOCKEES:
        if natures == exclues:
            return duree, avant
    return None


def instruction_morceaux(dialecte: str, periode: Periode, regle: RegleDeComptage,
                         adherent_id: str | None,
                         suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG) -> Select[Any]:
    """The stored countable pieces (``morceaux``) that cross the period and count under
    ``regle``, in the assiette's order (adherent, normalised name, given names, salarié
    id, then start), with the file's names and the follow-up type (P3) on the piece's
    last day in the period and, under ``present_au_1er_janvier``, on the period's first
    day.

    Rules that count every contract take every piece; its ``premier`` column is the
    file's first countable day. A chain rule (:func:`chaines_stockees`) takes the pieces
    whose chain lasts more than its minimum; the first of them starts the file's
    countable days when no earlier piece's chain did, so that column is then its own
    start, else -1 (never in a period)."""
    assert periode.fin is not None
    debut_p = literal(periode.debut.toordinal(), Integer())
    fin_p = literal(periode.fin.toordinal(), Integer())
    m, s, p = morceaux.c, salaries.c, postes.c
    type_debut: ColumnElement[Any] = (
        _type_le_jour(dialecte, debut_p, suivi_simple)
        if regle.mode is ModeDeComptage.PRESENT_AU_1ER_JANVIER else cast(null(), texte(3)))
    filtre: list[ColumnElement[bool]] = [m.debut <= fin_p, m.fin >= debut_p, ~s.annule]
    premier: ColumnElement[int] = m.premier
    if not regle.compte_tous_les_contrats:
        colonnes = chaines_stockees(regle)
        assert colonnes is not None, "a rule whose chains are not stored"
        minimum = literal(regle.duree_min_embauche_jours or 0, Integer())
        duree, avant = morceaux.c[colonnes[0]], morceaux.c[colonnes[1]]
        filtre.append(duree > minimum)
        premier = case((avant <= minimum, m.debut), else_=-1)
    instruction = (
        select(m.adherent_id, m.salarie_id, m.debut, m.fin, premier, s.nom, s.prenoms,
               _type_le_jour(dialecte, _plus_petit(m.fin, fin_p), suivi_simple), type_debut)
        .select_from(
            morceaux.join(salaries, and_(s.adherent_id == m.adherent_id,
                                         s.salarie_id == m.salarie_id))
            .join(postes, and_(p.adherent_id == m.adherent_id, p.poste_id == m.poste_id)))
        .where(*filtre)
    )
    if adherent_id is not None:
        instruction = instruction.where(m.adherent_id == adherent_id)
    # The assiette's order (cle_de_tri) on the stored normalised names: "C" collation on
    # PostgreSQL and byte order on SQLite are code-point order, as Python's str.
    return instruction.order_by(m.adherent_id, s.nom_norm, s.prenoms_norm, m.salarie_id,
                                m.debut)


def instruction_lignes(dialecte: str, periode: Periode, regle: RegleDeComptage,
                       adherent_id: str | None,
                       suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG) -> Select[Any] | None:
    """The statement over stored pieces the billing run executes for ``regle``; ``None``
    when the rule needs the general statement (:func:`instruction_assiette`): exclusions
    whose chains are not stored."""
    if regle.compte_tous_les_contrats or chaines_stockees(regle) is not None:
        return instruction_morceaux(dialecte, periode, regle, adherent_id, suivi_simple)
    return None


def instruction_totaux(dialecte: str, periode: Periode, regle: RegleDeComptage,
                       suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG) -> Select[Any]:
    """Rules that count every contract, totals only: per adherent and follow-up type, the
    people counted per capita and the new hires, over the stored pieces crossing the
    period, ordered by adherent id. One row per (adherent, type); the row of type NULL
    carries the new hires of pieces that decide no type.

    A person's type is read on the one piece that decides it: the piece holding the
    period's first day (``present_au_1er_janvier``), else the last piece crossing the
    period (no later piece starts in it). A new hire (first countable day ``premier`` in
    the period) is counted once: on that last piece, or under ``present_au_1er_janvier``
    on the person's first piece (``debut = premier``)."""
    assert periode.fin is not None
    debut_p = literal(periode.debut.toordinal(), Integer())
    fin_p = literal(periode.fin.toordinal(), Integer())
    m, s, p = morceaux.c, salaries.c, postes.c
    dans: list[ColumnElement[bool]] = [m.debut <= fin_p, m.fin >= debut_p, ~s.annule]
    if regle.mode is ModeDeComptage.PRESENT_AU_1ER_JANVIER:
        # Rows: the piece holding the first day (decides the type), or a first piece
        # starting in the period (a new hire); one row may be both.
        decisif: ColumnElement[bool] = m.debut <= debut_p
        type_: ColumnElement[Any] = case((decisif, _type_le_jour(dialecte, debut_p,
                                                                   suivi_simple)))
        nouveau = case((and_(m.debut == m.premier, m.premier >= debut_p), 1), else_=0)
        dans.append(or_(decisif, and_(m.debut == m.premier, m.premier >= debut_p)))
    else:
        # Rows: the last piece of each person in the period (no later piece starts in
        # it); the person is a new hire when the first countable day is in the period.
        suivant = morceaux.alias("suivant").c
        dans.append(~exists().where(suivant.adherent_id == m.adherent_id,
                                    suivant.salarie_id == m.salarie_id,
                                    suivant.debut > m.debut, suivant.debut <= fin_p))
        type_ = _type_le_jour(dialecte, _plus_petit(m.fin, fin_p), suivi_simple)
        nouveau = case((m.premier >= debut_p, 1), else_=0)
    return (
        select(m.adherent_id, type_.label("type"), func.count(), func.sum(nouveau))
        .select_from(
            morceaux.join(salaries, and_(s.adherent_id == m.adherent_id,
                                         s.salarie_id == m.salarie_id))
            .join(postes, and_(p.adherent_id == m.adherent_id, p.poste_id == m.poste_id)))
        .where(*dans)
        .group_by(m.adherent_id, type_).order_by(m.adherent_id)
    )


# Positions in a row of :func:`instruction_morceaux` (plain rows: no mapping per row):
# 0 adherent, 1 salarié, 2 start, 3 end, 4 first countable day, 5 name, 6 given names,
# 7 type on the last day in the period, 8 type on the period's first day. The fold in
# ``FacturationSql._assiettes_par_morceaux`` reads them as literals (its hot loop).


RANG_ADHERENT = 0

TYPES_PAR_VALEUR = {t.value: t for t in TypeDeSuivi}

# Positions in a row of :func:`instruction_totaux`.
RANG_TYPE, RANG_NOMBRE, RANG_NOUVEAUX = range(1, 4)


_AU_1ER_JANVIER = MotifDeComptage.PRESENT_AU_1ER_JANVIER
_DANS_L_ANNEE = MotifDeComptage.PRESENT_DANS_L_ANNEE
_EMBAUCHE = MotifDeComptage.EMBAUCHE_DANS_LA_PERIODE


def plieur(
    debut_p: int, fin_p: int, au_1er_janvier: bool
) -> Callable[[tuple[Any, ...], tuple[Any, ...], list[LigneBrute], dict[str, int], list[int]],
              None]:
    """F1 from one file's first and last pieces crossing the period (rows of
    :func:`instruction_morceaux`), as ``ligne_assiette`` does from the domain's countable
    periods: appends the plain line and counts it (per-capita lines by type value, new
    hires in ``droits[0]``). The period and the rule are read here, once per run."""
    types = TYPES_PAR_VALEUR

    def plier(premier: tuple[Any, ...], dernier: tuple[Any, ...], brutes: list[LigneBrute],
              comptes: dict[str, int], droits: list[int]) -> None:
        du = premier[2] if premier[2] > debut_p else debut_p
        au = dernier[3] if dernier[3] < fin_p else fin_p
        nouvel_embauche = debut_p <= premier[4] <= fin_p
        if not au_1er_janvier:
            type_, motif, cotisation = dernier[7], _DANS_L_ANNEE, True
        elif du == debut_p:
            type_, motif, cotisation = premier[8], _AU_1ER_JANVIER, True
        elif nouvel_embauche:
            type_, motif, cotisation = dernier[7], _EMBAUCHE, False
        else:
            return
        brutes.append((premier[1], premier[5], premier[6], types[type_], motif, du, au,
                       cotisation, nouvel_embauche))
        if cotisation:
            comptes[type_] += 1
        if nouvel_embauche:
            droits[0] += 1

    return plier


def _type_du_jour(type_poste: str | None, jour: dt.date, majorite: dt.date) -> TypeDeSuivi:
    """P3 as ``type_de_suivi_le``: the poste's type (SIG without one), SIA for a minor."""
    type_ = TypeDeSuivi(type_poste) if type_poste is not None else TypeDeSuivi.SIG
    if jour < majorite and type_ < TypeDeSuivi.SIA:
        return TypeDeSuivi.SIA
    return type_


def ligne_depuis_rangee(
    rangee: RowMapping, periode: Periode, regle: RegleDeComptage
) -> LigneAssiette:
    """F1: the one line of a salarié from its row, as ``ligne_assiette`` builds it."""
    assert periode.fin is not None
    du = dt.date.fromordinal(rangee["du"])
    au = dt.date.fromordinal(rangee["au"])
    nouvel_embauche = periode.debut.toordinal() <= rangee["premier"] <= periode.fin.toordinal()
    majorite = rangee["majorite"]
    if regle.mode is ModeDeComptage.PRESENT_AU_1ER_JANVIER and du == periode.debut:
        motif, cotisation = MotifDeComptage.PRESENT_AU_1ER_JANVIER, True
        type_de_suivi = _type_du_jour(rangee["type_debut"], du, majorite)
    else:
        cotisation = regle.mode is ModeDeComptage.PRESENT_DANS_L_ANNEE
        motif = (MotifDeComptage.PRESENT_DANS_L_ANNEE if cotisation
                 else MotifDeComptage.EMBAUCHE_DANS_LA_PERIODE)
        type_de_suivi = _type_du_jour(rangee["type_au"], au, majorite)
    return LigneAssiette(rangee["salarie_id"], rangee["nom"], rangee["prenoms"], type_de_suivi,
                         motif, du, au, cotisation, nouvel_embauche)


__all__ = [
    "RANG_ADHERENT",
    "RANG_NOMBRE",
    "RANG_NOUVEAUX",
    "RANG_TYPE",
    "TYPES_PAR_VALEUR",
    "chaines_stockees",
    "instruction_assiette",
    "instruction_lignes",
    "instruction_morceaux",
    "instruction_totaux",
    "ligne_depuis_rangee",
    "numero_du_jour",
    "plieur",
]
