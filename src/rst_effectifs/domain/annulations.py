"""F4: cancelling what a closed period billed, by the regularisation path.

An exit, a reintegration or a contract dated inside a closed period cannot simply be
cancelled (E6, C4 refuse it): the frozen assiette stays as it is, the cancellation is
recorded with the employer's reason, and the next closing regularises its effect.
"""

from __future__ import annotations

import datetime as dt
import enum

from .adherents import Adherent
from .clotures import AnnulationARegulariser
from .erreurs import RegleMetier
from .evenements import Evenement
from .salaries import Salarie
from .textes import texte_requis


class ObjetAnnule(enum.Enum):
    """What a regularised cancellation cancels."""

    MOUVEMENT = "mouvement"
    CONTRAT = "contrat"


def motif_d_annulation(texte: object) -> str:
    """F4: the reason is required, printable, 200 characters at most."""
    return texte_requis(texte, champ="motif", code="regularisation.motif_invalide",
                        regle="F4", maximum=200, libelle="Le motif de l'annulation")


def _date_facturee(salarie: Salarie, objet: ObjetAnnule, objet_id: str) -> dt.date | None:
    """The date that puts the cancelled element in a period (an exit's or reintegration's
    day, a contract's start), or ``None`` for an id the salarié has no active one of."""
    if objet is ObjetAnnule.MOUVEMENT:
        return next((m.le for m in salarie.mouvements_actifs if m.id == objet_id), None)
    return next((c.debut for c in salarie.contrats_actifs if c.id == objet_id), None)


def annuler_regularise(
    adherent: Adherent, salarie: Salarie, objet: ObjetAnnule, objet_id: str, motif: str
) -> tuple[Salarie, list[Evenement]]:
    """F4/E6/C4: cancel a movement or contract dated in a closed period, with the event
    that the next closing regularises; refused for one outside every closed period (it is
    cancelled directly). ``motif`` comes from :func:`motif_d_annulation`."""
    le = _date_facturee(salarie, objet, objet_id)
    if le is not None and (adherent.cloture_au is None or le > adherent.cloture_au):
        raise RegleMetier(
            "Cet élément n'est pas dans une période clôturée : annulez-le directement.",
            code="regularisation.inutile", regle="F4",
        )
    if objet is ObjetAnnule.MOUVEMENT:
        nouveau, evenements = salarie.annuler_mouvement(objet_id, None)
    else:
        nouveau, evenements = salarie.annuler_contrat(objet_id, None)
    assert le is not None  # annuler_mouvement and annuler_contrat refuse an unknown id
    return nouveau, [*evenements, AnnulationARegulariser(
        adherent.id, salarie.id, objet_id, le, motif)]


__all__ = ["ObjetAnnule", "annuler_regularise", "motif_d_annulation"]
