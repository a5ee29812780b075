"""Exports: the effectif to CSV and JSON, and the generic CSV writer billing reuses."""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
from decimal import Decimal

import attrs
from monde_import import AGENT, Monde

import rst_effectifs as rst
from rst_effectifs.application.commandes import ImporterDeclaration
from rst_effectifs.application.imports import importer_declaration
from rst_effectifs.exemples import chemin_exemple
from rst_effectifs.formats.csv_io import (
    COLONNES_EFFECTIF,
    SEPARATEUR,
    ecrire_csv,
    effectif_en_csv,
    effectif_en_json,
    exporter_csv,
)
from rst_effectifs.formats.dsn import lire_dsn
from rst_effectifs.formats.json import lire


def effectif(monde: Monde) -> rst.Effectif:
    importer_declaration(monde.ctx, monde.acces, ImporterDeclaration(
        monde.adherent.id, lire_dsn(chemin_exemple("exemple.dsn")), appliquer=True))
    return rst.consulter_effectif(monde.ctx, AGENT, rst.ConsulterEffectif(
        monde.adherent.id, dt.date(2024, 3, 12)))


def test_effectif_csv_has_a_header_and_one_row_per_person(monde: Monde) -> None:
    compte = effectif(monde)
    assert compte.nombre == 5  # GARNIER's poste is unknown: left out
    rangees = list(csv.reader(io.StringIO(effectif_en_csv(compte)), delimiter=SEPARATEUR))
    assert rangees[0] == list(COLONNES_EFFECTIF)
    assert rangees[1:] == [[ligne.salarie_id, ligne.nom, ligne.prenoms,
                            ligne.type_de_suivi.value] for ligne in compte.lignes]
    assert next(r[1:] for r in rangees if r[1] == "N'DIAYE") == ["N'DIAYE", "Aïssatou", "SIG"]


def test_effectif_json_round_trips_through_the_converter(monde: Monde) -> None:
    compte = effectif(monde)
    texte = effectif_en_json(compte)
    assert "Aïssatou" in texte
    assert lire(texte, rst.Effectif) == compte


class Couleur(enum.Enum):
    BLEU = "bleu"


@attrs.frozen
class Ligne:
    nom: str
    montant: Decimal


def test_generic_csv_writes_mappings_and_objects() -> None:
    texte = exporter_csv(
        [{"nom": "Dupont; fils", "le": dt.date(2024, 3, 1), "couleur": Couleur.BLEU,
          "payé": True, "montant": Decimal("89.00"), "vide": None}],
        ["nom", "le", "couleur", "payé", "montant", "vide"])
    entete, rangee = csv.reader(io.StringIO(texte), delimiter=SEPARATEUR)
    assert entete == ["nom", "le", "couleur", "payé", "montant", "vide"]
    assert rangee == ["Dupont; fils", "2024-03-01", "bleu", "oui", "89.00", ""]
    sortie = io.StringIO()
    ecrire_csv([Ligne("SIG", Decimal("178.00"))], ("nom", "montant"), sortie)
    assert sortie.getvalue() == "nom;montant\nSIG;178.00\n"
    assert exporter_csv([], ("a", "b")) == "a;b\n"
