"""T1: every free text the library stores or searches holds only characters every storage
can hold, and is bounded: at its maximum it is stored and read back exactly, one
character more is a typed refusal naming the field (never a cut), and so are NUL and a
lone surrogate — the same on memory, SQLite and PostgreSQL, with nothing stored.

The table below is docs/rules.md's T1 table: a test checks that both agree, and that
each maximum is the size of the SQL column that stores the field.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, get_args, get_type_hints

import attrs
import pytest
from click.testing import CliRunner
from sqlalchemy import Column, String, create_engine

import rst_effectifs as rst
from rst_effectifs.adapters.sql import tables
from rst_effectifs.adapters.sql.acces import acces as table_acces
from rst_effectifs.application.commandes import Commande
from rst_effectifs.application.commandes.base import IDENTIFIANTS_SANS_SUFFIXE
from rst_effectifs.domain.facturation import ModeDeComptage, RegleDeComptage
from rst_effectifs.entrypoints.cli import cli
from test_tenant_isolation import COMMANDES, EMETTEUR, Ids, MondeMemoire, _admin, _peupler

D = dt.date
LIVRE = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
CDI = rst.NatureContrat.CDI
INTERDITS = ("Du\x00pont", "Du\ud800pont", "Du\udfffpont", "Du\u202epont", "Du\ufffepont")
"""NUL, lone surrogates (high and low), a direction override, a noncharacter."""


@attrs.frozen
class Monde:
    ctx: rst.Contexte
    ids: Ids

    @property
    def moi(self) -> rst.Acces:
        return _admin(self.ids.adherent)


@attrs.frozen
class Champ:
    """One free-text field: where it is sent, where it is read back, how it is refused."""

    nom: str
    maximum: int
    code: str
    regle: str
    colonne: Column[Any] | None
    envoyer: Callable[[Monde, str], object]
    relire: Callable[[Monde, object], str | None]
    plein: Callable[[int], str] = lambda n: "𝄞é" + "x" * (n - 2)
    chemin: str | None = None

    @property
    def chemin_attendu(self) -> str:
        return self.chemin or self.nom.rsplit(".", 1)[-1]


def _salarie(m: Monde, identifiant: str) -> rst.Salarie:
    return rst.consulter_salarie(m.ctx, m.moi, rst.ConsulterSalarie(m.ids.adherent, identifiant))


def _embaucher(m: Monde, nom: str = "Durand", prenoms: str = "Léa",
               numero: str | None = None) -> rst.Salarie:
    return rst.embaucher(m.ctx, m.moi, rst.EmbaucherSalarie(
        m.ids.adherent, nom, prenoms, D(1991, 4, 2),
        rst.NouveauContrat(CDI, D(2025, 2, 3), m.ids.poste, numero=numero)))


def _relire_poste(m: Monde, poste: object) -> rst.Poste:
    assert isinstance(poste, rst.Poste)
    postes = rst.lister_postes(m.ctx, m.moi, rst.ListerPostes(m.ids.adherent, True))
    (relu,) = [p for p in postes if p.id == poste.id]
    return relu


def _relire_salarie(m: Monde, salarie: object) -> rst.Salarie:
    assert isinstance(salarie, rst.Salarie)
    return _salarie(m, salarie.id)


def _email(n: int) -> str:
    """A valid address of exactly ``n`` characters (64 before @, labels of ≤ 63)."""
    reste = n - 64 - len("@") - len(".fr")
    labels = []
    while reste > 63:
        labels.append("d" * 63)
        reste -= 64
    adresse = f"{'a' * 64}@{'.'.join([*labels, 'e' * reste])}.fr"
    assert len(adresse) == n
    return adresse


def _regle(nom: str) -> RegleDeComptage:
    return RegleDeComptage(nom, ModeDeComptage.PRESENT_DANS_L_ANNEE)


def _cloturer_avec(m: Monde, nom: str) -> object:
    return rst.cloturer_periode(m.ctx, m.moi, rst.CloturerPeriode(
        m.ids.adherent, D(2025, 1, 1), D(2025, 12, 31), regle_sur_mesure=_regle(nom)))


def _relire_cloture(m: Monde, _resultat: object) -> str:
    cloture = rst.consulter_cloture(m.ctx, m.moi, rst.ConsulterCloture(
        m.ids.adherent, D(2025, 1, 1), D(2025, 12, 31)))
    return cloture.regle.nom


def _reintegrer(m: Monde, motif: str) -> object:
    return rst.reintegrer(m.ctx, m.moi, rst.ReintegrerDansLEffectif(
        m.ids.adherent, "req-t1", (m.ids.salarie_sorti,), D(2025, 6, 2), motif))


def _relire_reintegration(m: Monde, _resultat: object) -> str | None:
    mouvement = _salarie(m, m.ids.salarie_sorti).mouvements[-1]
    assert isinstance(mouvement, rst.Reintegration)
    return mouvement.motif


def _regulariser(m: Monde, motif: str) -> object:
    return rst.annuler_mouvement_regularise(m.ctx, m.moi, rst.AnnulerMouvementRegularise(
        m.ids.adherent, m.ids.salarie_ancien, m.ids.mouvement_gele, motif))


def _relire_regularisation(m: Monde, _resultat: object) -> str:
    entrees = rst.consulter_journal(m.ctx, m.moi, rst.ConsulterJournal(
        m.ids.adherent, salarie_id=m.ids.salarie_ancien))
    donnees = dict(entrees[-1].donnees)
    return donnees["motif"]


def _sortir(m: Monde, requete_id: str) -> object:
    return rst.sortir(m.ctx, m.moi, rst.SortirDeLEffectif(
        m.ids.adherent, requete_id, (m.ids.salarie,), D(2025, 10, 31)))


def _relire_requete(m: Monde, resultat: object) -> str:
    assert isinstance(resultat, rst.ResultatMouvements)
    renvoi = _sortir(m, resultat.requete_id)  # a resend finds the stored request (E5)
    assert isinstance(renvoi, rst.ResultatMouvements) and renvoi.deja_traitee
    return renvoi.requete_id


def _accorder(m: Monde, email: str) -> object:
    return rst.accorder_acces(m.ctx, m.moi, rst.AccorderAcces(
        m.ids.adherent, email, frozenset({rst.Role.LECTURE})))


def _relire_acces(m: Monde, acces: object) -> str:
    assert isinstance(acces, rst.Acces)
    liste = rst.lister_acces(m.ctx, m.moi, rst.ListerAcces(m.ids.adherent))
    (relu,) = [a for a in liste if a.email == acces.email]
    return relu.email.valeur


def _compte(m: Monde) -> rst.Compte:
    return rst.consulter_compte(m.ctx, m.moi, rst.ConsulterCompte(m.ids.adherent))


def _relire_teledeclarant(m: Monde, _r: object) -> str | None:
    numero = _compte(m).numero_teledeclarant
    return None if numero is None else numero.valeur


CHAMPS = [
    Champ("raison_sociale", 200, "adherent.raison_sociale_invalide", "A1",
          tables.adherents.c.raison_sociale,
          lambda m, v: rst.modifier_compte(m.ctx, m.moi, rst.ModifierCompte(
              m.ids.adherent, raison_sociale=v)),
          lambda m, _r: _compte(m).raison_sociale),
    Champ("email", 254, "email.invalide", "A1", table_acces.c.email, _accorder,
          _relire_acces, plein=_email),
    Champ("numero_teledeclarant", 20, "adherent.teledeclarant_invalide", "A1",
          tables.adherents.c.numero_teledeclarant,
          lambda m, v: rst.modifier_compte(m.ctx, m.moi, rst.ModifierCompte(
              m.ids.adherent, numero_teledeclarant=v)),
          _relire_teledeclarant, plein=lambda n: "T" * n),
    Champ("libelle", 120, "poste.libelle_invalide", "P1", tables.postes.c.libelle,
          lambda m, v: rst.ajouter_poste(m.ctx, m.moi, rst.AjouterPoste(m.ids.adherent, v)),
          lambda m, p: _relire_poste(m, p).libelle),
    Champ("justification_sir", 2000, "poste.justification_invalide", "P2",
          tables.postes.c.justification_sir,
          lambda m, v: rst.ajouter_poste(m.ctx, m.moi, rst.AjouterPoste(
              m.ids.adherent, "Soudeur", justification_sir=v)),
          lambda m, p: _relire_poste(m, p).justification_sir),
    Champ("nom", 100, "salarie.nom_invalide", "S1", tables.salaries.c.nom,
          lambda m, v: _embaucher(m, nom=v),
          lambda m, s: _relire_salarie(m, s).identite.nom),
    Champ("prenoms", 150, "salarie.prenoms_invalides", "S1", tables.salaries.c.prenoms,
          lambda m, v: _embaucher(m, prenoms=v),
          lambda m, s: _relire_salarie(m, s).identite.prenoms),
    Champ("contrat.numero", 20, "contrat.numero_invalide", "C1", tables.contrats.c.numero,
          lambda m, v: _embaucher(m, numero=v),
          lambda m, s: _relire_salarie(m, s).contrats[0].numero),
    Champ("motif (réintégration)", 200, "reintegration.motif_invalide", "E2",
          tables.mouvements.c.motif, _reintegrer, _relire_reintegration, chemin="motif"),
    Champ("motif (annulation régularisée)", 200, "regularisation.motif_invalide", "F4",
          None, _regulariser, _relire_regularisation, chemin="motif"),
    Champ("regle_sur_mesure.nom", 100, "facturation.nom_invalide", "F2", None,
          _cloturer_avec, _relire_cloture),
    Champ("requete_id", 100, "donnee.id_invalide", "T1", tables.requetes.c.requete_id,
          _sortir, _relire_requete, plein=lambda n: "r" * n),
]
"""Every stored free text (identifiers with a fixed format — SIRET, NIR, PCS-ESE, member
number, scheme and exit codes — are refused by their pattern, ASCII only)."""

IDS_CHAMPS = [c.nom for c in CHAMPS]


# -- stores: one per engine for the whole module, one adherent per test ---------------------
def _vider(url: str) -> None:
    moteur = create_engine(url)
    try:
        with moteur.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
    finally:
        moteur.dispose()


@pytest.fixture(scope="module", params=["memoire", "sqlite",
                                        pytest.param("postgresql", marks=pytest.mark.postgresql)])
def stockage(request: pytest.FixtureRequest,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[rst.Contexte]:
    if request.param == "memoire":
        yield rst.en_memoire(horloge=rst.HorlogeFixe(), emetteur=EMETTEUR)
        return
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('t1') / 't1.db'}"
    else:
        url = os.environ.get("RST_EFFECTIFS_TEST_POSTGRESQL_URL", "")
        if not url:
            if os.environ.get("RST_EFFECTIFS_REQUIRE_POSTGRESQL") == "1":
                pytest.fail("RST_EFFECTIFS_REQUIRE_POSTGRESQL=1 without a PostgreSQL URL")
            pytest.skip("set RST_EFFECTIFS_TEST_POSTGRESQL_URL to run the PostgreSQL tests")
        _vider(url)
    ctx = rst.depuis_url(url, horloge=rst.HorlogeFixe(), migrer=True, emetteur=EMETTEUR)
    yield ctx
    fabrique = ctx.unite_de_travail
    fermer = getattr(fabrique, "fermer", None)
    if fermer is not None:
        fermer()


_NUMEROS = itertools.count(1)


@pytest.fixture
def monde(stockage: rst.Contexte) -> Monde:
    n = next(_NUMEROS)
    return Monde(stockage, _peupler(stockage, f"T{n}", f"{700000 + n}", f"req-{n}"))


def _photo(m: Monde) -> tuple[object, ...]:
    a = m.ids.adherent
    with m.ctx.unite_de_travail() as uow:
        salaries = tuple(sorted(uow.salaries.tous(a), key=lambda s: s.id))
    return (salaries, _compte(m), rst.lister_postes(m.ctx, m.moi, rst.ListerPostes(a, True)),
            rst.lister_acces(m.ctx, m.moi, rst.ListerAcces(a)),
            rst.consulter_journal(m.ctx, m.moi, rst.ConsulterJournal(a)))


# -- the field tests ---------------------------------------------------------------------------
@pytest.mark.parametrize("champ", CHAMPS, ids=IDS_CHAMPS)
def test_t1_a_field_at_its_maximum_is_stored_and_read_back_exactly(
    monde: Monde, champ: Champ
) -> None:
    valeur = champ.plein(champ.maximum)
    assert len(valeur) == champ.maximum
    assert champ.relire(monde, champ.envoyer(monde, valeur)) == valeur


@pytest.mark.parametrize("champ", CHAMPS, ids=IDS_CHAMPS)
def test_t1_one_character_over_the_maximum_is_refused_never_cut(
    monde: Monde, champ: Champ
) -> None:
    avant = _photo(monde)
    for valeur in (champ.plein(champ.maximum + 1), champ.plein(champ.maximum) + " x",
                   champ.plein(champ.maximum * 50)):
        with pytest.raises(rst.DonneeInvalide) as refus:
            champ.envoyer(monde, valeur)
        assert (refus.value.code, refus.value.regle, refus.value.chemin) == (
            champ.code, champ.regle, champ.chemin_attendu)
    assert _photo(monde) == avant


@pytest.mark.parametrize("champ", CHAMPS, ids=IDS_CHAMPS)
def test_t1_nul_surrogates_and_invisible_characters_are_refused(
    monde: Monde, champ: Champ
) -> None:
    avant = _photo(monde)
    for interdit in INTERDITS:
        with pytest.raises(rst.DonneeInvalide) as refus:
            champ.envoyer(monde, interdit)
        assert (refus.value.code, refus.value.chemin) == (champ.code, champ.chemin_attendu)
    assert _photo(monde) == avant


# -- searches and ids ----------------------------------------------------------------------------
def test_t1_a_name_search_refuses_what_no_stored_name_holds(monde: Monde) -> None:
    a = monde.ids.adherent
    _embaucher(monde, nom="Dupont")

    def chercher(nom: str) -> list[str]:
        page = rst.lister_salaries(monde.ctx, monde.moi, rst.ListerSalaries(a, nom=nom))
        return [s.identite.nom for s in page.salaries]

    assert chercher("dup") == ["Dupont"]
    assert chercher("x" * 100) == []
    for nom, code in [("x" * 101, "donnee.trop_long"),
                      *((i, "donnee.caractere_interdit") for i in INTERDITS)]:
        with pytest.raises(rst.DonneeInvalide) as refus:
            chercher(nom)
        assert (refus.value.code, refus.value.regle, refus.value.chemin) == (code, "T1", "nom")


def _champs_id(classe: type) -> Iterator[tuple[str, bool]]:
    """The id fields of a command: ``(name, is a tuple of ids)``."""
    indications = get_type_hints(classe)
    for champ in attrs.fields(classe):
        if champ.name.endswith("_id") or champ.name == "apres":
            yield champ.name, False
        elif champ.name.endswith("_ids"):
            assert str in get_args(indications[champ.name])
            yield champ.name, True


@pytest.mark.parametrize("nom", sorted(COMMANDES))
def test_t1_every_id_of_every_command_is_bounded_and_printable(nom: str) -> None:
    """Refused when the command is built, before any storage is asked: so the same on
    every storage."""
    valide = COMMANDES[nom][1](MondeMemoire(avec_a=False).b)
    assert isinstance(valide, Commande)
    vus = 0
    for champ, multiple in _champs_id(type(valide)):
        for mauvais in ("x" * 101, "", *INTERDITS, "a\nb"):
            valeur: object = ("ok", mauvais) if multiple else mauvais
            with pytest.raises(rst.DonneeInvalide) as refus:
                attrs.evolve(valide, **{champ: valeur})
            chemin = f"{champ}[1]" if multiple else champ
            assert (refus.value.code, refus.value.regle, refus.value.chemin) == (
                "donnee.id_invalide", "T1", chemin)
        attrs.evolve(valide, **{champ: ("x" * 100,) if multiple else "x" * 100})
        vus += 1
    # calculer_totaux and lister_multi_employeurs span every adherent (RST);
    # enregistrer_multi_employeur's ids are in its FicheDesignee parts, each a Commande
    sans_id = nom in ("creer_adherent", "calculer_totaux", "demander_connexion",
                      "valider_connexion", "lister_multi_employeurs",
                      "enregistrer_multi_employeur") or nom.startswith("recuperer")
    assert vus >= (0 if sans_id else 1)


# -- the rule book and the schema agree --------------------------------------------------------
def _table_du_livre() -> dict[str, tuple[int, str, str, str]]:
    """docs/rules.md's T1 table: field -> (maximum, column, code, rule)."""
    texte = LIVRE.read_text(encoding="utf-8")
    section = texte.split("### T1 ", 1)[1].split("\n## ", 1)[0]
    lignes = re.findall(
        r"^\| `([^`]+)` \| [^|]* \| (\d[\d,]*) \| (`[a-z_.]+` \(\d+\)|—) \| `([a-z_.]+)` "
        r"\| ([A-Z][0-9]) \|$", section, flags=re.M)
    return {champ: (int(maximum.replace(",", "")), colonne, code, regle)
            for champ, maximum, colonne, code, regle in lignes}


