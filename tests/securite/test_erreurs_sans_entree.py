"""No raw input in errors (A5, S1): whatever a caller sends, a refusal keeps the path and
the reason, never the value nor the document — neither in its message, ``repr``,
attributes and notes, nor in the exceptions chained to it (``__cause__``,
``__context__``, exception groups, nested errors), which any logger printing causes
would write out.

Hostile inputs carrying NIRs go through every path — the commands of every registered
use case (construction, then the use case on a memory store and on SQLite), the JSON
converter for each command class, the DSN and CSV readers, the command line with
``--json`` — and every error is rendered with ``traceback.format_exception`` and walked attribute by
attribute. No NIR of the test data (nor a marker planted in the documents) may appear.
A positive control shows that the walk finds a NIR an exception chain does carry.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

import rst_effectifs as rst
from rst_effectifs.adapters.sql import creer_moteur
from rst_effectifs.application.commandes import Commande, ImporterDeclaration
from rst_effectifs.application.declarations import FichierInvalide
from rst_effectifs.domain.identifiants import calculer_cle
from rst_effectifs.entrypoints.cli import cli
from rst_effectifs.exemples import chemin_exemple
from rst_effectifs.formats.csv_io import analyser_csv, lire_csv
from rst_effectifs.formats.dsn import analyser_dsn, lire_dsn
from rst_effectifs.formats.json import lire, make_converter, structurer
from test_tenant_isolation import AGENT, COMMANDES, MondeMemoire, MondeSql, _admin

MARQUEUR = "ZQX-7731-MARQUEUR"
"""Planted in documents: a refusal quoting the document would show it."""


def _nir(corps: str) -> str:
    return f"{corps}{calculer_cle(corps)}"


NIRS = (_nir("1841275108946"), _nir("2770733063777"), _nir("1990599350123"))
NIR = NIRS[0]
DSN = chemin_exemple("exemple.dsn").read_bytes().decode("latin-1")
CSV = chemin_exemple("salaries.csv").read_text(encoding="utf-8")
_QUINZE = re.compile(r"(?<![0-9])[1-478][0-9]{4}(?:[0-9]{2}|2A|2B)[0-9]{8}(?![0-9])")
NIRS_DES_EXEMPLES = tuple(sorted({n for n in _QUINZE.findall(DSN + CSV)}))


def formes(nir: str) -> tuple[str, ...]:
    """The clear NIR and its 13-character body (the key alone is not the NIR)."""
    return nir, nir[:13]


CHERCHES = (*(f for n in (*NIRS, *NIRS_DES_EXEMPLES) for f in formes(n)), MARQUEUR)


def hostiles(nir: str = NIR) -> list[str]:
    """Texts a caller may send where a text is expected, each carrying the NIR."""
    return [nir, f"Du{nir}pont", f"{nir}\x00", f"\ud800{nir}", nir * 30, f"{nir} " * 40,
            f"{nir}{MARQUEUR}", f"{nir[:7]} {nir[7:]}"]


# -- rendering an error as a logger (or a curious reader) could ---------------------------
def _exceptions_dans(valeur: object) -> list[BaseException]:
    if isinstance(valeur, BaseException):
        return [valeur]
    if isinstance(valeur, list | tuple | set | frozenset):
        return [v for v in valeur if isinstance(v, BaseException)]
    if isinstance(valeur, dict):
        return [v for v in valeur.values() if isinstance(v, BaseException)]
    return []


def rendre(erreur: BaseException) -> str:
    """``traceback.format_exception`` of the error, then every exception reachable from
    it — causes and contexts even when suppressed, group members, exceptions held in
    attributes — each as ``str``, ``repr``, args, notes and every attribute."""
    morceaux = ["".join(traceback.format_exception(erreur))]
    vues: set[int] = set()
    pile: list[BaseException] = [erreur]
    while pile:
        e = pile.pop()
        if id(e) in vues:
            continue
        vues.add(id(e))
        morceaux += ["".join(traceback.format_exception(e)), str(e), repr(e), repr(e.args),
                     repr(getattr(e, "__notes__", None))]
        for nom in dir(e):
            if nom.startswith("__") and nom not in ("__cause__", "__context__"):
                continue
            valeur = getattr(e, nom, None)
            if callable(valeur) and not isinstance(valeur, BaseException):
                continue
            morceaux.append(repr(valeur))
            pile += _exceptions_dans(valeur)
        if isinstance(e, BaseExceptionGroup):
            pile += list(e.exceptions)
        pile += [c for c in (e.__cause__, e.__context__) if c is not None]
    return "\n".join(morceaux)


def fuites(texte: str) -> list[str]:
    compact = texte.replace(" ", "").replace(".", "")
    return [f for f in CHERCHES if f in texte or f in compact]


class Releve:
    """Every error seen, with where it came from; the test fails on anything else."""

    def __init__(self) -> None:
        self.erreurs: list[tuple[str, BaseException]] = []
        self.inattendues: list[tuple[str, BaseException]] = []

    def essayer(self, ou: str, appel: Callable[[], object]) -> object:
        try:
            return appel()
        except rst.ErreurRstEffectifs as erreur:
            self.erreurs.append((ou, erreur))
        except Exception as erreur:
            self.inattendues.append((ou, erreur))
        return None

    def verifier(self, minimum: int) -> None:
        assert not self.inattendues, [(ou, type(e).__name__) for ou, e in self.inattendues]
        assert len(self.erreurs) >= minimum
        fautives = [(ou, fuites(rendre(e))) for ou, e in self.erreurs]
        assert [(ou, f) for ou, f in fautives if f] == []


# -- the positive control ---------------------------------------------------------------
def test_the_walk_finds_a_nir_that_a_chained_exception_carries() -> None:
    """What the converter did before: the decoder's error, chained or merely the
    context, holds the whole document."""
    document = '{"nir": "' + NIR + '",}'
    try:
        try:
            json.loads(document)
        except json.JSONDecodeError:
            raise rst.DonneeInvalide("Le texte reçu n'est pas du JSON valide.") from None
    except rst.DonneeInvalide as cachee:
        assert NIR not in "".join(traceback.format_exception(cachee))  # suppressed...
        assert NIR in fuites(rendre(cachee))  # ...but still there for whoever walks it


# -- commands and use cases ---------------------------------------------------------------
_IDS = re.compile(r".*_ids?$|^apres$")
"""Ids are keys the caller chose, named back in a grouped refusal (E5): a well-formed id
is not tried with a NIR in it, only malformed ones (too long, NUL, surrogate) are."""


def _hostiles_du_champ(nom: str) -> list[object]:
    autres: list[object] = [[NIR], {NIR: NIR}, int(NIR[:13])]
    if _IDS.match(nom):
        ids = [NIR * 30, f"{NIR}\x00", f"\ud800{NIR}", f"{NIR}\n"]
        return [*ids, *autres, tuple(ids)]
    return [*hostiles(), *autres]


def _variantes(commande: Commande) -> Iterator[tuple[str, Callable[[], object]]]:
    """The command with one field replaced by a hostile value (a nested command's field
    too), each built only when called, since building is the first check."""
    for champ in attrs.fields(type(commande)):
        nom = champ.name
        valeur = getattr(commande, nom)
        if isinstance(valeur, Commande):
            for sous, sous_appel in _variantes(valeur):
                yield f"{nom}.{sous}", (
                    lambda n=nom, a=sous_appel: attrs.evolve(commande, **{n: a()}))
            continue
        for hostile in _hostiles_du_champ(nom):
            yield nom, lambda n=nom, h=hostile: attrs.evolve(commande, **{n: h})


def _acteur(nom: str, adherent_id: str) -> object:
    besoin = rst.REGISTRE[nom].besoin
    if besoin.name == "RST":
        return AGENT
    if besoin.name == "PUBLIC":
        return rst.ANONYME
    return _admin(adherent_id)


@pytest.fixture(scope="module")
def base_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MondeSql]:
    moteur = creer_moteur(f"sqlite:///{tmp_path_factory.mktemp('a5') / 'a5.db'}")
    yield MondeSql(moteur, avec_a=False)
    moteur.dispose()


@pytest.fixture(params=["memoire", "sqlite"])
def monde(request: pytest.FixtureRequest) -> MondeMemoire | MondeSql:
    """A fresh store holding one populated adherent: memory, or SQLite (errors of the
    SQL adapter are translated too)."""
    if request.param == "memoire":
        return MondeMemoire(avec_a=False)
    base: MondeSql = request.getfixturevalue("base_sqlite")
    base.restaurer()
    return base


@pytest.mark.parametrize("nom", sorted(COMMANDES))
def test_no_nir_in_any_refusal_of_a_use_case(nom: str, monde: MondeMemoire | MondeSql) -> None:
    ids = monde.b
    releve = Releve()
    valide = COMMANDES[nom][1](ids)
    assert isinstance(valide, Commande)
    acteur = _acteur(nom, ids.adherent)
    for ou, construire in _variantes(valide):
        commande = releve.essayer(f"{nom}.{ou}", construire)
        if isinstance(commande, Commande):
            releve.essayer(f"{nom}.{ou} (cas d'usage)",
                           lambda c=commande: monde.appeler(nom, acteur, c))
    releve.verifier(minimum=1)


def test_no_nir_in_the_refusals_of_the_nir_fields() -> None:
    """A NIR with a wrong key, of the wrong shape or against the birth date."""
    monde = MondeMemoire(avec_a=False)
    ids = monde.b
    releve = Releve()
    embauche = COMMANDES["embaucher"][1](ids)
    correction = COMMANDES["corriger_identite"][1](ids)
    for nir in NIRS:
        mauvaise_cle = f"{nir[:13]}{(int(nir[13:]) % 97) + 1:02d}"
        for texte in (mauvaise_cle, nir[:14], nir + "0", nir, f"{nir[:5]}.{nir[5:]}",
                      nir.replace("1", "I")):
            for base in (embauche, correction):
                commande = releve.essayer("nir", lambda b=base, t=texte: attrs.evolve(b, nir=t))
                if isinstance(commande, Commande):
                    nom = ("embaucher" if isinstance(commande, rst.EmbaucherSalarie)
                           else "corriger_identite")
                    releve.essayer(f"{nom} nir", lambda c=commande, n=nom: monde.appeler(
                        n, _admin(ids.adherent), c))
            releve.essayer("Nir.parse", lambda t=texte: rst.Nir.parse(t))
    releve.verifier(minimum=20)


# -- the JSON converter ---------------------------------------------------------------------
CONVERTISSEUR = make_converter()
MASQUE = make_converter(masquer_nir=True)


def _documents(donnees: dict[str, Any]) -> Iterator[tuple[str, object]]:
    """Decoded JSON with one value replaced (nested objects too), or an unknown key."""
    for cle, valeur in donnees.items():
        if isinstance(valeur, dict):
            for ou, sous in _documents(valeur):
                yield f"{cle}.{ou}", {**donnees, cle: sous}
        for hostile in [*hostiles(), int(NIR), [NIR], {NIR: NIR}, {"nir": NIR}, None, True]:
            yield cle, {**donnees, cle: hostile}
    yield "clé inconnue", {**donnees, NIR: 1}
    yield "clé inconnue (lettres)", {**donnees, f"x{NIR}": 1}
    yield "pas un objet", [NIR, MARQUEUR]


def _textes(donnees: dict[str, Any]) -> Iterator[tuple[str, str | bytes]]:
    """Text that is not JSON, or not UTF-8, each carrying the NIR and the marker."""
    texte = json.dumps({**donnees, "x": NIR + MARQUEUR})
    yield "tronqué", texte[:-1]
    yield "virgule finale", texte[:-1] + ",}"
    yield "données en trop", texte + f' "{NIR}"'
    yield "valeur nue", texte.replace(f'"{NIR}{MARQUEUR}"', f"{NIR}{MARQUEUR}")
    yield "NaN", texte[:-1] + ', "y": NaN}'
    yield "clé en double", texte[:-1] + f', "x": "{NIR}"' + "}"
    yield "imbrication", "[" * 100_000 + f'"{NIR}"' + "]" * 100_000
    yield "UTF-8 invalide", texte.encode() + b"\xff" + NIR.encode()
    yield "octets Latin-1", texte.replace(MARQUEUR, MARQUEUR + "é").encode("latin-1")
    yield "substitut seul", texte[:-1] + ', "y": "\\ud800' + NIR + '"}'


@pytest.mark.parametrize("nom", sorted(COMMANDES))
def test_no_nir_in_any_refusal_of_the_json_converter(nom: str) -> None:
    ids = MondeMemoire(avec_a=False).b
    valide = COMMANDES[nom][1](ids)
    classe = type(valide)
    donnees = CONVERTISSEUR.unstructure(valide)
    releve = Releve()
    for ou, document in _documents(donnees):
        releve.essayer(f"{nom} {ou}", lambda d=document: structurer(d, classe))
        releve.essayer(f"{nom} {ou} (texte)", lambda d=document: lire(json.dumps(d), classe))
    for ou, texte in _textes(donnees):
        releve.essayer(f"{nom} {ou}", lambda t=texte: lire(t, classe))
    releve.essayer(f"{nom} masqué", lambda: structurer({**donnees, "nir": NIR}, classe, MASQUE))
    releve.verifier(minimum=10)


def test_no_nir_in_the_refusals_of_domain_objects_read_from_json() -> None:
    releve = Releve()
    identite = {"nom": "Durand", "prenoms": "Léa", "date_naissance": "1984-12-03", "nir": NIR}
    for ou, document in _documents(identite):
        releve.essayer(f"Identite {ou}", lambda d=document: structurer(d, rst.Identite))
    releve.essayer("Identite masquée", lambda: structurer(identite, rst.Identite, MASQUE))
    releve.essayer("Identite naissance", lambda: structurer(
        {**identite, "date_naissance": "1985-12-03"}, rst.Identite))
    releve.verifier(minimum=30)


# -- the readers ------------------------------------------------------------------------------
def _rubrique(texte: str, cle: str, valeur: str) -> str:
    """The DSN with one rubric's value replaced (every occurrence)."""
    return re.sub(rf"^{re.escape(cle)},'[^\n]*'$", f"{cle},'{valeur}'", texte, flags=re.M)


