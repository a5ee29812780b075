"""rst_effectifs: postes, salariés, contrats and the effectif behind RST's member portal.

The public API is what ``__all__`` lists: the domain types, the commands, the one
doorway :func:`executer` (``executer(ctx, acteur, commande)`` runs the use case
registered for the command's class), the factories that wire a :class:`Contexte` to a
storage, and the test kit (``rst_effectifs.testing``). Each use case is also reachable
by its own function name (``embaucher(ctx, acteur, commande)``...).
"""

from .adapters.horloges import HorlogeFixe, HorlogeSysteme
from .adapters.notification import Message, NotifierMemoire, NotifierSmtp
from .application.acces import (
    accorder_acces,
    adherent_et_acces,
    lister_acces,
    lister_adherents_accessibles,
    modifier_acces,
    resoudre_acces,
    retirer_acces,
)
from .application.adherents import consulter_adherent, creer_adherent
from .application.appels import Appel
from .application.commandes import (
    AccorderAcces,
    AjouterContrat,
    AjouterPoste,
    AnnulerContrat,
    AnnulerContratRegularise,
    AnnulerMouvement,
    AnnulerMouvementRegularise,
    AnnulerSalarie,
    ArchiverPoste,
    CalculerAssiette,
    CalculerTotaux,
    CloturerPeriode,
    ConsulterAdherent,
    ConsulterCloture,
    ConsulterCompte,
    ConsulterEffectif,
    ConsulterFacture,
    ConsulterJournal,
    ConsulterMultiEmployeur,
    ConsulterSalarie,
    CorrigerIdentite,
    CreerAdherent,
    DeclarerMultiEmployeur,
    EffectifSurPeriode,
    EmbaucherSalarie,
    EmettreFacture,
    EmettreFactures,
    EnregistrerMultiEmployeur,
    FicheDesignee,
    FusionnerSalaries,
    ImporterDeclaration,
    ListerAcces,
    ListerClotures,
    ListerFactures,
    ListerMultiEmployeurs,
    ListerPostes,
    ListerSalaries,
    ModifierAcces,
    ModifierCompte,
    ModifierRisques,
    NouveauContrat,
    RecupererNumeroTeledeclarant,
    ReintegrerDansLEffectif,
    RenommerPoste,
    ResultatMouvements,
    RetirerAcces,
    SortirDeLEffectif,
    SupprimerPoste,
    VerifierAvantFacturation,
)
from .application.compte import (
    REPONSE_RECUPERATION,
    RecuperationDemandee,
    consulter_compte,
    envoyer_en_attente,
    modifier_compte,
    recuperer_numero_teledeclarant,
)
from .application.connexion import (
    DemanderConnexion,
    EmettreJeton,
    ListerJetons,
    RevoquerJeton,
    ValiderConnexion,
    demander_connexion,
    emettre_jeton,
    lister_jetons,
    resoudre_jeton,
    revoquer_jeton,
    valider_connexion,
)
from .application.contexte import REGISTRE, Besoin, Contexte, executer
from .application.declarations import (
    DeclarationImportee,
    FichierInvalide,
    IndividuEcarte,
    Remarque,
)
from .application.effectif import (
    annuler_mouvement,
    consulter_effectif,
    effectif_sur_periode,
    reintegrer,
    sortir,
)
from .application.facturation import (
    annuler_contrat_regularise,
    annuler_mouvement_regularise,
    calculer_assiette,
    calculer_totaux,
    cloturer_periode,
    consulter_cloture,
    lister_clotures,
    verifier_avant_facturation,
)
from .application.factures import (
    BilanEmission,
    RefusEmission,
    consulter_facture,
    emettre_facture,
    emettre_factures,
    lister_factures,
)
from .application.fusion import fusionner_salaries
from .application.imports import PlanImport, importer_declaration
from .application.journal import consulter_journal
from .application.multi_employeurs import (
    consulter_multi_employeur,
    declarer_multi_employeur,
    enregistrer_multi_employeur,
    lister_multi_employeurs,
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
from .bootstrap import depuis_url, en_memoire, etat_du_schema, migrer, verifier_schema
from .domain.adherents import ANONYME, Acces, Acteur, Adherent, AgentRst, Anonyme, Role
from .domain.adresses import Adresse
from .domain.bande_legale import ControleBande
from .domain.clotures import Cloture, ElementFacture, LigneRegularisation, Regularisation
from .domain.comptes import ROLES_VOYANT_LES_NIR, Compte, LimiteDemandes, voit_les_nir
from .domain.contrats import Contrat, NatureContrat
from .domain.dates import DATE_MAX, DATE_MIN
from .domain.droit import (
    BANDE_LEGALE,
    CATALOGUES_DES_RISQUES,
    COUTS_MOYENS,
    FAITS,
    PARTAGE_MULTI_EMPLOYEURS,
    SERVICE_NATIONAL_PARTICULIERS_EMPLOYEURS,
    FaitJuridique,
    Reference,
    catalogue_le,
)
from .domain.effectif import Effectif, LigneEffectif
from .domain.emetteur import CategorieEntreprise, Emetteur
from .domain.erreurs import (
    AccesInterdit,
    ConflitDeVersion,
    DonneeInvalide,
    Echec,
    EchecTransitoire,
    ErreurDomaine,
    ErreurRstEffectifs,
    ErreurTechnique,
    Introuvable,
    RefusGroupe,
    RegleMetier,
    VersionPerimee,
)
from .domain.facturation import (
    BAREMES_PREDEFINIS,
    COUTS_MOYENS_NATIONAUX,
    REGLES_PREDEFINIES,
    Assiette,
    Bareme,
    CoutMoyenNational,
    LigneAssiette,
    LigneDeFacture,
    ModeDeComptage,
    Montants,
    MotifDeComptage,
    RegleDeComptage,
    TotalParType,
    bareme_en_vigueur,
    cout_moyen_en_vigueur,
)
from .domain.factures import Facture, LigneFacture, NatureDocument
from .domain.identifiants import (
    CodePcsEse,
    Email,
    Nir,
    NumeroAdherent,
    NumeroTeledeclarant,
    Siren,
    Siret,
)
from .domain.identites import PrecisionNaissance
from .domain.journal import EntreeJournal
from .domain.multi_employeurs import (
    DeclarationMultiEmployeur,
    EmploiAu31Janvier,
    MultiEmployeurDuSalarie,
    PageMultiEmployeurs,
    PartAnnuelle,
    SituationMultiEmployeur,
)
from .domain.ntt import Ntt
from .domain.partage import PartMultiEmployeur, part_du_prix, repartir
from .domain.periodes import Periode
from .domain.postes import ChangementDeSuivi, Poste, changements_de_suivi
from .domain.salaries import Identite, Reintegration, Salarie, Sortie
from .domain.suivi import CatalogueDesRisques, Risque, TypeDeSuivi
from .domain.totaux import TotauxAssiette
from .domain.verifications import Anomalie, RapportDeVerification, TypeAnomalie
from .entrypoints.expedition import ExpediteurEnArrierePlan
from .exemples import chemin_exemple
from .formats.csv_io import CsvInvalide, analyser_csv, lire_csv
from .formats.dsn import DsnInvalide, analyser_dsn, lire_dsn
from .formats.http import lire_corps, version_if_match
from .formats.json import (
    convertisseur_pour,
    ecrire,
    erreur_en_json,
    lire,
    make_converter,
    schema_json,
    schemas,
    statut_http,
    structurer,
    structurer_parametres,
    structurer_requete,
)
from .formats.openapi import ComposantsOpenApi, composants_openapi
from .ports.acces import AdherentAccessible
from .ports.factures import FactureEmise
from .ports.notification import Notifier
from .ports.salaries import PageSalaries

__all__ = [
    "ANONYME", "BANDE_LEGALE", "BAREMES_PREDEFINIS", "CATALOGUES_DES_RISQUES", "COUTS_MOYENS",
    "COUTS_MOYENS_NATIONAUX", "DATE_MAX", "DATE_MIN", "FAITS", "PARTAGE_MULTI_EMPLOYEURS",
    "REGISTRE", "REGLES_PREDEFINIES", "REPONSE_RECUPERATION", "ROLES_VOYANT_LES_NIR",
    "SERVICE_NATIONAL_PARTICULIERS_EMPLOYEURS", "Acces", "AccesInterdit", "AccorderAcces",
    "Acteur", "Adherent", "AdherentAccessible", "Adresse", "AgentRst", "AjouterContrat",
    "AjouterPoste", "AnnulerContrat", "AnnulerContratRegularise", "AnnulerMouvement",
    "AnnulerMouvementRegularise", "AnnulerSalarie", "Anomalie", "Anonyme", "Appel",
    "ArchiverPoste", "Assiette", "Bareme", "Besoin", "BilanEmission", "CalculerAssiette",
    "CalculerTotaux", "CatalogueDesRisques", "CategorieEntreprise", "ChangementDeSuivi",
    "Cloture", "CloturerPeriode", "CodePcsEse", "ComposantsOpenApi", "Compte",
    "ConflitDeVersion", "ConsulterAdherent", "ConsulterCloture", "ConsulterCompte",
    "ConsulterEffectif", "ConsulterFacture", "ConsulterJournal", "ConsulterMultiEmployeur",
    "ConsulterSalarie", "Contexte", "Contrat", "ControleBande", "CorrigerIdentite",
    "CoutMoyenNational", "CreerAdherent", "CsvInvalide", "DeclarationImportee",
    "DeclarationMultiEmployeur", "DeclarerMultiEmployeur", "DemanderConnexion",
    "DonneeInvalide", "DsnInvalide", "Echec", "EchecTransitoire", "Effectif",
    "EffectifSurPeriode", "ElementFacture", "Email", "EmbaucherSalarie", "Emetteur",
    "EmettreFacture", "EmettreFactures", "EmettreJeton", "EmploiAu31Janvier",
    "EnregistrerMultiEmployeur", "EntreeJournal", "ErreurDomaine", "ErreurRstEffectifs",
    "ErreurTechnique", "ExpediteurEnArrierePlan", "Facture", "FactureEmise", "FaitJuridique",
    "FicheDesignee", "FichierInvalide", "FusionnerSalaries", "HorlogeFixe", "HorlogeSysteme",
    "Identite", "ImporterDeclaration", "IndividuEcarte", "Introuvable", "LigneAssiette",
    "LigneDeFacture", "LigneEffectif", "LigneFacture", "LigneRegularisation", "LimiteDemandes",
    "ListerAcces", "ListerClotures", "ListerFactures", "ListerJetons", "ListerMultiEmployeurs",
    "ListerPostes", "ListerSalaries", "Message", "ModeDeComptage", "ModifierAcces",
    "ModifierCompte", "ModifierRisques", "Montants", "MotifDeComptage",
    "MultiEmployeurDuSalarie", "NatureContrat", "NatureDocument", "Nir", "Notifier",
    "NotifierMemoire", "NotifierSmtp", "NouveauContrat", "Ntt", "NumeroAdherent",
    "NumeroTeledeclarant", "PageMultiEmployeurs", "PageSalaries", "PartAnnuelle",
    "PartMultiEmployeur", "Periode", "PlanImport", "Poste", "PrecisionNaissance",
    "RapportDeVerification", "RecuperationDemandee", "RecupererNumeroTeledeclarant",
    "Reference", "RefusEmission", "RefusGroupe", "RegleDeComptage", "RegleMetier",
    "Regularisation", "Reintegration", "ReintegrerDansLEffectif", "Remarque", "RenommerPoste",
    "ResultatMouvements", "RetirerAcces", "RevoquerJeton", "Risque", "Role", "Salarie", "Siren",
    "Siret", "SituationMultiEmployeur", "Sortie", "SortirDeLEffectif", "SupprimerPoste",
    "TotalParType", "TotauxAssiette", "TypeAnomalie", "TypeDeSuivi", "ValiderConnexion",
    "VerifierAvantFacturation", "VersionPerimee", "accorder_acces", "adherent_et_acces",
    "ajouter_contrat", "ajouter_poste", "analyser_csv", "analyser_dsn", "annuler_contrat",
    "annuler_contrat_regularise", "annuler_mouvement", "annuler_mouvement_regularise",
    "annuler_salarie", "archiver_poste", "bareme_en_vigueur", "calculer_assiette",
    "calculer_totaux", "catalogue_le", "changements_de_suivi", "chemin_exemple",
    "cloturer_periode", "composants_openapi", "consulter_adherent", "consulter_cloture",
    "consulter_compte", "consulter_effectif", "consulter_facture", "consulter_journal",
    "consulter_multi_employeur", "consulter_salarie", "convertisseur_pour", "corriger_identite",
    "cout_moyen_en_vigueur", "creer_adherent", "declarer_multi_employeur", "demander_connexion",
    "depuis_url", "ecrire", "effectif_sur_periode", "embaucher", "emettre_facture",
    "emettre_factures", "emettre_jeton", "en_memoire", "enregistrer_multi_employeur",
    "envoyer_en_attente", "erreur_en_json", "etat_du_schema", "executer", "fusionner_salaries",
    "importer_declaration", "lire", "lire_corps", "lire_csv", "lire_dsn", "lister_acces",
    "lister_adherents_accessibles", "lister_clotures", "lister_factures", "lister_jetons",
    "lister_multi_employeurs", "lister_postes", "lister_salaries", "make_converter", "migrer",
    "modifier_acces", "modifier_compte", "modifier_risques", "part_du_prix",
    "recuperer_numero_teledeclarant", "reintegrer", "renommer_poste", "repartir",
    "resoudre_acces", "resoudre_jeton", "retirer_acces", "revoquer_jeton", "schema_json",
    "schemas", "sortir", "statut_http", "structurer", "structurer_parametres",
    "structurer_requete", "supprimer_poste", "valider_connexion", "verifier_avant_facturation",
    "verifier_schema", "version_if_match", "voit_les_nir",
]
