"""Every refusal is typed, whatever the input and the storage.

Valid commands of every registered use case get **one field at a time** (nested ones
included: a contract's start, an imported person's birth date) replaced by an arbitrary
value: every Python scalar type, ``None``, extreme dates and integers, NaN and infinite
floats, bytes, NUL and lone surrogates, 1 MB strings, nested junk. The use case then runs
on memory, SQLite and (fewer examples) PostgreSQL; the DSN and CSV readers and the JSON
converter get the same treatment, and what the readers accept is planned and imported.
Anything raised that is not a library refusal fails the test, and so does a technical
error (``ErreurTechnique``): it means a value reached the storage and broke it. On SQLite
every refusal must also leave every table as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import enum
import fractions
import io
import itertools
import math
import shutil
import sqlite3
import types
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rst_effectifs as rst
from rst_effectifs.adapters.sql import FabriqueSql, metadata
from rst_effectifs.application import connexion as cx
from rst_effectifs.application import declarations as decl
from rst_effectifs.application.commandes import ImporterDeclaration
from rst_effectifs.application.contexte import Besoin
from rst_effectifs.domain.identifiants import calculer_cle
from rst_effectifs.exemples import chemin_exemple
from rst_effectifs.formats.configuration import lire_emetteur
from rst_effectifs.formats.csv_io import COLONNES, analyser_csv, lire_csv
from rst_effectifs.formats.dsn import analyser_dsn, lire_dsn
from rst_effectifs.formats.json import make_converter, structurer
from rst_effectifs.ports.connexions import CodeDeConnexion
from rst_effectifs.testing.strategies import copie_en_double

D = dt.date
BAREME_2024 = rst.Bareme(
    "bareme_2024", prix_sig="89", prix_sia="129", prix_sir="152", droit_entree="66",
    forfait_etablissement="35")
"""Prices published before the legal band (F3), legal for 2024 only: no preset prices 2024."""
AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
HORLOGE = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)
REGLE = "present_dans_l_annee"
SIRET = "73282932000074"


# -- junk -------------------------------------------------------------------------------
UN_MEGA = "x" * 1_000_000
TEXTES = st.one_of(
    st.sampled_from([
        "", "   ", "\x00", "Du\x00pont", "\ud800", "a\udcffb", "\udfff\ud800", "\ufeff",
        "\u202eevil", "é" * 500_000, UN_MEGA, "1" * 10_001, "%", "_", "\\", "'",
        "'; DROP TABLE salaries; --", "\n\r\t", "0" * 15, "2840375056123",
    ]),
    st.text(max_size=30),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl"]), max_size=5),
    st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1,
            max_size=3),
)
DATES = st.one_of(
    st.sampled_from([dt.date.min, dt.date.max, D(1899, 12, 31), D(2101, 1, 1),
                     rst.DATE_MIN, rst.DATE_MAX, D(9999, 12, 31), D(2100, 1, 1),
                     D(1900, 1, 2), D(2000, 2, 29)]),
    st.dates(),
)
ENTIERS = st.one_of(
    st.sampled_from([0, -1, 1, 501, 2**31, 2**63, -(2**63) - 1, 10**100, -(10**100)]),
    st.integers(),
)
SCALAIRES = st.one_of(
    st.none(), st.booleans(), ENTIERS, st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 1e308, 5e-324]),
    st.complex_numbers(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True), st.fractions(),
    st.sampled_from([decimal.Decimal("NaN"), decimal.Decimal("-Infinity"),
                     fractions.Fraction(1, 3)]),
    st.binary(max_size=8), st.binary(max_size=4).map(bytearray),
    st.just(b"\x00\xff" * 1000), TEXTES, DATES, st.datetimes(),
    st.datetimes(timezones=st.just(dt.UTC)), st.times(), st.timedeltas(), st.uuids(),
    st.sampled_from([Ellipsis, NotImplemented, object(), int, rst.Role, rst.Salarie]),
    st.sampled_from(list(rst.NatureContrat) + list(rst.Risque) + list(rst.Role)),
)
HACHABLES = st.one_of(st.none(), st.booleans(), ENTIERS, TEXTES, DATES, st.binary(max_size=4))
BROUILLON: st.SearchStrategy[Any] = st.recursive(
    SCALAIRES,
    lambda enfants: st.one_of(
        st.lists(enfants, max_size=3), st.lists(enfants, max_size=3).map(tuple),
        st.dictionaries(st.text(max_size=4), enfants, max_size=3),
        st.frozensets(HACHABLES, max_size=3),
    ),
    max_leaves=6,
)


def _pour_le_type(tp: Any) -> st.SearchStrategy[Any]:
    """Values of the field's own type at their extremes (those get past the type checks
    and reach the rules and the storage), or junk of any type."""
    origine, args = get_origin(tp), get_args(tp)
    if origine in (Union, types.UnionType):
        return st.one_of(*(_pour_le_type(a) for a in args))
    if tp is str:
        return TEXTES
    if tp is dt.date:
        return DATES
    if tp is int:
        return ENTIERS
    if origine is tuple:
        element = _pour_le_type(args[0])
        return st.one_of(st.lists(element, max_size=3).map(tuple),
                         st.lists(HACHABLES, max_size=3).map(tuple))
    if origine is frozenset and isinstance(args[0], type) and issubclass(args[0], enum.Enum):
        return st.frozensets(st.one_of(st.sampled_from(list(args[0])), HACHABLES), max_size=3)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.one_of(st.sampled_from(list(tp)), HACHABLES)
    return BROUILLON


@st.composite
def _valeurs_pour(draw: st.DrawFn, tp: Any) -> Any:
    # by hand: ``one_of`` would flatten the branches and let junk crowd out the rest
    return draw(BROUILLON if draw(st.integers(0, 3)) == 0 else _pour_le_type(tp))


def valeurs_pour(tp: Any) -> st.SearchStrategy[Any]:
    return _valeurs_pour(tp)


# -- a small world with something behind every id -----------------------------------------
@attrs.frozen
class Ids:
    adherent: str
    poste: str
    poste_libre: str
    salarie: str
    contrat: str
    salarie_sorti: str
    mouvement: str
    salarie_ancien: str
    mouvement_gele: str
    salarie_gele: str
    contrat_gele: str
    email_lecteur: str
    email_connexion: str
    salarie_double: str
    doublon: str
    jeton: str
    facture: str
    salarie_multi: str  # F7: a person employed here and by ``adherent_bis``
    adherent_bis: str
    salarie_bis: str


EMETTEUR = lire_emetteur(chemin_exemple("emetteur.toml"))
"""F8: the seller of the invoices (the shipped sample)."""
CODE = "12345678"
"""A sign-in code of ``email_connexion``, valid at ``HORLOGE`` (A6)."""
DEMANDE = "une-demande"
"""The secret of the request that code answers."""


def peupler(ctx: rst.Contexte) -> Ids:
    """One adherent: postes, files in and out, a closed 2024, a read-only access."""
    connexion = "contact@societe.fr"
    a = rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        "000001", SIRET, "Société", connexion, "TD000001",
        rst.Adresse(("1 rue du Test",), "75001", "Paris"))).id
    lecteur = "lecteur@societe.fr"
    rst.accorder_acces(ctx, AGENT, rst.AccorderAcces(a, lecteur, frozenset({rst.Role.LECTURE})))
    poste = rst.ajouter_poste(ctx, AGENT, rst.AjouterPoste(a, "Vendeur")).id
    libre = rst.ajouter_poste(ctx, AGENT, rst.AjouterPoste(a, "Jamais utilisé")).id

    def embaucher(nom: str, debut: dt.date) -> rst.Salarie:
        return rst.embaucher(ctx, AGENT, rst.EmbaucherSalarie(
            a, nom, "Léa", D(1990, 5, 4), rst.NouveauContrat(rst.NatureContrat.CDI, debut,
                                                              poste)))

    def sortir(salarie_id: str, le: dt.date, requete_id: str) -> str:
        ((_s, mouvement_id),) = rst.sortir(ctx, AGENT, rst.SortirDeLEffectif(
            a, requete_id, (salarie_id,), le)).mouvements
        return mouvement_id

    ancien = embaucher("Ancien", D(2024, 1, 8)).id
    mouvement_gele = sortir(ancien, D(2024, 11, 30), "req-2024")
    gele = embaucher("Gelé", D(2024, 6, 3))
    rst.cloturer_periode(ctx, AGENT, rst.CloturerPeriode(a, D(2024, 1, 1), D(2024, 12, 31),
                                                         regle=REGLE))
    (facture, *_autres) = rst.emettre_facture(ctx, AGENT, rst.EmettreFacture(
        a, D(2024, 1, 1), D(2024, 12, 31), bareme_sur_mesure=BAREME_2024))
    salarie = embaucher("Durand", D(2025, 1, 6))
    sorti = embaucher("Martin", D(2025, 1, 6)).id
    mouvement = sortir(sorti, D(2025, 3, 31), "req-2025")
    double = embaucher("Double", D(2025, 2, 3))
    doublon = copie_en_double(double, "doublon-1")  # stored past S2, as before it held (S5)
    with ctx.unite_de_travail() as uow:
        uow.salaries.ajouter(doublon)
        uow.connexions.ajouter_code(CodeDeConnexion(
            cx.identifiant_demande(DEMANDE), rst.Email.parse(connexion),
            cx.empreinte_code(CODE), HORLOGE,
            HORLOGE + cx.VALIDITE_CODE))
        uow.commit()
    jeton = rst.executer(ctx, AGENT, cx.EmettreJeton(a, "Appli RST")).jeton_id
    multi, bis, salarie_bis = _multi_employeur(ctx, a, poste)
    return Ids(a, poste, libre, salarie.id, salarie.contrats[0].id, sorti, mouvement,
               ancien, mouvement_gele, gele.id, gele.contrats[0].id, lecteur, connexion,
               double.id, doublon.id, jeton, facture.numero,
               multi, bis, salarie_bis)


def _multi_employeur(ctx: rst.Contexte, a: str, poste: str) -> tuple[str, str, str]:
    """F7: one person (one NIR) employed on 31 January 2025 by ``a`` and a second member."""
    nir = "287037511200196"
    bis = rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        "000002", SIRET, "Autre employeur", "rh@autre-employeur.fr")).id
    poste_bis = rst.ajouter_poste(ctx, AGENT, rst.AjouterPoste(bis, "Assistant")).id

    def embaucher(adherent_id: str, poste_id: str, debut: dt.date) -> str:
        return rst.embaucher(ctx, AGENT, rst.EmbaucherSalarie(
            adherent_id, "Multi", "Sam", D(1987, 3, 12),
            rst.NouveauContrat(rst.NatureContrat.CDI, debut, poste_id), nir=nir)).id

    return embaucher(a, poste, D(2024, 9, 2)), bis, embaucher(bis, poste_bis, D(2025, 1, 6))


def _declaration() -> decl.DeclarationImportee:
    return decl.DeclarationImportee((decl.EtablissementImporte(None, (decl.IndividuImporte(
        rst.Identite("Importé", "Paul", D(1985, 7, 14)),
        (decl.ContratImporte(rst.NatureContrat.CDI, D(2025, 2, 3), libelle_poste="Vendeur",
                             fin=decl.FinDeContrat(D(2025, 6, 30), "031")),)),)),),
        source="csv")


CDI = rst.NatureContrat.CDI
VALIDES: dict[str, Callable[[Ids], object]] = {
    "creer_adherent": lambda i: rst.CreerAdherent(
        "000999", SIRET, "Nouvelle société", "contact@nouvelle.fr", "TD000999"),
    "consulter_adherent": lambda i: rst.ConsulterAdherent(i.adherent),
    "ajouter_poste": lambda i: rst.AjouterPoste(
        i.adherent, "Cariste", frozenset({rst.Risque.TRAVAIL_DE_NUIT}), "Avis", "684a"),
    "renommer_poste": lambda i: rst.RenommerPoste(i.adherent, i.poste, "Vendeuse"),
    "modifier_risques": lambda i: rst.ModifierRisques(
        i.adherent, i.poste, frozenset({rst.Risque.TRAVAIL_DE_NUIT}), "Avis"),
    "archiver_poste": lambda i: rst.ArchiverPoste(i.adherent, i.poste),
    "supprimer_poste": lambda i: rst.SupprimerPoste(i.adherent, i.poste_libre),
    "lister_postes": lambda i: rst.ListerPostes(i.adherent, inclure_archives=True),
    "embaucher": lambda i: rst.EmbaucherSalarie(
        i.adherent, "Petit", "Tom", D(1999, 2, 11),
        rst.NouveauContrat(CDI, D(2025, 2, 1), i.poste, D(2025, 12, 31), "61", "C-1")),
    "corriger_identite": lambda i: rst.CorrigerIdentite(
        i.adherent, i.salarie, "Dupont", "Léa", D(1990, 5, 4)),
    "ajouter_contrat": lambda i: rst.AjouterContrat(
        i.adherent, i.salarie, rst.NouveauContrat(CDI, D(2025, 9, 1), i.poste)),
    "annuler_contrat": lambda i: rst.AnnulerContrat(i.adherent, i.salarie, i.contrat),
    "annuler_salarie": lambda i: rst.AnnulerSalarie(i.adherent, i.salarie),
    "consulter_salarie": lambda i: rst.ConsulterSalarie(i.adherent, i.salarie),
    "fusionner_salaries": lambda i: rst.FusionnerSalaries(i.adherent, i.salarie_double,
                                                          i.doublon),
    "lister_salaries": lambda i: rst.ListerSalaries(
        i.adherent, "Du", i.poste, D(2025, 6, 1), i.salarie, 10),
    "sortir": lambda i: rst.SortirDeLEffectif(
        i.adherent, "req-sortie", (i.salarie,), D(2025, 10, 31), "031"),
    "reintegrer": lambda i: rst.ReintegrerDansLEffectif(
        i.adherent, "req-retour", (i.salarie_sorti,), D(2025, 12, 1), "Retour"),
    "annuler_mouvement": lambda i: rst.AnnulerMouvement(
        i.adherent, i.salarie_sorti, i.mouvement),
    "consulter_effectif": lambda i: rst.ConsulterEffectif(i.adherent, D(2025, 6, 1)),
    "effectif_sur_periode": lambda i: rst.EffectifSurPeriode(
        i.adherent, D(2025, 1, 1), D(2025, 12, 31)),
    "importer_declaration": lambda i: ImporterDeclaration(
        i.adherent, _declaration(), appliquer=True, creer_postes=True),
    "calculer_assiette": lambda i: rst.CalculerAssiette(
        i.adherent, D(2025, 1, 1), D(2025, 12, 31), regle=REGLE),
    "calculer_totaux": lambda i: rst.CalculerTotaux(D(2025, 1, 1), D(2025, 12, 31),
                                                    regle=REGLE),
    "cloturer_periode": lambda i: rst.CloturerPeriode(
        i.adherent, D(2025, 1, 1), D(2025, 12, 31), regle=REGLE),
    "consulter_cloture": lambda i: rst.ConsulterCloture(
        i.adherent, D(2024, 1, 1), D(2024, 12, 31)),
    "lister_clotures": lambda i: rst.ListerClotures(i.adherent),
    "emettre_facture": lambda i: rst.EmettreFacture(
        i.adherent, D(2024, 1, 1), D(2024, 12, 31), bareme_sur_mesure=BAREME_2024),
    "emettre_factures": lambda i: rst.EmettreFactures(
        D(2024, 1, 1), D(2024, 12, 31), bareme_sur_mesure=BAREME_2024),
    "lister_factures": lambda i: rst.ListerFactures(i.adherent),
    "consulter_facture": lambda i: rst.ConsulterFacture(i.adherent, i.facture),
    "verifier_avant_facturation": lambda i: rst.VerifierAvantFacturation(
        i.adherent, D(2025, 6, 1)),
    "annuler_mouvement_regularise": lambda i: rst.AnnulerMouvementRegularise(
        i.adherent, i.salarie_ancien, i.mouvement_gele, "Sortie saisie par erreur"),
    "annuler_contrat_regularise": lambda i: rst.AnnulerContratRegularise(
        i.adherent, i.salarie_gele, i.contrat_gele, "Contrat saisi en double"),
    "consulter_compte": lambda i: rst.ConsulterCompte(i.adherent),
    "modifier_compte": lambda i: rst.ModifierCompte(
        i.adherent, "Société renommée", "direction@nouvelle.fr", "TDNOUVEAU1"),
    "lister_acces": lambda i: rst.ListerAcces(i.adherent),
    "accorder_acces": lambda i: rst.AccorderAcces(
        i.adherent, "cabinet@comptable.fr", frozenset({rst.Role.FACTURATION})),
    "modifier_acces": lambda i: rst.ModifierAcces(
        i.adherent, i.email_lecteur, frozenset({rst.Role.DECLARATION})),
    "retirer_acces": lambda i: rst.RetirerAcces(i.adherent, i.email_lecteur),
    "consulter_journal": lambda i: rst.ConsulterJournal(
        i.adherent, salarie_id=i.salarie, debut=D(2020, 1, 1), fin=D(2030, 12, 31)),
    "recuperer_numero_teledeclarant": lambda i: rst.RecupererNumeroTeledeclarant(
        i.email_connexion),
    "demander_connexion": lambda i: cx.DemanderConnexion(i.email_connexion),
    "valider_connexion": lambda i: cx.ValiderConnexion(i.email_connexion, CODE, DEMANDE),
    "emettre_jeton": lambda i: cx.EmettreJeton(i.adherent, "Appli", 30),
    "lister_jetons": lambda i: cx.ListerJetons(i.adherent),
    "revoquer_jeton": lambda i: cx.RevoquerJeton(i.adherent, i.jeton),
    "lister_multi_employeurs": lambda i: rst.ListerMultiEmployeurs(2025, 0, 10),
    "enregistrer_multi_employeur": lambda i: rst.EnregistrerMultiEmployeur(2025, (
        rst.FicheDesignee(i.adherent, i.salarie_multi),
        rst.FicheDesignee(i.adherent_bis, i.salarie_bis))),
    "declarer_multi_employeur": lambda i: rst.DeclarerMultiEmployeur(
        i.adherent, i.salarie_multi, 2025, 2),
    "consulter_multi_employeur": lambda i: rst.ConsulterMultiEmployeur(
        i.adherent, i.salarie_multi),
}
NOMS = sorted(VALIDES)


def _compteur() -> Callable[[], str]:
    """Sequential ids, so that every fresh world has the same ones."""
    nombres = itertools.count(1)
    return lambda: f"id-{next(nombres)}"


# -- one field at a time ----------------------------------------------------------------------
Chemin = tuple[str | int, ...]


def chemins(objet: object, profondeur: int = 0) -> Iterator[tuple[Chemin, Any]]:
    """Every field of an attrs object, nested objects and tuples of them included, with
    its annotation."""
    if profondeur > 6:
        return
    indications = get_type_hints(type(objet))
    for champ in attrs.fields(type(objet)):
        if not champ.init:
            continue
        yield (champ.name,), indications[champ.name]
        valeur = getattr(objet, champ.name)
        if attrs.has(type(valeur)):
            for sous, tp in chemins(valeur, profondeur + 1):
                yield (champ.name, *sous), tp
        elif isinstance(valeur, tuple):
            for n, element in enumerate(valeur):
                if attrs.has(type(element)):
                    yield (champ.name, n), type(element)
                    for sous, tp in chemins(element, profondeur + 1):
                        yield (champ.name, n, *sous), tp


def remplacer(objet: Any, chemin: Chemin, valeur: object) -> Any:
    """``objet`` rebuilt (through its constructor: its checks run) with ``valeur`` at
    ``chemin``."""
    if not chemin:
        return valeur
    tete, *reste = chemin
    if isinstance(tete, int):
        elements = list(objet)
        elements[tete] = remplacer(elements[tete], tuple(reste), valeur)
        return tuple(elements)
    return attrs.evolve(objet, **{tete.lstrip("_"): remplacer(getattr(objet, tete),
                                                               tuple(reste), valeur)})


@st.composite
def commandes_abimees(draw: st.DrawFn, ids: Ids) -> tuple[str, object]:
    """A use case and its valid command with one field replaced; or the library's refusal
    of the rebuilt command (raised by its constructor, as a caller would meet it)."""
    nom = draw(st.sampled_from(NOMS), label="use case")
    valide = VALIDES[nom](ids)
    chemin, tp = draw(st.sampled_from(list(chemins(valide))), label="field")
    valeur = draw(valeurs_pour(tp), label="value")
    try:
        return nom, remplacer(valide, chemin, valeur)
    except rst.ErreurRstEffectifs as refus:
        return nom, refus


def jouer(ctx: rst.Contexte, nom: str, commande: object) -> bool:
    """Run the use case; only a refusal may come out, never a storage failure. Returns
    whether it was refused."""
    if isinstance(commande, rst.ErreurRstEffectifs):
        assert commande.code and commande.message
        return True
    try:
        rst.REGISTRE[nom].fonction(ctx, AGENT, commande)
    except rst.ErreurTechnique:
        raise
    except rst.ErreurRstEffectifs as refus:
        assert refus.code and refus.message
        return True
    return False


def test_the_table_has_a_valid_command_for_every_use_case() -> None:
    """A new use case fails here until it gets a valid command to spoil."""
    assert set(VALIDES) == set(rst.REGISTRE)
    ctx = rst.en_memoire(horloge=rst.HorlogeFixe(HORLOGE), emetteur=EMETTEUR,
                         nouvel_id=_compteur())
    ids = peupler(ctx)
    for nom in NOMS:  # each is accepted on a fresh world: the spoiled field is the cause
        frais = rst.en_memoire(horloge=rst.HorlogeFixe(HORLOGE), emetteur=EMETTEUR,
                               nouvel_id=_compteur())
        assert peupler(frais) == ids
        rst.REGISTRE[nom].fonction(frais, AGENT, VALIDES[nom](ids))


# -- storages ------------------------------------------------------------------------------------
def _memoire() -> Iterator[tuple[rst.Contexte, Ids]]:
    ctx = rst.en_memoire(horloge=rst.HorlogeFixe(HORLOGE), emetteur=EMETTEUR,
                         nouvel_id=_compteur())
    yield ctx, peupler(ctx)


def _photo(fichier: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (a public request may count attempts: not compared)."""
    with contextlib.closing(sqlite3.connect(fichier)) as connection:
        return {table.name: sorted(connection.execute(f"SELECT * FROM {table.name}"),
                                   key=repr)
                for table in metadata.sorted_tables}


