"""The JSON edge: round trips are identities, and bad input is one DonneeInvalide saying where."""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import json
import types
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs
import cattrs
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

import rst_effectifs
from rst_effectifs import (
    Acces,
    AgentRst,
    AjouterContrat,
    AjouterPoste,
    AnnulerContrat,
    AnnulerMouvement,
    AnnulerSalarie,
    ArchiverPoste,
    ConsulterAdherent,
    ConsulterEffectif,
    ConsulterSalarie,
    Contexte,
    Contrat,
    CorrigerIdentite,
    CreerAdherent,
    DonneeInvalide,
    Effectif,
    EffectifSurPeriode,
    Email,
    EmbaucherSalarie,
    EntreeJournal,
    ErreurDomaine,
    HorlogeFixe,
    Identite,
    LigneEffectif,
    ListerPostes,
    ListerSalaries,
    NatureContrat,
    Nir,
    NouveauContrat,
    PageSalaries,
    RefusGroupe,
    Reintegration,
    ReintegrerDansLEffectif,
    ResultatMouvements,
    Risque,
    Role,
    Salarie,
    Sortie,
    SortirDeLEffectif,
    TypeDeSuivi,
)
from rst_effectifs.application import commandes, connexion
from rst_effectifs.application.commandes import ID_MAX, LIMITE_MAX
from rst_effectifs.domain.identifiants import (
    CodePcsEse,
    NumeroAdherent,
    NumeroTeledeclarant,
    Siren,
    Siret,
    calculer_cle,
)
from rst_effectifs.formats.json import (
    CODE_CHAMP_INVALIDE,
    CODE_JSON_INVALIDE,
    CODE_NIR_MASQUE,
    ecrire,
    erreur_en_json,
    lire,
    make_converter,
    structurer,
)
from rst_effectifs.testing.strategies_identifiants import (
    codes_pcs,
    emails,
    nirs,
    numeros_adherent,
    numeros_teledeclarant,
    sirens,
    sirets,
)

REGLAGES = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
AGENT = AgentRst(Email.parse("agent@rst.fr"))
COMMANDES: list[type[Any]] = sorted(
    [*(c for c in map(vars(commandes).get, commandes.__all__)
       if isinstance(c, type) and attrs.has(c)
       and c not in (commandes.OptionsDeFacturation, commandes.PrixDeFacture)),  # bases
     *(c for c in map(vars(connexion).get, connexion.__all__)
       if isinstance(c, type) and issubclass(c, commandes.Commande))],
    key=lambda c: c.__name__,
)
"""Every command class (those ``application/commandes.py`` lists and the sign-in ones of
``application/connexion.py``) and ``ResultatMouvements``."""
NAISSANCE = dt.date(1984, 12, 1)
D = dt.date


def _nir_valide(corps13: str) -> str:
    return corps13 + calculer_cle(corps13)


NIR_METROPOLE = _nir_valide("1841275118002")
NIR_CORSE = _nir_valide("284122A123456")


def _aller_retour(objet: Any, converter: cattrs.Converter | None = None) -> Any:
    return lire(ecrire(objet, converter), type(objet), converter)  # type: ignore[arg-type]


def _refus(donnees: Any, type_: type[Any]) -> DonneeInvalide:
    with pytest.raises(DonneeInvalide) as refus:
        structurer(donnees, type_)
    return refus.value


# ------------------------------------------------------------------ a small world


def _compteur() -> Callable[[], str]:
    suite = itertools.count(1)
    return lambda: f"id{next(suite):04d}"


@attrs.define
class Monde:
    """A memory context filled through the real use cases, and what they returned."""

    ctx: Contexte
    adherent_id: str
    acces: Acces
    resultats: list[Any] = attrs.Factory(list)
    salarie_ids: list[str] = attrs.Factory(list)

    def tenter(self, cas: Callable[..., Any], commande: Any) -> Any:
        try:
            resultat = cas(self.ctx, AGENT, commande)
        except ErreurDomaine:
            return None
        self.resultats.append(resultat)
        return resultat

    def salarie(self, salarie_id: str) -> Salarie:
        return rst_effectifs.consulter_salarie(
            self.ctx, AGENT, ConsulterSalarie(self.adherent_id, salarie_id))

    def objets(self) -> list[Any]:
        """Every kind of thing a front end may receive, read fresh from the store."""
        ctx, aid = self.ctx, self.adherent_id
        adherent = rst_effectifs.consulter_adherent(ctx, AGENT, ConsulterAdherent(aid))
        page = rst_effectifs.lister_salaries(ctx, AGENT, ListerSalaries(aid, limite=LIMITE_MAX))
        with ctx.unite_de_travail() as uow:
            journal = list(uow.journal.lister(aid))
        effectifs = [
            rst_effectifs.consulter_effectif(ctx, AGENT, ConsulterEffectif(aid, le))
            for le in (D(2020, 6, 1), D(2022, 1, 1), D(2024, 6, 1))
        ] + [rst_effectifs.effectif_sur_periode(
            ctx, AGENT, EffectifSurPeriode(aid, D(2019, 1, 1), D(2026, 12, 31)))]
        postes = rst_effectifs.lister_postes(ctx, AGENT, ListerPostes(aid, inclure_archives=True))
        salaries = [self.salarie(i) for i in self.salarie_ids]  # cancelled files too
        return [adherent, page, *salaries, *journal, *effectifs, *postes,
                *(r for r in self.resultats if isinstance(r, ResultatMouvements)),
                *(c for s in salaries for c in s.contrats),
                *(m for s in salaries for m in s.mouvements),
                *(s.identite for s in salaries),
                self.acces, AGENT]


