"""A billing test bench: one adherent on the memory adapter, driven through the public
use cases, and the cast of the worked examples of ``docs/billing.md``.

A plain module (not ``conftest``) so that test files can import it by a unique name."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest

import rst_effectifs as rst
from rst_effectifs.adapters.memory import EtatMemoire

D = dt.date
AN_2024 = (D(2024, 1, 1), D(2024, 12, 31))
AN_2025 = (D(2025, 1, 1), D(2025, 12, 31))
AN_2026 = (D(2026, 1, 1), D(2026, 12, 31))
NAISSANCE = D(1990, 5, 4)


COUTS_DES_EXEMPLES = {annee: "115.50" for annee in range(2027, 2031)}

BAREME_PUBLIE_AVANT_2025 = rst.Bareme(
    "bareme_publie", prix_sig="89", prix_sia="129", prix_sir="152", droit_entree="66",
    forfait_etablissement="35")
"""The example prices published before the legal band (F3), history only: no longer a
preset (SIG 89 € and SIR 152 € fall outside every band since 2025)."""


class Banc:
    """One adherent with postes SIG (vente), SIA (nuit) and SIR (chantier), acted on by
    an RST agent unless told otherwise."""

    def __init__(self) -> None:
        self.etat = EtatMemoire()
        compteur = itertools.count(1)
        self.horloge = rst.HorlogeFixe(dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC))
        # F3: the worked examples price 2027 and later against 2025's national cost
        # (the caller sets the years the library does not know).
        self.ctx = rst.en_memoire(horloge=self.horloge, etat=self.etat,
                                  nouvel_id=lambda: f"id-{next(compteur):04d}",
                                  couts_moyens=COUTS_DES_EXEMPLES)
        self.agent = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
        adherent = rst.creer_adherent(self.ctx, self.agent, rst.CreerAdherent(
            numero="000042", siret="73282932000074", raison_sociale="Boulangerie Élise",
            email_connexion="contact@elise.fr"))
        self.adherent_id = adherent.id
        self.vente = self.poste("Vente")
        self.nuit = self.poste("Boulanger de nuit", rst.Risque.TRAVAIL_DE_NUIT)
        self.chantier = self.poste("Désamiantage", rst.Risque.AMIANTE)

    def acces(self, *roles: rst.Role, adherent_id: str | None = None) -> rst.Acces:
        return rst.Acces(rst.Email.parse("quelquun@elise.fr"),
                         adherent_id or self.adherent_id, frozenset(roles))

    def poste(self, libelle: str, *risques: rst.Risque) -> str:
        return rst.ajouter_poste(self.ctx, self.agent, rst.AjouterPoste(
            self.adherent_id, libelle, frozenset(risques))).id

    # -- writing -------------------------------------------------------------
    def embaucher(self, nom: str, debut: dt.date, fin: dt.date | None = None, *,
                  poste: str | None = None, nature: rst.NatureContrat = rst.NatureContrat.CDI,
                  naissance: dt.date = NAISSANCE, prenoms: str = "Camille",
                  nir: str | None = None) -> str:
        return rst.embaucher(self.ctx, self.agent, rst.EmbaucherSalarie(
            self.adherent_id, nom, prenoms, naissance,
            rst.NouveauContrat(nature, debut, poste or self.vente, fin=fin), nir)).id

    def ajouter_contrat(self, salarie_id: str, debut: dt.date, fin: dt.date | None = None, *,
                        poste: str | None = None,
                        nature: rst.NatureContrat = rst.NatureContrat.CDD) -> rst.Salarie:
        return rst.ajouter_contrat(self.ctx, self.agent, rst.AjouterContrat(
            self.adherent_id, salarie_id,
            rst.NouveauContrat(nature, debut, poste or self.vente, fin=fin)))

    def sortir(self, salarie_id: str, le: dt.date) -> str:
        """The exit's movement id."""
        resultat = rst.sortir(self.ctx, self.agent, rst.SortirDeLEffectif(
            self.adherent_id, f"sortie-{salarie_id}-{le}", (salarie_id,), le))
        return resultat.mouvements[0][1]

    def reintegrer(self, salarie_id: str, le: dt.date) -> str:
        resultat = rst.reintegrer(self.ctx, self.agent, rst.ReintegrerDansLEffectif(
            self.adherent_id, f"retour-{salarie_id}-{le}", (salarie_id,), le))
        return resultat.mouvements[0][1]

    def cloturer(self, periode: tuple[dt.date, dt.date], regle: str = "present_dans_l_annee",
                 bareme: str | None = None, **autres: Any) -> rst.Cloture:
        return rst.cloturer_periode(self.ctx, self.agent, rst.CloturerPeriode(
            self.adherent_id, *periode, regle=regle, bareme=bareme, **autres))

    # -- reading -------------------------------------------------------------
    def assiette(self, periode: tuple[dt.date, dt.date],
                 regle: str | None = "present_dans_l_annee",
                 bareme: str | None = None, **autres: Any) -> rst.Assiette:
        return rst.calculer_assiette(self.ctx, self.agent, rst.CalculerAssiette(
            self.adherent_id, *periode, regle=regle, bareme=bareme, **autres))

    def adherent(self) -> rst.Adherent:
        return self.etat.adherents[self.adherent_id]

    def salaries(self) -> list[rst.Salarie]:
        return [s for (a, _i), s in self.etat.salaries.items() if a == self.adherent_id]

    def clotures(self) -> list[rst.Cloture]:
        return sorted((c for (a, _p), c in self.etat.clotures.items() if a == self.adherent_id),
                      key=lambda c: c.periode.debut)

    def journal(self) -> list[rst.EntreeJournal]:
        return [e for e in self.etat.journal if e.adherent_id == self.adherent_id]

    def instantane(self) -> tuple[object, ...]:
        e = self.etat
        return dict(e.adherents), dict(e.salaries), list(e.journal), dict(e.clotures)

    def refuse(self, erreur: type[rst.ErreurDomaine], code: str, regle: str,
               action: Callable[[], object]) -> rst.ErreurDomaine:
        """``action`` raises ``erreur`` with this code and rule and changes nothing."""
        avant = self.instantane()
        with pytest.raises(erreur) as info:
            action()
        assert (info.value.code, info.value.regle) == (code, regle), info.value
        assert info.value.message
        assert self.instantane() == avant
        return info.value


