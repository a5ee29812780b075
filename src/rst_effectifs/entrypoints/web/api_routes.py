"""The route table of ``/api/v1``: one row per operation, read by the one generic
handler (:mod:`.api`) and by the OpenAPI builder (:mod:`.openapi`).

A row says the method, the path (below ``/api/v1``), the command class, where its
fields come from (the path's ``{...}``, the query string, a JSON body or an uploaded
file, headers) and the success status. ``{numero}`` is the adherent's member number:
the handler turns it into the adherent id and the caller's acting access (for the
``/rst`` rows, RST staff acting as ``AgentRst`` on any adherent).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Literal

import attrs
from attrs import field, frozen

from ...application import commandes
from ...application.acces import lister_adherents_accessibles
from ...application.contexte import Contexte
from ...domain.identifiants import Email

Source = Literal["corps", "parametres", "fichier", "aucune"]
"""Where the command's other fields come from: a JSON body, the query string, an
uploaded DSN/CSV file (options in the query string), or nowhere."""

CHAMP_ADHERENT = "adherent_id"
PARAMETRE_ADHERENT = "numero"
ENTETE_IDEMPOTENCE = "Idempotency-Key"
CHAMP_VERSION = "version_attendue"
_PARAMETRE = re.compile(r"{(\w+)}")


@frozen
class Operation:
    methode: str
    chemin: str
    commande: type | None
    source: Source = "corps"
    statut: int = 200
    resume: str = ""
    entetes: Mapping[str, str] = field(factory=dict)
    """Request header → command field (``Idempotency-Key`` → ``requete_id``)."""
    pagine: bool = False
    """The answer's ``suivant`` and the ``apres`` parameter are opaque cursors."""
    public: bool = False
    """Nobody needs to be signed in (the use case accepts ``Anonyme``)."""
    action: Callable[[Contexte, Email], Any] | None = None
    """Instead of a command: what a signed-in e-mail asks about itself (``/moi``)."""
    rst: bool = False
    """For RST staff only (``/rst/...``): the caller acts as ``AgentRst`` when its
    e-mail is one of the settings' ``agents_rst``; anyone else signed in is refused
    (403) before the adherent of the path is even looked up."""
    nom: str = ""
    pdf: bool = False
    """The answer is the result's PDF (an issued invoice's Factur-X), not JSON."""
    donne: Mapping[str, str] = field(factory=dict)
    """What a success answer hands on to other operations (the OpenAPI links): a
    parameter's name → the JSON pointer of its value in the answer."""
    recoit: Mapping[str, str] = field(factory=dict)
    """Parameters taken in the JSON body rather than the path, for those links: a
    parameter's name → the JSON pointer of its field in the body."""

    @property
    def identifiant(self) -> str:
        """The OpenAPI ``operationId``: the command's name unless given."""
        return self.nom or (self.commande.__name__ if self.commande else "")

    @property
    def parametres_chemin(self) -> tuple[str, ...]:
        return tuple(_PARAMETRE.findall(self.chemin))

    @property
    def champs_chemin(self) -> tuple[str, ...]:
        """The command fields the path gives (``numero`` gives ``adherent_id``)."""
        return tuple(CHAMP_ADHERENT if p == PARAMETRE_ADHERENT else p
                     for p in self.parametres_chemin)

    @property
    def avec_version(self) -> bool:
        """``If-Match`` carries the command's ``version_attendue`` (when it has one)."""
        return self.commande is not None and attrs.has(self.commande) and any(
            a.name == CHAMP_VERSION for a in attrs.fields(self.commande))


_ADHERENT = "/adherents/{numero}"
_IDEM = {ENTETE_IDEMPOTENCE: "requete_id"}
_GROUPE = {"salarie_id": "/salarie_ids/0"}
_MOUVEMENT = {"salarie_id": "/mouvements/0/0", "mouvement_id": "/mouvements/0/1"}