def _fermer(ctx: rst.Contexte) -> None:
    assert isinstance(ctx.unite_de_travail, FabriqueSql)
    ctx.unite_de_travail.fermer()


def _sur(ctx: rst.Contexte, ids: Ids, max_examples: int) -> None:
    @settings(max_examples=max_examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.data())
    def essai(data: st.DataObject) -> None:
        nom, commande = data.draw(commandes_abimees(ids))
        jouer(ctx, nom, commande)

    essai()


def test_junk_in_any_field_of_any_use_case_on_memory() -> None:
    @settings(max_examples=400, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.data())
    def essai(data: st.DataObject) -> None:
        for ctx, ids in _memoire():  # a fresh world each time: shrinking stays exact
            nom, commande = data.draw(commandes_abimees(ids))
            jouer(ctx, nom, commande)

    essai()


def test_junk_in_any_field_of_any_use_case_on_sqlite(tmp_path: Path) -> None:
    modele = tmp_path / "modele.db"
    ctx = rst.depuis_url(f"sqlite:///{modele}", horloge=rst.HorlogeFixe(HORLOGE),
                         emetteur=EMETTEUR,
                         nouvel_id=_compteur())
    ids = peupler(ctx)
    _fermer(ctx)
    avant = _photo(modele)

    @settings(max_examples=250, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.data())
    def essai(data: st.DataObject) -> None:
        fichier = tmp_path / f"{uuid.uuid4().hex}.db"
        shutil.copyfile(modele, fichier)  # a fresh copy of the world each time
        copie = rst.depuis_url(f"sqlite:///{fichier}", horloge=rst.HorlogeFixe(HORLOGE),
                               emetteur=EMETTEUR, notifier=rst.NotifierMemoire(),
                               migrer=False)  # a public request that passes sends a mail
        try:
            nom, commande = data.draw(commandes_abimees(ids))
            refuse = jouer(copie, nom, commande)
        finally:
            _fermer(copie)
        if refuse and rst.REGISTRE[nom].besoin is not Besoin.PUBLIC:
            assert _photo(fichier) == avant, nom  # a refusal leaves nothing behind
        fichier.unlink()

    essai()