LIBELLES = ("Soudeur", "Cariste de nuit", "Comptable", "Élagueur", "Infirmière")
NOMS = ("Dupont", "Léger", "Da Silva", "N'Diaye", "Ørsted")
PRENOMS = ("Jean", "Zoé", "Anne-Marie", "Rui")


@st.composite
def mondes(draw: st.DrawFn) -> Monde:
    ctx = rst_effectifs.en_memoire(horloge=HorlogeFixe(), nouvel_id=_compteur())
    adherent = rst_effectifs.creer_adherent(ctx, AGENT, CreerAdherent(
        numero=draw(numeros_adherent()).valeur,
        siret=draw(sirets()).valeur,
        raison_sociale="Boulangerie « Au bon pain »",
        email_connexion=draw(emails()).valeur,
        numero_teledeclarant=draw(st.none() | numeros_teledeclarant().map(lambda n: n.valeur)),
    ))
    acces = Acces(adherent.email_connexion, adherent.id,
                  draw(st.frozensets(st.sampled_from(Role), min_size=1)))
    monde = Monde(ctx, adherent.id, acces)
    postes = []
    for i in range(draw(st.integers(1, 3))):
        poste = monde.tenter(rst_effectifs.ajouter_poste, AjouterPoste(
            adherent.id, f"{draw(st.sampled_from(LIBELLES))} {i}",
            risques=draw(st.frozensets(st.sampled_from(Risque), max_size=4)),
            justification_sir=draw(st.none() | st.just("Travail en hauteur")),
            code_pcs=draw(st.none() | codes_pcs().map(lambda c: c.valeur)),
        ))
        postes.append(poste.id)
    salaries = monde.salarie_ids
    for i in range(draw(st.integers(1, 3))):
        naissance = draw(st.dates(D(1950, 1, 1), D(2009, 12, 31)))
        nir = draw(st.none() | nirs(naissance=naissance).map(lambda n: n.valeur))
        salarie = monde.tenter(rst_effectifs.embaucher, EmbaucherSalarie(
            adherent.id, f"{draw(st.sampled_from(NOMS))} {i}", draw(st.sampled_from(PRENOMS)),
            naissance, _nouveau_contrat(draw, postes), nir=nir,
        ))
        if salarie is not None:
            salaries.append(salarie.id)
    if draw(st.booleans()):
        monde.tenter(rst_effectifs.archiver_poste, ArchiverPoste(adherent.id, postes[-1]))
    for n in range(draw(st.integers(0, 10)) if salaries else 0):
        _une_action(draw, monde, draw(st.sampled_from(salaries)), postes, n)
    return monde


def _nouveau_contrat(draw: st.DrawFn, postes: list[str]) -> NouveauContrat:
    debut = draw(st.dates(D(2020, 1, 1), D(2024, 12, 31)))
    return NouveauContrat(
        nature=draw(st.sampled_from(NatureContrat)), debut=debut,
        poste_id=draw(st.sampled_from(postes)),
        fin=draw(st.none() | st.integers(0, 400).map(lambda j: debut + dt.timedelta(days=j))),
        dispositif=draw(st.none() | st.sampled_from(["21", "41"])),
        numero=draw(st.none() | st.text("ABC0123456789-", min_size=1, max_size=10)),
    )