def _colonne(champ: Champ) -> str:
    if champ.colonne is None:
        return "—"
    return f"`{champ.colonne.table.name}.{champ.colonne.name}` ({champ.colonne.type.length})"


def test_t1_the_rule_book_lists_every_field_with_its_maximum_code_and_column() -> None:
    livre = _table_du_livre()
    attendu = {c.nom: (c.maximum, _colonne(c), c.code, c.regle) for c in CHAMPS}
    assert {k: v for k, v in livre.items() if k in attendu} == attendu


@pytest.mark.parametrize("champ", [c for c in CHAMPS if c.colonne is not None],
                         ids=[c.nom for c in CHAMPS if c.colonne is not None])
def test_t1_each_maximum_is_the_size_of_its_sql_column(champ: Champ) -> None:
    assert champ.colonne is not None
    assert isinstance(champ.colonne.type, String)
    assert champ.colonne.type.length == champ.maximum


def test_t1_every_text_column_is_bounded_or_holds_derived_text() -> None:
    """A column of unbounded text holds only what the library writes itself (normalised
    keys, JSON it serialises), never a caller's text as given."""
    derives = {("postes", "libelle_norm"), ("postes", "risques"), ("salaries", "nom_norm"),
               ("salaries", "prenoms_norm"), ("requetes", "empreinte"),
               ("requetes", "mouvements"), ("requetes", "reponse"), ("journal", "donnees"),
               ("clotures", "contenu"), ("clotures", "resume"), ("adherents", "adresse"),
               ("factures", "contenu"), ("factures", "xml"), ("multi_employeurs", "fiches")}
    libres = {(t.name, c.name) for t in tables.metadata.tables.values() for c in t.columns
              if isinstance(c.type, String) and c.type.length is None}
    assert libres == derives


