"""Price lists (F2, F3): a barème's prices and the years it is for, the check against the
national average cost that bounds them (the costs themselves are law: :mod:`.droit`),
the sample preset, and the invoice lines and totals a barème gives for quantities."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

from attrs import field, frozen

from .catalogues import nom_de_preset, predefini
from .droit import BANDE_LEGALE, COUTS_MOYENS_NATIONAUX, CoutMoyenNational
from .erreurs import DonneeInvalide, RegleMetier
from .monnaie import arrondir, euros, montant_en_euros
from .partage import FACULTATIF
from .suivi import TypeDeSuivi


def _prix_sig(valeur: object) -> Decimal:
    return montant_en_euros(valeur, "prix_sig")


def _prix_sia(valeur: object) -> Decimal:
    return montant_en_euros(valeur, "prix_sia")


def _prix_sir(valeur: object) -> Decimal:
    return montant_en_euros(valeur, "prix_sir")


def _droit_entree(valeur: object) -> Decimal:
    return montant_en_euros(valeur, "droit_entree")


def _forfait(valeur: object) -> Decimal:
    return montant_en_euros(valeur, "forfait_etablissement")


def _taux(valeur: object) -> Decimal:
    taux = montant_en_euros(valeur, "taux_tva")
    if taux >= 1:
        raise DonneeInvalide(
            "Le taux de TVA s'écrit en fraction (0.20 pour 20 %).",
            code="bareme.taux_invalide", regle="F2", chemin="taux_tva",
        )
    return taux


def _annees(valeur: object) -> frozenset[int] | None:
    """F3: the years a barème is for; none said: any year."""
    if valeur is None:
        return None
    if (isinstance(valeur, frozenset | set | tuple | list) and valeur
            and all(isinstance(a, int) and not isinstance(a, bool) and 1900 <= a <= 2999
                    for a in valeur)):
        return frozenset(valeur)
    raise DonneeInvalide("Les années d'un barème s'écrivent sur quatre chiffres (par ex. "
                         "[2025, 2026]).", code="bareme.annees_invalides", regle="F3",
                         chemin="annees")


@frozen
class Bareme:
    """F2: prices per person by follow-up type, an entry fee per new hire of the period,
    a fixed fee per establishment (one adherent), and the VAT rate (0.20 = 20 %).
    ``annees``: the years it prices (F3: a barème offered for a year must fit that year's
    band); ``None`` for any year."""

    nom: str = field(converter=nom_de_preset)
    prix_sig: Decimal = field(converter=_prix_sig)
    prix_sia: Decimal = field(converter=_prix_sia)
    prix_sir: Decimal = field(converter=_prix_sir)
    droit_entree: Decimal = field(default=Decimal(0), converter=_droit_entree)
    forfait_etablissement: Decimal = field(default=Decimal(0), converter=_forfait)
    taux_tva: Decimal = field(default=Decimal("0.20"), converter=_taux)
    annees: frozenset[int] | None = field(default=None, converter=_annees)

    def prix(self, type_de_suivi: TypeDeSuivi) -> Decimal:
        return {TypeDeSuivi.SIG: self.prix_sig, TypeDeSuivi.SIA: self.prix_sia,
                TypeDeSuivi.SIR: self.prix_sir}[type_de_suivi]


def verifier_bande(bareme: Bareme, cout: CoutMoyenNational) -> None:
    """F3: refuse a barème whose per-person price falls outside the legal band (80 %–120 %)
    of the national average cost of the year."""
    hors_bande = {
        t.value: bareme.prix(t) for t in TypeDeSuivi
        if not cout.minimum <= bareme.prix(t) <= cout.maximum
    }
    if hors_bande:
        liste = ", ".join(f"{t} {euros(p)}" for t, p in hors_bande.items())
        raise RegleMetier(
            f"Le barème « {bareme.nom} » sort de la bande légale {cout.annee} : le prix par "
            f"salarié doit rester entre {euros(cout.minimum)} et {euros(cout.maximum)} "
            f"({BANDE_LEGALE.valeur} du coût moyen national de {euros(cout.montant)}). "
            f"Hors bande : {liste}.",
            code="bareme.hors_bande", regle="F3", chemin="bareme",
            details={**{t: str(p) for t, p in hors_bande.items()},
                     "minimum": str(cout.minimum), "maximum": str(cout.maximum)},
        )


BAREMES_PREDEFINIS: Mapping[str, Bareme] = MappingProxyType({
    b.nom: b for b in (
        Bareme("bareme_exemple", prix_sig=Decimal("100.00"), prix_sia=Decimal("115.00"),
               prix_sir=Decimal("130.00"), droit_entree=Decimal("66.00"),
               forfait_etablissement=Decimal("35.00"), taux_tva=Decimal("0.20"),
               annees=frozenset({2025, 2026})),
    )
})
"""The sample barème shipped with the library: SIG 100 €, SIA 115 €, SIR 130 €, entry
66 €, fixed 35 €, VAT 20 %, for 2025 and 2026 — inside both years' bands (F3: 92.40–138.60 €
and 92.80–139.20 €). A later year is added to ``annees`` once its cost is known and the
prices fit its band (a test checks every year it names). The example prices published
before the band (SIG 89 €, SIA 129 €, SIR 152 €) are history only: docs/billing.md."""


def bareme_predefini(nom: str) -> Bareme:
    return predefini(BAREMES_PREDEFINIS, nom, inconnu="Ce barème est inconnu.",
                     disponibles="Barèmes disponibles", code="bareme.inconnu", chemin="bareme")


def bareme_en_vigueur(annee: int, baremes: Mapping[str, Bareme] = BAREMES_PREDEFINIS
                      ) -> Bareme | None:
    """The barème that prices ``annee`` by default (previews, invoices): the one of
    ``baremes`` (the presets unless given) that names that year; ``None`` when none does."""
    pour = [b for b in baremes.values() if b.annees is not None and annee in b.annees]
    return min(pour, key=lambda b: b.nom, default=None)


def cout_moyen_en_vigueur(annee: int, couts: Mapping[int, CoutMoyenNational] | None = None
                          ) -> CoutMoyenNational | None:
    """F3: the national average cost of ``annee`` (from ``couts``, by default the bundled
    ones of :mod:`.droit`); ``None`` when not known."""
    return (COUTS_MOYENS_NATIONAUX if couts is None else couts).get(annee)


def verifier_annees(bareme: Bareme, annee: int) -> None:
    """F3: a barème that says which years it prices is refused for another year."""
    if bareme.annees is not None and annee not in bareme.annees:
        liste = " et ".join(", ".join(str(a) for a in sorted(bareme.annees)).rsplit(", ", 1))
        raise RegleMetier(
            f"Le barème « {bareme.nom} » vaut pour {liste} : il ne chiffre pas {annee}.",
            code="bareme.annee_non_couverte", regle="F3", chemin="bareme",
            details={"annee": annee, "annees": sorted(bareme.annees)},
        )


# -- invoice amounts ---------------------------------------------------------------------------
@frozen
class LigneDeFacture:
    """One invoice line: ``code`` is SIG/SIA/SIR, ``droit_entree`` or
    ``forfait_etablissement``; ``montant_ht = quantite × prix_unitaire`` (the unit price
    rounded half-up to the cent). Quantities are negative on credit lines.
    ``employeurs`` (F7): on a per-capita line of multi-employer workers, how many
    employers share each fee; the unit price is then one share (``partage.repartir``)."""

    code: str
    libelle: str
    quantite: int
    prix_unitaire: Decimal
    montant_ht: Decimal
    employeurs: int | None = field(default=None, metadata=FACULTATIF)


@frozen
class Montants:
    """F2: invoice lines, total excluding VAT, VAT on that total (half-up), total with
    VAT."""

    lignes: tuple[LigneDeFacture, ...]
    total_ht: Decimal
    taux_tva: Decimal
    tva: Decimal
    total_ttc: Decimal


CODE_DROIT_ENTREE = "droit_entree"
CODE_FORFAIT = "forfait_etablissement"
LIBELLES_FACTURE: Mapping[str, str] = MappingProxyType({
    TypeDeSuivi.SIG.value: "Cotisation SIG (suivi individuel général)",
    TypeDeSuivi.SIA.value: "Cotisation SIA (suivi individuel adapté)",
    TypeDeSuivi.SIR.value: "Cotisation SIR (suivi individuel renforcé)",
    CODE_DROIT_ENTREE: "Droit d'entrée (nouvel embauché)",
    CODE_FORFAIT: "Forfait par établissement",
})


def prix_unitaire(bareme: Bareme, code: str) -> Decimal:
    """The price of one invoice element, rounded half-up to the cent (F2)."""
    if code == CODE_DROIT_ENTREE:
        return arrondir(bareme.droit_entree)
    if code == CODE_FORFAIT:
        return arrondir(bareme.forfait_etablissement)
    return arrondir(bareme.prix(TypeDeSuivi(code)))


PartFacturee = tuple[str, int, Decimal]
"""F7: a per-capita code, the number of employers sharing the fee, the share's amount."""