def _une_action(draw: st.DrawFn, monde: Monde, salarie_id: str, postes: list[str],
                n: int) -> None:
    aid = monde.adherent_id
    action = draw(st.sampled_from(
        ["contrat", "sortir", "reintegrer", "annuler_mouvement", "annuler_contrat",
         "annuler_salarie", "corriger"]))
    salarie = monde.salarie(salarie_id)
    # Mostly after everything the file already holds, so that most actions succeed.
    dernier = max([c.debut for c in salarie.contrats] + [m.le for m in salarie.mouvements])
    le = draw(st.integers(-30, 400).map(lambda j: dernier + dt.timedelta(days=j)))
    if action == "contrat":
        nouveau = attrs.evolve(_nouveau_contrat(draw, postes), debut=le, fin=None)
        monde.tenter(rst_effectifs.ajouter_contrat, AjouterContrat(aid, salarie_id, nouveau))
    elif action in ("sortir", "reintegrer"):
        cas, commande = ((rst_effectifs.sortir, SortirDeLEffectif) if action == "sortir"
                         else (rst_effectifs.reintegrer, ReintegrerDansLEffectif))
        motif = draw(st.none() | st.sampled_from(["031", "059"] if action == "sortir"
                                                   else ["Retour de congé"]))
        monde.tenter(cas, commande(aid, f"req{n}", (salarie_id,), le, motif))
    elif action == "annuler_mouvement" and salarie.mouvements:
        m = draw(st.sampled_from(salarie.mouvements))
        monde.tenter(rst_effectifs.annuler_mouvement, AnnulerMouvement(aid, salarie_id, m.id))
    elif action == "annuler_contrat" and salarie.contrats:
        c = draw(st.sampled_from(salarie.contrats))
        monde.tenter(rst_effectifs.annuler_contrat, AnnulerContrat(aid, salarie_id, c.id))
    elif action == "annuler_salarie":
        monde.tenter(rst_effectifs.annuler_salarie, AnnulerSalarie(aid, salarie_id))
    elif action == "corriger":
        identite = salarie.identite
        monde.tenter(rst_effectifs.corriger_identite, CorrigerIdentite(
            aid, salarie_id, identite.nom + "e", identite.prenoms, identite.date_naissance,
            None if identite.nir is None else identite.nir.valeur))


def _monde_riche() -> tuple[Monde, str]:
    """One salarié with every kind of history: contract change, exit, reintegration,
    cancelled contract and cancelled exit; a Corsican NIR."""
    ctx = rst_effectifs.en_memoire(horloge=HorlogeFixe(), nouvel_id=_compteur())
    adherent = rst_effectifs.creer_adherent(ctx, AGENT, CreerAdherent(
        "1234", "73282932000074", "Atelier Corse", "rh@atelier.fr", "ABC123"))
    monde = Monde(ctx, adherent.id, Acces(adherent.email_connexion, adherent.id,
                                          frozenset({Role.DECLARATION, Role.LECTURE})))
    aid = adherent.id
    poste = rst_effectifs.ajouter_poste(ctx, AGENT, AjouterPoste(
        aid, "Soudeur", frozenset({Risque.PLOMB, Risque.TRAVAIL_DE_NUIT, Risque.AMIANTE}),
        code_pcs="233C"))
    s = rst_effectifs.embaucher(ctx, AGENT, EmbaucherSalarie(
        aid, "Santoni", "Marie", D(1984, 12, 3),
        NouveauContrat(NatureContrat.CDD, D(2021, 1, 4), poste.id), nir=NIR_CORSE))
    contrat = lambda debut: NouveauContrat(NatureContrat.CDI, debut, poste.id)  # noqa: E731
    rst_effectifs.ajouter_contrat(ctx, AGENT, AjouterContrat(aid, s.id, contrat(D(2021, 6, 1))))
    monde.salarie_ids.append(s.id)
    for commande in (
        SortirDeLEffectif(aid, "r1", (s.id,), D(2022, 3, 31), "031"),
        ReintegrerDansLEffectif(aid, "r2", (s.id,), D(2022, 9, 1), "Retour"),
        SortirDeLEffectif(aid, "r3", (s.id,), D(2023, 1, 31)),
    ):
        cas = rst_effectifs.sortir if isinstance(commande, SortirDeLEffectif) else (
            rst_effectifs.reintegrer)
        monde.resultats.append(cas(ctx, AGENT, commande))
    dernier = monde.salarie(s.id).mouvements[-1]
    rst_effectifs.annuler_mouvement(ctx, AGENT, AnnulerMouvement(aid, s.id, dernier.id))
    ajoute = rst_effectifs.ajouter_contrat(
        ctx, AGENT, AjouterContrat(aid, s.id, contrat(D(2024, 2, 1))))
    rst_effectifs.annuler_contrat(ctx, AGENT, AnnulerContrat(aid, s.id, ajoute.contrats[-1].id))
    return monde, s.id


# ------------------------------------------------------------------- round trips


