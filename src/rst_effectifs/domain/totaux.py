"""Invoice totals without lines (F2): what a dashboard or an invoice header needs.

:class:`TotauxAssiette` holds exactly the totals and amounts of an :class:`Assiette`,
without its lines, so a storage can count them in the database. It is equal, field for
field, to :meth:`TotauxAssiette.de_l_assiette` of the full run on the same data: the
property tests compare the two on every storage.
"""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen

from .facturation import (
    CODE_DROIT_ENTREE,
    Assiette,
    Bareme,
    Montants,
    ParType,
    RegleDeComptage,
    TotalParType,
    calculer_montants,
    total_par_type,
)
from .periodes import Periode
from .suivi import TypeDeSuivi


@frozen
class TotauxAssiette(ParType):
    """F2: one adherent's totals for one period under one rule: people counted per
    capita by follow-up type, entry fees, and with a barème the amounts; the fields of
    :class:`Assiette` but its lines."""

    adherent_id: str
    periode: Periode
    regle: str
    totaux: tuple[TotalParType, ...]
    droits_entree: int
    bareme: str | None = None
    montants: Montants | None = None

    @classmethod
    def de_l_assiette(cls, assiette: Assiette) -> TotauxAssiette:
        """The totals of a full assiette (the reference)."""
        return cls(assiette.adherent_id, assiette.periode, assiette.regle, assiette.totaux,
                   assiette.droits_entree, assiette.bareme, assiette.montants)

    @classmethod
    def depuis_quantites(
        cls,
        adherent_id: str,
        periode: Periode,
        regle: RegleDeComptage,
        par_type: Mapping[TypeDeSuivi, int],
        droits_entree: int,
        bareme: Bareme | None = None,
    ) -> TotauxAssiette:
        """From counts made elsewhere (a database), priced as
        :meth:`Assiette.depuis_lignes` prices the same counts."""
        totaux = tuple(total_par_type(t, par_type.get(t, 0)) for t in _ORDRE)
        if bareme is None:
            return cls(adherent_id, periode, regle.nom, totaux, droits_entree)
        quantites = {t.type_de_suivi.value: t.nombre for t in totaux}
        quantites[CODE_DROIT_ENTREE] = droits_entree
        return cls(adherent_id, periode, regle.nom, totaux, droits_entree, bareme.nom,
                   calculer_montants(bareme, quantites))


_ORDRE = tuple(TypeDeSuivi)


__all__ = ["TotauxAssiette"]