def distribution(banc: Banc) -> dict[str, str]:
    """The cast of the worked examples (docs/billing.md), name → salarié id.

    Alice   CDI since 01/03/2020, vente (SIG), present throughout.
    Bruno   CDI since 01/06/2019, nuit (SIA), exit 31/03/2025.
    Chloe   CDD 01/02/2025–20/02/2025 (20 days), vente, exit 20/02/2025.
    David   CDD 01/05/2025–15/06/2025 (46 days), chantier (SIR), exit 15/06/2025.
    Emma    agency mission (03) 01/01/2025–31/12/2025, vente, no exit recorded.
    Farid   CDI since 01/09/2025, nuit (SIA).
    Gaelle  born 01/06/2008, CDD 01/09/2024–31/08/2026, vente: a minor, so SIA (P3).
    Hugo    CDD 01/12/2024–31/12/2024 (31 days), vente, exit 31/12/2024.
    Ines    CDD 01/10/2025–20/10/2025 (20 days) then, chained (C3), CDD
            21/10/2025–30/11/2025 (41 days): one 61-day chain; exit 30/11/2025.
    """
    b = banc
    ids = {
        "Alice": b.embaucher("Alice", D(2020, 3, 1)),
        "Bruno": b.embaucher("Bruno", D(2019, 6, 1), poste=b.nuit),
        "Chloe": b.embaucher("Chloe", D(2025, 2, 1), D(2025, 2, 20),
                             nature=rst.NatureContrat.CDD),
        "David": b.embaucher("David", D(2025, 5, 1), D(2025, 6, 15), poste=b.chantier,
                             nature=rst.NatureContrat.CDD),
        "Emma": b.embaucher("Emma", D(2025, 1, 1), D(2025, 12, 31),
                            nature=rst.NatureContrat.MISSION_INTERIM),
        "Farid": b.embaucher("Farid", D(2025, 9, 1), poste=b.nuit),
        "Gaelle": b.embaucher("Gaelle", D(2024, 9, 1), D(2026, 8, 31), naissance=D(2008, 6, 1),
                              nature=rst.NatureContrat.CDD),
        "Hugo": b.embaucher("Hugo", D(2024, 12, 1), D(2024, 12, 31),
                            nature=rst.NatureContrat.CDD),
        "Ines": b.embaucher("Ines", D(2025, 10, 1), D(2025, 10, 20),
                            nature=rst.NatureContrat.CDD),
    }
    b.ajouter_contrat(ids["Ines"], D(2025, 10, 21), D(2025, 11, 30))
    for nom, le in (("Bruno", D(2025, 3, 31)), ("Chloe", D(2025, 2, 20)),
                    ("David", D(2025, 6, 15)), ("Hugo", D(2024, 12, 31)),
                    ("Ines", D(2025, 11, 30))):
        b.sortir(ids[nom], le)
    return ids


def resume(assiette: rst.Assiette, ids: dict[str, str]) -> dict[str, tuple[str, bool, bool]]:
    """name → (follow-up type, per capita, entry fee): what the hand computations give."""
    noms = {v: k for k, v in ids.items()}
    return {noms[ligne.salarie_id]: (ligne.type_de_suivi.value, ligne.cotisation,
                                     ligne.droit_entree)
            for ligne in assiette.lignes}