@REGLAGES
@given(mondes())
def test_every_object_the_use_cases_return_survives_a_json_round_trip(monde: Monde) -> None:
    for objet in monde.objets():
        assert _aller_retour(objet) == objet, type(objet).__name__


@REGLAGES
@given(mondes())
def test_masked_converter_never_writes_a_clear_nir(monde: Monde) -> None:
    masque = make_converter(masquer_nir=True)
    salaries = [o for o in monde.objets() if isinstance(o, Salarie)]
    clairs = {s.identite.nir.valeur for s in salaries if s.identite.nir is not None}
    for objet in monde.objets():
        texte = ecrire(objet, masque)
        assert not any(nir in texte for nir in clairs)


def test_a_rich_file_round_trips_with_its_whole_history() -> None:
    monde, salarie_id = _monde_riche()
    salarie = monde.salarie(salarie_id)
    donnees = json.loads(ecrire(salarie))
    assert len(salarie.contrats) == 3 and any(c.annule for c in salarie.contrats)
    assert [m["type"] for m in donnees["mouvements"]] == ["sortie", "reintegration", "sortie"]
    assert [m["annule"] for m in donnees["mouvements"]] == [False, False, True]
    assert donnees["identite"]["nir"] == NIR_CORSE
    assert lire(ecrire(salarie), Salarie) == salarie
    for objet in monde.objets():
        assert _aller_retour(objet) == objet, type(objet).__name__


@pytest.mark.parametrize("corse", [True, False])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_nir_is_written_in_clear_and_read_back(corse: bool, data: st.DataObject) -> None:
    naissance = data.draw(st.dates(D(1930, 1, 1), D(2009, 12, 31)))
    nir = data.draw(nirs(corse=corse, naissance=naissance))
    identite = Identite("Santoni", "Marie", naissance, nir)
    texte = ecrire(identite)
    assert json.loads(texte)["nir"] == nir.valeur
    assert lire(texte, Identite) == identite


# -------------------------------------------------------------------- commands


IDENTIFIANTS: dict[type[Any], st.SearchStrategy[Any]] = {
    Siret: sirets(), Siren: sirens(), Email: emails(), CodePcsEse: codes_pcs(),
    NumeroAdherent: numeros_adherent(), NumeroTeledeclarant: numeros_teledeclarant(),
    Nir: nirs(),
}
TEXTE_DOMAINE = st.text("abcdeéèçàôXYZ -'", min_size=1, max_size=20).filter(str.strip)


@st.composite
def _identites(draw: st.DrawFn) -> Identite:
    naissance = draw(st.dates(D(1930, 1, 1), D(2009, 12, 31)))
    return Identite(draw(st.sampled_from(NOMS)), draw(st.sampled_from(PRENOMS)), naissance,
                    draw(st.none() | nirs(naissance=naissance)))


def _strategie(tp: Any, nom: str, libre: bool) -> st.SearchStrategy[Any]:
    """Values for one field, from its type; ``libre`` for commands, which take any text,
    else values the domain validators accept."""
    origine, args = get_origin(tp), get_args(tp)
    taille = 4 if libre else 2
    if nom == "nir" and libre:
        return st.none() | nirs().map(lambda n: n.valeur)
    if nom == "limite":
        return st.integers(1, LIMITE_MAX)
    if not libre and nom in DOMAINE_PAR_NOM:
        return DOMAINE_PAR_NOM[nom]
    if origine in (Union, types.UnionType):
        return st.one_of(*(_strategie(a, nom, libre) for a in args))
    if tp is type(None):
        return st.none()
    if origine is tuple and len(args) == 2 and args[1] is Ellipsis:
        return st.lists(_strategie(args[0], nom, libre), max_size=taille).map(tuple)
    if origine is tuple:
        return st.tuples(*(_strategie(a, nom, libre) for a in args))
    if origine is frozenset:
        return st.frozensets(_strategie(args[0], nom, libre), max_size=5)
    if tp in IDENTIFIANTS:
        return IDENTIFIANTS[tp]
    if tp is Identite:
        return _identites()
    if tp is str and (nom.endswith("_id") or nom.endswith("_ids")):
        return st.text(min_size=1, max_size=ID_MAX)
    if tp is str:
        return st.text(max_size=40) if libre else TEXTE_DOMAINE
    if tp is bool:
        return st.booleans()
    if tp is int:
        return st.integers() if libre else st.integers(0, 1000)
    if tp is Decimal:
        return st.decimals(0, 999, places=2)
    if tp is dt.date:
        return (st.dates(rst_effectifs.DATE_MIN, rst_effectifs.DATE_MAX) if libre
                else st.dates(D(2000, 1, 1), D(2030, 12, 31)))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.sampled_from(tp)
    if attrs.has(tp):
        return instances(tp)
    raise AssertionError(f"no strategy for {tp!r}")


