"""How an issued document (F8) is stored: ``factures.contenu``, the whole
:class:`Facture` as JSON in the storage converter's format (``json_clotures``), read back
through that converter.

A batch writes thousands of them, each repeating the seller, the barème and the buyer:
:func:`facture_en_json` writes the text itself, those three through the converter once
each (their texts cached), the rest field by field. The project's tests pin that the
text is the converter's, character for character.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from ...domain.emetteur import Emetteur
from ...domain.facturation import Bareme
from ...domain.factures import Acheteur, Facture, LigneFacture
from ...domain.periodes import Periode
from .json_clotures import convertisseur_de_stockage

__all__ = ["facture_depuis_json", "facture_en_json"]


@functools.lru_cache(maxsize=256)
def _texte(valeur: Emetteur | Bareme | Acheteur) -> str:
    """The JSON text of a seller, barème or buyer: written once each (a batch's
    documents share one seller and a few barèmes, a member's documents one buyer)."""
    return json.dumps(convertisseur_de_stockage().unstructure(valeur), ensure_ascii=False)


@functools.lru_cache(maxsize=64)
def _periode(periode: Periode) -> dict[str, str | None]:
    """(Shared, never changed: ``json.dumps`` only reads it.)"""
    return {"debut": periode.debut.isoformat(),
            "fin": None if periode.fin is None else periode.fin.isoformat()}


def _ligne(ligne: LigneFacture) -> dict[str, Any]:
    return {"code": ligne.code, "libelle": ligne.libelle, "quantite": ligne.quantite,
            "prix_unitaire_ht": format(ligne.prix_unitaire_ht, "f"),
            "taux_tva": format(ligne.taux_tva, "f"),
            "montant_ht": format(ligne.montant_ht, "f")}


def facture_en_json(f: Facture) -> str:
    """The text of ``factures.contenu``: the storage converter's, written faster (the
    fields before and after the seller, barème and buyer encoded around their texts)."""
    avant = json.dumps({
        "numero": f.numero, "annee": f.annee, "rang": f.rang, "nature": f.nature.value,
        "objet": f.objet.value, "adherent_id": f.adherent_id,
        "periode": _periode(f.periode), "cloture": _periode(f.cloture), "regle": f.regle,
    }, ensure_ascii=False)
    apres = json.dumps({
        "lignes": [_ligne(x) for x in f.lignes],
        "total_ht": format(f.total_ht, "f"), "taux_tva": format(f.taux_tva, "f"),
        "tva": format(f.tva, "f"), "total_ttc": format(f.total_ttc, "f"),
        "emise_le": f.emise_le.isoformat(), "echeance": f.echeance.isoformat(),
        "emise_a": f.emise_a.isoformat(), "par": f.par,
        "electronique_obligatoire": f.electronique_obligatoire, "corrige": f.corrige,
    }, ensure_ascii=False)
    return "".join((avant[:-1], ', "bareme": ', _texte(f.bareme), ', "emetteur": ',
                    _texte(f.emetteur), ', "acheteur": ', _texte(f.acheteur), ", ",
                    apres[1:]))


def facture_depuis_json(texte: str) -> Facture:
    return convertisseur_de_stockage().structure(json.loads(texte), Facture)
