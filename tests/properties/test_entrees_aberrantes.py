"""Errors section of DOMAIN.md: bad input never raises anything but the library's own
errors, and never leaves a partial change behind.

Every registered use case gets random actors (None included), commands built field by
field (``attrs.fields``) from junk and from plausible values (real ids of the store,
valid dates, nested objects), commands of another use case, and objects of no command
class at all."""

from __future__ import annotations

import datetime as dt
import enum
import types
from collections.abc import Callable, Iterable
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs
from hypothesis import event, given, settings
from hypothesis import strategies as st
from proprietes_outils import REGLAGES, Bureau

import rst_effectifs as rst
from rst_effectifs.application.commandes import Commande
from rst_effectifs.testing.strategies import (
    MOTIFS_DE_SORTIE,
    codes_pcs,
    emails,
    identites,
    nirs,
    nirs_invalides,
    noms,
    sirets,
)

NOMS = sorted(rst.REGISTRE)
COMMANDES = sorted({cas.commande for cas in rst.REGISTRE.values()}, key=lambda c: c.__name__)

BROUILLON: st.SearchStrategy[Any] = st.one_of(
    st.none(), st.text(max_size=20), st.integers(), st.booleans(), st.dates(),
    st.datetimes(), st.floats(), st.binary(max_size=4), st.just(""), st.just("   "),
    st.text(min_size=101, max_size=110), st.lists(st.integers(), max_size=2),
    st.tuples(st.text(max_size=5)), st.tuples(st.integers()),
    st.frozensets(st.integers(), max_size=2), st.frozensets(st.sampled_from(rst.Risque)),
    st.sampled_from(rst.NatureContrat), st.sampled_from(rst.Risque),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2), st.just(object()),
    st.dates(dt.date(1, 1, 1), dt.date(1, 1, 3)), st.dates(dt.date(9999, 12, 29)),
)


@st.composite
def _pondere(draw: st.DrawFn, *choix: tuple[int, st.SearchStrategy[Any]]) -> Any:
    """One of the strategies, by weight (``one_of`` would flatten nested ``one_of``s and
    let the many junk kinds crowd out the plausible values)."""
    n = draw(st.integers(0, sum(poids for poids, _s in choix) - 1))
    for poids, strategie in choix:
        if n < poids:
            return draw(strategie)
        n -= poids
    raise AssertionError("unreachable")


def _propager(
    collection: Callable[[Iterable[Any]], object],
) -> Callable[[Iterable[Any]], object]:
    """Build the collection, unless an element is the refusal of a nested constructor:
    then the whole value is that refusal (the caller could not have built it either)."""

    def construire(elements: Iterable[Any]) -> object:
        elements = list(elements)
        for element in elements:
            if isinstance(element, rst.ErreurRstEffectifs):
                return element
        return collection(elements)

    return construire


class Valeurs:
    """Junk and plausible values for each field, knowing the store's real ids."""

    def __init__(self, adherent_id: str, ids: list[str]) -> None:
        self.adherent_id = st.sampled_from([adherent_id] * 4 + ["autre", *ids[:3]])
        self.ids = st.sampled_from(ids)
        textes = st.one_of(st.text(max_size=30), noms())
        self.par_nom: dict[str, st.SearchStrategy[Any]] = {
            "adherent_id": self.adherent_id,
            "requete_id": st.one_of(st.sampled_from(["requete-1", "requete-2"]), textes),
            "nir": st.one_of(nirs().map(lambda n: n.valeur), nirs_invalides()),
            "motif": st.one_of(st.sampled_from(MOTIFS_DE_SORTIE), textes),
            "siret": st.one_of(sirets().map(str), textes),
            "email_connexion": st.one_of(emails().map(str), textes),
            "numero": st.one_of(st.from_regex(r"[0-9]{1,12}", fullmatch=True), textes),
            "code_pcs": st.one_of(codes_pcs().map(str), textes),
            "dispositif": st.one_of(st.sampled_from(["61", "64", "6", "999"]), textes),
            "nom": textes, "prenoms": textes, "libelle": textes,
        }
        self.par_type: dict[Any, st.SearchStrategy[Any]] = {
            rst.Nir: nirs(), rst.Siret: sirets(), rst.Email: emails(),
            rst.CodePcsEse: codes_pcs(), rst.Identite: identites(),
        }

    def pour(self, nom: str, tp: Any, profondeur: int) -> st.SearchStrategy[Any]:
        """Mostly plausible, sometimes junk (for fields of a nested object)."""
        return _pondere((3, self.plausible(nom, tp, profondeur)), (1, BROUILLON))

    def plausible(self, nom: str, tp: Any, profondeur: int) -> st.SearchStrategy[Any]:
        origine, args = get_origin(tp), get_args(tp)
        if origine in (Union, types.UnionType):
            return st.one_of(*(self.plausible(nom, a, profondeur) for a in args))
        if tp is type(None):
            return st.none()
        if tp is str and nom.endswith("_ids"):
            return self.ids
        if tp is str:
            return self.par_nom.get(nom, st.one_of(self.ids, st.text(max_size=30)))
        if tp is bool:
            return st.booleans()
        if tp is int:
            return st.integers(-5, 600)
        if tp is dt.date:
            return st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))
        if origine is tuple and args[-1] is Ellipsis:
            return st.lists(self.plausible(nom, args[0], profondeur), max_size=3).map(
                _propager(tuple))
        if origine is tuple:
            return st.tuples(*(self.plausible(nom, a, profondeur) for a in args)).map(
                _propager(tuple))
        if origine is frozenset:
            return st.lists(self.plausible(nom, args[0], profondeur), max_size=3).map(
                _propager(frozenset))
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return st.sampled_from(tp)
        if tp in self.par_type:
            return self.par_type[tp]
        if attrs.has(tp) and profondeur < 5:
            return self.instances(tp, profondeur + 1)
        return BROUILLON

    def instances(self, cls: type, profondeur: int = 0) -> st.SearchStrategy[object]:
        return _instance(self, cls, profondeur)