DOMAINE_PAR_NOM: dict[str, st.SearchStrategy[Any]] = {
    "motif": st.none() | st.sampled_from(["031", "059"]),
    "dispositif": st.none() | st.sampled_from(["21", "41"]),
    "numero": st.none() | st.text("ABC0123456789", min_size=1, max_size=10),
    "taux_tva": st.decimals(0, "0.99", places=2),
}


@st.composite
def _instances(draw: st.DrawFn, cls: type[Any]) -> Any:
    """Any attrs class of commands or their payloads; a draw its own validators refuse
    is drawn again rather than kept."""
    libre = issubclass(cls, commandes.Commande)
    indications = get_type_hints(cls)
    for _ in range(25):
        champs = {a.name: draw(_strategie(indications[a.name], a.name, libre))
                  for a in attrs.fields(cls) if a.init}
        try:
            return cls(**champs)
        except ErreurDomaine:
            continue
    reject()


def instances(cls: type[Any]) -> st.SearchStrategy[Any]:
    return _instances(cls)


commandes_de = instances


toutes_les_commandes = st.sampled_from(COMMANDES).flatmap(commandes_de)


def test_every_command_class_is_covered() -> None:
    noms = {c.__name__ for c in COMMANDES}
    assert {"EmbaucherSalarie", "NouveauContrat", "ResultatMouvements",
            "SortirDeLEffectif", "ListerSalaries", "CreerAdherent"} <= noms


@settings(max_examples=100, deadline=None)
@given(toutes_les_commandes)
def test_every_command_survives_a_json_round_trip(commande: Any) -> None:
    assert _aller_retour(commande) == commande
    assert _aller_retour(commande, make_converter()) == commande


@settings(max_examples=50, deadline=None)
@given(commandes_de(EmbaucherSalarie).filter(lambda c: c.nir is not None))
def test_masked_converter_masks_the_nir_of_commands_and_refuses_to_read_it(
    commande: EmbaucherSalarie,
) -> None:
    masque = make_converter(masquer_nir=True)
    assert commande.nir is not None
    texte = ecrire(commande, masque)
    assert commande.nir not in texte
    assert json.loads(texte)["nir"] == Nir.parse(commande.nir).masque()
    with pytest.raises(DonneeInvalide) as refus:
        lire(texte, EmbaucherSalarie, masque)
    assert (refus.value.code, refus.value.chemin) == (CODE_NIR_MASQUE, "$.nir")


# ---------------------------------------------------------------- bad input


def _embauche() -> dict[str, Any]:
    return {
        "adherent_id": "a1", "nom": "Dupont", "prenoms": "Jean", "date_naissance": "1984-12-01",
        "contrat": {"nature": "01", "debut": "2024-01-15", "poste_id": "p1"},
        "nir": NIR_METROPOLE,
    }


def test_the_reference_payload_is_accepted() -> None:
    commande = structurer(_embauche(), EmbaucherSalarie)
    assert commande.contrat.debut == D(2024, 1, 15)
    assert commande.nir == NIR_METROPOLE


@pytest.mark.parametrize("mauvaise", ["2024-02-30", "15/01/2024", "20240115", "2024-W03-1",
                                      20240115, None, ["2024-01-15"], "２０２４-01-15"])
def test_bad_date_names_the_field(mauvaise: Any) -> None:
    donnees = _embauche()
    donnees["contrat"]["debut"] = mauvaise
    refus = _refus(donnees, EmbaucherSalarie)
    assert (refus.code, refus.chemin) == (CODE_CHAMP_INVALIDE, "$.contrat.debut")
    assert refus.message


def test_invalid_nir_keeps_the_domain_code() -> None:
    donnees = _embauche()
    donnees["nir"] = NIR_METROPOLE[:-2] + ("00" if NIR_METROPOLE[-2:] != "00" else "01")
    refus = _refus(donnees, EmbaucherSalarie)
    assert (refus.code, refus.regle, refus.chemin) == ("nir.invalide", "S1", "$.nir")
    assert NIR_METROPOLE[:13] not in refus.message


def test_invalid_nir_in_a_stored_file_names_its_path() -> None:
    donnees = json.loads(ecrire(Salarie("s1", "a1", Identite("Dupont", "Jean", NAISSANCE))))
    donnees["identite"]["nir"] = "123"
    refus = _refus(donnees, Salarie)
    assert (refus.code, refus.chemin) == ("nir.invalide", "$.identite.nir")


