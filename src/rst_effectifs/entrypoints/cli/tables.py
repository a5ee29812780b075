"""What each command prints as tables and lines of text: lists (postes, accès,
salariés, closings, journal), the effectif, the assiette with its amounts, a closing
with its regularisations, the checks before billing and an import plan. Built apart
from the commands so that ``demo`` and ``--tous`` runs print exactly what one command
prints."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.table import Table

from ...application.commandes import ResultatMouvements
from ...application.imports import PlanImport
from ...domain.adherents import Acces
from ...domain.clotures import Cloture
from ...domain.effectif import Effectif
from ...domain.facturation import Assiette
from ...domain.journal import EntreeJournal
from ...domain.postes import Poste
from ...domain.salaries import Salarie
from ...domain.suivi import TypeDeSuivi
from ...domain.verifications import RapportDeVerification
from .affichage import cellule, date_fr, pluriel, table, table_limitee

__all__ = ["rien_importe", "table_acces", "table_clotures", "table_journal", "table_postes",
           "tables_assiette", "tables_cloture", "tables_effectif", "tables_mouvements",
           "tables_plan", "tables_rapport", "tables_salaries"]


# -- lists --------------------------------------------------------------------------------------
def table_acces(liste: Sequence[Acces], titre: str | None = None) -> Table:
    return table(titre, ("E-mail", "Rôles"), [
        (a.email.valeur, ", ".join(sorted(r.value for r in a.roles))) for a in liste])


def table_postes(liste: Sequence[Poste], le: dt.date, suivi_simple: TypeDeSuivi,
                 titre: str | None = None) -> Table:
    """The postes with their follow-up type on ``le`` (P2b: that day's catalogue)."""
    return table(titre, ("Identifiant", "Libellé", "PCS-ESE", f"Suivi au {date_fr(le)}",
                         "Risques", "État"), [
        (p.id, p.libelle, None if p.code_pcs is None else p.code_pcs.valeur,
         p.type_de_suivi_le(le, suivi_simple), p.risques,
         "archivé" if p.archive else ("utilisé" if p.utilise else "actif"))
        for p in liste
    ])


def tables_salaries(trouves: Sequence[Salarie], jour: dt.date, suivant: str | None
                    ) -> list[str | Table]:
    """One page of salariés, present or not on ``jour``, then how to ask the next."""
    lignes: list[str | Table] = [table(
        f"{pluriel(len(trouves), 'salarié')}",
        ("Identifiant", "Nom", "Prénoms", "Naissance", "NIR", f"Présent le {date_fr(jour)}"),
        [(s.id, s.identite.nom, s.identite.prenoms, s.identite.naissance_fr(),
          None if s.identite.nir is None else s.identite.nir.masque(), s.present_le(jour))
         for s in trouves])]
    if suivant is not None:
        lignes.append(f"Page suivante : --apres {suivant}")
    return lignes


def table_clotures(liste: Sequence[Cloture]) -> Table:
    return table(
        pluriel(len(liste), "clôture"),
        ("Du", "Au", "Règle", "Barème", "Comptés", "Droits d'entrée", "Clôturée le", "Par"),
        [(c.periode.debut, c.periode.fin, c.regle.nom, None if c.bareme is None else c.bareme.nom,
          c.assiette.nombre, c.assiette.droits_entree, c.cloturee_le, c.par) for c in liste])


def table_journal(entrees: Sequence[EntreeJournal]) -> Table:
    return table(
        pluriel(len(entrees), "entrée"), ("Quand", "Qui", "Quoi", "Salarié", "Détail"),
        [(e.quand, e.qui, e.quoi, e.salarie_id, ", ".join(f"{k}={v}" for k, v in e.donnees))
         for e in entrees])


# -- the effectif and its movements -------------------------------------------------------------
def tables_mouvements(resultat: ResultatMouvements, sortie: bool, le: dt.date
                      ) -> list[str | Table]:
    """What a batch of exits (``sortie``) or re-entries did, and its request id (E5)."""
    n = len(resultat.mouvements)
    if sortie:
        texte = (f"{pluriel(n, 'salarié')} sorti{'s' if n > 1 else ''} de l'effectif ; "
                 f"dernier jour de présence le {date_fr(le)}.")
    else:
        texte = (f"{pluriel(n, 'salarié')} réintégré{'s' if n > 1 else ''} dans l'effectif "
                 f"à partir du {date_fr(le)}.")
    if resultat.deja_traitee:
        texte = "Demande déjà traitée : rien n'a changé. " + texte
    return [texte, table(None, ("Salarié", "Mouvement"), resultat.mouvements),
            f"Demande : {resultat.requete_id}"]


def tables_effectif(effectif: Effectif) -> list[str | Table]:
    quand = (f"au {date_fr(effectif.debut)}" if effectif.debut == effectif.fin
             else f"du {date_fr(effectif.debut)} au {date_fr(effectif.fin)}")
    totaux = ", ".join(f"{t.value} {n}" for t, n in effectif.par_type.items())
    return [
        table(f"Effectif {quand} : {pluriel(effectif.nombre, 'salarié')}",
              ("Identifiant", "Nom", "Prénoms", "Suivi"),
              [(ligne.salarie_id, ligne.nom, ligne.prenoms, ligne.type_de_suivi)
               for ligne in effectif.lignes]),
        f"Par type de suivi : {totaux}.",
    ]


# -- billing -----------------------------------------------------------------------------------
def tables_assiette(a: Assiette, titre: str | None = None) -> list[str | Table]:
    p = a.periode
    entete = titre or (f"Assiette du {date_fr(p.debut)} au {date_fr(p.fin)} "
                       f"(règle {a.regle}{f', barème {a.bareme}' if a.bareme else ''})")
    sorties: list[str | Table] = [table(
        entete, ("Nom", "Prénoms", "Suivi", "Motif", "Du", "Au", "Cotisation", "Droit d'entrée",
                 "Montant HT"),
        [(ligne.nom, ligne.prenoms, ligne.type_de_suivi, ligne.motif, ligne.du, ligne.au,
          ligne.cotisation if ligne.part is None else f"oui ({ligne.part.libelle})",
          ligne.droit_entree, ligne.montant_ht) for ligne in a.lignes],
        droite=("Montant HT",))]
    totaux = ", ".join(f"{t.type_de_suivi.value} {t.nombre}" for t in a.totaux)
    sorties.append(f"Comptés par tête : {a.nombre} ({totaux}) ; droits d'entrée : "
                   f"{a.droits_entree}.")
    if a.montants is not None:
        m = a.montants
        sorties.append(table(
            "Montants (euros)", ("Ligne", "Quantité", "Prix unitaire", "Montant HT"),
            [*((ligne.libelle, ligne.quantite, ligne.prix_unitaire, ligne.montant_ht)
               for ligne in m.lignes),
             ("Total HT", None, None, m.total_ht),
             (f"TVA {m.taux_tva * 100:.0f} %", None, None, m.tva),
             ("Total TTC", None, None, m.total_ttc)],
            droite=("Quantité", "Prix unitaire", "Montant HT")))
    return sorties


def tables_cloture(c: Cloture) -> list[str | Table]:
    p = c.periode
    sorties: list[str | Table] = [
        f"Période du {date_fr(p.debut)} au {date_fr(p.fin)} clôturée le "
        f"{cellule(c.cloturee_le)} par {c.par} : {c.assiette.nombre} compté(s) par tête, "
        f"{c.assiette.droits_entree} droit(s) d'entrée.",
        *tables_assiette(c.assiette),
    ]
    for r in c.regularisations:
        sorties.append(table(
            f"Régularisation de la période du {date_fr(r.periode.debut)} au "
            f"{date_fr(r.periode.fin)}",
            ("Nom", "Prénoms", "Élément", "Suivi", "Quantité", "Motif", "Montant HT"),
            [(ligne.nom, ligne.prenoms, ligne.element, ligne.type_de_suivi, ligne.quantite,
              ligne.motif, ligne.montant_ht) for ligne in r.lignes],
            droite=("Quantité", "Montant HT")))
    return sorties


def tables_rapport(r: RapportDeVerification, titre: str = "") -> list[str | Table]:
    if r.est_vide:
        return [f"{titre}Aucune anomalie au {date_fr(r.le)}."]
    return [table(
        f"{titre}{pluriel(len(r.anomalies), 'anomalie')} au {date_fr(r.le)}",
        ("Type", "Salarié(s)", "Constat", "À faire"),
        [(a.type, ", ".join(a.salarie_ids), a.message, a.action) for a in r.anomalies])]


# -- imports -----------------------------------------------------------------------------------
def _personnes(plan: PlanImport) -> list[str]:
    return sorted({n for p in plan.postes_non_trouves for n in p.personnes}
                  | {f"{r.nom} {r.prenoms}" for r in plan.rejets}
                  | {f"{e.nom} {e.prenoms} (ligne {e.ligne})" for e in plan.ecartes})


def rien_importe(plan: PlanImport) -> str | None:
    """Why an import changed nothing although the file holds people it could not take,
    or ``None`` when it did something (or everyone was already up to date)."""
    if not plan.vide or not (plan.postes_non_trouves or plan.rejets or plan.ecartes):
        return None
    raisons = []
    if plan.ecartes:
        raisons.append(f"{pluriel(len(plan.ecartes), 'dossier')} inutilisable"
                       f"{'s' if len(plan.ecartes) > 1 else ''} — voir les lignes citées")
    if plan.postes_non_trouves:
        raisons.append(f"{pluriel(len(plan.postes_non_trouves), 'poste')} introuvable"
                       f"{'s' if len(plan.postes_non_trouves) > 1 else ''} — créez-les "
                       "(postes ajouter) ou relancez avec --creer-postes")
    if plan.rejets:
        raisons.append(f"{pluriel(len(plan.rejets), 'personne')} refusée"
                       f"{'s' if len(plan.rejets) > 1 else ''} — voir la raison de chacune")
    n = len(_personnes(plan))
    return (f"Rien n'a été importé : {pluriel(n, 'personne')} laissée{'s' if n > 1 else ''} "
            f"de côté ({' ; '.join(raisons)}).")


def tables_plan(plan: PlanImport) -> list[str | Table]:
    sorties: list[str | Table] = []
    if not plan.vide:
        sorties.append("Import enregistré." if plan.applique else
                       "Simulation : rien n'a été enregistré (--appliquer pour enregistrer).")
    if plan.postes_crees:
        sorties += table_limitee("Postes créés (risques à compléter)", ("Libellé", "PCS-ESE"),
                                 [(p.libelle, p.code_pcs) for p in plan.postes_crees])
    if plan.embauches:
        sorties += table_limitee(
            "Nouvelles fiches", ("Ligne", "Nom", "Prénoms", "NIR", "Contrats"),
            [(e.ligne, e.nom, e.prenoms, e.nir_masque,
              "; ".join(f"{c.nature.value} du {date_fr(c.debut)} ({c.poste})"
                        for c in e.contrats)) for e in plan.embauches])
    if plan.changements:
        sorties += table_limitee(
            "Changements de contrat", ("Ligne", "Nom", "Prénoms", "Nature", "Début", "Poste"),
            [(c.ligne, c.nom, c.prenoms, c.contrat.nature.value, c.contrat.debut,
              c.contrat.poste) for c in plan.changements])
    if plan.sorties:
        sorties += table_limitee(
            "Sorties de l'effectif", ("Ligne", "Nom", "Prénoms", "Le", "Motif"),
            [(s.ligne, s.nom, s.prenoms, s.le, s.motif) for s in plan.sorties])
    if plan.nirs_completes:
        sorties += table_limitee("NIR ajoutés aux fiches", ("Ligne", "Nom", "Prénoms", "NIR"),
                                 [(n.ligne, n.nom, n.prenoms, n.nir_masque)
                                  for n in plan.nirs_completes])
    if plan.postes_non_trouves:
        sorties += table_limitee(
            "Postes introuvables : créez-les (ou --creer-postes), puis relancez",
            ("PCS-ESE", "Libellé", "Lignes", "Personnes laissées de côté"),
            [(p.code_pcs, p.libelle, ", ".join(map(str, p.lignes)), ", ".join(p.personnes))
             for p in plan.postes_non_trouves])
    if plan.rejets:
        sorties += table_limitee(
            "Personnes refusées", ("Ligne", "Nom", "Prénoms", "Raison", "Code"),
            [(r.ligne, r.nom, r.prenoms, r.message, r.code) for r in plan.rejets])
    if plan.ecartes:
        sorties += table_limitee(
            "Personnes laissées de côté (dossier inutilisable)",
            ("Ligne", "Nom", "Prénoms", "Raisons"),
            [(e.ligne, e.nom, e.prenoms, " ; ".join(e.raisons)) for e in plan.ecartes])
    if plan.remarques:
        sorties += table_limitee("Remarques sur le fichier", ("Ligne", "Remarque"),
                                 [(r.ligne or "", r.message) for r in plan.remarques])
    if plan.etablissements_ignores:
        sorties.append("Établissements d'un autre SIRET ignorés : "
                       + ", ".join(plan.etablissements_ignores) + ".")
    pourquoi = rien_importe(plan)
    if pourquoi is not None:
        sorties.append(pourquoi)
    elif plan.vide:
        sorties.append(f"Rien à changer ({pluriel(len(plan.inchanges), 'personne')} déjà "
                       "à jour) : ce fichier est déjà importé.")
    else:
        sorties.append(f"{plan.nombre_de_changements} changement(s) ; "
                       f"{len(plan.inchanges)} personne(s) déjà à jour.")
    return sorties
