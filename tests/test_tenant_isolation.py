"""A3/A4: no use case can be called on another adherent's data, nor without the role.

Every use case of ``REGISTRE`` must have a prepared valid command below: a new use case
without one fails ``test_every_registered_use_case_has_a_prepared_command``.

Two adherents share one memory store: A (the victim) and B (the actor). Their data is
built with separate id generators, so B's ids are the same whether A exists or not. An
access of B calling with A's ids must get exactly the answer it gets in a store where A
never existed, i.e. where those ids are unknown.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest

import rst_effectifs as rst
from rst_effectifs.adapters.memory import EtatMemoire
from rst_effectifs.application import declarations as decl
from rst_effectifs.application.commandes import ImporterDeclaration
from rst_effectifs.application.contexte import REGISTRE, Besoin

D = dt.date
R = rst.Role
AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
HORLOGE = rst.HorlogeFixe()


@attrs.frozen
class Ids:
    """The ids of one adherent's data that commands can name."""

    adherent: str
    poste: str  # used by a contract
    poste_libre: str  # never used: deletable
    salarie: str  # present, one open contract, no movement
    contrat: str  # that contract
    salarie_sorti: str  # out of the headcount
    mouvement: str  # that exit
    salarie_ancien: str  # left in 2024, inside the closed period
    mouvement_gele: str  # that exit, in the closed period
    salarie_gele: str  # one open contract started in the closed period, no movement
    contrat_gele: str  # that contract


def _contexte(etat: EtatMemoire, prefixe: str) -> rst.Contexte:
    compteur = itertools.count(1)
    return rst.en_memoire(horloge=HORLOGE, etat=etat,
                          nouvel_id=lambda: f"{prefixe}-{next(compteur)}")


def _admin(adherent_id: str, *roles: R) -> rst.Acces:
    return rst.Acces(rst.Email.parse(f"admin@{adherent_id}.fr"), adherent_id,
                     frozenset(roles or {R.ADMINISTRATEUR}))


REGLE = "present_dans_l_annee"
# A sends its exit under this request id; B never used it. B's own requests must not
# collide with A's (E5 request ids are scoped by adherent).
REQUETE_COMMUNE = "req-commune"


def _peupler(etat: EtatMemoire, prefixe: str, numero: str, requete: str) -> Ids:
    ctx = _contexte(etat, prefixe)
    adherent = rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        numero, "73282932000074", f"Société {prefixe}", f"contact@{prefixe}.fr"))
    a = adherent.id
    moi = _admin(a)
    poste = rst.ajouter_poste(ctx, moi, rst.AjouterPoste(a, "Vendeur")).id
    libre = rst.ajouter_poste(ctx, moi, rst.AjouterPoste(a, "Jamais utilisé")).id

    def embaucher(nom: str, debut: dt.date) -> rst.Salarie:
        return rst.embaucher(ctx, moi, rst.EmbaucherSalarie(
            a, nom, "Léa", D(1990, 5, 4),
            rst.NouveauContrat(rst.NatureContrat.CDI, debut, poste)))

    def sortir(salarie_id: str, le: dt.date, requete_id: str) -> str:
        ((_s, mouvement_id),) = rst.sortir(ctx, moi, rst.SortirDeLEffectif(
            a, requete_id, (salarie_id,), le)).mouvements
        return mouvement_id

    ancien = embaucher("Ancien", D(2024, 1, 8)).id
    mouvement_gele = sortir(ancien, D(2024, 11, 30), f"req-{prefixe}-2024")
    gele = embaucher("Gelé", D(2024, 6, 3))
    rst.cloturer_periode(ctx, moi, rst.CloturerPeriode(a, D(2024, 1, 1), D(2024, 12, 31),
                                                       regle=REGLE))
    salarie = embaucher("Durand", D(2025, 1, 6))
    sorti = embaucher("Martin", D(2025, 1, 6)).id
    mouvement = sortir(sorti, D(2025, 3, 31), requete)
    return Ids(a, poste, libre, salarie.id, salarie.contrats[0].id, sorti, mouvement,
               ancien, mouvement_gele, gele.id, gele.contrats[0].id)


Construire = Callable[[Ids], object]
CONTRAT = rst.NatureContrat.CDI


def _declaration() -> decl.DeclarationImportee:
    """A CSV-like file (no SIRET: it belongs to whoever imports it) hiring one person."""
    return decl.DeclarationImportee((decl.EtablissementImporte(None, (decl.IndividuImporte(
        rst.Identite("Importé", "Paul", D(1985, 7, 14)),
        (decl.ContratImporte(CONTRAT, D(2025, 2, 3), libelle_poste="Vendeur"),)),)),),
        source="csv")