# -- every text field of every command is accounted for -------------------------------------
TEXTES_DES_COMMANDES = {
    # free text, bounded by T1's table (the field of CHAMPS it is tested as)
    "CreerAdherent.raison_sociale": "raison_sociale",
    "ModifierCompte.raison_sociale": "raison_sociale",
    "AjouterPoste.libelle": "libelle",
    "RenommerPoste.libelle": "libelle",
    "AjouterPoste.justification_sir": "justification_sir",
    "ModifierRisques.justification_sir": "justification_sir",
    "EmbaucherSalarie.nom": "nom",
    "CorrigerIdentite.nom": "nom",
    "EmbaucherSalarie.prenoms": "prenoms",
    "CorrigerIdentite.prenoms": "prenoms",
    "NouveauContrat.numero": "contrat.numero",
    "ReintegrerDansLEffectif.motif": "motif (réintégration)",
    "AnnulerMouvementRegularise.motif": "motif (annulation régularisée)",
    "AnnulerContratRegularise.motif": "motif (annulation régularisée)",
    "AccorderAcces.email": "email",
    "ModifierAcces.email": "email",
    "RetirerAcces.email": "email",
    "CreerAdherent.email_connexion": "email",
    "ModifierCompte.email_connexion": "email",
    "RecupererNumeroTeledeclarant.email": "email",
    "DemanderConnexion.email": "email",
    "ValiderConnexion.email": "email",
    "EmettreJeton.libelle": "libelle",
    "CreerAdherent.numero_teledeclarant": "numero_teledeclarant",
    "ModifierCompte.numero_teledeclarant": "numero_teledeclarant",
    # searched, not stored (test_t1_a_name_search_refuses_what_no_stored_name_holds)
    "ListerSalaries.nom": "recherche",
    # fixed ASCII formats, closed lists
    "CreerAdherent.numero": "format", "CreerAdherent.siret": "format",
    "AjouterPoste.code_pcs": "format", "NouveauContrat.dispositif": "format",
    "EmbaucherSalarie.nir": "format", "CorrigerIdentite.nir": "format",
    "SortirDeLEffectif.motif": "format",
    "ValiderConnexion.code": "format",  # digits only, at most 20 (A6)
    # A6: a request's secret and the client's address, at most 100 printable
    # characters, never stored (digests only)
    "ValiderConnexion.demande": "format", "DemanderConnexion.client": "format",
    "CalculerAssiette.regle": "liste", "CalculerAssiette.bareme": "liste",
    "CalculerTotaux.regle": "liste", "CalculerTotaux.bareme": "liste",
    "CloturerPeriode.regle": "liste", "CloturerPeriode.bareme": "liste",
    "EmettreFacture.bareme": "liste", "EmettreFactures.bareme": "liste",
}