@pytest.mark.postgresql
def test_junk_in_any_field_of_any_use_case_on_postgresql(url_postgresql: str) -> None:
    """One world for every example (a database cannot be copied cheaply): what an
    accepted command changed stays, which only makes the later ones meet more states."""
    ctx = rst.depuis_url(url_postgresql, horloge=rst.HorlogeFixe(HORLOGE), emetteur=EMETTEUR,
                         notifier=rst.NotifierMemoire(),  # a public request that passes
                         nouvel_id=_compteur(), migrer=True)  # sends a mail
    try:
        _sur(ctx, peupler(ctx), 60)
    finally:
        _fermer(ctx)


# -- readers --------------------------------------------------------------------------------
DSN = [
    "S10.G00.00.001,'Paie Fictive'",
    "S20.G00.05.005,'01032024'",
    "S21.G00.06.001,'732829320'",
    "S21.G00.11.001,'00074'",
    f"S21.G00.30.001,'{'2840375056123' + calculer_cle('2840375056123')}'",
    "S21.G00.30.002,'DUPONT'",
    "S21.G00.30.004,'Élodie'",
    "S21.G00.30.006,'12031984'",
    "S21.G00.40.001,'01092015'",
    "S21.G00.40.004,'542a'",
    "S21.G00.40.006,'Vendeur'",
    "S21.G00.40.007,'02'",
    "S21.G00.40.008,'99'",
    "S21.G00.40.009,'C0001'",
    "S21.G00.40.010,'31122025'",
    "S21.G00.62.001,'30062025'",
    "S21.G00.62.002,'031'",
]
EXTREMES = st.sampled_from([dt.date.max, dt.date.min, D(1899, 12, 31), D(2101, 1, 1),
                            rst.DATE_MIN, rst.DATE_MAX])