# name -> (the role the use case must require, a valid command on the given ids)
COMMANDES: dict[str, tuple[Besoin, Construire]] = {
    "creer_adherent": (Besoin.RST, lambda i: rst.CreerAdherent(
        "000999", "73282932000074", "Nouvelle société", "contact@nouvelle.fr")),
    "consulter_adherent": (Besoin.LECTURE, lambda i: rst.ConsulterAdherent(i.adherent)),
    "ajouter_poste": (Besoin.DECLARATION, lambda i: rst.AjouterPoste(i.adherent, "Cariste")),
    "renommer_poste": (Besoin.DECLARATION,
                       lambda i: rst.RenommerPoste(i.adherent, i.poste, "Vendeuse")),
    "modifier_risques": (Besoin.DECLARATION, lambda i: rst.ModifierRisques(
        i.adherent, i.poste, frozenset({rst.Risque.TRAVAIL_DE_NUIT}))),
    "archiver_poste": (Besoin.DECLARATION, lambda i: rst.ArchiverPoste(i.adherent, i.poste)),
    "supprimer_poste": (Besoin.DECLARATION,
                        lambda i: rst.SupprimerPoste(i.adherent, i.poste_libre)),
    "lister_postes": (Besoin.LECTURE,
                      lambda i: rst.ListerPostes(i.adherent, inclure_archives=True)),
    "embaucher": (Besoin.DECLARATION, lambda i: rst.EmbaucherSalarie(
        i.adherent, "Petit", "Tom", D(1999, 2, 11),
        rst.NouveauContrat(CONTRAT, D(2025, 2, 1), i.poste))),
    "corriger_identite": (Besoin.DECLARATION, lambda i: rst.CorrigerIdentite(
        i.adherent, i.salarie, "Dupont", "Léa", D(1990, 5, 4))),
    "ajouter_contrat": (Besoin.DECLARATION, lambda i: rst.AjouterContrat(
        i.adherent, i.salarie, rst.NouveauContrat(CONTRAT, D(2025, 9, 1), i.poste))),
    "annuler_contrat": (Besoin.DECLARATION,
                        lambda i: rst.AnnulerContrat(i.adherent, i.salarie, i.contrat)),
    "annuler_salarie": (Besoin.DECLARATION,
                        lambda i: rst.AnnulerSalarie(i.adherent, i.salarie)),
    "consulter_salarie": (Besoin.LECTURE,
                          lambda i: rst.ConsulterSalarie(i.adherent, i.salarie)),
    "lister_salaries": (Besoin.LECTURE, lambda i: rst.ListerSalaries(
        i.adherent, poste_id=i.poste, apres=i.salarie, limite=10)),
    "sortir": (Besoin.DECLARATION, lambda i: rst.SortirDeLEffectif(
        i.adherent, REQUETE_COMMUNE, (i.salarie,), D(2025, 10, 31))),
    "reintegrer": (Besoin.DECLARATION, lambda i: rst.ReintegrerDansLEffectif(
        i.adherent, "req-retour", (i.salarie_sorti,), D(2025, 12, 1))),
    "annuler_mouvement": (Besoin.DECLARATION, lambda i: rst.AnnulerMouvement(
        i.adherent, i.salarie_sorti, i.mouvement)),
    "consulter_effectif": (Besoin.LECTURE,
                           lambda i: rst.ConsulterEffectif(i.adherent, D(2025, 6, 1))),
    "effectif_sur_periode": (Besoin.LECTURE, lambda i: rst.EffectifSurPeriode(
        i.adherent, D(2025, 1, 1), D(2025, 12, 31))),
    "importer_declaration": (Besoin.DECLARATION, lambda i: ImporterDeclaration(
        i.adherent, _declaration(), appliquer=True)),
    "calculer_assiette": (Besoin.FACTURATION, lambda i: rst.CalculerAssiette(
        i.adherent, D(2025, 1, 1), D(2025, 12, 31), regle=REGLE)),
    "cloturer_periode": (Besoin.ADMINISTRATION, lambda i: rst.CloturerPeriode(
        i.adherent, D(2025, 1, 1), D(2025, 12, 31), regle=REGLE)),
    "consulter_cloture": (Besoin.FACTURATION, lambda i: rst.ConsulterCloture(
        i.adherent, D(2024, 1, 1), D(2024, 12, 31))),
    "lister_clotures": (Besoin.FACTURATION, lambda i: rst.ListerClotures(i.adherent)),
    "verifier_avant_facturation": (Besoin.LECTURE, lambda i: rst.VerifierAvantFacturation(
        i.adherent, D(2025, 6, 1))),
    "annuler_mouvement_regularise": (Besoin.ADMINISTRATION,
                                     lambda i: rst.AnnulerMouvementRegularise(
        i.adherent, i.salarie_ancien, i.mouvement_gele, "Sortie saisie par erreur")),
    "annuler_contrat_regularise": (Besoin.ADMINISTRATION, lambda i: rst.AnnulerContratRegularise(
        i.adherent, i.salarie_gele, i.contrat_gele, "Contrat saisi en double")),
}

