"""rst_effectifs: postes, salariés, contrats and the effectif behind RST's member portal.

The public API is what ``__all__`` lists: the domain types, the commands, the use
cases (functions taking a :class:`Contexte`, the acting access and a command) and the
factories that wire them to a storage.
"""

from .adapters.serialisation import ecrire, lire, make_converter
from .application.adherents import consulter_adherent, creer_adherent
from .application.commandes import (
    AjouterContrat,
    AjouterPoste,
    AnnulerContrat,
    AnnulerMouvement,
    AnnulerSalarie,
    ArchiverPoste,
    ConsulterAdherent,
    ConsulterEffectif,
    ConsulterSalarie,
    CorrigerIdentite,
    CreerAdherent,
    EffectifSurPeriode,
    EmbaucherSalarie,
    ListerPostes,
    ListerSalaries,
    ModifierRisques,
    NouveauContrat,
    ReintegrerDansLEffectif,
    RenommerPoste,
    ResultatMouvements,
    SortirDeLEffectif,
    SupprimerPoste,
)
from .application.contexte import REGISTRE, Contexte
from .application.effectif import (
    annuler_mouvement,
    consulter_effectif,
    effectif_sur_periode,
    reintegrer,
    sortir,
)
from .application.postes import (
    ajouter_poste,
    archiver_poste,
    lister_postes,
    modifier_risques,
    renommer_poste,
    supprimer_poste,
)
from .application.salaries import (
    ajouter_contrat,
    annuler_contrat,
    annuler_salarie,
    consulter_salarie,
    corriger_identite,
    embaucher,
    lister_salaries,
)
from .bootstrap import depuis_url, en_memoire
from .domain.adherents import Acces, Acteur, Adherent, AgentRst, Role
from .domain.contrats import Contrat, NatureContrat
from .domain.effectif import Effectif, LigneEffectif
from .domain.erreurs import (
    AccesInterdit,
    ConflitDeVersion,
    DonneeInvalide,
    Echec,
    ErreurDomaine,
    ErreurRstEffectifs,
    ErreurTechnique,
    Introuvable,
    RefusGroupe,
    RegleMetier,
)
from .domain.identifiants import CodePcsEse, Email, Nir, NumeroAdherent, NumeroTeledeclarant, Siret
from .domain.journal import EntreeJournal
from .domain.periodes import Periode
from .domain.postes import Poste
from .domain.salaries import Identite, Reintegration, Salarie, Sortie
from .domain.suivi import Risque, TypeDeSuivi
from .ports.clock import HorlogeFixe, HorlogeSysteme
from .ports.repositories import PageSalaries

__all__ = [
    "REGISTRE",
    "Acces",
    "AccesInterdit",
    "Acteur",
    "Adherent",
    "AgentRst",
    "AjouterContrat",
    "AjouterPoste",
    "AnnulerContrat",
    "AnnulerMouvement",
    "AnnulerSalarie",
    "ArchiverPoste",
    "CodePcsEse",
    "ConflitDeVersion",
    "ConsulterAdherent",
    "ConsulterEffectif",
    "ConsulterSalarie",
    "Contexte",
    "Contrat",
    "CorrigerIdentite",
    "CreerAdherent",
    "DonneeInvalide",
    "Echec",
    "Effectif",
    "EffectifSurPeriode",
    "Email",
    "EmbaucherSalarie",
    "EntreeJournal",
    "ErreurDomaine",
    "ErreurRstEffectifs",
    "ErreurTechnique",
    "HorlogeFixe",
    "HorlogeSysteme",
    "Identite",
    "Introuvable",
    "LigneEffectif",
    "ListerPostes",
    "ListerSalaries",
    "ModifierRisques",
    "NatureContrat",
    "Nir",
    "NouveauContrat",
    "NumeroAdherent",
    "NumeroTeledeclarant",
    "PageSalaries",
    "Periode",
    "Poste",
    "RefusGroupe",
    "RegleMetier",
    "Reintegration",
    "ReintegrerDansLEffectif",
    "RenommerPoste",
    "ResultatMouvements",
    "Risque",
    "Role",
    "Salarie",
    "Siret",
    "Sortie",
    "SortirDeLEffectif",
    "SupprimerPoste",
    "TypeDeSuivi",
    "ajouter_contrat",
    "ajouter_poste",
    "annuler_contrat",
    "annuler_mouvement",
    "annuler_salarie",
    "archiver_poste",
    "consulter_adherent",
    "consulter_effectif",
    "consulter_salarie",
    "corriger_identite",
    "creer_adherent",
    "depuis_url",
    "ecrire",
    "effectif_sur_periode",
    "embaucher",
    "en_memoire",
    "lire",
    "lister_postes",
    "lister_salaries",
    "make_converter",
    "modifier_risques",
    "reintegrer",
    "renommer_poste",
    "sortir",
    "supprimer_poste",
]