def test_unknown_enum_value_is_refused() -> None:
    donnees = _embauche()
    donnees["contrat"]["nature"] = "CDI"
    refus = _refus(donnees, EmbaucherSalarie)
    assert (refus.code, refus.chemin) == (CODE_CHAMP_INVALIDE, "$.contrat.nature")
    assert "01" in refus.message


def test_enum_is_compared_by_type_and_value() -> None:
    refus = _refus({"adherent_id": "a", "libelle": "x", "risques": [True]}, AjouterPoste)
    assert refus.chemin == "$.risques[0]"


def test_missing_key_is_named() -> None:
    donnees = _embauche()
    del donnees["contrat"]["poste_id"]
    refus = _refus(donnees, EmbaucherSalarie)
    assert (refus.code, refus.chemin) == (CODE_CHAMP_INVALIDE, "$.contrat.poste_id")


def test_unknown_key_is_refused() -> None:
    donnees = _embauche()
    donnees["salaire"] = 2000
    refus = _refus(donnees, EmbaucherSalarie)
    assert (refus.code, refus.chemin) == (CODE_CHAMP_INVALIDE, "$.salaire")


@pytest.mark.parametrize(("champ", "valeur"), [
    ("nom", 5), ("nom", None), ("nom", ["Dupont"]), ("contrat", "p1"), ("contrat", []),
    ("adherent_id", True),
])
def test_wrong_json_type_is_not_coerced(champ: str, valeur: Any) -> None:
    donnees = _embauche()
    donnees[champ] = valeur
    refus = _refus(donnees, EmbaucherSalarie)
    assert (refus.code, refus.chemin) == (CODE_CHAMP_INVALIDE, f"$.{champ}")


@pytest.mark.parametrize("valeur", ["true", 1, None])
def test_booleans_must_be_json_booleans(valeur: Any) -> None:
    refus = _refus({"adherent_id": "a", "inclure_archives": valeur}, ListerPostes)
    assert refus.chemin == "$.inclure_archives"


@pytest.mark.parametrize("valeur", ["50", 50.0, True])
def test_integers_must_be_json_integers(valeur: Any) -> None:
    refus = _refus({"adherent_id": "a", "limite": valeur}, ListerSalaries)
    assert refus.chemin == "$.limite"


def test_a_command_check_keeps_its_code_and_field() -> None:
    refus = _refus({"adherent_id": "a", "limite": 0}, ListerSalaries)
    assert (refus.code, refus.chemin) == ("donnee.limite_invalide", "$.limite")


def test_a_domain_validator_refusal_keeps_its_code_and_gets_a_full_path() -> None:
    salarie = Salarie("s1", "a1", Identite("Dupont", "Jean", NAISSANCE),
                      mouvements=(Sortie("m1", D(2024, 1, 31), "031"),))
    donnees = json.loads(ecrire(salarie))
    donnees["mouvements"][0]["motif"] = "démission"
    refus = _refus(donnees, Salarie)
    assert (refus.code, refus.regle, refus.chemin) == (
        "sortie.motif_invalide", "E2", "$.mouvements[0].motif")


def test_a_class_level_domain_check_is_reported_with_its_field() -> None:
    contrat = json.loads(ecrire(Contrat("c1", NatureContrat.CDD, D(2024, 1, 1), "p1",
                                        fin=D(2024, 6, 30))))
    contrat["fin"] = "2023-12-31"
    refus = _refus(contrat, Contrat)
    assert (refus.code, refus.chemin) == ("contrat.dates_invalides", "$.fin")


def test_every_bad_field_is_listed_in_details() -> None:
    donnees = _embauche()
    donnees["nom"] = 1
    donnees["contrat"]["debut"] = "hier"
    refus = _refus(donnees, EmbaucherSalarie)
    assert refus.chemin == "$.nom"
    assert set(refus.details) == {"$.nom", "$.contrat.debut"}


def test_unknown_movement_type_is_named() -> None:
    donnees = json.loads(ecrire(Salarie("s1", "a1", Identite("Dupont", "Jean", NAISSANCE),
                                        mouvements=(Sortie("m1", D(2024, 1, 31)),))))
    donnees["mouvements"][0]["type"] = "depart"
    refus = _refus(donnees, Salarie)
    assert refus.chemin == "$.mouvements[0].type"
    del donnees["mouvements"][0]["type"]
    assert _refus(donnees, Salarie).chemin == "$.mouvements[0].type"