_DATES_EXTREMES = st.one_of(EXTREMES, EXTREMES, EXTREMES, DATES)
DATES_DSN = st.one_of(_DATES_EXTREMES.map(lambda d: d.strftime("%d%m") + f"{d.year:04d}"),
                      st.sampled_from(["00000000", "29022023", "99999999", "1" * 30, "-1"]))
DATES_CSV = st.one_of(_DATES_EXTREMES.map(lambda d: f"{d.year:04d}-{d:%m-%d}"),
                      _DATES_EXTREMES.map(lambda d: f"{d:%d/%m}/{d.year:04d}"),
                      st.sampled_from(["2024-02-30", "1e400", "nan", "31/12/9999"]))
DATES_DE_FICHIER = st.one_of(DATES_DSN, DATES_CSV)
TEXTES_DE_FICHIER = st.one_of(
    TEXTES.filter(lambda t: len(t) < 100_000 or t == UN_MEGA), DATES_DE_FICHIER,
)
RUBRIQUES_DATEES = ("S21.G00.30.006", "S21.G00.40.001", "S21.G00.40.010", "S21.G00.62.001",
                    "S21.G00.62.001")
"""The end of a contract twice: the import plan computes the day after it."""
COLONNES_DATEES = ("date_naissance", "debut", "fin", "date_sortie", "date_sortie")


