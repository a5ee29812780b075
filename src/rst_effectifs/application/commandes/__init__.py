"""Use-case inputs: plain frozen data a front end builds or decodes from JSON, one
module per menu (mirroring ``application/``); every name is imported from here.

Each command checks the Python types of its fields on construction (attrs runs the
validators :func:`~rst_effectifs.application.typage.types_verifies` derives from its
annotations), so junk from a caller becomes a ``DonneeInvalide`` naming the field, never
a ``TypeError`` deep down. Business validation stays in the domain.
"""

from __future__ import annotations

from ...domain.identifiants import ID_MAX
from .adherents import ConsulterAdherent, CreerAdherent
from .base import LIMITE_MAX, NOM_CHERCHE_MAX, VERSION_MAX, Commande
from .compte import (
    AccorderAcces,
    ConsulterCompte,
    ConsulterJournal,
    ListerAcces,
    ModifierAcces,
    ModifierCompte,
    RecupererNumeroTeledeclarant,
    RetirerAcces,
)
from .effectif import (
    AnnulerMouvement,
    ConsulterEffectif,
    EffectifSurPeriode,
    ImporterDeclaration,
    ReintegrerDansLEffectif,
    ResultatMouvements,
    SortirDeLEffectif,
)
from .facturation import (
    AnnulerContratRegularise,
    AnnulerMouvementRegularise,
    CalculerAssiette,
    CalculerTotaux,
    ChoixDeFacturation,
    CloturerPeriode,
    ConsulterCloture,
    ListerClotures,
    OptionsDeFacturation,
    VerifierAvantFacturation,
)
from .factures import (
    ConsulterFacture,
    EmettreFacture,
    EmettreFactures,
    ListerFactures,
    PrixDeFacture,
)
from .multi_employeurs import (
    ConsulterMultiEmployeur,
    DeclarerMultiEmployeur,
    EnregistrerMultiEmployeur,
    FicheDesignee,
    ListerMultiEmployeurs,
)
from .postes import (
    AjouterPoste,
    ArchiverPoste,
    ListerPostes,
    ModifierRisques,
    RenommerPoste,
    SupprimerPoste,
)
from .salaries import (
    AjouterContrat,
    AnnulerContrat,
    AnnulerSalarie,
    ConsulterSalarie,
    CorrigerIdentite,
    EmbaucherSalarie,
    FusionnerSalaries,
    ListerSalaries,
    NouveauContrat,
)

__all__ = [
    "ID_MAX",
    "LIMITE_MAX",
    "NOM_CHERCHE_MAX",
    "VERSION_MAX",
    "AccorderAcces",
    "AjouterContrat",
    "AjouterPoste",
    "AnnulerContrat",
    "AnnulerContratRegularise",
    "AnnulerMouvement",
    "AnnulerMouvementRegularise",
    "AnnulerSalarie",
    "ArchiverPoste",
    "CalculerAssiette",
    "CalculerTotaux",
    "ChoixDeFacturation",
    "CloturerPeriode",
    "Commande",
    "ConsulterAdherent",
    "ConsulterCloture",
    "ConsulterCompte",
    "ConsulterEffectif",
    "ConsulterFacture",
    "ConsulterJournal",
    "ConsulterMultiEmployeur",
    "ConsulterSalarie",
    "CorrigerIdentite",
    "CreerAdherent",
    "DeclarerMultiEmployeur",
    "EffectifSurPeriode",
    "EmbaucherSalarie",
    "EmettreFacture",
    "EmettreFactures",
    "EnregistrerMultiEmployeur",
    "FicheDesignee",
    "FusionnerSalaries",
    "ImporterDeclaration",
    "ListerAcces",
    "ListerClotures",
    "ListerFactures",
    "ListerMultiEmployeurs",
    "ListerPostes",
    "ListerSalaries",
    "ModifierAcces",
    "ModifierCompte",
    "ModifierRisques",
    "NouveauContrat",
    "OptionsDeFacturation",
    "PrixDeFacture",
    "RecupererNumeroTeledeclarant",
    "ReintegrerDansLEffectif",
    "RenommerPoste",
    "ResultatMouvements",
    "RetirerAcces",
    "SortirDeLEffectif",
    "SupprimerPoste",
    "VerifierAvantFacturation",
]
