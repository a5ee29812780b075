"""F6: likely mistakes to fix before billing, each with the action to take.

Messages name the salarié (their own employer reads them) but never show a NIR.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable

from attrs import frozen

from .adherents import Adherent
from .salaries import Salarie

DELAI_SORTIE_OUBLIEE = dt.timedelta(days=30)


class TypeAnomalie(enum.Enum):
    SORTIE_OUBLIEE = "sortie_oubliee"
    PRESENT_SANS_CONTRAT = "present_sans_contrat"
    DOUBLON_PROBABLE = "doublon_probable"
    CONTRAT_SUR_POSTE_ARCHIVE = "contrat_sur_poste_archive"


@frozen
class Anomalie:
    """One likely mistake: what, on which files, and what to do about it."""

    type: TypeAnomalie
    salarie_ids: tuple[str, ...]
    message: str
    action: str
    regle: str = "F6"


@frozen
class RapportDeVerification:
    """F6: the anomalies of one adherent on date ``le``, by kind then by name."""

    adherent_id: str
    le: dt.date
    anomalies: tuple[Anomalie, ...]

    @property
    def est_vide(self) -> bool:
        return not self.anomalies


def _nom(s: Salarie) -> str:
    return f"{s.identite.nom} {s.identite.prenoms}"


def _sans_contrat(s: Salarie, le: dt.date) -> Anomalie | None:
    """Present on ``le`` with no contract in force: a forgotten exit when the last
    contract ended over 30 days ago during the current presence, or a presence (a
    reintegration) that no contract backs."""
    if not s.present_le(le) or any(c.couvre(le) for c in s.contrats_actifs):
        return None
    dernier = s.contrat_le(le)
    presence = next(p for p in s.periodes_de_presence() if p.contient(le))
    if dernier is None or dernier.fin is None:  # present means a contract started before
        return None
    if dernier.fin < presence.debut:
        return Anomalie(
            TypeAnomalie.PRESENT_SANS_CONTRAT, (s.id,),
            f"{_nom(s)} est dans l'effectif depuis le {presence.debut:%d/%m/%Y} sans "
            "contrat en cours.",
            "Ajoutez-lui le contrat qui justifie sa présence, ou sortez-le de l'effectif.",
        )
    if le - dernier.fin > DELAI_SORTIE_OUBLIEE:
        return Anomalie(
            TypeAnomalie.SORTIE_OUBLIEE, (s.id,),
            f"Le contrat de {_nom(s)} a pris fin le {dernier.fin:%d/%m/%Y} mais il est "
            "toujours dans l'effectif : il est facturé sans raison.",
            f"Sortez-le de l'effectif au {dernier.fin:%d/%m/%Y}, ou ajoutez-lui le contrat "
            "qui a suivi.",
        )
    return None


def _poste_archive(s: Salarie, le: dt.date, adherent: Adherent) -> Anomalie | None:
    """A contract in force on ``le``, or starting later, on an archived poste."""
    postes = adherent.postes_par_id()
    for c in sorted(s.contrats_actifs, key=lambda c: c.debut):
        poste = postes.get(c.poste_id)
        if poste is not None and poste.archive and (c.fin is None or c.fin >= le):
            return Anomalie(
                TypeAnomalie.CONTRAT_SUR_POSTE_ARCHIVE, (s.id,),
                f"Le contrat de {_nom(s)} commencé le {c.debut:%d/%m/%Y} porte sur le "
                f"poste archivé « {poste.libelle} ».",
                "Ajoutez-lui un nouveau contrat sur un poste actif (changement de poste) "
                "pour que son type de suivi reste juste.",
            )
    return None


def _doublons(salaries: list[Salarie]) -> list[Anomalie]:
    """Same normalised names and birth date, both NIRs given and different: S2 let the
    second file in, but it is probably the same person."""
    groupes: dict[tuple[str, str, dt.date], list[Salarie]] = defaultdict(list)
    for s in salaries:
        groupes[s.identite.cle].append(s)
    anomalies = []
    for groupe in groupes.values():
        nirs = {s.identite.nir for s in groupe if s.identite.nir is not None}
        if len(groupe) < 2 or len(nirs) < 2:
            continue
        groupe.sort(key=lambda s: s.id)
        premier = groupe[0]
        anomalies.append(Anomalie(
            TypeAnomalie.DOUBLON_PROBABLE, tuple(s.id for s in groupe),
            f"{len(groupe)} fiches portent le nom {_nom(premier)}, né(e) le "
            f"{premier.identite.date_naissance:%d/%m/%Y}, avec des NIR différents.",
            "Vérifiez les NIR : s'il s'agit de la même personne, corrigez le NIR erroné, "
            "puis annulez la fiche en trop si elle n'a jamais été facturée, sinon sortez-la "
            "de l'effectif.",
        ))
    return anomalies


def rapport_avant_facturation(
    adherent: Adherent, salaries: Iterable[Salarie], le: dt.date
) -> RapportDeVerification:
    """F6: forgotten exits (contract ended over 30 days before ``le``, still present),
    presence without a contract, probable duplicates, contracts on archived postes."""
    actifs = sorted(
        (s for s in salaries if s.adherent_id == adherent.id and not s.annule),
        key=lambda s: (*s.identite.cle[:2], s.id),
    )
    anomalies: list[Anomalie] = []
    for s in actifs:
        for anomalie in (_sans_contrat(s, le), _poste_archive(s, le, adherent)):
            if anomalie is not None:
                anomalies.append(anomalie)
    anomalies.extend(_doublons(actifs))
    ordre = list(TypeAnomalie)
    anomalies.sort(key=lambda a: ordre.index(a.type))
    return RapportDeVerification(adherent.id, le, tuple(anomalies))


__all__ = [
    "Anomalie",
    "RapportDeVerification",
    "TypeAnomalie",
    "rapport_avant_facturation",
]
