"""F4: closings are stored through their own JSON mapping, not the front ends' converter,
and write the very text the front-end converter wrote: rows stored before still load.
Beside it, the summary invoicing reads (``clotures.resume``, revision 0016)."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from decimal import Decimal

from portail_sql import ids_sequentiels
from sqlalchemy import insert, select, update
from test_sql_facturation import AN, scenario_facturation, une_cloture_2024

import rst_effectifs as rst
from rst_effectifs.adapters.sql import FabriqueSql, creer_moteur, upgrade
from rst_effectifs.adapters.sql import tables as t
from rst_effectifs.adapters.sql.adherents import rangee_adherent
from rst_effectifs.adapters.sql.facturation import rangee_cloture
from rst_effectifs.adapters.sql.json_clotures import (
    cloture_depuis_json,
    cloture_en_json,
    resume_depuis_json,
    resume_en_json,
)
from rst_effectifs.adapters.sql.tables import clotures
from rst_effectifs.domain.clotures import ElementFacture, LigneRegularisation, Regularisation
from rst_effectifs.domain.factures import ResumeCloture

revision_0016 = importlib.import_module(
    "rst_effectifs.adapters.sql.migrations.versions.0016_resume_des_clotures")


def _ancien_format(cloture: rst.Cloture) -> str:
    """What the SQL store wrote before closings had their own mapping."""
    return json.dumps(rst.make_converter().unstructure(cloture), ensure_ascii=False)


def _clotures_du_scenario() -> list[rst.Cloture]:
    etapes = scenario_facturation(
        rst.en_memoire(horloge=rst.HorlogeFixe(), nouvel_id=ids_sequentiels()))
    return [r for _nom, r in etapes if isinstance(r, rst.Cloture)]


def test_every_closing_round_trips_and_writes_the_old_text() -> None:
    toutes = _clotures_du_scenario()
    assert any(c.regularisations for c in toutes) and any(c.bareme for c in toutes)
    for cloture in toutes:
        texte = cloture_en_json(cloture)
        assert cloture_depuis_json(texte) == cloture
        assert texte == _ancien_format(cloture)
        assert cloture_depuis_json(_ancien_format(cloture)) == cloture


REGULARISATION = Regularisation(
    rst.Periode(dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    (LigneRegularisation("s1", "Ö'Brien", "Zoë", ElementFacture.COTISATION,
                         rst.TypeDeSuivi.SIG, -1, "Retiré.", Decimal("-100.00")),),
)


def test_the_stored_format_is_pinned() -> None:
    """Independent of both converters: amounts as decimal text, enums by value, names
    as written, in field order."""
    donnees = json.loads(json.dumps(json.loads(cloture_en_json(_clotures_du_scenario()[0]))))
    assert list(donnees) == ["adherent_id", "periode", "regle", "bareme", "assiette",
                             "regularisations", "cloturee_le", "par", "controle_bande",
                             "suivi_simple"]
    assert list(donnees["assiette"])[-1] == "nombre"
    assert donnees["cloturee_le"] == "2025-01-01T09:00:00+00:00"
    assert donnees["bareme"]["prix_sig"] == "100" and donnees["bareme"]["annees"] is None
    assert donnees["suivi_simple"] == "SIG"
    # written before the catalogue was dated (P2b) and barèmes named their years (F3)
    del donnees["suivi_simple"], donnees["bareme"]["annees"]
    assert cloture_depuis_json(json.dumps(donnees)) == _clotures_du_scenario()[0]
    assert donnees["regle"]["natures_exclues"] == sorted(donnees["regle"]["natures_exclues"])
    cloture = _clotures_du_scenario()[0]
    avec = rst.Cloture(cloture.adherent_id, cloture.periode, cloture.regle, None,
                       cloture.assiette, (REGULARISATION,), cloture.cloturee_le, "moi")
    assert json.loads(cloture_en_json(avec))["regularisations"] == [{
        "periode": {"debut": "2024-01-01", "fin": "2024-12-31"},
        "lignes": [{"salarie_id": "s1", "nom": "Ö'Brien", "prenoms": "Zoë",
                    "element": "cotisation", "type_de_suivi": "SIG", "quantite": -1,
                    "motif": "Retiré.", "montant_ht": "-100.00"}],
        "montants": None,
    }]
    assert cloture_depuis_json(cloture_en_json(avec)) == avec


def test_a_closing_stored_the_old_way_still_loads(url_sql: str) -> None:
    contexte = rst.depuis_url(url_sql, horloge=rst.HorlogeFixe(), nouvel_id=ids_sequentiels(),
                              migrer=True)
    assert isinstance(contexte.unite_de_travail, FabriqueSql)
    adherent, moi, cloture = une_cloture_2024(contexte)
    ancien = json.dumps(rst.make_converter().unstructure(cloture), ensure_ascii=False,
                        indent=2)  # the old converter's text, laid out otherwise
    with contexte.unite_de_travail() as uow:
        uow.ecrire_rangees(update(clotures).where(clotures.c.adherent_id == adherent.id)
                           .values(contenu=ancien))
        uow.commit()

    relue = rst.consulter_cloture(contexte, moi, rst.ConsulterCloture(adherent.id, *AN[2024]))
    assert relue == cloture
    with contexte.unite_de_travail() as uow:
        assert list(uow.clotures.lister(adherent.id)) == [cloture]
    contexte.unite_de_travail.fermer()


def test_the_summary_invoicing_reads_is_the_closings_own() -> None:
    """``clotures.resume`` (what issuing reads, never the lines) gives back what the whole
    closing gives, and is what revision 0016 derives from ``contenu`` for the closings
    stored before it."""
    toutes = _clotures_du_scenario()
    avec = rst.Cloture(toutes[0].adherent_id, toutes[0].periode, toutes[0].regle, None,
                       toutes[0].assiette, (REGULARISATION,), toutes[0].cloturee_le, "moi")
    for cloture in (*toutes, avec):
        texte = resume_en_json(cloture)
        assert resume_depuis_json(cloture.adherent_id, cloture.periode, texte) == (
            ResumeCloture.de(cloture))
        assert json.loads(revision_0016.resume(cloture_en_json(cloture))) == json.loads(texte)


def test_revision_0016_fills_the_summary_of_closings_stored_before_it(url_sql: str) -> None:
    upgrade(url_sql, "0015")
    cloture = _clotures_du_scenario()[-1]
    moteur = creer_moteur(url_sql)
    try:
        with moteur.begin() as connection:
            connection.execute(insert(t.adherents), {k: v for k, v in rangee_adherent(
                _adherent(cloture.adherent_id), 1).items() if k != "adresse"})
            connection.execute(insert(t.clotures), {
                k: v for k, v in rangee_cloture(cloture).items() if k != "resume"})
    finally:
        moteur.dispose()
    upgrade(url_sql)
    moteur = creer_moteur(url_sql)
    try:
        with moteur.connect() as connection:
            (resume,) = connection.execute(select(t.clotures.c.resume)).scalars()
    finally:
        moteur.dispose()
    assert resume_depuis_json(cloture.adherent_id, cloture.periode, resume) == (
        ResumeCloture.de(cloture))


def _adherent(adherent_id: str) -> rst.Adherent:
    return rst.Adherent(adherent_id, rst.NumeroAdherent("000001"), rst.Siret("73282932000074"),
                        "Boulangerie Martin", rst.Email.parse("contact@exemple.fr"))