@st.composite
def _instance(draw: st.DrawFn, valeurs: Valeurs, cls: type, profondeur: int) -> object:
    """An instance of ``cls`` from drawn fields, or the refusal its constructor gave.

    A command (a caller's input, type-checked on construction) gets junk: a quarter of
    the time every field is a toss-up between plausible and junk; otherwise at most one
    field is junk (often none), so that the rest gets past the type checks and the junk
    reaches the domain's own validation. Other objects (built by the library's own
    readers) get values of the right types only."""
    indications = get_type_hints(cls)
    champs = [f for f in attrs.fields(cls) if f.init]
    n = len(champs)
    commande = issubclass(cls, Commande)
    tout_au_hasard = commande and profondeur == 0 and draw(st.integers(0, 3)) == 0
    abime = draw(st.integers(-n if profondeur == 0 else -3 * n, n - 1)) if commande else -1
    valeurs_champs = {}
    for i, champ in enumerate(champs):
        tp = indications[champ.name]
        if tout_au_hasard:
            strategie = valeurs.pour(champ.name, tp, profondeur)
        elif i == abime:
            strategie = BROUILLON
        else:
            strategie = valeurs.plausible(champ.name, tp, profondeur)
        valeur = draw(strategie)
        if isinstance(valeur, rst.ErreurRstEffectifs):
            return valeur  # a nested object the caller could not have built either
        valeurs_champs[champ.name] = valeur
    try:
        return cls(**valeurs_champs)
    except rst.ErreurRstEffectifs as refus:
        return refus


def _acteurs(adherent_id: str) -> st.SearchStrategy[object]:
    acces = st.builds(rst.Acces, emails(), st.sampled_from([adherent_id, "autre", "id-1"]),
                      st.frozensets(st.sampled_from(rst.Role)))
    agent = st.builds(rst.AgentRst, emails())
    return _pondere((6, acces), (3, agent), (1, st.none()), (1, BROUILLON))


def _peupler() -> tuple[Bureau, list[str]]:
    """A small fixed store (cheap, so that shrinking stays quick): three files, one out,
    one with a contract change; returns every id it holds."""
    bureau = Bureau()
    poste = bureau.poste_ids[0]
    etapes: list[tuple[str, Commande]] = [
        ("embaucher", rst.EmbaucherSalarie(
            bureau.adherent_id, nom, "Léa", dt.date(1990, 5, 17),
            rst.NouveauContrat(rst.NatureContrat.CDI, dt.date(2022, 1, 3), poste)))
        for nom in ("Durand", "N'Diaye", "Le Gall-Bérézné")
    ]
    joues = bureau.jouer(etapes)
    s1, s2, _s3 = (j.resultat for j in joues)
    assert isinstance(s1, rst.Salarie) and isinstance(s2, rst.Salarie)
    rst.sortir(bureau.ctx, bureau.acteur, rst.SortirDeLEffectif(
        bureau.adherent_id, "requete-1", (s1.id,), dt.date(2023, 6, 30), "059"))
    rst.ajouter_contrat(bureau.ctx, bureau.acteur, rst.AjouterContrat(
        bureau.adherent_id, s2.id,
        rst.NouveauContrat(rst.NatureContrat.CDD, dt.date(2023, 1, 2), poste)))
    ids = [bureau.adherent_id, *bureau.poste_ids]
    for s in bureau.salaries():
        ids += [s.id, *(c.id for c in s.contrats), *(m.id for m in s.mouvements)]
    return bureau, ids


@settings(REGLAGES, max_examples=100)
@given(st.data())
def test_junk_fed_to_any_use_case_raises_only_library_errors_and_changes_nothing(
    data: st.DataObject,
) -> None:
    bureau, ids = _peupler()
    valeurs = Valeurs(bureau.adherent_id, ids)
    for _ in range(data.draw(st.integers(1, 4))):
        nom = data.draw(st.sampled_from(NOMS), label="use case")
        cas = rst.REGISTRE[nom]
        acteur = data.draw(_acteurs(bureau.adherent_id), label="acteur")
        commande = data.draw(_pondere(
            (6, valeurs.instances(cas.commande)),
            (1, st.sampled_from(COMMANDES).flatmap(valeurs.instances)), (1, BROUILLON),
        ), label="commande")
        if isinstance(commande, rst.ErreurRstEffectifs):
            event("command refused at construction")
            continue
        avant = bureau.instantane()
        try:
            cas.fonction(bureau.ctx, acteur, commande)
        except rst.ErreurRstEffectifs as erreur:
            event(f"refused: {type(erreur).__name__}")
            event(f"{nom}: {erreur.code}")
            assert bureau.instantane() == avant, (nom, erreur)
            assert erreur.message and erreur.code
        else:
            event(f"{nom}: accepted")
            assert isinstance(commande, Commande)


def test_junk_covers_every_registered_use_case() -> None:
    """The test above draws among every use case, so a new one is covered as it comes."""
    assert {"embaucher", "sortir", "reintegrer", "consulter_effectif"} <= set(NOMS)
    assert all(attrs.has(cas.commande) for cas in rst.REGISTRE.values())