@st.composite
def dsn_abimee(draw: st.DrawFn) -> str:
    lignes = list(DSN)
    n = draw(st.integers(0, len(lignes) - 1))
    sorte = draw(st.integers(0, 5))
    valeur = draw(TEXTES_DE_FICHIER)
    if sorte >= 4:  # a date rubric: the likeliest to reach the date arithmetic
        cle = draw(st.sampled_from(RUBRIQUES_DATEES))
        n = next(i for i, ligne in enumerate(lignes) if ligne.startswith(cle))
        lignes[n] = f"{cle},'{draw(DATES_DSN)}'"
    elif sorte == 0:
        cle = lignes[n].split(",", 1)[0]
        lignes[n] = f"{cle},'{valeur}'"
    elif sorte == 1:
        lignes[n] = valeur
    elif sorte == 2:
        lignes.insert(n, valeur)
    else:
        del lignes[n]
    return "\n".join(lignes)


@st.composite
def csv_abime(draw: st.DrawFn) -> str:
    valeurs = {"nir": "", "nom": "PETIT", "prenoms": "Lucas", "date_naissance": "2001-11-23",
               "nature": "02", "dispositif": "", "debut": "2024-02-05", "fin": "2024-12-31",
               "numero": "C-1", "poste": "Vendeur", "date_sortie": "2024-06-30",
               "motif_sortie": "031"}
    if draw(st.booleans()):
        valeurs[draw(st.sampled_from(COLONNES_DATEES))] = draw(DATES_CSV)
    else:
        valeurs[draw(st.sampled_from(COLONNES))] = draw(TEXTES_DE_FICHIER)
    entete = ";".join(COLONNES)
    rangee = ";".join(valeurs[c].replace(";", ",") for c in COLONNES)
    return f"{entete}\n{rangee}\n"