def _dsns() -> Iterator[tuple[str, str]]:
    rubriques = ("S21.G00.06.001", "S21.G00.11.001", "S21.G00.30.001", "S21.G00.30.002",
                 "S21.G00.30.004", "S21.G00.30.006", "S21.G00.40.001", "S21.G00.40.004",
                 "S21.G00.40.006", "S21.G00.40.007", "S21.G00.40.008", "S21.G00.40.009",
                 "S21.G00.40.010", "S21.G00.62.001", "S21.G00.62.002")
    for cle in rubriques:
        for valeur in (NIR, NIR * 10, f"{NIR}\x00", f"{NIR[:13]}{MARQUEUR}", ""):
            yield f"{cle}={valeur[:20]!r}", _rubrique(DSN, cle, valeur)
    yield "sans guillemets", DSN + f"\nS21.G00.30.001,{NIR}\n"
    yield "clé mal formée", DSN + f"\nS21.G00.30.0X1,'{NIR}'\n"
    yield "ligne trop longue", DSN + f"\nS21.G00.30.001,'{NIR * 200}'\n"
    yield "ligne nue", DSN + f"\n{NIR};{MARQUEUR}\n"
    yield "bloc orphelin", f"S21.G00.30.001,'{NIR}'\nS21.G00.30.002,'{MARQUEUR}'\n"
    yield "vide", ""