def _commandes() -> list[type]:
    vues: list[type] = []
    pile = list(Commande.__subclasses__())
    while pile:
        classe = pile.pop()
        vues.append(classe)
        pile += classe.__subclasses__()
    return vues


def test_t1_every_text_field_of_every_command_is_bounded_somewhere() -> None:
    """A new text field fails here until it is an id or has its place in T1's table."""
    trouves = set()
    for classe in _commandes():
        indications = get_type_hints(classe)
        for champ in attrs.fields(classe):
            tp = indications[champ.name]
            texte = tp is str or str in get_args(tp)
            identifiant = (champ.name.endswith(("_id", "_ids"))
                           or champ.name in IDENTIFIANTS_SANS_SUFFIXE)
            if texte and not identifiant:
                trouves.add(f"{classe.__name__}.{champ.name}")
    assert trouves == set(TEXTES_DES_COMMANDES)
    noms = {c.nom for c in CHAMPS}
    assert {v for v in TEXTES_DES_COMMANDES.values()
            if v not in ("recherche", "format", "liste")} <= noms


@pytest.mark.parametrize("choix", ["\udcff", "1\x00", "x" * 101])
def test_t1_the_command_line_refuses_an_adherent_it_cannot_look_up(
    tmp_path: Path, choix: str
) -> None:
    """``--adherent $'\\xff'`` reaches Python as a lone surrogate (``surrogateescape``)."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {"RST_EFFECTIFS_DB": None, "RST_EFFECTIFS_EMAIL": None,
           "RST_EFFECTIFS_ADHERENT": None, "RST_EFFECTIFS_DEBUG": None}
    creer = CliRunner().invoke(cli, [
        "--db", url, "--en-tant-que", "agent@rst.fr", "adherent", "creer", "--numero", "1",
        "--siret", "73282932000074", "--raison-sociale", "X", "--email-connexion",
        "a@exemple.fr"], env=env)
    assert creer.exit_code == 0, creer.output
    resultat = CliRunner().invoke(cli, ["--db", url, "effectif", "--adherent", choix,
                                        "--json"], env=env)
    if not any("\ud800" <= c <= "\udfff" for c in choix):
        assert resultat.exit_code == 1, resultat.output
        assert '"regle": "T1"' in resultat.output
    else:  # not UTF-8: refused as a usage error before any lookup (D1's command-line check)
        assert resultat.exit_code == 2, resultat.output
        assert "--adherent" in resultat.output and "UTF-8" in resultat.output
