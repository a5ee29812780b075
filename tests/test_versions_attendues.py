"""V1, expected versions: a command that changes one salarié, poste or account takes the
version its caller read (``version_attendue``, an ``If-Match``); a stale one writes
nothing and raises ``VersionPerimee`` with both versions, on memory, SQLite and
PostgreSQL. The commands are those of the tenant-isolation matrix, so every command
that changes one of these aggregates is run here: one that lacks the field fails
``test_every_command_changing_one_aggregate_takes_an_expected_version``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest

import rst_effectifs as rst
from rst_effectifs.adapters.memory import EtatMemoire
from rst_effectifs.application.contexte import PAR_COMMANDE
from test_tenant_isolation import (
    AGENT,
    COMMANDES,
    EMETTEUR,
    REFUSES_PREPARES,
    _admin,
    _contexte,
    _peupler,
)

ATTENDUES = {
    "renommer_poste", "modifier_risques", "archiver_poste", "supprimer_poste",
    "corriger_identite", "ajouter_contrat", "annuler_contrat", "annuler_salarie",
    "annuler_mouvement", "annuler_mouvement_regularise", "annuler_contrat_regularise",
    "modifier_compte",
}
"""The use cases whose command changes one poste, one salarié or the account."""
AUTRES_CHANGEMENTS = {
    "embaucher": "creates a file (and marks its poste used)",
    "ajouter_poste": "creates a poste",
    "creer_adherent": "creates the adherent",
    "sortir": "grouped (E5): many files, made safe to resend by its request id",
    "reintegrer": "grouped (E5), as sortir",
    "fusionner_salaries": "two files: version_conserve and version_doublon",
    "importer_declaration": "a whole declaration: many files",
    "cloturer_periode": "a period's closing, of no single file",
    "accorder_acces": "an access (keyed by e-mail), not the account's data",
    "modifier_acces": "an access, as accorder_acces",
    "retirer_acces": "an access, as accorder_acces",
    "recuperer_numero_teledeclarant": "sends an e-mail, changes nothing read",
}
"""Use cases that change something with no expected version, and why."""


def _versions(ctx: rst.Contexte, moi: rst.Acteur, a: str) -> dict[str, int]:
    """Every version a client may hold on adherent ``a``: the account's, each poste's,
    each salarié's."""
    versions = {"compte": rst.executer(ctx, moi, rst.ConsulterCompte(a)).version}
    for poste in rst.executer(ctx, moi, rst.ListerPostes(a, inclure_archives=True)):
        versions[f"poste {poste.id}"] = poste.version
    page = rst.executer(ctx, moi, rst.ListerSalaries(a, limite=500))
    for salarie in page.salaries:
        versions[f"salarie {salarie.id}"] = salarie.version
    return versions


def _cible(commande: Any) -> str:
    if hasattr(commande, "salarie_id"):
        return f"salarie {commande.salarie_id}"
    if hasattr(commande, "poste_id"):
        return f"poste {commande.poste_id}"
    return "compte"


def _journal(ctx: rst.Contexte, moi: rst.Acteur, a: str) -> int:
    return len(rst.executer(ctx, moi, rst.ConsulterJournal(a)))


def test_every_command_changing_one_aggregate_takes_an_expected_version() -> None:
    """Each prepared command is run on a fresh memory world: one that moves (or removes)
    exactly one salarié's or poste's version, or only the account's, and creates
    nothing, is listed in
    ATTENDUES, every other change in AUTRES_CHANGEMENTS, and the field is the last, a
    keyword defaulting to ``None``."""
    trouves = set()
    for nom, (_besoin, construire) in COMMANDES.items():
        if nom in REFUSES_PREPARES:  # refused for every caller: it changes nothing here
            continue
        etat = EtatMemoire()
        ids = _peupler(_contexte(etat, "A"), "A", "000001", "req-a")
        ctx, a = _contexte(etat, "X"), ids.adherent
        avant, journal = _versions(ctx, AGENT, a), _journal(ctx, AGENT, a)
        rst.executer(ctx, AGENT, construire(ids))
        apres = _versions(ctx, AGENT, a)
        changees = {k for k in avant if apres.get(k) != avant[k]}  # moved or gone
        if (apres.keys() <= avant.keys() and len(changees - {"compte"}) == 1) or \
                (changees == {"compte"} and _journal(ctx, AGENT, a) > journal):
            trouves.add(nom)
    assert trouves - set(AUTRES_CHANGEMENTS) == ATTENDUES
    for nom in ATTENDUES:
        champs = attrs.fields(PAR_COMMANDE_PAR_NOM[nom])
        assert champs[-1].name == "version_attendue", nom
        assert champs[-1].default is None and champs[-1].kw_only is False
    sans = {c.__name__ for c in PAR_COMMANDE if "version_attendue" in attrs.fields_dict(c)}
    assert sans == {PAR_COMMANDE_PAR_NOM[n].__name__ for n in ATTENDUES}


PAR_COMMANDE_PAR_NOM = {cas.nom: commande for commande, cas in PAR_COMMANDE.items()}


@pytest.fixture
def monde(fabrique_contexte: Any) -> tuple[Callable[[], rst.Contexte], Any]:
    """One populated adherent on the test's storage, and a way to open it again."""
    compteur = iter(range(1, 10**6))
    ouvrir: Callable[[], rst.Contexte] = lambda: attrs.evolve(  # noqa: E731
        fabrique_contexte(horloge=rst.HorlogeFixe(),
                          nouvel_id=lambda: f"id-{next(compteur):06d}"),
        emetteur=EMETTEUR)
    ids = _peupler(ouvrir(), "A", "000001", "req-a")
    return ouvrir, ids