# Roles that grant each need (A3).
SUFFISANTS: dict[Besoin, frozenset[R]] = {
    Besoin.LECTURE: frozenset(R),
    Besoin.DECLARATION: frozenset({R.ADMINISTRATEUR, R.DECLARATION}),
    Besoin.FACTURATION: frozenset({R.ADMINISTRATEUR, R.FACTURATION}),
    Besoin.ADMINISTRATION: frozenset({R.ADMINISTRATEUR}),
    Besoin.RST: frozenset(),
}
TOUS_LES_JEUX_DE_ROLES = [
    frozenset(jeu) for n in range(len(R) + 1) for jeu in itertools.combinations(R, n)
]
NOMS = sorted(REGISTRE)


@functools.cache
def _modele(avec_a: bool) -> tuple[EtatMemoire, Ids | None, Ids]:
    etat = EtatMemoire()
    a = _peupler(etat, "A", "000001", REQUETE_COMMUNE) if avec_a else None
    b = _peupler(etat, "B", "000002", "req-B")
    return etat, a, b


class Monde:
    """B always; A (created first, so the store really is shared) only if asked. Each
    world is a fresh copy of a state built once (values are frozen, so copying the
    containers is enough)."""

    def __init__(self, avec_a: bool) -> None:
        modele, self.a, self.b = _modele(avec_a)
        self.etat = EtatMemoire(**dict(_stores(modele)))
        self.ctx = _contexte(self.etat, "X")

    def instantane(self) -> dict[str, object]:
        """Every store of the state (new ones included), copied: values are frozen."""
        return dict(_stores(self.etat))

    def donnees_de(self, adherent_id: str) -> dict[str, object]:
        """The part of every store that belongs to one adherent."""
        return {nom: _a_lui(store, adherent_id) for nom, store in _stores(self.etat)}

    def appeler(self, nom: str, acteur: rst.Acteur, commande: object) -> object:
        return REGISTRE[nom].fonction(self.ctx, acteur, commande)


def _stores(etat: EtatMemoire) -> Iterator[tuple[str, dict[Any, Any] | list[Any]]]:
    for champ in attrs.fields(EtatMemoire):
        valeur = getattr(etat, champ.name)
        if isinstance(valeur, dict):
            yield champ.name, dict(valeur)
        elif isinstance(valeur, list):
            yield champ.name, list(valeur)


def _a_lui(store: dict[Any, Any] | list[Any], adherent_id: str) -> object:
    if isinstance(store, list):
        return [x for x in store if x.adherent_id == adherent_id]
    return {k: v for k, v in store.items()
            if k == adherent_id or (isinstance(k, tuple) and k[0] == adherent_id)}


def issue(appel: Callable[[], object]) -> tuple[Any, ...]:
    """What a caller sees: the result, or the error's type, code, rule, message, path,
    details (and, for a grouped refusal, its failures)."""
    try:
        return ("ok", appel())
    except rst.ErreurDomaine as e:
        echecs = getattr(e, "echecs", None)
        return ("erreur", type(e), e.code, e.regle, e.message, e.chemin, e.details, echecs)


def variantes(a: Ids, b: Ids) -> Iterator[tuple[str, Ids]]:
    """All of A's ids; then B's ids with one of them swapped for A's."""
    yield "toutes les ids de A", a
    for champ in attrs.fields(Ids):
        if champ.name != "adherent":
            yield champ.name, attrs.evolve(b, **{champ.name: getattr(a, champ.name)})


def test_every_registered_use_case_has_a_prepared_command() -> None:
    assert set(REGISTRE) == set(COMMANDES), (
        "add a prepared command (and its expected role) for each new use case")


@pytest.mark.parametrize("nom", NOMS)
def test_use_case_requires_the_expected_role(nom: str) -> None:
    assert nom in COMMANDES, f"no prepared command for {nom}"
    besoin, construire = COMMANDES[nom]
    assert REGISTRE[nom].besoin is besoin
    ids = _peupler(EtatMemoire(), "T", "000003", "req-T")
    assert isinstance(construire(ids), REGISTRE[nom].commande)


