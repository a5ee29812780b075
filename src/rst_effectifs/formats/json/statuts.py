"""Refusals to HTTP statuses: one table, :func:`statut_http` (``docs/json.md``).

The stable ``code`` decides first (:data:`STATUTS_PAR_CODE` lists every code the library
raises, a test checks it), then the error's class (:data:`STATUTS_PAR_CLASSE`, for codes
a caller or a later version adds), then 500. Part of
:mod:`rst_effectifs.formats.json`.
"""

from __future__ import annotations

from collections.abc import Mapping

from ...domain.erreurs import (
    AccesInterdit,
    ConflitDeVersion,
    DonneeInvalide,
    ErreurRstEffectifs,
    ErreurTechnique,
    Introuvable,
    RefusGroupe,
    RegleMetier,
)

CODE_VERSION_PERIMEE = "concurrence.version_perimee"
"""A stale expected version (``VersionPerimee``): 412, never retried."""
CODE_TRANSITOIRE = "technique.transitoire"
"""A transient storage failure (``EchecTransitoire``): 503, safe to retry."""

STATUTS_PAR_CLASSE: tuple[tuple[type[BaseException], int], ...] = (
    (ConflitDeVersion, 409),  # someone saved in between: reload, retry
    (RefusGroupe, 422),  # every item is listed in ``echecs``: the request must change
    (AccesInterdit, 403),
    (Introuvable, 404),
    (RegleMetier, 409),  # the request conflicts with the state it meets (RFC 9110 15.5.10)
    (DonneeInvalide, 422),  # well-formed JSON whose content is refused (RFC 9110 15.5.21)
    (ErreurTechnique, 503),  # the storage failed, nothing was stored
)
"""By class, most specific first: for a code missing from :data:`STATUTS_PAR_CODE`."""


def _codes(statut: int, *codes: str) -> dict[str, int]:
    return dict.fromkeys(codes, statut)