@pytest.mark.parametrize("texte", [
    "", "{", '{"adherent_id": "a",}', "{} {}", "NaN", '{"a": Infinity}',
    '{"adherent_id": "a", "adherent_id": "b"}', "[" * 100_000 + "]" * 100_000,
    b"\xff\xfe{}", "\ufeff{}",
])
def test_text_that_is_not_json_is_refused_as_such(texte: str | bytes) -> None:
    with pytest.raises(DonneeInvalide) as refus:
        lire(texte, ConsulterAdherent)
    assert (refus.value.code, refus.value.chemin) == (CODE_JSON_INVALIDE, "$")


def test_syntax_error_says_where() -> None:
    with pytest.raises(DonneeInvalide) as refus:
        lire('{\n "adherent_id": }', ConsulterAdherent)
    assert refus.value.details == {"ligne": 2, "colonne": 17}


def test_deeply_nested_data_is_refused_without_recursion_error() -> None:
    profond: Any = "x"
    for _ in range(50_000):
        profond = [profond]
    refus = _refus({"adherent_id": "a", "salarie_ids": profond, "requete_id": "r",
                    "le": "2024-01-01"}, SortirDeLEffectif)
    assert refus.chemin == "$.salarie_ids[0]"


def test_datetime_needs_an_offset() -> None:
    entree = EntreeJournal("a1", dt.datetime(2025, 1, 1, 9, tzinfo=dt.UTC), "x@y.fr",
                           "salarie.embauche", "s1", (("contrat_id", "c1"),))
    donnees = json.loads(ecrire(entree))
    assert donnees["quand"] == "2025-01-01T09:00:00+00:00"
    assert lire(ecrire(entree), EntreeJournal) == entree
    donnees["quand"] = "2025-01-01T09:00:00"
    assert _refus(donnees, EntreeJournal).chemin == "$.quand"


def test_fixed_size_pairs_must_have_their_size() -> None:
    refus = _refus({"requete_id": "r", "mouvements": [["s1", "m1", "x"]]}, ResultatMouvements)
    assert refus.chemin == "$.mouvements[0]"


json_quelconque = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda enfants: st.lists(enfants, max_size=4)
    | st.dictionaries(st.text(max_size=12), enfants, max_size=5),
    max_leaves=25,
)
TYPES_LUS = [*COMMANDES, Salarie, rst_effectifs.Adherent, Effectif, PageSalaries, EntreeJournal,
             Acces, AgentRst, LigneEffectif, Sortie, Reintegration]


@settings(max_examples=100, deadline=None)
@given(json_quelconque)
def test_random_json_into_a_hire_raises_only_donnee_invalide(donnees: Any) -> None:
    try:
        structurer(donnees, EmbaucherSalarie)
    except DonneeInvalide as refus:
        assert refus.chemin is not None and refus.chemin.startswith("$")


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(TYPES_LUS), json_quelconque)
def test_random_json_into_any_type_raises_only_donnee_invalide(type_: type[Any],
                                                               donnees: Any) -> None:
    try:
        structurer(donnees, type_)
    except DonneeInvalide as refus:
        assert refus.chemin is not None and refus.chemin.startswith("$")


def _chemins(donnees: Any, prefixe: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    chemins = [prefixe]
    if isinstance(donnees, dict):
        for k, v in donnees.items():
            chemins += _chemins(v, (*prefixe, k))
    elif isinstance(donnees, list):
        for i, v in enumerate(donnees):
            chemins += _chemins(v, (*prefixe, i))
    return chemins


@settings(max_examples=100, deadline=None)
@given(toutes_les_commandes, st.data(), json_quelconque)
def test_one_spoilt_field_in_a_valid_command_raises_only_donnee_invalide(
    commande: Any, data: st.DataObject, junk: Any,
) -> None:
    donnees = json.loads(ecrire(commande))
    chemin = data.draw(st.sampled_from(_chemins(donnees)[1:] or [("intrus",)]))
    parent = donnees
    for cle in chemin[:-1]:
        parent = parent[cle]
    parent[chemin[-1]] = junk
    try:
        structurer(donnees, type(commande))
    except DonneeInvalide as refus:
        assert refus.chemin is not None and refus.chemin.startswith("$")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60) | st.binary(max_size=60))
def test_random_text_raises_only_donnee_invalide(texte: str | bytes) -> None:
    try:
        lire(texte, EmbaucherSalarie)
    except DonneeInvalide as refus:
        assert refus.code in (CODE_JSON_INVALIDE, CODE_CHAMP_INVALIDE)


# -------------------------------------------------------------------- output form


def test_sets_are_written_as_sorted_lists() -> None:
    monde, _ = _monde_riche()
    postes = [o for o in monde.objets() if isinstance(o, rst_effectifs.Poste)]
    donnees = json.loads(ecrire(postes[0]))
    assert donnees["risques"] == ["amiante", "plomb", "travail_de_nuit"]
    assert donnees["code_pcs"] == "233c"
    acces = json.loads(ecrire(monde.acces))
    assert acces["roles"] == ["declaration", "lecture"]