@pytest.mark.parametrize("nom", NOMS)
def test_prepared_command_is_valid_with_a_sufficient_role(nom: str) -> None:
    besoin, construire = COMMANDES[nom]
    for roles in TOUS_LES_JEUX_DE_ROLES:
        if roles & SUFFISANTS[besoin]:
            monde = Monde(avec_a=True)
            monde.appeler(nom, _admin(monde.b.adherent, *roles), construire(monde.b))
    monde = Monde(avec_a=True)
    monde.appeler(nom, AGENT, construire(monde.b))


@pytest.mark.parametrize("nom", NOMS)
def test_insufficient_role_is_refused_and_changes_nothing(nom: str) -> None:
    besoin, construire = COMMANDES[nom]
    insuffisants = [r for r in TOUS_LES_JEUX_DE_ROLES if not r & SUFFISANTS[besoin]]
    assert insuffisants  # at least the empty set of roles
    for roles in insuffisants:
        monde = Monde(avec_a=True)
        acteur = rst.Acces(rst.Email.parse("x@b.fr"), monde.b.adherent, roles)
        avant = monde.instantane()
        with pytest.raises(rst.AccesInterdit) as info:
            monde.appeler(nom, acteur, construire(monde.b))
        assert (info.value.code, info.value.regle) == ("acces.interdit", "A3")
        assert monde.instantane() == avant, roles


@pytest.mark.parametrize("nom", NOMS)
def test_foreign_ids_answer_exactly_like_unknown_ids(nom: str) -> None:
    _besoin, construire = COMMANDES[nom]
    probe = Monde(avec_a=True)
    assert probe.a is not None
    for libelle, ids in variantes(probe.a, probe.b):
        partage = Monde(avec_a=True)
        sans_a = Monde(avec_a=False)
        assert partage.a is not None and partage.b == sans_a.b
        acteur = _admin(partage.b.adherent)
        avant = partage.instantane()
        a_avant = partage.donnees_de(partage.a.adherent)
        vu = issue(functools.partial(partage.appeler, nom, acteur, construire(ids)))
        attendu = issue(functools.partial(sans_a.appeler, nom, acteur, construire(ids)))
        assert vu == attendu, libelle
        assert partage.donnees_de(partage.a.adherent) == a_avant, libelle
        if vu[0] == "erreur":
            assert partage.instantane() == avant, libelle
        else:
            assert partage.donnees_de(partage.b.adherent) == sans_a.donnees_de(sans_a.b.adherent)


def test_every_use_case_on_another_adherent_answers_not_found() -> None:
    for nom, (besoin, construire) in COMMANDES.items():
        if besoin is Besoin.RST:
            continue
        monde = Monde(avec_a=True)
        assert monde.a is not None
        avant = monde.instantane()
        with pytest.raises(rst.Introuvable) as info:
            monde.appeler(nom, _admin(monde.b.adherent), construire(monde.a))
        assert info.value.code == "adherent.introuvable", nom
        assert monde.instantane() == avant, nom


def test_foreign_salarie_under_ones_own_adherent_answers_like_an_unknown_one() -> None:
    monde = Monde(avec_a=True)
    assert monde.a is not None
    acteur = _admin(monde.b.adherent)

    def consulter(salarie_id: str) -> tuple[Any, ...]:
        return issue(lambda: rst.consulter_salarie(
            monde.ctx, acteur, rst.ConsulterSalarie(monde.b.adherent, salarie_id)))

    etranger, inconnu = consulter(monde.a.salarie), consulter("id-qui-n-existe-pas")
    assert etranger[0] == "erreur"
    assert etranger == inconnu
    assert etranger[1:4] == (rst.Introuvable, "salarie.introuvable", "A4")


def test_foreign_ids_in_a_grouped_request_fail_like_unknown_ones() -> None:
    monde = Monde(avec_a=True)
    assert monde.a is not None
    acteur = _admin(monde.b.adherent)
    avant = monde.instantane()
    with pytest.raises(rst.RefusGroupe) as info:
        rst.sortir(monde.ctx, acteur, rst.SortirDeLEffectif(
            monde.b.adherent, "req", (monde.b.salarie, monde.a.salarie, "inconnu"),
            D(2025, 10, 31)))
    assert [(e.salarie_id, e.code, e.message) for e in info.value.echecs] == [
        (monde.a.salarie, "salarie.introuvable", "Ce salarié est introuvable."),
        ("inconnu", "salarie.introuvable", "Ce salarié est introuvable."),
    ]
    assert monde.instantane() == avant
