"""Commands of the invoices (F8): issuing a closing's documents, every member's at once
(RST), reading them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from attrs import field, frozen

from ...domain.erreurs import DonneeInvalide
from ...domain.facturation import Bareme, montant_en_euros
from ..typage import types_verifies
from .base import Commande

LIMITE_EMISSION_MAX = 1_000_000
LOT_MAX = 5_000


def _cout_moyen(valeur: object) -> Decimal | None:
    return None if valeur is None else montant_en_euros(valeur, "cout_moyen", "F3")


@frozen(field_transformer=types_verifies)
class PrixDeFacture:
    """The barème that prices a closing made without one (F2), and how F3 is applied to
    it, as in :class:`CalculerAssiette`; a closing that has its own barème is always
    invoiced at it. Keyword-only, declared and checked once for both issuing commands."""

    bareme: str | None = field(default=None, kw_only=True)
    bareme_sur_mesure: Bareme | None = field(default=None, kw_only=True)
    cout_moyen: Decimal | None = field(default=None, converter=_cout_moyen, kw_only=True)
    sans_controle_bande: bool = field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.bareme is not None and self.bareme_sur_mesure is not None:
            raise DonneeInvalide("Choisissez un barème prédéfini ou un barème sur mesure, "
                                 "pas les deux.", code="bareme.choix_invalide", regle="F2",
                                 chemin="bareme")
        if self.cout_moyen is not None and self.sans_controle_bande:
            raise DonneeInvalide("Donnez le coût moyen national ou levez le contrôle de la "
                                 "bande légale, pas les deux.", code="bareme.choix_invalide",
                                 regle="F3", chemin="sans_controle_bande")


def _periode(debut: dt.date, fin: dt.date) -> None:
    if fin < debut:
        raise DonneeInvalide("La fin de la période précède son début.",
                             code="periode.invalide", regle="F8", chemin="fin")


@frozen(field_transformer=types_verifies)
class EmettreFacture(PrixDeFacture, Commande):
    """F8: issue the documents of the adherent's closing of [debut, fin] — its invoice,
    and a credit note or complementary invoice for what it regularises — after those of
    its earlier closings not yet invoiced. Issuing an invoiced closing again gives the
    same documents. RST only."""

    adherent_id: str
    debut: dt.date
    fin: dt.date

    def __attrs_post_init__(self) -> None:
        Commande.__attrs_post_init__(self)
        PrixDeFacture.__attrs_post_init__(self)
        _periode(self.debut, self.fin)


@frozen(field_transformer=types_verifies)
class EmettreFactures(PrixDeFacture, Commande):
    """F8, for RST: issue the documents of every adherent's closing of [debut, fin] not
    yet invoiced, in adherent id order after ``apres``, ``limite`` adherents at most (all
    by default), committed by batches: a run stopped halfway is resumed by running it
    again (adherents already invoiced are skipped). ``par_lot``: adherents per
    transaction (200 by default)."""

    debut: dt.date
    fin: dt.date
    apres: str | None = None
    limite: int | None = None
    par_lot: int | None = None

    def __attrs_post_init__(self) -> None:
        Commande.__attrs_post_init__(self)
        PrixDeFacture.__attrs_post_init__(self)
        _periode(self.debut, self.fin)
        if self.limite is not None and not 1 <= self.limite <= LIMITE_EMISSION_MAX:
            raise DonneeInvalide(f"La limite va de 1 à {LIMITE_EMISSION_MAX}.",
                                 code="donnee.limite_invalide", regle="F8", chemin="limite")
        if self.par_lot is not None and not 1 <= self.par_lot <= LOT_MAX:
            raise DonneeInvalide(f"Un lot compte de 1 à {LOT_MAX} adhérents.",
                                 code="donnee.limite_invalide", regle="F8", chemin="par_lot")


@frozen(field_transformer=types_verifies)
class ListerFactures(Commande):
    """F8: the adherent's invoices and credit notes, in the order of issue."""

    adherent_id: str


@frozen(field_transformer=types_verifies)
class ConsulterFacture(Commande):
    """F8: one document as issued, with its electronic form (CII XML)."""

    adherent_id: str
    numero_facture: str
