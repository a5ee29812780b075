"""Price lists (F2, F3): a barème's prices, the national average cost that bounds them,
the published preset, and the invoice lines and totals a barème gives for quantities."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

from attrs import field, frozen

from .catalogues import nom_de_preset, predefini
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


def _cout(valeur: object) -> Decimal:
    return montant_en_euros(valeur, "montant", "F3")


def _taux(valeur: object) -> Decimal:
    taux = montant_en_euros(valeur, "taux_tva")
    if taux >= 1:
        raise DonneeInvalide(
            "Le taux de TVA s'écrit en fraction (0.20 pour 20 %).",
            code="bareme.taux_invalide", regle="F2", chemin="taux_tva",
        )
    return taux


@frozen
class Bareme:
    """F2: prices per person by follow-up type, an entry fee per new hire of the period,
    a fixed fee per establishment (one adherent), and the VAT rate (0.20 = 20 %)."""

    nom: str = field(converter=nom_de_preset)
    prix_sig: Decimal = field(converter=_prix_sig)
    prix_sia: Decimal = field(converter=_prix_sia)
    prix_sir: Decimal = field(converter=_prix_sir)
    droit_entree: Decimal = field(default=Decimal(0), converter=_droit_entree)
    forfait_etablissement: Decimal = field(default=Decimal(0), converter=_forfait)
    taux_tva: Decimal = field(default=Decimal("0.20"), converter=_taux)

    def prix(self, type_de_suivi: TypeDeSuivi) -> Decimal:
        return {TypeDeSuivi.SIG: self.prix_sig, TypeDeSuivi.SIA: self.prix_sia,
                TypeDeSuivi.SIR: self.prix_sir}[type_de_suivi]


@frozen
class CoutMoyenNational:
    """F3: the national average cost per person of the year; per-person prices must stay
    within 80 %–120 % of it."""

    annee: int
    montant: Decimal = field(converter=_cout)

    @property
    def minimum(self) -> Decimal:
        return arrondir(self.montant * Decimal("0.80"))

    @property
    def maximum(self) -> Decimal:
        return arrondir(self.montant * Decimal("1.20"))


COUTS_MOYENS_NATIONAUX: Mapping[int, CoutMoyenNational] = MappingProxyType({
    2025: CoutMoyenNational(2025, Decimal("115.50")),
})
"""F3: the national average costs the library knows, by year (the use cases check a
barème against the one of the period's first day's year)."""


def verifier_bande(bareme: Bareme, cout: CoutMoyenNational) -> None:
    """F3: refuse a barème whose per-person price falls outside 80 %–120 % of the
    national average cost of the year."""
    hors_bande = {
        t.value: bareme.prix(t) for t in TypeDeSuivi
        if not cout.minimum <= bareme.prix(t) <= cout.maximum
    }
    if hors_bande:
        liste = ", ".join(f"{t} {euros(p)}" for t, p in hors_bande.items())
        raise RegleMetier(
            f"Le barème « {bareme.nom} » sort de la bande légale {cout.annee} : le prix par "
            f"salarié doit rester entre {euros(cout.minimum)} et {euros(cout.maximum)} "
            f"(80 % à 120 % du coût moyen national de {euros(cout.montant)}). "
            f"Hors bande : {liste}.",
            code="bareme.hors_bande", regle="F3", chemin="bareme",
            details={**{t: str(p) for t, p in hors_bande.items()},
                     "minimum": str(cout.minimum), "maximum": str(cout.maximum)},
        )


BAREMES_PREDEFINIS: Mapping[str, Bareme] = MappingProxyType({
    b.nom: b for b in (
        Bareme("bareme_publie", prix_sig=Decimal("89"), prix_sia=Decimal("129"),
               prix_sir=Decimal("152"), droit_entree=Decimal("66"),
               forfait_etablissement=Decimal("35"), taux_tva=Decimal("0.20")),
    )
})
"""The published price list (SIG 89 €, SIA 129 €, SIR 152 €, entry 66 €, fixed 35 €,
VAT 20 %). Note F3: against the 2025 national cost (band 92.40–138.60 €) its SIG and
SIR prices are out of band, so it is refused for 2025."""


def bareme_predefini(nom: str) -> Bareme:
    return predefini(BAREMES_PREDEFINIS, nom, inconnu="Ce barème est inconnu.",
                     disponibles="Barèmes disponibles", code="bareme.inconnu", chemin="bareme")


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
    "bareme_predefini",
    "calculer_montants",
    "prix_unitaire",
    "verifier_bande",
]