@pytest.mark.parametrize("nom", sorted(ATTENDUES))
def test_a_stale_expected_version_writes_nothing_and_a_matching_one_writes(
    monde: tuple[Callable[[], rst.Contexte], Any], nom: str,
) -> None:
    ouvrir, ids = monde
    ctx, moi = ouvrir(), _admin(ids.adherent)
    commande = COMMANDES[nom][1](ids)
    cible = _cible(commande)
    avant, journal = _versions(ctx, moi, ids.adherent), _journal(ctx, moi, ids.adherent)
    version = avant[cible]
    compte = rst.executer(ctx, moi, rst.ConsulterCompte(ids.adherent))

    for perimee in {version + 1, version + 7, max(version - 1, 0)} - {version}:
        with pytest.raises(rst.VersionPerimee) as refus:
            rst.executer(ctx, moi, attrs.evolve(commande, version_attendue=perimee))
        assert isinstance(refus.value, rst.ConflitDeVersion)
        assert refus.value.code == "concurrence.version_perimee"
        assert refus.value.details == {"version": version, "version_attendue": perimee}
        assert refus.value.__cause__ is None
    autre = ouvrir()  # read back through a new context: what the storage holds
    assert _versions(autre, moi, ids.adherent) == avant
    assert _journal(autre, moi, ids.adherent) == journal
    assert rst.executer(autre, moi, rst.ConsulterCompte(ids.adherent)) == compte

    rst.executer(ctx, moi, attrs.evolve(commande, version_attendue=version))
    apres = _versions(ouvrir(), moi, ids.adherent)
    assert apres.get(cible, version + 1) == version + 1  # a deleted poste has none
    assert _journal(ouvrir(), moi, ids.adherent) > journal


@pytest.mark.parametrize("nom", sorted(ATTENDUES))
def test_no_expected_version_keeps_the_change_unconditional(
    monde: tuple[Callable[[], rst.Contexte], Any], nom: str,
) -> None:
    ouvrir, ids = monde
    ctx, moi = ouvrir(), _admin(ids.adherent)
    commande = COMMANDES[nom][1](ids)
    assert commande.version_attendue is None
    journal = _journal(ctx, moi, ids.adherent)
    rst.executer(ctx, moi, commande)
    assert _journal(ouvrir(), moi, ids.adherent) > journal


def test_editing_one_poste_leaves_the_other_postes_version() -> None:
    """A poste's version is its own: renaming one does not stale another's ETag, while
    the adherent's (the account's) moves with every change of its postes."""
    etat = EtatMemoire()
    ids = _peupler(_contexte(etat, "A"), "A", "000001", "req-a")
    ctx, moi = _contexte(etat, "X"), _admin(ids.adherent)
    avant = _versions(ctx, moi, ids.adherent)
    renomme = rst.executer(ctx, moi, rst.RenommerPoste(
        ids.adherent, ids.poste, "Caissier", version_attendue=avant[f"poste {ids.poste}"]))
    assert renomme.version == avant[f"poste {ids.poste}"] + 1
    libre = rst.executer(ctx, moi, rst.ArchiverPoste(
        ids.adherent, ids.poste_libre, version_attendue=avant[f"poste {ids.poste_libre}"]))
    assert libre.version == avant[f"poste {ids.poste_libre}"] + 1 and libre.archive


def test_the_json_results_show_the_version_a_client_sends_back() -> None:
    """Salarie, Poste and Compte carry ``version`` in what the JSON converter writes."""
    from rst_effectifs.formats.json import convertisseur_pour

    etat = EtatMemoire()
    ids = _peupler(_contexte(etat, "A"), "A", "000001", "req-a")
    ctx, moi = _contexte(etat, "X"), _admin(ids.adherent)
    convertisseur = convertisseur_pour(moi)
    for resultat in (rst.executer(ctx, moi, rst.ConsulterSalarie(ids.adherent, ids.salarie)),
                     rst.executer(ctx, moi, rst.ListerPostes(ids.adherent))[0],
                     rst.executer(ctx, moi, rst.ConsulterCompte(ids.adherent))):
        ecrit = convertisseur.unstructure(resultat)
        assert ecrit["version"] == resultat.version, type(resultat).__name__


@pytest.mark.parametrize("valeur", [-1, 2**31, 1841275108946])
def test_an_expected_version_beyond_a_stored_one_is_refused_without_echo(valeur: int) -> None:
    """A version is a 32-bit SQL integer from 0: anything else could match nothing and
    is refused on construction, not echoed (the digits may be a NIR's, S1)."""
    for construire in (lambda: rst.RenommerPoste("a", "p", "x", version_attendue=valeur),
                       lambda: rst.FusionnerSalaries("a", "b", "c", version_doublon=valeur)):
        with pytest.raises(rst.DonneeInvalide) as refus:
            construire()
        assert refus.value.code == "donnee.version_invalide"
        assert str(valeur) not in str(refus.value) + repr(refus.value.details)
    assert rst.RenommerPoste("a", "p", "x", version_attendue=2**31 - 1).version_attendue


def test_an_expected_version_is_a_whole_number() -> None:
    for mauvaise in ("3", 3.0, True):
        with pytest.raises(rst.DonneeInvalide) as refus:
            rst.RenommerPoste("a", "p", "x", version_attendue=mauvaise)  # type: ignore[arg-type]
        assert (refus.value.code, refus.value.chemin) == ("donnee.type_invalide",
                                                          "version_attendue")