def test_no_nir_in_any_refusal_of_the_dsn_reader() -> None:
    """Refusals of the file, and the reasons of each person left aside or the remarks
    of a file read (a bad value inside a person's block leaves that person aside)."""
    releve = Releve()
    notes: list[tuple[str, str]] = []
    for ou, texte in _dsns():
        lu = releve.essayer(f"DSN {ou}", lambda t=texte: analyser_dsn(t))
        if isinstance(lu, rst.DeclarationImportee):
            notes += [(ou, repr(e)) for e in lu.ecartes]
            notes += [(ou, repr(r)) for r in lu.remarques]
            notes += [(ou, repr(r)) for e in lu.etablissements for r in e.remarques]
    assert len(notes) >= 30
    assert [(ou, fuites(n)) for ou, n in notes if fuites(n)] == []
    octets = DSN.encode("latin-1")
    releve.essayer("DSN en UTF-8 (Latin-1 lu)", lambda: lire_dsn(
        io.BytesIO(octets + f"S21.G00.30.001,'{NIR}'\n".encode()), encodage="utf-8"))
    releve.essayer("DSN octets invalides", lambda: lire_dsn(io.BytesIO(
        f"S21.G00.30.001,'{NIR}{MARQUEUR}'\n".encode() + b"\xff\xfe"), encodage="utf-8"))
    releve.verifier(minimum=15)


