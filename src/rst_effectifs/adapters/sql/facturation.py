"""Billing on SQL: frozen closings (F4) and the assiette read side (F2, F5).

A closing is written once and never changed: one row per (adherent, period) holding
the whole :class:`Cloture` as JSON (its own mapping, ``json_clotures``), so that what was
billed reads back exactly as it was, whatever the rules become later.

The assiette is one set-based statement (see :class:`FacturationSql`) over the stored
contracts and presence stretches, streamed through a server-side cursor: no salarié is
loaded as an aggregate. It must equal the domain's reference ``assiette_de_reference`` on
the same data (F5); property tests compare the two on every engine.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
from collections.abc import Iterator, Sequence
from typing import Any, Literal, overload

from sqlalchemy import Select, insert, select
from sqlalchemy.engine import Row, RowMapping
from sqlalchemy.exc import DBAPIError

from ...domain.clotures import Cloture
from ...domain.erreurs import adherent_introuvable, cloture_introuvable
from ...domain.facturation import (
    Assiette,
    Bareme,
    LigneAssiette,
    LigneBrute,
    ModeDeComptage,
    RegleDeComptage,
    periode_facturee,
)
from ...domain.periodes import Periode
from ...domain.suivi import TypeDeSuivi
from ...domain.totaux import TotauxAssiette
from ...ports.facturation import DepotClotures, LecturesFacturation
from .facturation_instructions import (
    RANG_ADHERENT,
    RANG_NOMBRE,
    RANG_NOUVEAUX,
    RANG_TYPE,
    TYPES_PAR_VALEUR,
    instruction_assiette,
    instruction_lignes,
    instruction_totaux,
    ligne_depuis_rangee,
    plieur,
)
from .json_clotures import cloture_depuis_json, cloture_en_json, resume_en_json
from .rangees import UniteSql, cle_valide
from .tables import adherents, clotures
from .traduction import appeler, erreur_de_bibliotheque


def rangee_cloture(cloture: Cloture) -> dict[str, object]:
    return {
        "adherent_id": cloture.adherent_id,
        "debut": cloture.periode.debut,
        "fin": cloture.periode.fin,
        "cloturee_le": cloture.cloturee_le,
        "contenu": cloture_en_json(cloture),
        "resume": resume_en_json(cloture),
    }


def cloture_depuis_contenu(contenu: str) -> Cloture:
    return cloture_depuis_json(contenu)


class CloturesSql(DepotClotures):
    """F4: written once (a second closing of the same period breaks the primary key and
    is refused as ``cloture.deja_faite``), read back as stored."""

    def __init__(self, uow: UniteSql) -> None:
        self._uow = uow

    def ajouter(self, cloture: Cloture) -> None:
        self._uow.ecrire_rangees(insert(clotures), rangee_cloture(cloture))

    def obtenir(self, adherent_id: str, periode: Periode) -> Cloture:
        if not cle_valide(adherent_id) or periode.fin is None:
            raise cloture_introuvable()
        rangee = self._uow.rangee(
            select(clotures.c.contenu).where(clotures.c.adherent_id == adherent_id,
                                             clotures.c.debut == periode.debut,
                                             clotures.c.fin == periode.fin)
        )
        if rangee is None:
            raise cloture_introuvable()
        return cloture_depuis_contenu(rangee["contenu"])

    def lister(self, adherent_id: str) -> Sequence[Cloture]:
        if not cle_valide(adherent_id):
            return ()
        rangees = self._uow.rangees(
            select(clotures.c.contenu).where(clotures.c.adherent_id == adherent_id)
            .order_by(clotures.c.debut)
        )
        return tuple(cloture_depuis_contenu(rangee["contenu"]) for rangee in rangees)


# -- the set-based assiette ----------------------------------------------------------------

TAILLE_LOT = 5000
"""Rows fetched at a time from the server-side cursor."""

_CURSEURS = itertools.count(1)
"""Names of server-side cursors, unique in the process."""


def _rendre(collecteur: list[bool]) -> None:
    """Before an assiette is handed to the caller: the cyclic collector as the caller
    set it (``collecteur[0]``). The run pauses it otherwise, as ``gc_paused`` does: it
    builds many small objects that hold no cycles."""
    if collecteur[0]:
        gc.enable()


def _reprendre(collecteur: list[bool]) -> None:
    """Back in the run: note the caller's setting, pause the collector again."""
    collecteur[0] = gc.isenabled()
    gc.disable()