OPERATIONS: tuple[Operation, ...] = (
    Operation("GET", "/moi/adherents", None, "aucune", resume="Les adhérents accessibles "
              "à l'appelant, avec ses rôles sur chacun.", action=lister_adherents_accessibles,
              nom="ListerAdherentsAccessibles"),
    Operation("POST", "/numero-teledeclarant/recuperation", commandes.RecupererNumeroTeledeclarant,
              statut=202, public=True, resume="Recevoir son numéro de télédéclarant."),
    Operation("GET", _ADHERENT, commandes.ConsulterAdherent, "parametres", resume="L'adhérent."),
    Operation("GET", f"{_ADHERENT}/compte", commandes.ConsulterCompte,
              "parametres", resume="Le compte."),
    Operation("PATCH", f"{_ADHERENT}/compte", commandes.ModifierCompte,
              resume="Modifier le compte."),
    Operation("GET", f"{_ADHERENT}/postes", commandes.ListerPostes,
              "parametres", resume="Les postes.", donne={"poste_id": "/0/id"}),
    Operation("POST", f"{_ADHERENT}/postes", commandes.AjouterPoste,
              statut=201, resume="Ajouter un poste.", donne={"poste_id": "/id"}),
    Operation("PUT", f"{_ADHERENT}/postes/{{poste_id}}/libelle", commandes.RenommerPoste,
              resume="Renommer un poste."),
    Operation("PUT", f"{_ADHERENT}/postes/{{poste_id}}/risques", commandes.ModifierRisques,
              resume="Changer les risques d'un poste."),
    Operation("POST", f"{_ADHERENT}/postes/{{poste_id}}/archivage", commandes.ArchiverPoste,
              resume="Archiver un poste."),
    Operation("DELETE", f"{_ADHERENT}/postes/{{poste_id}}", commandes.SupprimerPoste,
              "aucune", statut=204, resume="Supprimer un poste jamais utilisé."),
    Operation("GET", f"{_ADHERENT}/salaries", commandes.ListerSalaries, "parametres", pagine=True,
              resume="Les salariés, par pages (curseur opaque « apres »).",
              donne={"salarie_id": "/salaries/0/id"}),
    Operation("POST", f"{_ADHERENT}/salaries", commandes.EmbaucherSalarie,
              statut=201, entetes=_IDEM,
              resume="Embaucher un salarié (Idempotency-Key : renvoi sans effet, la fiche "
              "créée la première fois répondue).", recoit={"poste_id": "/contrat/poste_id"},
              donne={"salarie_id": "/id", "contrat_id": "/contrats/0/id"}),
    Operation("POST", f"{_ADHERENT}/salaries/fusions", commandes.FusionnerSalaries,
              resume="Fusionner deux fiches d'une même personne."),
    Operation("GET", f"{_ADHERENT}/salaries/{{salarie_id}}", commandes.ConsulterSalarie,
              "parametres",
              resume="Un salarié.", donne={"contrat_id": "/contrats/0/id"}),
    Operation("PUT", f"{_ADHERENT}/salaries/{{salarie_id}}/identite", commandes.CorrigerIdentite,
              resume="Corriger l'identité d'un salarié."),
    Operation("DELETE", f"{_ADHERENT}/salaries/{{salarie_id}}", commandes.AnnulerSalarie, "aucune",
              resume="Annuler une fiche saisie par erreur."),
    Operation("GET", f"{_ADHERENT}/salaries/{{salarie_id}}/multi-employeur",
              commandes.ConsulterMultiEmployeur, "parametres",
              resume="Salarié multi-employeur : déclarations et parts de cotisation."),
    Operation("POST", f"{_ADHERENT}/salaries/{{salarie_id}}/multi-employeur",
              commandes.DeclarerMultiEmployeur,
              resume="Déclarer que le salarié a d'autres employeurs (situation au 31 janvier)."),
    Operation("POST", f"{_ADHERENT}/salaries/{{salarie_id}}/contrats", commandes.AjouterContrat,
              statut=201, resume="Ajouter un contrat.",
              recoit={"poste_id": "/contrat/poste_id"}, donne={"contrat_id": "/contrats/0/id"}),
    Operation("DELETE", f"{_ADHERENT}/salaries/{{salarie_id}}/contrats/{{contrat_id}}",
              commandes.AnnulerContrat, "aucune", resume="Annuler un contrat."),
    Operation("POST", f"{_ADHERENT}/salaries/{{salarie_id}}/contrats/{{contrat_id}}/annulation",
              commandes.AnnulerContratRegularise,
              resume="Annuler un contrat touchant une période close (motif)."),
    Operation("DELETE", f"{_ADHERENT}/salaries/{{salarie_id}}/mouvements/{{mouvement_id}}",
              commandes.AnnulerMouvement, "aucune", resume="Annuler une sortie ou réintégration."),
    Operation("POST", f"{_ADHERENT}/salaries/{{salarie_id}}/mouvements/{{mouvement_id}}/annulation",
              commandes.AnnulerMouvementRegularise,
              resume="Annuler un mouvement daté dans une période close (motif)."),
    Operation("GET", f"{_ADHERENT}/effectif", commandes.ConsulterEffectif, "parametres",
              resume="L'effectif présent à une date (?le=)."),
    Operation("GET", f"{_ADHERENT}/effectif/periode", commandes.EffectifSurPeriode, "parametres",
              resume="L'effectif présent sur une période (?debut=&fin=)."),
    Operation("POST", f"{_ADHERENT}/sorties", commandes.SortirDeLEffectif, entetes=_IDEM,
              resume="Sortie groupée (Idempotency-Key : renvoi sans effet).",
              recoit=_GROUPE, donne=_MOUVEMENT),
    Operation("POST", f"{_ADHERENT}/reintegrations", commandes.ReintegrerDansLEffectif,
              entetes=_IDEM, resume="Réintégration groupée (Idempotency-Key : renvoi sans effet).",
              recoit=_GROUPE, donne=_MOUVEMENT),
    Operation("POST", f"{_ADHERENT}/imports", commandes.ImporterDeclaration,
              "fichier", entetes=_IDEM,
              resume="Importer un fichier DSN ou CSV : simulation, puis ?appliquer=true "
              "(Idempotency-Key : renvoi sans effet, le premier plan répondu)."),
    Operation("POST", f"{_ADHERENT}/facturation/assiette", commandes.CalculerAssiette,
              resume="L'assiette de facturation d'une période."),
    Operation("GET", f"{_ADHERENT}/clotures", commandes.ListerClotures,
              "parametres", resume="Les clôtures.",
              donne={"debut": "/0/periode/debut", "fin": "/0/periode/fin"}),
    Operation("POST", f"{_ADHERENT}/clotures", commandes.CloturerPeriode, statut=201,
              resume="Clore une période.",
              donne={"debut": "/periode/debut", "fin": "/periode/fin"}),
    Operation("GET", f"{_ADHERENT}/clotures/{{debut}}/{{fin}}", commandes.ConsulterCloture,
              "parametres",
              resume="Une clôture."),
    Operation("GET", f"{_ADHERENT}/factures", commandes.ListerFactures, "parametres",
              resume="Les factures et avoirs, dans l'ordre d'émission."),
    Operation("GET", f"{_ADHERENT}/factures/{{numero_facture}}", commandes.ConsulterFacture,
              "parametres",
              resume="Une facture ou un avoir tel qu'émis, avec son XML Factur-X."),
    Operation("GET", f"{_ADHERENT}/factures/{{numero_facture}}/pdf", commandes.ConsulterFacture,
              "parametres",
              pdf=True, nom="TelechargerFacture",
              resume="Le PDF Factur-X d'une facture ou d'un avoir."),
    Operation("GET", f"{_ADHERENT}/verification", commandes.VerifierAvantFacturation, "parametres",
              resume="Les erreurs probables avant facturation."),
    Operation("GET", f"{_ADHERENT}/acces", commandes.ListerAcces, "parametres", resume="Les accès.",
              donne={"email": "/0/email"}),
    Operation("POST", f"{_ADHERENT}/acces", commandes.AccorderAcces,
              statut=201, resume="Donner un accès.", donne={"email": "/email"}),
    Operation("PUT", f"{_ADHERENT}/acces/{{email}}", commandes.ModifierAcces,
              resume="Changer les rôles d'un accès."),
    Operation("DELETE", f"{_ADHERENT}/acces/{{email}}", commandes.RetirerAcces,
              "aucune", statut=204, resume="Retirer un accès."),
    Operation("GET", f"{_ADHERENT}/journal", commandes.ConsulterJournal,
              "parametres", resume="Le journal."),
    Operation("POST", "/rst/adherents", commandes.CreerAdherent, statut=201, rst=True,
              resume="RST : créer un adhérent (son e-mail de connexion en devient "
              "l'administrateur)."),
    Operation("POST", "/rst/facturation/totaux", commandes.CalculerTotaux, rst=True,
              resume="RST : les totaux et montants de chaque adhérent sur une période."),
    Operation("POST", "/rst/factures/emission", commandes.EmettreFactures, rst=True,
              resume="RST : émettre les factures des clôtures d'une période de tous les "
              "adhérents, par lots validés (relancer reprend où l'émission s'est arrêtée)."),
    Operation("GET", "/rst/multi-employeurs/{annee}", commandes.ListerMultiEmployeurs, "parametres",
              rst=True, resume="RST : les personnes présentes, par NIR, chez plusieurs "
              "adhérents ou déclarées multi-employeurs (NIR masqués)."),
    Operation("POST", "/rst/multi-employeurs", commandes.EnregistrerMultiEmployeur, rst=True,
              resume="RST : enregistrer un salarié multi-employeur de l'année (cotisation "
              "partagée à parts égales)."),
    Operation("POST", "/rst/adherents/{numero}/facturation/assiette", commandes.CalculerAssiette,
              rst=True, nom="CalculerAssietteRst",
              resume="RST : l'assiette d'un adhérent (ses totaux, montants et lignes)."),
)
"""Every operation of ``/api/v1``."""
