"""OpenAPI components from the library's schemas: every reference resolves, for any set of
commands and results, and bodies leave out what the URL and headers give."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate

import rst_effectifs as rst
from rst_effectifs import ComposantsOpenApi, composants_openapi
from rst_effectifs.formats.json.schema import commandes, resultats


def _document(composants: dict[str, object]) -> dict[str, object]:
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": composants}


def test_components_of_every_command_and_result_resolve_in_a_valid_document() -> None:
    tout = composants_openapi([c for c in commandes() if c in resultats()],
                              [rst.PageSalaries, tuple[rst.Poste, ...]])
    validate(_document(tout))
    texte = json.dumps(tout)
    assert "#/$defs/" not in texte
    for ref in set(texte.split('"$ref": "')[1:]):
        assert ref.split('"')[0].removeprefix("#/components/schemas/") in tout["schemas"]


@pytest.mark.parametrize("commandes_choisies", [
    [rst.EmbaucherSalarie], [rst.SortirDeLEffectif, rst.CorrigerIdentite], [rst.ListerSalaries]])
def test_any_subset_resolves_too(commandes_choisies: list[type]) -> None:
    validate(_document(composants_openapi(commandes_choisies)))


def test_a_body_leaves_out_the_fields_of_the_url_and_headers() -> None:
    composants = ComposantsOpenApi()
    composants.corps(rst.SortirDeLEffectif)
    composants.corps(rst.AjouterPoste, ["adherent_id"], nom="Poste_Nouveau")
    sortie = composants.schemas["SortirDeLEffectifCorps"]
    assert set(sortie["properties"]) == {"salarie_ids", "le", "motif"}
    assert set(sortie["required"]) == {"salarie_ids", "le"}
    assert "adherent_id" not in composants.schemas["Poste_Nouveau"]["properties"]
    assert "adherent_id" in composants.schemas["SortirDeLEffectif"]["properties"]


def test_a_definition_that_differs_by_role_becomes_any_of_both() -> None:
    composants = ComposantsOpenApi()
    composants.resultat(rst.ConsulterSalarie)
    composants.resultat(rst.ConsulterSalarie, masquer_nir=True)
    identite = composants.schemas["Identite"]
    assert len(identite["anyOf"]) == 2
    validate(_document({"schemas": composants.schemas}))


def test_the_portal_builds_its_document_with_the_public_helper() -> None:
    from rst_effectifs.entrypoints.web import openapi

    assert openapi.ComposantsOpenApi is ComposantsOpenApi
    assert not hasattr(openapi, "_reecrire") and not hasattr(openapi, "_Composants")