def _importer(ctx: rst.Contexte, ids: Ids, lire: Callable[[], decl.DeclarationImportee]) -> None:
    try:
        declaration = lire()
    except rst.ErreurTechnique:
        raise
    except rst.ErreurRstEffectifs:
        return
    for appliquer in (False, True):
        jouer(ctx, "importer_declaration", ImporterDeclaration(
            ids.adherent, declaration, appliquer=appliquer, creer_postes=True))


def test_junk_in_dsn_and_csv_files_is_refused_or_imported_never_a_crash() -> None:
    @settings(max_examples=250, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.one_of(dsn_abimee().map(lambda t: ("dsn", t)),
                     csv_abime().map(lambda t: ("csv", t))))
    def essai(fichier: tuple[str, str]) -> None:
        sorte, texte = fichier
        for ctx, ids in _memoire():
            _importer(ctx, ids, lambda: (analyser_dsn if sorte == "dsn" else analyser_csv)(
                texte))

    essai()


def test_arbitrary_bytes_given_to_the_readers_are_refused_never_a_crash() -> None:
    @settings(max_examples=100, deadline=None, database=None)
    @given(st.one_of(st.binary(max_size=200),
                     st.sampled_from([b"\x00" * 100, b"\xff\xfe", "é".encode("utf-16"),
                                      ("\n".join(DSN)).encode("utf-8")])))
    def essai(octets: bytes) -> None:
        for lire in (lire_dsn, lire_csv):
            with contextlib.suppress(rst.DonneeInvalide):
                lire(io.BytesIO(octets))

    essai()


