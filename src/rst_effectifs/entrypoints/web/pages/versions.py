"""A form sent from a stale tab: someone saved the same file after this form was read,
so the library refuses it (``VersionPerimee``, HTTP 412) and nothing is written. The page
then says what changed since the form was read, keeps what the member typed, and offers
« Recharger les données » which reads the file again (its new version, its current
values) without losing the typing, so the member decides knowingly before sending.

A form carries what it showed when it was read as hidden ``lu.<name>`` fields; the
changes are those values against the file as it is now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping

from attrs import frozen

from ....domain.dates import date_fr

PREFIXE = "lu."
RECHARGER = "recharger"
"""The name of the button that reloads the data (its form is not a change)."""
MESSAGE_RECHARGE = ("Données rechargées : elles sont à jour, votre saisie est gardée. "
                    "Vérifiez-la puis enregistrez.")


@frozen
class Changement:
    """One field that someone else changed since the form was read."""

    libelle: str
    avant: str
    maintenant: str


def lus(champs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """What the form showed when it was read (``lu.<name>`` fields)."""
    return {k[len(PREFIXE):]: v for k, v in champs if k.startswith(PREFIXE)}


def saisis(champs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The member's own fields (what was read and the reload button left out)."""
    return [(k, v) for k, v in champs if not k.startswith(PREFIXE) and k != RECHARGER]


def recharge_demandee(champs: Iterable[tuple[str, str]]) -> bool:
    return any(k == RECHARGER for k, _v in champs)


SEPARATEUR = "\n"
"""Joins the values of a field sent several times (ticked boxes, address lines) into the
one ``lu.<name>`` value that says what the form showed."""


def liste_lue(valeurs: Iterable[str]) -> str:
    return SEPARATEUR.join(v for v in valeurs if v)


def garder_la_saisie(saisie: Iterable[tuple[str, str]], lu: Mapping[str, str],
                     actuel: Mapping[str, str], listes: Collection[str] = ()
                     ) -> list[tuple[str, str]]:
    """The form after « Recharger les données »: what the member changed is kept, a field
    left as it was read takes its current value (someone else's change is not undone).
    A field of ``listes`` is compared as a whole (its values joined by ``liste_lue``)."""
    saisie = list(saisie)
    gardee = [(k, actuel[k] if k in lu and k in actuel and v == lu[k] else v)
              for k, v in saisie if k not in listes]
    for nom in listes:
        tapees = [v for k, v in saisie if k == nom]
        inchangee = nom in lu and nom in actuel and liste_lue(tapees) == lu[nom]
        gardee += [(nom, v) for v in (actuel[nom].split(SEPARATEUR) if inchangee else tapees)]
    return gardee


def champs_changes(avant: Mapping[str, str], maintenant: Mapping[str, str],
                   libelles: Mapping[str, str]) -> list[Changement]:
    """The fields of ``libelles`` (in its order) whose value differs, dates JJ/MM/AAAA."""
    return [Changement(libelle, _lisible(avant.get(nom, "")), _lisible(maintenant.get(nom, "")))
            for nom, libelle in libelles.items()
            if avant.get(nom, "") != maintenant.get(nom, "")]


def _lisible(valeur: str) -> str:
    if len(valeur) == 10 and valeur[4] == "-" and valeur[7] == "-":
        try:
            return date_fr(dt.date.fromisoformat(valeur))
        except ValueError:
            return valeur
    return valeur


__all__ = ["MESSAGE_RECHARGE", "PREFIXE", "RECHARGER", "SEPARATEUR", "Changement",
           "champs_changes", "garder_la_saisie", "liste_lue", "lus", "recharge_demandee",
           "saisis"]
