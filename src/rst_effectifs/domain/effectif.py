"""The headcount (E4) and each salarié's follow-up type on a date (P3).

This pure computation is the reference the SQL read side is tested against.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from attrs import frozen

from .periodes import Periode
from .postes import Poste
from .salaries import Salarie
from .suivi import TypeDeSuivi

MAJORITE = 18


@frozen
class LigneEffectif:
    """One counted salarié and the follow-up type they count under."""

    salarie_id: str
    nom: str
    prenoms: str
    type_de_suivi: TypeDeSuivi


@frozen
class Effectif:
    """Who is present on every day of ``periode`` (``debut == fin`` for one date) or on
    at least one of its days; lines sorted by name then id."""

    adherent_id: str
    debut: dt.date
    fin: dt.date
    lignes: tuple[LigneEffectif, ...]

    @property
    def nombre(self) -> int:
        return len(self.lignes)

    @property
    def par_type(self) -> dict[TypeDeSuivi, int]:
        totaux = dict.fromkeys(TypeDeSuivi, 0)
        for ligne in self.lignes:
            totaux[ligne.type_de_suivi] += 1
        return totaux

    @property
    def salarie_ids(self) -> frozenset[str]:
        return frozenset(ligne.salarie_id for ligne in self.lignes)


def type_de_suivi_le(
    salarie: Salarie, le: dt.date, postes: Mapping[str, Poste],
    suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG,
) -> TypeDeSuivi:
    """P3: the current poste's type on that date (P2b: the catalogue of that day),
    raised to SIA for a minor on that date."""
    contrat = salarie.contrat_le(le)
    poste = postes.get(contrat.poste_id) if contrat is not None else None
    type_poste = (poste.type_de_suivi_le(le, suivi_simple) if poste is not None
                  else TypeDeSuivi.SIG)
    if salarie.identite.age_le(le) < MAJORITE and type_poste < TypeDeSuivi.SIA:
        return TypeDeSuivi.SIA
    return type_poste


def dernier_jour_present(salarie: Salarie, periode: Periode) -> dt.date | None:
    """The last day of ``periode`` the salarié is present, or ``None``."""
    assert periode.fin is not None
    jours = [
        min(periode.fin, p.fin) if p.fin is not None else periode.fin
        for p in salarie.periodes_de_presence()
        if p.croise(periode)
    ]
    return max(jours, default=None)


def calculer_effectif(
    adherent_id: str,
    salaries: Iterable[Salarie],
    postes: Mapping[str, Poste],
    debut: dt.date,
    fin: dt.date | None = None,
    suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG,
) -> Effectif:
    """E4: present on ``debut`` (no ``fin``) or on at least one day of [debut, fin].

    Over a period, the follow-up type is the one on the last day present in it (P2b:
    under the catalogue of that day; ``suivi_simple`` is the service's choice).
    """
    periode = Periode(debut, debut if fin is None else fin)
    lignes: list[tuple[tuple[str, str], str, LigneEffectif]] = []
    for s in salaries:
        if s.adherent_id != adherent_id:
            continue
        jour = dernier_jour_present(s, periode)
        if jour is not None:
            lignes.append(
                (s.identite.cle[:2], s.id,
                 LigneEffectif(s.id, s.identite.nom, s.identite.prenoms,
                               type_de_suivi_le(s, jour, postes, suivi_simple)))
            )
    lignes.sort(key=lambda t: (t[0], t[1]))
    assert periode.fin is not None
    return Effectif(adherent_id, periode.debut, periode.fin, tuple(t[2] for t in lignes))
