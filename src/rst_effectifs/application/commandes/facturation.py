"""Commands of the facturation menu (F1–F6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Protocol, cast

from attrs import field, frozen

from ...domain.erreurs import DonneeInvalide
from ...domain.facturation import Bareme, RegleDeComptage, montant_en_euros
from ..typage import types_verifies
from .base import Commande


def _cout_moyen(valeur: object) -> Decimal | None:
    """F3: the national average cost a caller gives, as ``Decimal``, int or decimal text."""
    return None if valeur is None else montant_en_euros(valeur, "cout_moyen", "F3")


class ChoixDeFacturation(Protocol):
    """What :func:`_verifier_choix_facturation` reads: the period and rule fields each
    billing command declares, and the options of :class:`OptionsDeFacturation`."""

    @property
    def debut(self) -> dt.date: ...
    @property
    def fin(self) -> dt.date: ...
    @property
    def regle(self) -> str | None: ...
    @property
    def bareme(self) -> str | None: ...
    @property
    def regle_sur_mesure(self) -> RegleDeComptage | None: ...
    @property
    def bareme_sur_mesure(self) -> Bareme | None: ...
    @property
    def cout_moyen(self) -> Decimal | None: ...
    @property
    def sans_controle_bande(self) -> bool: ...


def _verifier_choix_facturation(choix: ChoixDeFacturation) -> None:
    if choix.fin < choix.debut:
        raise DonneeInvalide("La fin de la période précède son début.",
                             code="periode.invalide", regle="F2", chemin="fin")
    if (choix.regle is None) == (choix.regle_sur_mesure is None):
        raise DonneeInvalide(
            "Choisissez une règle de comptage : un nom de règle prédéfinie ou une règle "
            "sur mesure, pas les deux.", code="regle.choix_invalide", regle="F2",
            chemin="regle",
        )
    if choix.bareme is not None and choix.bareme_sur_mesure is not None:
        raise DonneeInvalide("Choisissez un barème prédéfini ou un barème sur mesure, pas "
                             "les deux.", code="bareme.choix_invalide", regle="F2",
                             chemin="bareme")
    if choix.cout_moyen is not None and choix.sans_controle_bande:
        raise DonneeInvalide("Donnez le coût moyen national ou levez le contrôle de la "
                             "bande légale, pas les deux.", code="bareme.choix_invalide",
                             regle="F3", chemin="sans_controle_bande")


@frozen(field_transformer=types_verifies)
class OptionsDeFacturation:
    """What :class:`CalculerAssiette`, :class:`CalculerTotaux` and
    :class:`CloturerPeriode` choose alike, declared and checked once: the custom rule and
    barème and how F3 is applied, keyword-only so that each command keeps its own
    positional fields first (``adherent_id`` where it has one, ``debut``, ``fin``,
    ``regle``, ``bareme``). Not a :class:`Commande` itself (no use case takes it):
    each billing command derives from both."""

    regle_sur_mesure: RegleDeComptage | None = field(default=None, kw_only=True)
    bareme_sur_mesure: Bareme | None = field(default=None, kw_only=True)
    cout_moyen: Decimal | None = field(default=None, converter=_cout_moyen, kw_only=True)
    sans_controle_bande: bool = field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        Commande.__attrs_post_init__(cast(Commande, self))
        _verifier_choix_facturation(cast(ChoixDeFacturation, self))


@frozen(field_transformer=types_verifies)
class CalculerAssiette(OptionsDeFacturation, Commande):
    """F2: one adherent's assiette over [debut, fin] under a preset rule (``regle``, a
    name of ``REGLES_PREDEFINIES``) or ``regle_sur_mesure``; priced with an optional
    barème (``bareme``, a name of ``BAREMES_PREDEFINIS``, or ``bareme_sur_mesure``).
    F3 checks the barème against the national cost of the period's first year: the
    context's (``Contexte.couts_moyens``), or ``cout_moyen`` when given; with no cost
    known the request is refused unless ``sans_controle_bande`` waives the check."""

    adherent_id: str
    debut: dt.date
    fin: dt.date
    regle: str | None = None
    bareme: str | None = None


@frozen(field_transformer=types_verifies)
class CalculerTotaux(OptionsDeFacturation, Commande):
    """F2 without lines, for RST: every adherent's totals and amounts over [debut, fin]
    (rule, barème and F3's national cost chosen as in :class:`CalculerAssiette`)."""

    debut: dt.date
    fin: dt.date
    regle: str | None = None
    bareme: str | None = None


@frozen(field_transformer=types_verifies)
class CloturerPeriode(OptionsDeFacturation, Commande):
    """F4: freeze the assiette of [debut, fin] (chosen as in :class:`CalculerAssiette`)
    and regularise the earlier closed periods."""

    adherent_id: str
    debut: dt.date
    fin: dt.date
    regle: str | None = None
    bareme: str | None = None


@frozen(field_transformer=types_verifies)
class ConsulterCloture(Commande):
    adherent_id: str
    debut: dt.date
    fin: dt.date


@frozen(field_transformer=types_verifies)
class ListerClotures(Commande):
    adherent_id: str


@frozen(field_transformer=types_verifies)
class VerifierAvantFacturation(Commande):
    """F6: the report of likely mistakes on ``le`` (today by the clock when omitted)."""

    adherent_id: str
    le: dt.date | None = None


@frozen(field_transformer=types_verifies)
class AnnulerMouvementRegularise(Commande):
    """F4/E6: cancel an exit or reintegration dated inside a closed period; ``motif``
    (required) is journaled and the next closing regularises the effect."""

    adherent_id: str
    salarie_id: str
    mouvement_id: str
    motif: str
    version_attendue: int | None = None


@frozen(field_transformer=types_verifies)
class AnnulerContratRegularise(Commande):
    """F4/C4: cancel a contract that touches a closed period, as above."""

    adherent_id: str
    salarie_id: str
    contrat_id: str
    motif: str
    version_attendue: int | None = None