def test_effectif_writes_counts_and_ignores_them_when_read() -> None:
    effectif = Effectif("a1", D(2024, 1, 1), D(2024, 1, 1), (
        LigneEffectif("s1", "Dupont", "Jean", TypeDeSuivi.SIR),
        LigneEffectif("s2", "Martin", "Zoé", TypeDeSuivi.SIG),
        LigneEffectif("s3", "Petit", "Léa", TypeDeSuivi.SIR),
    ))
    donnees = json.loads(ecrire(effectif))
    assert donnees["nombre"] == 3
    assert donnees["par_type"] == {"SIG": 1, "SIA": 0, "SIR": 2}
    donnees["nombre"], donnees["par_type"] = 99, "faux"
    assert structurer(donnees, Effectif) == effectif
    del donnees["nombre"], donnees["par_type"]
    assert structurer(donnees, Effectif) == effectif


def test_identifiers_are_parsed_on_the_way_in() -> None:
    donnees = {"email": "Agent@RST.FR", "adherent_id": "a1", "roles": ["lecture"]}
    acces = structurer(donnees, Acces)
    assert acces.email.valeur == "Agent@rst.fr"
    donnees["email"] = "pas une adresse"
    refus = _refus(donnees, Acces)
    assert (refus.code, refus.chemin) == ("email.invalide", "$.email")


def test_masked_converter_writes_the_masked_nir_and_refuses_to_read_one() -> None:
    masque = make_converter(masquer_nir=True)
    identite = Identite("Dupont", "Jean", NAISSANCE, Nir.parse(NIR_METROPOLE))
    donnees = json.loads(ecrire(identite, masque))
    assert donnees["nir"] == "1 84 12 ** *** *** **"
    with pytest.raises(DonneeInvalide) as refus:
        lire(ecrire(identite, masque), Identite, masque)
    assert (refus.value.code, refus.value.chemin) == (CODE_NIR_MASQUE, "$.nir")
    sans_nir = Identite("Dupont", "Jean", NAISSANCE)
    assert lire(ecrire(sans_nir, masque), Identite, masque) == sans_nir


def test_each_factory_call_builds_its_own_converter() -> None:
    un, autre = make_converter(), make_converter()
    assert un is not autre and un is not cattrs.global_converter
    assert cattrs.global_converter.structure("5", int) == 5  # the global one is untouched


def test_public_api_exports_the_json_functions() -> None:
    assert {"make_converter", "lire", "ecrire"} <= set(rst_effectifs.__all__)
    assert rst_effectifs.lire is lire and rst_effectifs.ecrire is ecrire


# ------------------------------------------------------------------------ errors


def test_error_as_json_for_a_field_refusal() -> None:
    with pytest.raises(DonneeInvalide) as refus:
        lire('{"adherent_id": 1}', ConsulterAdherent)
    assert erreur_en_json(refus.value) == {
        "code": CODE_CHAMP_INVALIDE, "regle": "", "message": "Un texte est attendu.",
        "chemin": "$.adherent_id", "details": {"$.adherent_id": "Un texte est attendu."},
    }


def test_error_as_json_lists_the_failures_of_a_grouped_request() -> None:
    monde, salarie_id = _monde_riche()
    with pytest.raises(RefusGroupe) as refus:
        rst_effectifs.reintegrer(monde.ctx, AGENT, ReintegrerDansLEffectif(
            monde.adherent_id, "r9", (salarie_id, "inconnu"), D(2025, 1, 1)))
    donnees = erreur_en_json(refus.value)
    assert (donnees["code"], donnees["regle"]) == ("requete.refus_groupe", "E5")
    assert {e["salarie_id"] for e in donnees["echecs"]} == {salarie_id, "inconnu"}
    assert all(set(e) == {"salarie_id", "code", "regle", "message"} for e in donnees["echecs"])
    json.dumps(donnees)  # ready to send


@attrs.frozen
class _Prix:
    montant: Decimal


def test_amounts_travel_as_decimal_text_never_as_floats() -> None:
    assert json.loads(ecrire(_Prix(Decimal("89.00")))) == {"montant": "89.00"}
    assert structurer({"montant": "89.00"}, _Prix) == _Prix(Decimal("89.00"))
    assert structurer({"montant": 89}, _Prix) == _Prix(Decimal(89))
    for mauvais in (89.5, "1e3", "NaN", "89,00", True, None):
        assert _refus({"montant": mauvais}, _Prix).chemin == "$.montant"