class FacturationSql(LecturesFacturation):
    """F2 set-based: one statement per call, streamed, grouped by adherent in Python.

    The statement follows ``domain.facturation`` step by step, on day numbers
    (``date.toordinal``) so that the date arithmetic is the same on every engine:

    1. active contracts ordered by start, with window functions: the next start (a
       contract governs its days up to the day before it, C2), whether the previous
       one ends the day before (a chain goes on) and whether either nature is excluded;
    2. chains as a running sum of "starts a chain", each chain's first start and last
       end; the contracts of chains lasting long enough are eligible;
    3. countable pieces: an eligible contract's governed days within a presence
       stretch (``presences``, E3), clipped to the period;
    4. per salarié: first countable day ever (new hire), first and last countable day
       of the period, and the poste of the relevant day; minors are raised to SIA.
    """

    def __init__(self, uow: UniteSql) -> None:
        self._uow = uow

    def assiette(
        self, adherent_id: str, periode: Periode, regle: RegleDeComptage,
        bareme: Bareme | None = None, *, suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG,
    ) -> Assiette:
        """F2 for one adherent; ``Introuvable`` for an unknown one."""
        if not cle_valide(adherent_id) or (not self._uow.adherent_connu(adherent_id) and \
                self._uow.rangee(select(adherents.c.adherent_id)
                                 .where(adherents.c.adherent_id == adherent_id)) is None):
            raise adherent_introuvable()
        periode = periode_facturee(periode.debut, periode.fin)
        for assiette in self._assiettes(periode, regle, bareme, adherent_id, suivi_simple):
            return assiette
        raise adherent_introuvable()  # pragma: no cover - the adherent was just read

    def assiette_de_tous(
        self, periode: Periode, regle: RegleDeComptage, bareme: Bareme | None = None, *,
        suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG,
    ) -> Iterator[Assiette]:
        """Every adherent's assiette, by adherent id, streamed from one statement."""
        if periode.fin is None:
            if self._uow.rangee(select(adherents.c.adherent_id).limit(1)) is not None:
                periode_facturee(periode.debut, periode.fin)  # raises, as the domain does
            return iter(())
        return self._assiettes(periode, regle, bareme, None, suivi_simple)

    def totaux_de_tous(
        self, periode: Periode, regle: RegleDeComptage, bareme: Bareme | None = None, *,
        suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG,
    ) -> Iterator[TotauxAssiette]:
        """Every adherent's totals, by adherent id: counted in the database under the
        rules that count every contract; from the rows of the billing run otherwise."""
        if periode.fin is None:
            if self._uow.rangee(select(adherents.c.adherent_id).limit(1)) is not None:
                periode_facturee(periode.debut, periode.fin)  # raises, as the domain does
            return iter(())
        if not regle.compte_tous_les_contrats:
            # Chain rules: counted from the rows of the billing run (lines never built).
            return (TotauxAssiette.de_l_assiette(a)
                    for a in self._assiettes(periode, regle, bareme, None, suivi_simple))
        return self._totaux_par_morceaux(periode, regle, bareme, suivi_simple)

    def _totaux_par_morceaux(
        self, periode: Periode, regle: RegleDeComptage, bareme: Bareme | None,
        suivi_simple: TypeDeSuivi,
    ) -> Iterator[TotauxAssiette]:
        """Two streams in adherent order: every adherent and its counted rows."""
        ids = select(adherents.c.adherent_id).order_by(adherents.c.adherent_id)
        comptes = self._rangees(instruction_totaux(self._uow.moteur.dialect.name, periode,
                                                   regle, suivi_simple))
        compte = next(comptes, None)
        for (courant,) in self._rangees(ids):
            par_type: dict[TypeDeSuivi, int] = {}
            nouveaux = 0
            while compte is not None and compte[RANG_ADHERENT] == courant:
                if compte[RANG_TYPE] is not None:
                    par_type[TYPES_PAR_VALEUR[compte[RANG_TYPE]]] = int(compte[RANG_NOMBRE])
                nouveaux += int(compte[RANG_NOUVEAUX])
                compte = next(comptes, None)
            yield TotauxAssiette.depuis_quantites(courant, periode, regle, par_type,
                                                  nouveaux, bareme)

    def _assiettes(
        self, periode: Periode, regle: RegleDeComptage, bareme: Bareme | None,
        adherent_id: str | None, suivi_simple: TypeDeSuivi,
    ) -> Iterator[Assiette]:
        dialecte = self._uow.moteur.dialect.name
        instruction = instruction_lignes(dialecte, periode, regle, adherent_id, suivi_simple)
        if instruction is not None:
            return self._assiettes_par_morceaux(periode, regle, bareme, adherent_id, instruction)
        return self._assiettes_par_chaines(periode, regle, bareme, adherent_id, suivi_simple)

    def _assiettes_par_morceaux(
        self, periode: Periode, regle: RegleDeComptage, bareme: Bareme | None,
        adherent_id: str | None, instruction: Select[Any],
    ) -> Iterator[Assiette]:
        """Every adherent in id order (an assiette even when empty), from the stored
        pieces read through the raw driver cursor: already in the assiette's order, folded
        per salarié into plain lines (:data:`LigneBrute`) and counted as they come; the
        lines become objects only when the caller reads them."""
        ids = select(adherents.c.adherent_id).order_by(adherents.c.adherent_id)
        if adherent_id is not None:
            ids = ids.where(adherents.c.adherent_id == adherent_id)
        membres = [rangee[0] for lot in self._lots(ids) for rangee in lot]
        assert periode.fin is not None
        debut_p, fin_p = periode.debut.toordinal(), periode.fin.toordinal()
        plier = plieur(debut_p, fin_p, regle.mode is ModeDeComptage.PRESENT_AU_1ER_JANVIER)
        suivant = 0  # index in ``membres`` of the next member to hand out

        def assiettes_jusqu_a(membre: str | None) -> Iterator[Assiette]:
            """Empty assiettes for members with nobody before ``membre`` (None: all)."""
            nonlocal suivant
            while suivant < len(membres) and (membre is None or membres[suivant] < membre):
                yield Assiette.depuis_lignes_brutes(membres[suivant], periode, regle, (),
                                                    {}, 0, bareme)
                suivant += 1

        courant: str | None = None
        brutes: list[LigneBrute] = []
        comptes = dict.fromkeys(TYPES_PAR_VALEUR, 0)
        droits = [0]
        premier: tuple[Any, ...] | None = None
        dernier: tuple[Any, ...] = ()
        collecteur = [gc.isenabled()]  # the caller's setting, on whenever it holds one
        gc.disable()
        try:
            for lot in self._lots(instruction):
                for piece in lot:
                    if premier is not None:
                        if piece[1] == premier[1] and piece[0] == premier[0]:
                            dernier = piece  # the same salarié's next piece
                            continue
                        plier(premier, dernier, brutes, comptes, droits)
                    premier = dernier = piece
                    if piece[0] != courant:
                        if courant is not None:
                            assiette = self._assiette(courant, periode, regle, brutes,
                                                      comptes, droits[0], bareme)
                            _rendre(collecteur)
                            yield assiette
                            _reprendre(collecteur)
                            suivant += 1
                            brutes, comptes, droits = [], dict.fromkeys(TYPES_PAR_VALEUR, 0), [0]
                        if membres[suivant] != piece[0]:
                            _rendre(collecteur)
                            yield from assiettes_jusqu_a(piece[0])
                            _reprendre(collecteur)
                        courant = piece[0]
            if premier is not None:
                plier(premier, dernier, brutes, comptes, droits)
            if courant is not None:
                assiette = self._assiette(courant, periode, regle, brutes, comptes,
                                          droits[0], bareme)
                _rendre(collecteur)
                yield assiette
                _reprendre(collecteur)
                suivant += 1
            _rendre(collecteur)
            yield from assiettes_jusqu_a(None)
            _reprendre(collecteur)
        finally:
            if collecteur[0]:
                gc.enable()

    @staticmethod
    def _assiette(adherent_id: str, periode: Periode, regle: RegleDeComptage,
                  brutes: list[LigneBrute], comptes: dict[str, int], droits: int,
                  bareme: Bareme | None) -> Assiette:
        return Assiette.depuis_lignes_brutes(
            adherent_id, periode, regle, brutes,
            {TYPES_PAR_VALEUR[t]: n for t, n in comptes.items()}, droits, bareme)

    def _rangees(self, instruction: Select[Any]) -> Iterator[tuple[Any, ...]]:
        """The rows of :meth:`_lots`, one by one."""
        for lot in self._lots(instruction):
            yield from lot

    def _lots(self, instruction: Select[Any]) -> Iterator[list[tuple[Any, ...]]]:
        """The rows as the driver's own tuples, through the raw DBAPI cursor (a named,
        server-side one on PostgreSQL), in lists of ``TAILLE_LOT``: no SQLAlchemy row
        object per row. Driver errors become the library's, as :func:`appeler` does."""
        connection = self._uow.connection()
        dialecte = connection.dialect
        compilee = instruction.compile(dialect=dialecte)
        valeurs = compilee.construct_params()
        parametres: Any = (tuple(valeurs[nom] for nom in compilee.positiontup or ())
                           if compilee.positional else valeurs)
        sql = str(compilee)
        erreur_du_pilote: type[Exception] = dialecte.loaded_dbapi.Error
        brute: Any = appeler(lambda: connection.connection).driver_connection
        erreur: Exception | None = None
        curseur: Any = None
        try:
            curseur = (brute.cursor() if dialecte.name == "sqlite"
                       else brute.cursor(name=f"rst_facturation_{next(_CURSEURS)}"))
            curseur.execute(sql, parametres)
            while lot := curseur.fetchmany(TAILLE_LOT):
                yield lot
        except erreur_du_pilote as e:
            erreur = e
        finally:
            if curseur is not None:
                with contextlib.suppress(Exception):
                    curseur.close()
        if erreur is not None:
            raise erreur_de_bibliotheque(DBAPIError.instance(
                sql, parametres, erreur, erreur_du_pilote))

    def _assiettes_par_chaines(
        self, periode: Periode, regle: RegleDeComptage, bareme: Bareme | None,
        adherent_id: str | None, suivi_simple: TypeDeSuivi,
    ) -> Iterator[Assiette]:
        instruction = instruction_assiette(self._uow.moteur.dialect.name, periode, regle,
                                           adherent_id, suivi_simple)
        courant: str | None = None
        lignes: list[LigneAssiette] = []
        for rangee in self._flux(instruction):
            if rangee["adherent_id"] != courant:
                if courant is not None:
                    yield Assiette.depuis_lignes(courant, periode, regle, lignes, bareme)
                courant, lignes = rangee["adherent_id"], []
            if rangee["salarie_id"] is not None:
                lignes.append(ligne_depuis_rangee(rangee, periode, regle))
        if courant is not None:
            yield Assiette.depuis_lignes(courant, periode, regle, lignes, bareme)

    @overload
    def _flux(self, instruction: Select[Any]) -> Iterator[RowMapping]: ...
    @overload
    def _flux(self, instruction: Select[Any], par_nom: Literal[False]) -> Iterator[Row[Any]]: ...

    def _flux(
        self, instruction: Select[Any], par_nom: bool = True
    ) -> Iterator[RowMapping] | Iterator[Row[Any]]:
        """The rows in batches through a server-side cursor (``stream_results``), as
        mappings or, ``par_nom=False``, as plain rows (cheaper per row)."""
        connection = self._uow.connection()
        options = {"stream_results": True, "max_row_buffer": TAILLE_LOT}
        execute = appeler(lambda: connection.execute(instruction, execution_options=options))
        resultat = execute.mappings() if par_nom else execute
        try:
            while lot := appeler(lambda: resultat.fetchmany(TAILLE_LOT)):
                yield from lot
        finally:
            resultat.close()


__all__ = ["TAILLE_LOT", "CloturesSql", "FacturationSql"]
