"""Options several commands share: the adherent, the billing period (``--annee`` or
``--du``/``--au``), the billing choices (rule, barème, F3 check) and ``--tous``. One
place, so that every command reads and refuses them alike."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import click

from ...domain.facturation import BAREMES_PREDEFINIS, REGLES_PREDEFINIES
from ...formats.configuration import lire_bareme, lire_couts_moyens
from .parametres import DATE, ENTIER, ErreurUtilisation, TypeChoix
from .session import VARIABLE_ADHERENT

__all__ = ["LIMITE_PAR_DEFAUT", "ChoixFacturation", "option_adherent", "option_tous",
           "options_facturation", "options_periode", "periode"]

LIMITE_PAR_DEFAUT = 50
"""Rows a paged list or the journal shows unless ``--limite`` says otherwise."""

F = TypeVar("F", bound=Callable[..., Any])


def option_adherent(f: F) -> F:
    return click.option(
        "--adherent", "adherent", envvar=VARIABLE_ADHERENT, metavar="NUMERO",
        help="Numéro d'adhérent (ou identifiant). Par défaut le seul adhérent de la base."
    )(f)


def periode(annee: int | None, du: dt.date | None, au: dt.date | None
            ) -> tuple[dt.date, dt.date]:
    """A billing period: ``--annee`` or ``--du``/``--au``."""
    if annee is not None and (du is not None or au is not None):
        raise ErreurUtilisation("Choisissez --annee ou --du/--au, pas les deux.")
    if annee is not None:
        if not 1900 <= annee <= 2999:
            raise ErreurUtilisation("L'année s'écrit sur quatre chiffres (par ex. 2024).")
        return dt.date(annee, 1, 1), dt.date(annee, 12, 31)
    if du is None or au is None:
        raise ErreurUtilisation("Indiquez la période : --annee AAAA, ou --du DATE et --au DATE.")
    return du, au


def options_periode(f: F) -> F:
    for option in reversed((
        click.option("--annee", type=ENTIER, help="Année civile facturée (1er janvier–31 "
                     "décembre)."),
        click.option("--du", type=DATE, help="Premier jour de la période."),
        click.option("--au", type=DATE, help="Dernier jour de la période."),
    )):
        f = option(f)
    return f


REGLE = TypeChoix("regle", lambda: {n: n for n in REGLES_PREDEFINIES}, "Règle de comptage")
BAREME = TypeChoix("bareme", lambda: {n: n for n in BAREMES_PREDEFINIS}, "Barème")


@attrs.frozen
class ChoixFacturation:
    """What the billing options name: the rule, the barème (preset or file) and how F3
    is checked (a cost given, a file of costs, or the explicit waiver)."""

    regle: str
    bareme: str | None = None
    bareme_fichier: str | None = None
    cout_moyen: str | None = None
    couts: str | None = None
    sans_controle_bande: bool = False

    def options(self, annee: int) -> dict[str, Any]:
        """The command's billing fields for a period starting in ``annee``."""
        if self.bareme is not None and self.bareme_fichier is not None:
            raise ErreurUtilisation("Choisissez --bareme ou --bareme-fichier, pas les deux.")
        if self.cout_moyen is not None and self.couts is not None:
            raise ErreurUtilisation("Choisissez --cout-moyen ou --couts, pas les deux.")
        cout: str | Decimal | None = self.cout_moyen
        if self.couts is not None:
            connu = lire_couts_moyens(self.couts).get(annee)
            cout = None if connu is None else connu.montant
        return {"regle": self.regle, "bareme": self.bareme,
                "bareme_sur_mesure": (None if self.bareme_fichier is None
                                      else lire_bareme(self.bareme_fichier)),
                "cout_moyen": cout, "sans_controle_bande": self.sans_controle_bande}


def options_facturation(f: Callable[..., None]) -> Callable[..., None]:
    """``--regle`` and the barème options; the command receives one ``choix``."""
    @functools.wraps(f)
    def commande(*args: Any, regle: str, bareme: str | None, bareme_fichier: str | None,
                 cout_moyen: str | None, couts: str | None, sans_controle_bande: bool,
                 **kwargs: Any) -> None:
        f(*args, choix=ChoixFacturation(regle, bareme, bareme_fichier, cout_moyen, couts,
                                        sans_controle_bande), **kwargs)

    for option in reversed((
        click.option("--regle", type=REGLE, required=True,
                     help="Règle de comptage prédéfinie : "
                          + ", ".join(REGLES_PREDEFINIES) + "."),
        click.option("--bareme", type=BAREME,
                     help="Barème prédéfini pour chiffrer : " + ", ".join(
                         f"{n} ({', '.join(map(str, sorted(b.annees or ())))})"
                         for n, b in BAREMES_PREDEFINIS.items()) + "."),
        click.option("--bareme-fichier", metavar="FICHIER",
                     help="Barème sur mesure, fichier TOML ou JSON (voir docs/cli.md)."),
        click.option("--cout-moyen", metavar="MONTANT",
                     help="F3 : coût moyen national de l'année (par ex. 118.00), pour "
                          "vérifier la bande légale du barème ; ceux publiés sont connus."),
        click.option("--couts", metavar="FICHIER",
                     help="F3 : fichier TOML ou JSON des coûts moyens nationaux par année "
                          "(2027 = \"118.00\")."),
        click.option("--sans-controle-bande", is_flag=True,
                     help="F3, équipes RST : chiffrer sans vérifier la bande légale (la "
                          "clôture l'enregistre)."),
    )):
        commande = option(commande)
    return commande


def option_tous(f: F) -> F:
    return click.option("--tous", is_flag=True,
                        help="Pour tous les adhérents de la base (agents RST : --en-tant-que).")(f)
