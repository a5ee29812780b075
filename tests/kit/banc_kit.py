"""What the kit's tests share: one adherent with three postes (no risk, a SIA risk, a SIR
risk) and the Hypothesis settings every property of the kit runs with
(``RST_KIT_EXEMPLES`` examples, derandomized)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

import rst_effectifs as rst

ADHERENT_ID = "adherent-1"
POSTES = (
    rst.Poste(id="vente", libelle="Vente"),
    rst.Poste(id="nuit", libelle="Nuit", risques=frozenset({rst.Risque.TRAVAIL_DE_NUIT})),
    rst.Poste(id="chantier", libelle="Chantier", risques=frozenset({rst.Risque.AMIANTE})),
)
POSTE_IDS = [p.id for p in POSTES]
ADHERENT = rst.Adherent(
    id=ADHERENT_ID, numero=rst.NumeroAdherent("000001"),
    siret=rst.Siret.parse("73282932000074"), raison_sociale="Essai",
    email_connexion=rst.Email.parse("contact@essai.fr"), postes=POSTES)
KIT = settings(max_examples=int(os.environ.get("RST_KIT_EXEMPLES", "60")), deadline=None,
               derandomize=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
