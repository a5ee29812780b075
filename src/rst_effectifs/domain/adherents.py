"""The adherent aggregate (a member employer) with its postes, and who may act on it."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

from attrs import evolve, field, frozen

from .adresses import Adresse
from .dates import date_dans_les_bornes
from .droit import SERVICE_NATIONAL_PARTICULIERS_EMPLOYEURS
from .erreurs import DonneeInvalide, Introuvable, RegleMetier
from .evenements import (
    Evenement,
    PosteAjoute,
    PosteArchive,
    PosteRenomme,
    PosteSupprime,
    RisquesModifies,
)
from .identifiants import CodePcsEse, Email, NumeroAdherent, NumeroTeledeclarant, Siret
from .postes import Poste
from .suivi import Risque
from .textes import texte_requis


def verifier_employeur_inscriptible(particulier_employeur: bool, le: dt.date) -> None:
    """F9: since 2 January 2025 a private individual employing staff at home is followed
    by the national service, not enrolled by an SPSTI; before that day nothing changes."""
    fait = SERVICE_NATIONAL_PARTICULIERS_EMPLOYEURS
    if particulier_employeur and le >= fait.depuis:
        raise RegleMetier(
            "Un particulier employeur ne peut pas adhérer à RST : depuis le 2 janvier 2025, "
            f"ses salariés à domicile relèvent de {fait.valeur}, auquel il adhère en "
            "déclarant ses salariés (CESU ou Pajemploi).",
            code="adherent.particulier_employeur", regle="F9",
            chemin="particulier_employeur",
            details={"depuis": fait.depuis.isoformat(), "reference": str(fait.reference)},
        )


class Role(enum.Enum):
    """A3: what an access lets an e-mail do on one adherent."""

    ADMINISTRATEUR = "administrateur"
    DECLARATION = "declaration"
    FACTURATION = "facturation"
    LECTURE = "lecture"


@frozen
class Acces:
    """A3: one e-mail's roles on one adherent; the acting identity of every use case."""

    email: Email
    adherent_id: str
    roles: frozenset[Role]


@frozen
class AgentRst:
    """An RST staff member: creates adherents and may act on any of them."""

    email: Email


Acteur = Acces | AgentRst


@frozen
class Anonyme:
    """Nobody logged in: only public use cases (A2, the declarant-number recovery)
    accept it; every other one refuses it like a missing access."""


ANONYME = Anonyme()


def _raison_sociale(valeur: object) -> str:
    return texte_requis(
        valeur,
        champ="raison_sociale",
        code="adherent.raison_sociale_invalide",
        regle="A1",
        maximum=200,
        libelle="La raison sociale",
    )


def poste_introuvable(poste_id: str) -> Introuvable:
    return Introuvable(
        "Ce poste est introuvable.", code="poste.introuvable", regle="A4", chemin="poste_id"
    )


