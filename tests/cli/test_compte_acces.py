"""``compte`` and ``acces`` commands, and who acts: the stored access of the e-mail given
with ``--en-tant-que`` (or of the account's login e-mail), never a made-up one (A1, A3, A4)."""

from __future__ import annotations

from banc_cli import AGENT, Monde

from rst_effectifs.entrypoints.cli.commandes import CODE_REFUS

RH = "rh@emeraude.example"
PAIE = "paie@emeraude.example"


def test_account_is_shown_and_changed(monde: Monde) -> None:
    lancer = monde.lancer
    compte = lancer.json("compte", "afficher")
    assert compte["raison_sociale"] == "Bâtiments Côte d'Émeraude"
    assert "rh@emeraude.example" in lancer("compte", "afficher").output
    modifie = lancer.json("compte", "modifier", "--raison-sociale", "Émeraude BTP",
                          "--numero-teledeclarant", "T123456")
    assert modifie["raison_sociale"] == "Émeraude BTP"
    assert lancer.json("compte", "afficher")["raison_sociale"] == "Émeraude BTP"
    assert ("compte.raison_sociale_modifiee", RH) in {
        (e["quoi"], e["qui"]) for e in lancer.json("journal")}


def test_account_change_needs_something_to_change(monde: Monde) -> None:
    sortie = monde.lancer("compte", "modifier", code=2)
    assert "--raison-sociale" in sortie.output


def test_new_login_email_becomes_an_administrator(monde: Monde) -> None:
    lancer = monde.lancer
    lancer("compte", "modifier", "--email-connexion", "direction@emeraude.example")
    acces = {a["email"]: a["roles"] for a in lancer.json("acces", "lister")}
    assert acces["direction@emeraude.example"] == ["administrateur"]
    assert RH in acces  # the previous login e-mail keeps its access until revoked
    # without --en-tant-que the new login e-mail acts, with its stored access
    lancer("acces", "retirer", RH)
    assert RH not in {a["email"] for a in lancer.json("acces", "lister")}


def test_accesses_are_granted_changed_and_revoked(monde: Monde) -> None:
    lancer = monde.lancer
    accorde = lancer.json("acces", "accorder", PAIE, "--role", "declaration",
                          "--role", "lecture")
    assert sorted(accorde["roles"]) == ["declaration", "lecture"]
    assert lancer.json("acces", "modifier", PAIE, "--role", "facturation")["roles"] == [
        "facturation"]
    assert PAIE in lancer("acces", "lister").output
    lancer("acces", "retirer", PAIE)
    assert [a["email"] for a in lancer.json("acces", "lister")] == [RH]


def test_access_refusals_are_french_messages(monde: Monde) -> None:
    lancer = monde.lancer
    lancer("acces", "accorder", PAIE, "--role", "lecture")
    assert "déjà un accès" in lancer("acces", "accorder", PAIE, "--role", "lecture",
                                     code=CODE_REFUS).output
    assert "n'a pas d'accès" in lancer("acces", "retirer", "inconnu@emeraude.example",
                                       code=CODE_REFUS).output
    dernier = lancer("acces", "retirer", RH, code=CODE_REFUS).output
    assert "dernier administrateur" in dernier
    assert "Rôle" in lancer("acces", "accorder", "x@emeraude.example", "--role", "chef",
                            code=2).output
    assert RH in {a["email"] for a in lancer.json("acces", "lister")}


def test_an_email_without_access_is_refused(monde: Monde) -> None:
    lancer = monde.lancer
    avant = lancer.photo()
    sortie = lancer("--en-tant-que", PAIE, "salaries", "corriger", monde.dupont,
                    "--prenoms", "Élodie", code=CODE_REFUS)
    assert "introuvable" in sortie.output
    assert "introuvable" in lancer("--en-tant-que", AGENT, "salaries", "lister",
                                   code=CODE_REFUS).output
    assert lancer.photo() == avant


def test_a_read_only_access_cannot_write(monde: Monde) -> None:
    lancer = monde.lancer
    lancer("acces", "accorder", PAIE, "--role", "lecture")
    assert lancer.json("--en-tant-que", PAIE, "salaries", "lister")
    avant = lancer.photo()
    sortie = lancer("--en-tant-que", PAIE, "salaries", "corriger", monde.dupont,
                    "--prenoms", "Élodie", code=CODE_REFUS)
    assert "Vos droits ne permettent pas cette action" in sortie.output
    assert "Vos droits" in lancer("--en-tant-que", PAIE, "acces", "lister",
                                  code=CODE_REFUS).output
    assert "Vos droits" in lancer("--en-tant-que", PAIE, "journal", code=CODE_REFUS).output
    assert lancer.photo() == avant


def test_journal_keeps_its_filters(monde: Monde) -> None:
    lancer = monde.lancer
    tout = lancer.json("journal", "--limite", "0")
    dupont = lancer.json("journal", "--limite", "0", "--salarie", monde.dupont)
    assert dupont and all(e["salarie_id"] == monde.dupont for e in dupont)
    assert len(dupont) < len(tout)
    assert lancer.json("journal", "--limite", "0", "--au", "2000-01-01") == []
    jour = tout[0]["quand"][:10]
    assert len(lancer.json("journal", "--limite", "0", "--du", jour, "--au", jour)) == len(tout)
