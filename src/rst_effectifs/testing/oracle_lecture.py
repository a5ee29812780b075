"""The library's objects read as the oracle's plain facts: fields only, never a derived
property or a method of the domain (``tests/test_architecture.py`` checks which names
this module may touch), so the oracle sees what was stored, not what the library
computes from it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..domain.mouvements import Sortie
from .oracle import ContratBrut, DossierBrut, MouvementBrut, RegleBrute, TypeDuPoste
from .oracle_montants import BaremeBrut

if TYPE_CHECKING:
    from ..domain.adherents import Adherent
    from ..domain.baremes import Bareme
    from ..domain.regles_de_comptage import RegleDeComptage
    from ..domain.salaries import Salarie

__all__ = ["bareme_brut", "dossier", "dossiers", "regle_brute", "types_des_postes"]


def dossier(salarie: Salarie) -> DossierBrut:
    """One file's facts: its contracts and movements that are not cancelled."""
    return DossierBrut(
        salarie.id, salarie.identite.nom, salarie.identite.prenoms,
        salarie.identite.date_naissance,
        tuple(ContratBrut(c.id, c.debut, c.fin, c.nature.value, c.poste_id)
              for c in salarie.contrats if not c.annule),
        tuple(MouvementBrut(isinstance(m, Sortie), m.le)
              for m in salarie.mouvements if not m.annule))


def dossiers(salaries: Iterable[Salarie], adherent_id: str) -> list[DossierBrut]:
    """The adherent's files that are not cancelled (S3: a cancelled file never counts)."""
    return [dossier(s) for s in salaries if s.adherent_id == adherent_id and not s.annule]


def types_des_postes(adherent: Adherent) -> TypeDuPoste:
    """P2/P2b, taken as given: each poste's follow-up type on the day, from the library's
    dated catalogue (simple follow-up: SIG)."""
    postes = {p.id: p for p in adherent.postes}

    def type_du_poste(poste_id: str, jour: dt.date) -> str:
        poste = postes.get(poste_id)
        return "SIG" if poste is None else poste.type_de_suivi_le(jour).value

    return type_du_poste


def regle_brute(regle: RegleDeComptage) -> RegleBrute:
    return RegleBrute(regle.mode.value, regle.duree_min_embauche_jours,
                      frozenset(n.value for n in regle.natures_exclues))


def bareme_brut(bareme: Bareme) -> BaremeBrut:
    return BaremeBrut({"SIG": bareme.prix_sig, "SIA": bareme.prix_sia, "SIR": bareme.prix_sir,
                       "droit_entree": bareme.droit_entree,
                       "forfait_etablissement": bareme.forfait_etablissement},
                      bareme.taux_tva)
