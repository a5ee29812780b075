"""A bench for multi-employer workers (F7): several members of one store employing the
same person (one NIR), driven through the public use cases on any storage.

A plain module (not ``conftest``) so that test files import it by a unique name."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from decimal import Decimal

import attrs

import rst_effectifs as rst
from rst_effectifs.testing.conformite import nir_pour

D = dt.date
AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
NAISSANCE = D(1988, 4, 9)
REGLE = "present_dans_l_annee"
BAREME = rst.Bareme("partage", prix_sig="100.01", prix_sia="110.00", prix_sir="120.00",
                    droit_entree="0", forfait_etablissement="35", taux_tva="0.20")
"""Inside the 2025 legal band (F3); 100.01 € does not split evenly by 2 or 3."""
_NUMEROS = itertools.count(500)


@attrs.frozen
class Membre:
    adherent_id: str
    numero: str
    raison_sociale: str
    acces: rst.Acces
    poste_id: str
    salarie_id: str


def membre(ctx: rst.Contexte, debut: dt.date, *, nir: str, fin: dt.date | None = None,
           nature: rst.NatureContrat = rst.NatureContrat.CDI,
           risques: frozenset[rst.Risque] = frozenset(), pcs: str | None = None,
           nom: str = "Partagé") -> Membre:
    """A new member hiring the person of ``nir`` from ``debut``."""
    numero = f"{next(_NUMEROS):06d}"
    raison = f"Employeur {numero}"
    email = f"rh@{numero}.example"
    adherent = rst.executer(ctx, AGENT, rst.CreerAdherent(numero, "73282932000074", raison,
                                                          email))
    acces = rst.resoudre_acces(ctx, email, adherent.id)
    poste = rst.executer(ctx, acces, rst.AjouterPoste(adherent.id, "Agent d'entretien",
                                                      risques, code_pcs=pcs))
    salarie = rst.executer(ctx, acces, rst.EmbaucherSalarie(
        adherent.id, nom, "Sam", NAISSANCE, rst.NouveauContrat(nature, debut, poste.id,
                                                                fin=fin), nir=nir))
    return Membre(adherent.id, numero, raison, acces, poste.id, salarie.id)


def nir(ordre: int) -> str:
    return nir_pour(NAISSANCE, ordre=ordre).valeur


def enregistrer(ctx: rst.Contexte, annee: int, membres: Sequence[Membre]
                ) -> rst.SituationMultiEmployeur:
    resultat: rst.SituationMultiEmployeur = rst.executer(
        ctx, AGENT, rst.EnregistrerMultiEmployeur(annee, tuple(
            rst.FicheDesignee(m.adherent_id, m.salarie_id) for m in membres)))
    return resultat


def assiette(ctx: rst.Contexte, m: Membre, annee: int = 2025,
             bareme: rst.Bareme | None = BAREME) -> rst.Assiette:
    lue: rst.Assiette = rst.executer(ctx, m.acces, rst.CalculerAssiette(
        m.adherent_id, D(annee, 1, 1), D(annee, 12, 31), regle=REGLE,
        bareme_sur_mesure=bareme))
    return lue


def montant_du_salarie(a: rst.Assiette, salarie_id: str) -> Decimal:
    (ligne,) = [ligne for ligne in a.lignes if ligne.salarie_id == salarie_id]
    assert ligne.montant_ht is not None
    return ligne.montant_ht