@frozen
class Adherent:
    """A member employer (one establishment). Owns its postes; ``cloture_au`` is the
    last day of the latest frozen billing period (F4), ``None`` when none is frozen;
    ``adresse`` the address its invoices are made out to (F8)."""

    id: str
    numero: NumeroAdherent
    siret: Siret
    raison_sociale: str = field(converter=_raison_sociale)
    email_connexion: Email
    numero_teledeclarant: NumeroTeledeclarant | None = None
    postes: tuple[Poste, ...] = ()
    cloture_au: dt.date | None = None
    version: int = 0
    adresse: Adresse | None = None
    """F8: the postal address invoices are made out to (``None`` until given)."""

    # -- reading -------------------------------------------------------------
    def poste(self, poste_id: str) -> Poste:
        for p in self.postes:
            if p.id == poste_id:
                return p
        raise poste_introuvable(poste_id)

    def postes_par_id(self) -> dict[str, Poste]:
        return {p.id: p for p in self.postes}

    def poste_pour_contrat(self, poste_id: str) -> Poste:
        """P5: a contract names an active poste of this adherent."""
        poste = self.poste(poste_id)
        if poste.archive:
            raise RegleMetier(
                f"Le poste « {poste.libelle} » est archivé : il ne peut plus recevoir de contrat.",
                code="poste.archive",
                regle="P5",
                chemin="poste_id",
            )
        return poste

    # -- commands ------------------------------------------------------------
    def ajouter_poste(
        self,
        poste_id: str,
        libelle: str,
        risques: Iterable[Risque] = (),
        justification_sir: str | None = None,
        code_pcs: CodePcsEse | None = None,
    ) -> tuple[Adherent, list[Evenement]]:
        if any(p.id == poste_id for p in self.postes):
            raise DonneeInvalide("Cet identifiant de poste existe déjà.", code="poste.id_existant")
        poste = Poste(
            id=poste_id,
            libelle=libelle,
            risques=frozenset(risques) if not isinstance(risques, str) else risques,
            justification_sir=justification_sir,
            code_pcs=code_pcs,
        )
        self._verifier_libelle_unique(poste)
        return evolve(self, postes=(*self.postes, poste)), [
            PosteAjoute(self.id, poste.id, poste.libelle)
        ]

    def renommer_poste(self, poste_id: str, libelle: str) -> tuple[Adherent, list[Evenement]]:
        poste = evolve(self.poste(poste_id), libelle=libelle)
        if poste.actif:
            self._verifier_libelle_unique(poste)
        return self._remplacer(poste), [PosteRenomme(self.id, poste.id, poste.libelle)]

    def modifier_risques(
        self, poste_id: str, risques: Iterable[Risque], justification_sir: str | None = None
    ) -> tuple[Adherent, list[Evenement]]:
        poste = evolve(
            self.poste(poste_id),
            risques=frozenset(risques) if not isinstance(risques, str) else risques,
            justification_sir=justification_sir,
        )
        evenement = RisquesModifies(
            self.id, poste.id, poste.risques, poste.justification_sir is not None
        )
        return self._remplacer(poste), [evenement]

    def archiver_poste(self, poste_id: str) -> tuple[Adherent, list[Evenement]]:
        """P4: an archived poste takes no new contract but stays readable."""
        poste = self.poste(poste_id)
        if poste.archive:
            raise RegleMetier(
                "Ce poste est déjà archivé.", code="poste.deja_archive", regle="P4"
            )
        return self._remplacer(evolve(poste, archive=True)), [PosteArchive(self.id, poste.id)]

    def supprimer_poste(self, poste_id: str) -> tuple[Adherent, list[Evenement]]:
        """P4: only a poste no contract ever named can be deleted."""
        poste = self.poste(poste_id)
        if poste.utilise:
            raise RegleMetier(
                f"Le poste « {poste.libelle} » a servi à des contrats : "
                "archivez-le au lieu de le supprimer.",
                code="poste.utilise",
                regle="P4",
            )
        reste = tuple(p for p in self.postes if p.id != poste_id)
        return evolve(self, postes=reste), [PosteSupprime(self.id, poste.id)]

    def marquer_poste_utilise(self, poste_id: str) -> Adherent:
        """Record that a contract named this poste, so that P4 forbids deleting it."""
        poste = self.poste(poste_id)
        return self if poste.utilise else self._remplacer(evolve(poste, utilise=True))

    def cloturer_jusqu_au(self, fin: dt.date) -> Adherent:
        """F4: freeze every day up to ``fin``; a frozen period never re-opens. D1: ``fin``
        is a date of the domain, so that the next closing can start the day after."""
        date_dans_les_bornes(fin, "fin")
        if self.cloture_au is not None and fin <= self.cloture_au:
            raise RegleMetier(
                "Cette période est déjà clôturée.", code="cloture.deja_faite", regle="F4"
            )
        return evolve(self, cloture_au=fin)

    # -- helpers -------------------------------------------------------------
    def _remplacer(self, poste: Poste) -> Adherent:
        """The changed poste in place, its version moved (one more than the one loaded)."""
        change = evolve(poste, version=self.poste(poste.id).version + 1)
        return evolve(self, postes=tuple(change if p.id == poste.id else p for p in self.postes))

    def _verifier_libelle_unique(self, poste: Poste) -> None:
        for autre in self.postes:
            if autre.id != poste.id and autre.actif and autre.cle_libelle == poste.cle_libelle:
                raise RegleMetier(
                    f"Un poste actif s'appelle déjà « {autre.libelle} ».",
                    code="poste.libelle_existant",
                    regle="P1",
                    chemin="libelle",
                    details={"poste_id": autre.id},
                )
