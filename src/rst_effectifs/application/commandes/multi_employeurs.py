"""Commands of multi-employer workers (F7): RST's reconciliation list and records, a
member's declaration and what it sees of one file."""

from __future__ import annotations

from attrs import frozen

from ...domain.erreurs import DonneeInvalide
from ...domain.multi_employeurs import annee_valide
from ...domain.partage import NOMBRE_MAX
from ..typage import types_verifies
from .base import LIMITE_MAX, Commande

DECALAGE_MAX = 10**9


@frozen(field_transformer=types_verifies)
class FicheDesignee(Commande):
    """One member's file RST names in :class:`EnregistrerMultiEmployeur` (a part of that
    command, not a use-case input)."""

    adherent_id: str
    salarie_id: str


@frozen(field_transformer=types_verifies)
class ListerMultiEmployeurs(Commande):
    """F7, RST only: the people to look at for ``annee`` (files of one NIR on several
    members, members' declarations), ``limite`` at a time from ``decalage``."""

    annee: int
    decalage: int = 0
    limite: int = 50

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        annee_valide(self.annee)
        if not 1 <= self.limite <= LIMITE_MAX:
            raise DonneeInvalide(f"La limite va de 1 à {LIMITE_MAX}.",
                                 code="donnee.limite_invalide", chemin="limite")
        if not 0 <= self.decalage <= DECALAGE_MAX:
            raise DonneeInvalide("Le décalage est un entier positif ou nul.",
                                 code="donnee.decalage_invalide", chemin="decalage")


@frozen(field_transformer=types_verifies)
class EnregistrerMultiEmployeur(Commande):
    """F7, RST only: the person of these files (one per member, the same NIR) is
    multi-employer in ``annee``, from the situation on 31 January; the principal
    employer is found from the contracts. Sent again, changes nothing."""

    annee: int
    fiches: tuple[FicheDesignee, ...]

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        annee_valide(self.annee)
        if not 2 <= len(self.fiches) <= NOMBRE_MAX:
            raise DonneeInvalide("Désignez la fiche du salarié chez chacun de ses "
                                 "employeurs (deux au moins, cinquante au plus).",
                                 code="multi_employeur.fiches_invalides", regle="F7",
                                 chemin="fiches")


@frozen(field_transformer=types_verifies)
class DeclarerMultiEmployeur(Commande):
    """F7: the member declares that this worker has ``autres_employeurs`` other
    employers in ``annee`` (situation on 31 January). Sent again, changes nothing."""

    adherent_id: str
    salarie_id: str
    annee: int
    autres_employeurs: int = 1

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        annee_valide(self.annee)
        if not 1 <= self.autres_employeurs < NOMBRE_MAX:
            raise DonneeInvalide(
                f"Indiquez combien d'autres employeurs le salarié a (de 1 à "
                f"{NOMBRE_MAX - 1}).", code="multi_employeur.autres_employeurs_invalide",
                regle="F7", chemin="autres_employeurs")


@frozen(field_transformer=types_verifies)
class ConsulterMultiEmployeur(Commande):
    """F7: the member's declarations about one file and the shares RST recorded."""

    adherent_id: str
    salarie_id: str


__all__ = ["ConsulterMultiEmployeur", "DeclarerMultiEmployeur", "EnregistrerMultiEmployeur",
           "FicheDesignee", "ListerMultiEmployeurs"]