def _csvs() -> Iterator[tuple[str, str]]:
    entete, premiere, *_reste = CSV.splitlines()
    colonnes = entete.split(";")
    cellules = premiere.split(";")
    for rang, colonne in enumerate(colonnes):
        for valeur in (NIR, NIR * 10, f"{NIR}\x00", f"{NIR[:13]}{MARQUEUR}", ""):
            ligne = ";".join(valeur if i == rang else c for i, c in enumerate(cellules))
            yield f"{colonne}={valeur[:20]!r}", f"{entete}\n{ligne}\n"
    yield "colonne inconnue", f"{entete};{NIR}\n{premiere};x\n"
    yield "colonne inconnue (lettres)", f"{entete};x{NIR}\n{premiere};x\n"
    yield "champs en trop", f"{entete}\n{premiere};{NIR};{MARQUEUR}\n"
    yield "guillemets", f'{entete}\n"{NIR};{MARQUEUR}\n'
    yield "séparateur", entete.replace(";", ",") + f"\n{NIR},{MARQUEUR}\n"
    autre = premiere.replace("DUPONT", "DURAND")
    yield "même NIR, autre identité", f"{entete}\n{premiere}\n{autre}\n"
    yield "sortie sans date", f"{entete}\n" + premiere[:-1] + "031\n"


