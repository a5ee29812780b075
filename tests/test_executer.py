"""The one doorway: ``executer(ctx, acteur, commande)`` runs the use case registered for
the command's class, through one registry where each command class has exactly one use
case (checked at import); the CLI reaches the use cases only through it."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import textwrap

import pytest

import rst_effectifs as rst
from rst_effectifs.application.commandes import Commande
from rst_effectifs.application.contexte import (
    PAR_COMMANDE,
    PARTIES_DE_COMMANDE,
    REGISTRE,
    Besoin,
    CasDUsage,
    RegistreIncoherent,
    verifier_commandes,
    verifier_registre,
)
from rst_effectifs.entrypoints.cli.commandes import MENUS

AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))


def _creer(ctx: rst.Contexte) -> rst.Adherent:
    adherent: rst.Adherent = rst.executer(ctx, AGENT, rst.CreerAdherent(
        "000001", "73282932000074", "Boulangerie", "contact@b.fr", "TD000001"))
    return adherent


def test_executer_runs_the_use_case_of_the_commands_class() -> None:
    ctx = rst.en_memoire()
    adherent = _creer(ctx)
    admin = rst.Acces(rst.Email.parse("gerant@b.fr"), adherent.id,
                      frozenset({rst.Role.ADMINISTRATEUR}))
    poste = rst.executer(ctx, admin, rst.AjouterPoste(adherent.id, "Vendeur"))
    assert isinstance(poste, rst.Poste) and poste.libelle == "Vendeur"
    assert rst.executer(ctx, admin, rst.ListerPostes(adherent.id)) == \
        rst.lister_postes(ctx, admin, rst.ListerPostes(adherent.id)) == (poste,)
    lu = rst.executer(ctx, AGENT, rst.ConsulterAdherent(adherent.id))
    assert lu == rst.consulter_adherent(ctx, AGENT, rst.ConsulterAdherent(adherent.id))
    assert (lu.id, lu.postes) == (adherent.id, (poste,))


def test_executer_checks_the_access_like_the_use_case() -> None:
    ctx = rst.en_memoire()
    adherent = _creer(ctx)
    lecteur = rst.Acces(rst.Email.parse("l@b.fr"), adherent.id, frozenset({rst.Role.LECTURE}))
    with pytest.raises(rst.AccesInterdit) as info:
        rst.executer(ctx, lecteur, rst.AjouterPoste(adherent.id, "Vendeur"))
    assert info.value.regle == "A3"
    with pytest.raises(rst.DonneeInvalide) as manquant:
        rst.executer(ctx, rst.ANONYME, rst.ListerPostes(adherent.id))
    assert manquant.value.code == "acces.manquant"


@pytest.mark.parametrize("pas_une_commande", [
    None, "ajouter_poste", {"adherent_id": "x"},
    rst.NouveauContrat(rst.NatureContrat.CDI, rst.DATE_MIN, "p1"),
])
def test_what_is_not_a_use_case_command_is_refused(pas_une_commande: object) -> None:
    """A part of a command (``NouveauContrat``) or any other value: a typed refusal."""
    ctx = rst.en_memoire()
    with pytest.raises(rst.DonneeInvalide) as info:
        rst.executer(ctx, AGENT, pas_une_commande)  # type: ignore[arg-type]
    assert (info.value.code, info.value.chemin) == ("donnee.commande_invalide", "commande")
    with pytest.raises(rst.DonneeInvalide) as sans_acteur:
        rst.executer(ctx, None, pas_une_commande)  # type: ignore[arg-type]
    assert sans_acteur.value.code == "acces.manquant"


def test_every_command_class_has_exactly_one_use_case() -> None:
    """The registry by name is the same registrations as the one by command class, and
    every ``Commande`` class but the marked parts is a key of it."""
    assert verifier_commandes() == PAR_COMMANDE
    assert sorted(PAR_COMMANDE.values(), key=lambda c: c.nom) == \
        sorted(REGISTRE.values(), key=lambda c: c.nom)
    assert {c.__name__ for c in PARTIES_DE_COMMANDE} == {"NouveauContrat", "FicheDesignee"}
    commandes = {getattr(rst, nom) for nom in rst.__all__
                 if isinstance(getattr(rst, nom), type) and issubclass(getattr(rst, nom),
                                                                       Commande)}
    assert commandes - PARTIES_DE_COMMANDE == set(PAR_COMMANDE)
    for commande, cas in PAR_COMMANDE.items():
        assert cas.commande is commande and getattr(rst, cas.nom) is cas.fonction


class _Une:
    """Stand-ins for command classes (not ``Commande`` subclasses, so that no other test
    enumerating the commands meets them)."""


class _Autre:
    pass


def _cas(nom: str, commande: type) -> CasDUsage:
    return CasDUsage(nom, lambda *_: None, commande, Besoin.LECTURE)


def test_the_check_refuses_a_command_with_no_use_case_or_two() -> None:
    un = _cas("un", _Une)
    assert verifier_registre([un], [_Une]) == {_Une: un}
    assert set(verifier_registre([_cas("un", _Une), _cas("autre", _Autre)],
                                 [_Une, _Autre])) == {_Une, _Autre}
    with pytest.raises(RegistreIncoherent, match="no use case: _Autre"):
        verifier_registre([_cas("un", _Une)], [_Une, _Autre])
    with pytest.raises(RegistreIncoherent, match="_Une has two use cases: un and deux"):
        verifier_registre([_cas("un", _Une), _cas("deux", _Une)], [_Une])
    with pytest.raises(RegistreIncoherent, match="not a command: _Autre"):
        verifier_registre([_cas("un", _Une), _cas("x", _Autre)], [_Une])


SCRIPT = textwrap.dedent('''
    import attrs
    from rst_effectifs.application.commandes import Commande
    from rst_effectifs.application.typage import types_verifies
    from rst_effectifs.application.contexte import (
        Besoin, Contexte, RegistreIncoherent, cas_d_usage, verifier_commandes)
    from rst_effectifs.domain.adherents import Acteur

    @attrs.frozen(field_transformer=types_verifies)
    class Jetable(Commande):
        adherent_id: str

    try:
        verifier_commandes()
    except RegistreIncoherent as erreur:
        print("none:", erreur)

    @cas_d_usage(Besoin.LECTURE)
    def premier(ctx: Contexte, acteur: Acteur, commande: Jetable) -> None: ...

    verifier_commandes()
    try:
        @cas_d_usage(Besoin.LECTURE)
        def second(ctx: Contexte, acteur: Acteur, commande: Jetable) -> None: ...
    except RegistreIncoherent as erreur:
        print("two:", erreur)
''')


def test_a_new_command_class_with_no_use_case_or_two_fails() -> None:
    """In a fresh interpreter (the throwaway classes stay out of this one): a new
    ``Commande`` class fails the import-time check until one use case takes it, and a
    second use case for it fails when it is declared."""
    sortie = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            check=True, timeout=60).stdout.splitlines()
    assert sortie == ["none: command classes with no use case: Jetable",
                      "two: Jetable has two use cases: premier and second"]


def test_the_cli_reaches_use_cases_only_through_executer() -> None:
    fonctions = {id(cas.fonction) for cas in PAR_COMMANDE.values()}
    paquet = importlib.import_module("rst_effectifs.entrypoints.cli")
    for module in pkgutil.iter_modules(paquet.__path__):
        if module.name == "__main__":
            continue  # runs the command line when imported
        contenu = importlib.import_module(f"{paquet.__name__}.{module.name}")
        importes = {nom for nom, valeur in vars(contenu).items() if id(valeur) in fonctions}
        assert not importes, (module.name, importes)
        if contenu in MENUS or module.name == "demo":
            assert vars(contenu)["executer"] is rst.executer


def test_executer_is_public() -> None:
    assert "executer" in rst.__all__
