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
    DOUBLON = "doublon"
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


Fiche = tuple[str, str | None, tuple[str, str, dt.date], str | None]
"""What duplicate detection reads of a file: its id, its NIR text, its S2 key and the
NTT (S21.G00.30.020) that identifies a person without NIR."""


def fiche(s: Salarie) -> Fiche:
    """A file as duplicate detection reads it (what the SQL adapter reads of a row)."""
    identite = s.identite
    return (s.id, None if identite.nir is None else identite.nir.valeur, identite.cle,
            None if identite.ntt is None else identite.ntt.valeur)


def groupes_de_doublons(fiches: Iterable[Fiche]) -> list[tuple[str, ...]]:
    """F6: the files of one adherent linked by a shared NIR, a shared NTT or a shared
    S2 key (names and given names in their comparison form, birth date), transitively;
    only groups of two or more, each sorted, the groups by their first id. Give it the active files
    only. The reference the storages' set-based queries are compared with."""
    parent: dict[str, str] = {}

    def racine(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    premiers: dict[object, str] = {}
    for salarie_id, nir, cle, ntt in fiches:
        parent.setdefault(salarie_id, salarie_id)
        for lien in (("cle", cle), None if nir is None else ("nir", nir),
                     None if ntt is None else ("ntt", ntt)):
            if lien is None:
                continue
            autre = premiers.setdefault(lien, salarie_id)
            parent[racine(salarie_id)] = racine(autre)
    groupes: dict[str, list[str]] = defaultdict(list)
    for salarie_id in parent:
        groupes[racine(salarie_id)].append(salarie_id)
    return sorted(tuple(sorted(g)) for g in groupes.values() if len(g) > 1)


def _doublons(
    salaries: list[Salarie], groupes: Iterable[tuple[str, ...]] | None
) -> list[Anomalie]:
    """Files of one person (S2 would have refused the second: doubled by concurrent
    hires before the database enforced it) and namesakes born the same day with
    different NIRs (S2 let them in, but it is probably the same person)."""
    par_id = {s.id: s for s in salaries}
    if groupes is None:
        groupes = groupes_de_doublons(fiche(s) for s in salaries)
    choisis = [[par_id[i] for i in ids if i in par_id] for ids in groupes]
    choisis.sort(key=lambda g: (g[0].identite.cle[:2], [s.id for s in g]) if g else ((), []))
    anomalies = []
    for groupe in choisis:
        if len(groupe) < 2:
            continue
        premier = groupe[0]
        nirs = {s.identite.nir for s in groupe if s.identite.nir is not None}
        ne_le = f"né(e) le {premier.identite.date_naissance:%d/%m/%Y}"
        if len(nirs) > 1:
            anomalies.append(Anomalie(
                TypeAnomalie.DOUBLON_PROBABLE, tuple(s.id for s in groupe),
                f"{len(groupe)} fiches portent le nom {_nom(premier)}, {ne_le}, avec des "
                "NIR différents.",
                "Vérifiez les NIR : s'il s'agit de la même personne, corrigez le NIR "
                "erroné, puis fusionnez les fiches.",
            ))
            continue
        anomalies.append(Anomalie(
            TypeAnomalie.DOUBLON, tuple(s.id for s in groupe),
            f"{len(groupe)} fiches actives sont celles d'une même personne ({_nom(premier)}, "
            f"{ne_le}) : elle serait facturée plusieurs fois.",
            "Fusionnez les fiches en double dans celle à conserver (fusion de fiches).",
        ))
    return anomalies


def rapport_avant_facturation(
    adherent: Adherent, salaries: Iterable[Salarie], le: dt.date,
    doublons: Iterable[tuple[str, ...]] | None = None,
) -> RapportDeVerification:
    """F6: forgotten exits (contract ended over 30 days before ``le``, still present),
    presence without a contract, duplicates, contracts on archived postes.
    ``doublons``: the groups of :func:`groupes_de_doublons` as a storage computed them
    (by default computed here from ``salaries``)."""
    actifs = sorted(
        (s for s in salaries if s.adherent_id == adherent.id and not s.annule),
        key=lambda s: (*s.identite.cle[:2], s.id),
    )
    anomalies: list[Anomalie] = []
    for s in actifs:
        for anomalie in (_sans_contrat(s, le), _poste_archive(s, le, adherent)):
            if anomalie is not None:
                anomalies.append(anomalie)
    anomalies.extend(_doublons(actifs, doublons))
    ordre = list(TypeAnomalie)
    anomalies.sort(key=lambda a: ordre.index(a.type))
    return RapportDeVerification(adherent.id, le, tuple(anomalies))


__all__ = [
    "Anomalie",
    "Fiche",
    "RapportDeVerification",
    "TypeAnomalie",
    "fiche",
    "groupes_de_doublons",
    "rapport_avant_facturation",
]