STATUTS_PAR_CODE: Mapping[str, int] = {
    # 400: the text is not JSON / the query string is not parameters.
    **_codes(400, "json.invalide", "requete.parametres_invalides"),
    # 400 from the HTTP adapter: a header, a form or a page cursor it cannot read.
    **_codes(400, "requete.entete_invalide", "requete.corps_illisible",
             "pagination.curseur_invalide", "import.formulaire_illisible"),
    # 401: nobody signed in, or a sign-in code / bearer token that is not valid (A6, A7).
    **_codes(401, "connexion.requise", "connexion.code_refuse", "connexion.jeton_refuse"),
    # 403: no acting access, or one without the role; a change without its CSRF token.
    **_codes(403, "acces.interdit", "acces.manquant", "csrf.refuse", "csrf.origine_refusee"),
    # 404: an id in the URL names nothing this caller may see (A4).
    **_codes(404, "introuvable", "adherent.introuvable", "salarie.introuvable",
             "poste.introuvable", "contrat.introuvable", "mouvement.introuvable",
             "cloture.introuvable", "acces.introuvable", "exemple.introuvable",
             "jeton.introuvable", "facture.introuvable"),
    # 409: the request meets a state it conflicts with; another state would accept it.
    **_codes(409, "concurrence.conflit_de_version", "regle.enfreinte",
             "salarie.deja_existant", "adherent.numero_existant", "import.confirmation_requise",
             "adherent.teledeclarant_existant", "poste.libelle_existant",
             "poste.id_existant", "contrat.id_existant", "id.existant", "poste.utilise",
             "poste.archive", "poste.deja_archive", "acces.deja_accorde",
             "acces.dernier_administrateur", "cloture.deja_faite",
             "cloture.periode_non_contigue", "contrat.annulation_impossible",
             "regularisation.inutile", "facture.deja_emise", "facture.periode_non_facturee",
             "facture.adresse_manquante", "facture.bareme_requis", "salarie.annule",
             # F7: the situation on 31 January (or the year) does not allow the record.
             "multi_employeur.avant_partage", "multi_employeur.un_seul_employeur",
             "multi_employeur.pas_au_31_janvier", "multi_employeur.types_differents",
             "multi_employeur.categories_differentes", "multi_employeur.nir_different"),
    # 412: the expected version (If-Match) is not the current one, or cannot be one.
    **_codes(412, CODE_VERSION_PERIMEE, "concurrence.etag_inconnu"),
    # 422: well-formed input refused for its content. A billing rule or barème NAMED in
    # the body is a value, not the resource of the URL: unknown, it is 422, not 404.
    **_codes(422, "json.champ_invalide", "json.nir_masque", "json.contredit_l_url",
             "donnee.invalide", "donnee.caractere_interdit", "donnee.commande_invalide",
             "donnee.contrainte", "donnee.id_invalide", "donnee.limite_invalide",
             "donnee.stockage_impossible", "donnee.trop_long", "donnee.type_invalide",
             "date.hors_bornes", "date.invalide", "periode.invalide", "periode.ouverte",
             "nir.invalide", "nir.naissance_incoherente", "siren.invalide", "siret.invalide",
             "pcs.invalide", "email.invalide", "adherent.numero_invalide",
             "adherent.teledeclarant_invalide", "acces.role_inconnu", "acces.sans_role",
             "adherent.raison_sociale_invalide", "salarie.nom_invalide",
             "salarie.prenoms_invalides", "salarie.incomplet", "poste.libelle_invalide",
             "poste.justification_invalide", "poste.risque_inconnu",
             "contrat.dates_invalides", "contrat.dispositif_invalide",
             "contrat.nature_inconnue", "contrat.numero_invalide", "sortie.motif_invalide",
             "reintegration.debut_du_contrat",
             "reintegration.motif_invalide", "regularisation.motif_invalide",
             "requete.selection_invalide", "requete.refus_groupe",
             "requete.identifiant_reutilise",  # same key, other content (idempotency draft)
             "regle.inconnue", "bareme.inconnu", "regle.choix_invalide",
             "regle.duree_invalide", "regle.mode_inconnu", "regle.nature_inconnue",
             "bareme.choix_invalide", "bareme.montant_invalide", "bareme.taux_invalide",
             "bareme.hors_bande", "bareme.cout_inconnu", "cout_moyen.invalide",
             "bareme.annee_non_couverte", "bareme.annees_invalides", "suivi.reglage_invalide",
             "adherent.particulier_employeur",
             "cout_moyen.annee_invalide", "facturation.nom_invalide",
             "cloture.assiette_incoherente", "cloture.periode_trop_longue",
             "cloture.recalcul_manquant",
             "recuperation.limite_invalide", "configuration.invalide", "fichier.inaccessible",
             "csv.invalide", "csv.date_invalide", "dsn.invalide", "dsn.date_invalide",
             "import.fichier_invalide", "import.max_erreurs_invalide",
             "import.poste_manquant", "import.etablissement_absent", "import.sans_contrat",
             "donnee.version_invalide", "donnee.decalage_invalide",
             "multi_employeur.adherent_en_double", "multi_employeur.fiches_invalides",
             "multi_employeur.fiche_introuvable",
             "multi_employeur.autres_employeurs_invalide", "multi_employeur.part_invalide",
             "donnee.version_invalide", "import.caractere_illisible",
             "import.encodage_inconnu", "ntt.invalide", "salarie.naissance_invalide",
             # 422 from the pages: a form field missing or out of its choices, a dry run
             # that no longer matches, a file too big to carry to the apply step.
             "formulaire.action_inconnue", "formulaire.aucun_salarie_coche",
             "formulaire.contrat_a_renseigner", "periode.annee_invalide",
             "import.fichier_manquant", "import.format_inconnu", "import.simulation_invalide",
             "import.trop_gros_pour_le_portail",
             # invoices (F8): an address or a seller's setting out of its form
             "adresse.invalide", "emetteur.invalide", "emetteur.delai_invalide",
             "emetteur.format_invalide", "emetteur.iban_invalide", "emetteur.tva_invalide"),
    # 413: the request body is over the portal's size limit.
    **_codes(413, "requete.trop_grande"),
    # 429: the account asked too often (A2, A6); Retry-After is the front end's choice.
    **_codes(429, "recuperation.trop_de_demandes", "connexion.trop_de_demandes"),
    # 500: the deployment is wrong (URL, password, schema, file rights, mail settings), or
    # the front end's own code misused the library (tentatives, a step after a failed one
    # in a transaction): retrying cannot help. A commit whose outcome is unknown is 500
    # too: a blind retry could apply it twice. ``erreur.interne``: the HTTP adapter's body
    # for anything unexpected.
    **_codes(500, "erreur.interne", "technique.url_invalide", "technique.migration",
             "technique.schema_inconnu",
             "technique.schema_perime", "technique.schema_different",
             "technique.envoi_non_configure", "technique.doublons_existants",
             "technique.authentification", "technique.base_inconnue", "technique.hote_inconnu",
             "technique.dossier_absent", "technique.fichier_inaccessible",
             "technique.lecture_seule", "technique.issue_incertaine",
             "technique.transaction_abandonnee", "donnee.tentatives_invalides",
             "technique.emetteur_non_configure", "facture.numerotation"),
    # 503: the storage or the mail server failed for now: nothing stored, retry later.
    **_codes(503, "technique.stockage", "technique.envoi", CODE_TRANSITOIRE,
             "technique.base_verrouillee", "technique.connexion_perdue",
             "technique.connexion_refusee", "technique.connexion_impossible",
             "technique.aucun_primaire"),
}
"""Every stable code the library raises → its HTTP status."""


def statut_http(erreur: BaseException) -> int:
    """The HTTP status a front end answers ``erreur`` with: by its ``code`` in
    :data:`STATUTS_PAR_CODE`, else by its class (:data:`STATUTS_PAR_CLASSE`), else 500
    (anything that is not a refusal of the library is a bug)."""
    if isinstance(erreur, ErreurRstEffectifs) and erreur.code in STATUTS_PAR_CODE:
        return STATUTS_PAR_CODE[erreur.code]
    for classe, statut in STATUTS_PAR_CLASSE:
        if isinstance(erreur, classe):
            return statut
    return 500