def test_no_nir_in_any_refusal_of_the_csv_reader() -> None:
    releve = Releve()
    for ou, texte in _csvs():
        releve.essayer(f"CSV {ou}", lambda t=texte: analyser_csv(t))
    releve.essayer("CSV octets invalides", lambda: lire_csv(io.BytesIO(
        CSV.encode() + f"{NIR};{MARQUEUR}".encode() + b"\xff\xfe;x\n")))
    releve.essayer("CSV en Latin-1", lambda: lire_csv(io.BytesIO(CSV.encode("latin-1"))))
    releve.verifier(minimum=50)


def test_no_nir_in_the_refusals_of_an_import() -> None:
    """A file read fine but refused by the plan (another establishment's SIRET)."""
    monde = MondeMemoire(avec_a=False)
    releve = Releve()
    for declaration in (analyser_dsn(DSN), analyser_csv(CSV)):
        releve.essayer("import", lambda d=declaration: monde.appeler(
            "importer_declaration", _admin(monde.b.adherent),
            ImporterDeclaration(monde.b.adherent, d, appliquer=True)))
    releve.verifier(minimum=1)


# -- the command line -------------------------------------------------------------------------
def test_no_nir_in_what_the_command_line_prints_on_a_refusal(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {"RST_EFFECTIFS_DB": None, "RST_EFFECTIFS_EMAIL": None,
           "RST_EFFECTIFS_ADHERENT": None, "RST_EFFECTIFS_DEBUG": None,
           "XDG_DATA_HOME": str(tmp_path / "donnees")}

    def lancer(*args: str) -> tuple[int, str, BaseException | None]:
        resultat = CliRunner().invoke(cli, ["--db", url, *args], env=env)
        return resultat.exit_code, resultat.output, resultat.exception

    code, _sortie, _e = lancer("--en-tant-que", "agent@rst.example", "adherent", "creer",
                               "--numero", "1001", "--siret", "84205317500019",
                               "--raison-sociale", "Bâtiments", "--email-connexion",
                               "rh@emeraude.example")
    assert code == 0
    code, _sortie, _e = lancer("--en-tant-que", "rh@emeraude.example", "postes", "ajouter",
                               "Maçon", "--pcs", "632a")
    assert code == 0
    dsn = tmp_path / "mauvaise.dsn"
    dsn.write_bytes(_rubrique(DSN, "S21.G00.30.001", NIR[:14] + "9").encode("latin-1"))
    csv = tmp_path / "mauvais.csv"
    csv.write_text(CSV.replace("C0001", NIR + MARQUEUR), encoding="utf-8")
    embaucher = ["salaries", "embaucher", "--nom", "Durand", "--prenoms", "Léa",
                 "--naissance", "1984-12-03", "--nature", "CDI", "--debut", "2025-01-06",
                 "--poste", "Maçon"]
    mauvaise_cle = f"{NIR[:13]}{(int(NIR[13:]) % 97) + 1:02d}"
    essais = [
        [*embaucher, "--nir", mauvaise_cle],
        [*embaucher, "--nir", NIR, "--naissance", "1985-12-03"],
        [*embaucher, "--nir", f"{NIR}{MARQUEUR}"],
        [*embaucher, "--numero", NIR * 2],
        [*embaucher[:3], NIR * 10, *embaucher[4:]],
        [*embaucher, "--naissance", NIR],
        [*embaucher, "--nature", NIR],
        ["salaries", "lister", "--nom", f"{NIR}\x00"],
        ["importer", "dsn", str(dsn)],
        ["importer", "csv", str(csv)],
    ]
    vus = 0
    for essai in essais:
        for json_ in ((), ("--json",)):
            code, sortie, exception = lancer("--en-tant-que", "rh@emeraude.example",
                                             *json_, *essai)
            assert code != 0, essai
            assert isinstance(exception, SystemExit), (essai, exception)
            assert fuites(sortie) == [], (essai, sortie)
            vus += 1
    assert vus == 2 * len(essais)


def test_every_nir_of_the_test_data_is_a_valid_nir() -> None:
    """The search looks for real NIRs: a typo in the data would make it vacuous."""
    assert len(NIRS_DES_EXEMPLES) >= 2
    for nir in (*NIRS, *NIRS_DES_EXEMPLES):
        assert rst.Nir.parse(nir).valeur == nir
    assert dt.date(1984, 12, 3).month == int(NIR[3:5])


# -- the refusals themselves chain nothing --------------------------------------------------
@pytest.mark.parametrize("appel", [
    lambda: lire('{"nom": "' + NIR + '",}', rst.Identite),
    lambda: lire(b'{"nom": "\xff' + NIR.encode() + b'"}', rst.Identite),
    lambda: lire('{"nom": NaN}', rst.Identite),
    lambda: structurer({"nom": 1, "prenoms": [NIR], "date_naissance": NIR}, rst.Identite),
    lambda: structurer({"quand": NIR}, rst.EntreeJournal),
    lambda: rst.Nir.parse(NIR[:13] + "2B"),
    lambda: rst.Siret.parse(NIR[:14]),
    lambda: analyser_csv(CSV.replace(";01;", f";{NIR};", 1)),
    lambda: lire_csv(io.BytesIO(b"nom;prenoms\n" + NIR.encode() + b"\xff;x\n")),
    lambda: lire_dsn(io.BytesIO(f"S21.G00.30.001,'{NIR}'\n".encode() + b"\xff"),
                     encodage="utf-8"),
], ids=["json syntax", "json utf-8", "json NaN", "json fields", "json instant", "nir",
        "siret", "csv nature", "csv utf-8", "dsn utf-8"])
def test_a_refusal_has_neither_cause_nor_context(appel: Callable[[], object]) -> None:
    with pytest.raises(rst.DonneeInvalide) as refus:
        appel()
    erreurs = [refus.value, *getattr(refus.value, "erreurs", ())]
    assert [(e.__cause__, e.__context__) for e in erreurs] == [(None, None)] * len(erreurs)


def test_a_dsn_the_encoding_cannot_decode_is_a_typed_refusal() -> None:
    with pytest.raises(rst.DonneeInvalide) as refus:
        lire_dsn(io.BytesIO(DSN.encode("latin-1")), encodage="utf-8")
    assert isinstance(refus.value, FichierInvalide)
    assert [e.code for e in refus.value.erreurs] == ["dsn.encodage"]


def test_an_unknown_json_key_is_named_only_when_it_could_be_a_field() -> None:
    base = {"nom": "Durand", "prenoms": "Léa", "date_naissance": "1984-12-03"}
    with pytest.raises(rst.DonneeInvalide) as nomme:
        structurer({**base, "surnom": "x"}, rst.Identite)
    assert nomme.value.chemin == "$.surnom"
    with pytest.raises(rst.DonneeInvalide) as anonyme:
        structurer({**base, NIR: "x", f"a{NIR}": "y"}, rst.Identite)
    assert anonyme.value.chemin == "$.<clé inconnue>"
    assert list(anonyme.value.details) == ["$.<clé inconnue>"]