def calculer_montants(
    bareme: Bareme, quantites: Mapping[str, int], forfait: bool = True,
    parts: Mapping[PartFacturee, int] | None = None,
) -> Montants:
    """F2: invoice lines in a fixed order (SIG, SIA, SIR, entry fee, fixed fee), zero
    quantities left out; VAT on the total, half-up. ``parts`` (F7): shares of
    multi-employer workers' fees, each after the full-fee line of its type (by number of
    employers, then larger share first)."""
    codes = [t.value for t in TypeDeSuivi] + [CODE_DROIT_ENTREE]
    a_facturer = [(c, quantites.get(c, 0)) for c in codes]
    if forfait:
        a_facturer.append((CODE_FORFAIT, 1))
    rangees = sorted((parts or {}).items(), key=lambda p: (p[0][1], -p[0][2]))
    lignes = tuple(
        ligne for code, n in a_facturer for ligne in (
            LigneDeFacture(code, LIBELLES_FACTURE[code], n, prix_unitaire(bareme, code),
                           n * prix_unitaire(bareme, code)),
            *(LigneDeFacture(code, f"{LIBELLES_FACTURE[code]} — salarié multi-employeur, "
                             f"part 1/{employeurs}", q, part, q * part, employeurs)
              for (code_part, employeurs, part), q in rangees
              if code_part == code and q != 0 and part != 0))
        if ligne.quantite != 0 and ligne.prix_unitaire != 0
    )
    total_ht = sum((ligne.montant_ht for ligne in lignes), Decimal("0.00"))
    tva = arrondir(total_ht * bareme.taux_tva)
    return Montants(lignes, total_ht, bareme.taux_tva, tva, total_ht + tva)


__all__ = [
    "BAREMES_PREDEFINIS",
    "CODE_DROIT_ENTREE",
    "CODE_FORFAIT",
    "COUTS_MOYENS_NATIONAUX",
    "LIBELLES_FACTURE",
    "Bareme",
    "CoutMoyenNational",
    "LigneDeFacture",
    "Montants",
    "PartFacturee",
    "bareme_en_vigueur",
    "bareme_predefini",
    "calculer_montants",
    "cout_moyen_en_vigueur",
    "prix_unitaire",
    "verifier_annees",
    "verifier_bande",
]
