"""What happened: the events domain commands return, journaled by the application (A5).

Events never carry a NIR, in clear or otherwise.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from attrs import frozen

from .suivi import Risque


@frozen
class Evenement:
    """Base of every event; ``nom`` is its stable journal code."""

    nom: ClassVar[str] = "evenement"
    adherent_id: str


@frozen
class AdherentCree(Evenement):
    nom: ClassVar[str] = "adherent.cree"


@frozen
class PosteAjoute(Evenement):
    nom: ClassVar[str] = "poste.ajoute"
    poste_id: str
    libelle: str


@frozen
class PosteRenomme(Evenement):
    nom: ClassVar[str] = "poste.renomme"
    poste_id: str
    libelle: str


@frozen
class RisquesModifies(Evenement):
    nom: ClassVar[str] = "poste.risques_modifies"
    poste_id: str
    risques: frozenset[Risque]
    sir_employeur: bool


@frozen
class PosteArchive(Evenement):
    nom: ClassVar[str] = "poste.archive"
    poste_id: str


@frozen
class PosteSupprime(Evenement):
    nom: ClassVar[str] = "poste.supprime"
    poste_id: str


@frozen
class SalarieEmbauche(Evenement):
    nom: ClassVar[str] = "salarie.embauche"
    salarie_id: str
    contrat_id: str


@frozen
class IdentiteCorrigee(Evenement):
    nom: ClassVar[str] = "salarie.identite_corrigee"
    salarie_id: str
    champs: tuple[str, ...]


@frozen
class SalarieAnnule(Evenement):
    nom: ClassVar[str] = "salarie.annule"
    salarie_id: str


@frozen
class ContratAjoute(Evenement):
    nom: ClassVar[str] = "contrat.ajoute"
    salarie_id: str
    contrat_id: str
    debut: dt.date


@frozen
class ContratClos(Evenement):
    """C3/E3: an open contract closed by a newer contract or by an exit."""

    nom: ClassVar[str] = "contrat.clos"
    salarie_id: str
    contrat_id: str
    fin: dt.date


@frozen
class ContratAnnule(Evenement):
    nom: ClassVar[str] = "contrat.annule"
    salarie_id: str
    contrat_id: str


@frozen
class SalarieSorti(Evenement):
    nom: ClassVar[str] = "effectif.sortie"
    salarie_id: str
    mouvement_id: str
    le: dt.date


@frozen
class SalarieReintegre(Evenement):
    nom: ClassVar[str] = "effectif.reintegration"
    salarie_id: str
    mouvement_id: str
    le: dt.date


@frozen
class MouvementAnnule(Evenement):
    nom: ClassVar[str] = "effectif.mouvement_annule"
    salarie_id: str
    mouvement_id: str


# -- compte et accès (A1–A3) ----------------------------------------------------------
@frozen
class RaisonSocialeModifiee(Evenement):
    nom: ClassVar[str] = "compte.raison_sociale_modifiee"
    raison_sociale: str


@frozen
class AdresseModifiee(Evenement):
    """F8: the address invoices are made out to changed (issued ones keep theirs)."""

    nom: ClassVar[str] = "compte.adresse_modifiee"


@frozen
class EmailConnexionModifie(Evenement):
    nom: ClassVar[str] = "compte.email_connexion_modifie"
    email: str


@frozen
class TeledeclarantModifie(Evenement):
    nom: ClassVar[str] = "compte.teledeclarant_modifie"
    numero_teledeclarant: str


@frozen
class TeledeclarantEnvoye(Evenement):
    """A2: the declarant number was sent to the account's login e-mail on request."""

    nom: ClassVar[str] = "compte.teledeclarant_envoye"


@frozen
class CodeDeConnexionEnvoye(Evenement):
    """A6: a sign-in code was sent, on request, to an e-mail holding an access here."""

    nom: ClassVar[str] = "connexion.code_envoye"


@frozen
class JetonAccesEmis(Evenement):
    """A7: a bearer token was issued to the acting e-mail (never its text)."""

    nom: ClassVar[str] = "connexion.jeton_emis"
    jeton_id: str
    libelle: str


@frozen
class JetonAccesRevoque(Evenement):
    """A7: a bearer token was revoked."""

    nom: ClassVar[str] = "connexion.jeton_revoque"
    jeton_id: str


@frozen
class AccesAccorde(Evenement):
    """A3: ``roles`` are the role values, sorted."""

    nom: ClassVar[str] = "acces.accorde"
    email: str
    roles: tuple[str, ...]


@frozen
class AccesModifie(Evenement):
    nom: ClassVar[str] = "acces.modifie"
    email: str
    roles: tuple[str, ...]


@frozen
class AccesRetire(Evenement):
    nom: ClassVar[str] = "acces.retire"
    email: str


@frozen
class DocumentEmis(Evenement):
    """F8: an invoice or credit note was issued (its number, nature and total)."""

    nom: ClassVar[str] = "facturation.document_emis"
    numero: str
    nature: str
    total_ttc: str


@frozen
class PersonnesEcartees(Evenement):
    """I2: an applied import left these people aside, the member having confirmed it;
    ``personnes`` name each one with the file's line (never a NIR)."""

    nom: ClassVar[str] = "import.personnes_ecartees"
    personnes: tuple[str, ...]
