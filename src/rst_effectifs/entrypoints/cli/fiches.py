"""The fiches: one record shown as label/value rows (an adherent, an account, a
salarié's file with its contracts and movements), built apart from the commands so that
every command showing the same record shows it the same way."""

from __future__ import annotations

import datetime as dt

from rich.table import Table

from ...domain.adherents import Adherent
from ...domain.comptes import Compte
from ...domain.salaries import Salarie, Sortie
from . import affichage

__all__ = ["fiche_adherent", "fiche_compte", "fiches_salarie", "nom_complet"]


def nom_complet(salarie: Salarie) -> str:
    return f"{salarie.identite.nom} {salarie.identite.prenoms}"


def _lignes_du_compte(c: Adherent | Compte, identifiant: str) -> list[tuple[str, object]]:
    """What an adherent and its account show alike."""
    return [
        ("Numéro d'adhérent", c.numero.valeur), ("Identifiant", identifiant),
        ("SIRET", c.siret.valeur), ("Raison sociale", c.raison_sociale),
        ("E-mail de connexion", c.email_connexion.valeur),
        ("Numéro télédéclarant",
         None if c.numero_teledeclarant is None else c.numero_teledeclarant.valeur),
    ]


def fiche_adherent(a: Adherent) -> Table:
    return affichage.fiche(None, [
        *_lignes_du_compte(a, a.id),
        ("Postes actifs", sum(1 for p in a.postes if p.actif)),
        ("Clôturé jusqu'au", a.cloture_au),
    ])


def fiche_compte(c: Compte) -> Table:
    return affichage.fiche(None, _lignes_du_compte(c, c.adherent_id))


def fiches_salarie(s: Salarie, adherent: Adherent, aujourd_hui: dt.date) -> list[Table]:
    postes_ = adherent.postes_par_id()
    identite = affichage.fiche(nom_complet(s), [
        ("Identifiant", s.id), ("Nom", s.identite.nom), ("Prénoms", s.identite.prenoms),
        ("Né(e) le", s.identite.naissance_fr()),
        ("NIR", None if s.identite.nir is None else s.identite.nir.masque()),
        ("Entrée", s.date_entree),
        ("Dans l'effectif aujourd'hui", s.present_le(aujourd_hui)),
        ("Fiche annulée", s.annule),
    ])
    contrats = affichage.table("Contrats", ("Identifiant", "Nature", "Début", "Fin", "Poste",
                                            "Dispositif", "Numéro", "État"), [
        (c.id, f"{c.nature.value} {c.nature.name}", c.debut, c.fin,
         postes_[c.poste_id].libelle if c.poste_id in postes_ else c.poste_id,
         c.dispositif, c.numero, "annulé" if c.annule else "")
        for c in s.contrats
    ])
    mouvements = affichage.table("Sorties et réintégrations", ("Identifiant", "Mouvement", "Le",
                                                               "Motif", "État"), [
        (m.id, "sortie" if isinstance(m, Sortie) else "réintégration", m.le, m.motif,
         "annulé" if m.annule else "")
        for m in s.mouvements
    ])
    return [identite, contrats, mouvements]
