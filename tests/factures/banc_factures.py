"""An invoicing bench: a context on one storage (memory, SQLite or PostgreSQL) with the
shipped sample issuer, members with an address, postes and closings priced at a barème
inside the legal band, driven through the public use cases.

A plain module (not ``conftest``) so that test files can import it by a unique name."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from sqlalchemy import insert, select

import rst_effectifs as rst
from rst_effectifs.adapters.sql import creer_moteur, metadata
from rst_effectifs.exemples import chemin_exemple
from rst_effectifs.formats.configuration import lire_emetteur

D = dt.date
AN_2025 = (D(2025, 1, 1), D(2025, 12, 31))
AN_2026 = (D(2026, 1, 1), D(2026, 12, 31))
EMETTEUR = lire_emetteur(chemin_exemple("emetteur.toml"))
BAREME = rst.Bareme("bareme_2025", prix_sig=Decimal("100"), prix_sia=Decimal("110"),
                    prix_sir=Decimal("120"), droit_entree=Decimal("66"),
                    forfait_etablissement=Decimal("35"), taux_tva=Decimal("0.20"))
"""Inside the 2025 band (92.40–138.60 €), and 2026's (92.80–139.20 €)."""
COUTS = {2026: "116.00"}
ADRESSE = rst.Adresse(("3 place du Marché",), "69002", "Lyon")
AGENT = rst.AgentRst(rst.Email.parse("facturation@rst.fr"))
QUAND = dt.datetime(2027, 2, 1, 9, 0, tzinfo=dt.UTC)


def contexte(stockage: str, url: str | None = None, *,
             horloge: rst.HorlogeFixe | None = None) -> rst.Contexte:
    """A context with the sample issuer, 2026's national cost and a fixed clock."""
    horloge = horloge or rst.HorlogeFixe(QUAND)
    if stockage == "memoire":
        compteur = itertools.count(1)
        return rst.en_memoire(horloge=horloge, couts_moyens=COUTS, emetteur=EMETTEUR,
                              nouvel_id=lambda: f"id-{next(compteur):06d}")
    return rst.depuis_url(url, horloge=horloge, couts_moyens=COUTS, emetteur=EMETTEUR,
                          migrer=True)


class Membre:
    """One member with postes SIG (Vente) and SIA (Nuit), acted on by RST."""

    def __init__(self, ctx: rst.Contexte, numero: str = "004217",
                 adresse: rst.Adresse | None = ADRESSE,
                 raison_sociale: str = "Boulangerie Martin") -> None:
        self.ctx = ctx
        adherent = rst.executer(ctx, AGENT, rst.CreerAdherent(
            numero, "73282932000074", raison_sociale, f"contact{numero}@martin.fr",
            adresse=adresse))
        self.id: str = adherent.id
        self.vente = rst.executer(ctx, AGENT, rst.AjouterPoste(self.id, "Vente")).id
        self.nuit = rst.executer(ctx, AGENT, rst.AjouterPoste(
            self.id, "Nuit", frozenset({rst.Risque.TRAVAIL_DE_NUIT}))).id

    def embaucher(self, nom: str, debut: dt.date, *, poste: str | None = None) -> str:
        salarie: rst.Salarie = rst.executer(self.ctx, AGENT, rst.EmbaucherSalarie(
            self.id, nom, "Camille", D(1990, 5, 4),
            rst.NouveauContrat(rst.NatureContrat.CDI, debut, poste or self.vente)))
        return salarie.id

    def sortir(self, salarie_id: str, le: dt.date) -> None:
        rst.executer(self.ctx, AGENT, rst.SortirDeLEffectif(
            self.id, f"sortie-{salarie_id}-{le}", (salarie_id,), le))

    def cloturer(self, periode: tuple[dt.date, dt.date], *, bareme: bool = True
                 ) -> rst.Cloture:
        cloture: rst.Cloture = rst.executer(self.ctx, AGENT, rst.CloturerPeriode(
            self.id, *periode, regle="present_au_1er_janvier",
            bareme_sur_mesure=BAREME if bareme else None))
        return cloture

    def emettre(self, periode: tuple[dt.date, dt.date], **prix: object
                ) -> tuple[rst.Facture, ...]:
        documents: tuple[rst.Facture, ...] = rst.executer(
            self.ctx, AGENT, rst.EmettreFacture(self.id, *periode, **prix))  # type: ignore[arg-type]
        return documents


def copier_base(source: str, cible: str) -> None:
    """Every row of ``source`` into ``cible`` (both at the same revision, ``cible``
    empty), table by table in the order of their foreign keys: a database made once
    through the use cases, reused on another engine."""
    lecture, ecriture = creer_moteur(source), creer_moteur(cible)
    try:
        with lecture.connect() as depuis, ecriture.begin() as vers:
            for table in metadata.sorted_tables:
                rangees = [dict(rangee) for rangee in depuis.execute(select(table)).mappings()]
                if rangees:
                    vers.execute(insert(table), rangees)
    finally:
        lecture.dispose()
        ecriture.dispose()