# -- the JSON converter ----------------------------------------------------------------------
CONVERTISSEUR = make_converter()


def _chemins_json(donnees: Any, chemin: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield chemin
    if isinstance(donnees, dict):
        for cle, valeur in donnees.items():
            yield from _chemins_json(valeur, (*chemin, cle))
    elif isinstance(donnees, list):
        for n, valeur in enumerate(donnees):
            yield from _chemins_json(valeur, (*chemin, n))


def _poser(donnees: Any, chemin: tuple[Any, ...], valeur: object) -> Any:
    if not chemin:
        return valeur
    tete, *reste = chemin
    copie = dict(donnees) if isinstance(donnees, dict) else list(donnees)
    copie[tete] = _poser(copie[tete], tuple(reste), valeur)  # type: ignore[index]
    return copie


VALEURS_JSON = st.one_of(
    BROUILLON, TEXTES_DE_FICHIER,
    st.recursive(st.none() | st.booleans() | ENTIERS | st.floats() | TEXTES,
                 lambda e: st.lists(e, max_size=3) | st.dictionaries(st.text(max_size=5), e,
                                                                    max_size=3),
                 max_leaves=5),
)


def test_junk_in_any_json_field_of_any_command_is_a_donnee_invalide() -> None:
    ids = Ids(*(f"id-{n}" for n in range(len(attrs.fields(Ids)) - 2)),
              "lecteur@societe.fr", "contact@societe.fr")

    @settings(max_examples=300, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.data())
    def essai(data: st.DataObject) -> None:
        nom = data.draw(st.sampled_from(NOMS))
        commande = VALIDES[nom](ids)
        donnees = CONVERTISSEUR.unstructure(commande)
        chemin = data.draw(st.sampled_from(list(_chemins_json(donnees))))
        sorte = data.draw(st.integers(0, 3))
        if sorte == 0 and chemin:
            abimees = _poser(donnees, chemin[:-1], {
                k: v for k, v in (_lire(donnees, chemin[:-1]).items()
                                  if isinstance(_lire(donnees, chemin[:-1]), dict) else ())
                if k != chemin[-1]}) if isinstance(chemin[-1], str) else donnees
        elif sorte == 1 and isinstance(_lire(donnees, chemin), dict):
            abimees = _poser(donnees, chemin, {**_lire(donnees, chemin),
                                               data.draw(st.text(max_size=5)): None})
        else:
            abimees = _poser(donnees, chemin, data.draw(VALEURS_JSON))
        with contextlib.suppress(rst.DonneeInvalide):
            structurer(abimees, type(commande), CONVERTISSEUR)

    essai()


def _lire(donnees: Any, chemin: tuple[Any, ...]) -> Any:
    for tete in chemin:
        donnees = donnees[tete]
    return donnees


def test_arbitrary_json_texts_are_a_donnee_invalide() -> None:
    @settings(max_examples=100, deadline=None, database=None)
    @given(st.one_of(st.text(max_size=50), st.binary(max_size=50), TEXTES,
                     st.sampled_from(["[" * 100_000, '{"a":' * 5000, "NaN", "1e99999",
                                      '{"adherent_id": "\\ud800"}', '"\\u0000"'])),
           st.sampled_from(sorted({type(f(Ids(*("x",) * len(attrs.fields(Ids)))))
                                   for f in VALIDES.values()},
                                  key=lambda c: c.__name__)))
    def essai(texte: str | bytes, cls: type) -> None:
        with contextlib.suppress(rst.DonneeInvalide):
            rst.lire(texte, cls)

    essai()


# -- the cases first reported by a user, on every storage -------------------------------------
def _refus(action: Callable[[], object]) -> rst.ErreurDomaine:
    with pytest.raises(rst.ErreurDomaine) as refus:
        action()
    return refus.value


def test_the_measured_cases_are_typed_refusals_on_every_storage(contexte: rst.Contexte) -> None:
    contexte = attrs.evolve(contexte, emetteur=EMETTEUR)
    ids = peupler(contexte)

    def embaucher(naissance: dt.date) -> object:
        return rst.embaucher(contexte, AGENT, rst.EmbaucherSalarie(
            ids.adherent, "Nouveau", "Né", naissance,
            rst.NouveauContrat(CDI, D(2025, 2, 1), ids.poste)))

    def corriger(naissance: dt.date) -> object:
        return rst.corriger_identite(contexte, AGENT, rst.CorrigerIdentite(
            ids.adherent, ids.salarie, "Durand", "Léa", naissance))

    def cloturer(debut: dt.date, fin: dt.date) -> object:
        return rst.cloturer_periode(contexte, AGENT, rst.CloturerPeriode(
            ids.adherent, debut, fin, regle=REGLE))

    fin_9999 = "\n".join(DSN).replace("62.001,'30062025'", "62.001,'31129999'")
    csv_9999 = (";".join(COLONNES) + "\n;PETIT;Lucas;2001-11-23;02;;2024-02-05;;;Vendeur;"
                "9999-12-31;031\n")
    attendus = [
        (lambda: embaucher(D(9999, 12, 31)), "date.hors_bornes", "D1"),
        (lambda: corriger(D(9999, 12, 31)), "date.hors_bornes", "D1"),
        (lambda: embaucher(D(2100, 1, 1)), "salarie.contrat_avant_naissance", "D2"),
        (lambda: corriger(D(2100, 1, 1)), "salarie.contrat_avant_naissance", "D2"),
        (lambda: cloturer(D(2025, 1, 1), D(9999, 12, 31)), "date.hors_bornes", "D1"),
        (lambda: cloturer(D(2025, 1, 1), D(2026, 1, 1)), "cloture.periode_trop_longue", "D3"),
        (lambda: analyser_csv(csv_9999), "csv.invalide", "I1"),
    ]
    # In a DSN the bad end of contract leaves its person aside, the reason at its line.
    [ecarte] = analyser_dsn(fin_9999).ecartes
    assert "Les dates vont du 01/01/1900 au 31/12/2100" in ecarte.raisons[0]
    for action, code, regle in attendus:
        refus = _refus(action)
        assert (refus.code, refus.regle) == (code, regle), refus
        if isinstance(refus, decl.FichierInvalide):
            assert [(e.code, e.regle) for e in refus.erreurs] == [("date.hors_bornes", "D1")]
    with pytest.raises(rst.DonneeInvalide) as refus_fin:  # a declaration built by hand
        decl.FinDeContrat(dt.date.max)
    assert (refus_fin.value.code, refus_fin.value.regle) == ("date.hors_bornes", "D1")
    # the closing after a refused one is still possible: nothing was frozen past the bound
    assert cloturer(D(2025, 1, 1), D(2025, 12, 31))


HOSTILES: tuple[object, ...] = ("Du\x00pont", "\ud800", UN_MEGA, dt.date.max, D(1, 1, 1),
                                10**100, math.nan, b"\x00", None)


def test_every_field_of_every_use_case_gets_each_hostile_value(contexte: rst.Contexte) -> None:
    """The sweep behind the random tests above: every field path of every use case, each
    of a few hostile values, on one world per storage (what an accepted call changes
    stays for the next ones). A notifier is set: a public request that passes (any
    printable client address is one) drops a message to send."""
    contexte = attrs.evolve(contexte, notifier=rst.NotifierMemoire())
    contexte = attrs.evolve(contexte, emetteur=EMETTEUR)
    ids = peupler(contexte)
    appels = 0
    for nom in NOMS:
        valide = VALIDES[nom](ids)
        for chemin, _tp in chemins(valide):
            for valeur in HOSTILES:
                try:
                    commande: object = remplacer(valide, chemin, valeur)
                except rst.ErreurRstEffectifs as refus:
                    commande = refus
                jouer(contexte, nom, commande)
                appels += 1
    assert appels > 1000
