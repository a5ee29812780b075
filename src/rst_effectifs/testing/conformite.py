"""Conformance suite for storage adapters: every port's contract as abstract pytest tests.

An adapter (memory, SQLite, PostgreSQL, or one you write) passes when a test module
subclasses :class:`ConformiteStockage` under a ``Test`` name and implements the one hook::

    from rst_effectifs.testing.conformite import ConformiteStockage

    class TestMonAdaptateur(ConformiteStockage):
        def make_contexte(self) -> Contexte:
            # on an empty store
            return Contexte(ma_fabrique_d_unites_de_travail(), HorlogeSysteme())

The bases carry no ``Test`` prefix, so pytest only collects them through a subclass.
Each base covers one port (:class:`ConformiteAdherents`, :class:`ConformiteSalaries`, ...)
and can be subclassed alone. Needs the ``test`` extra (pytest).

Where the ports leave the moment open ("at the latest on commit"), the tests accept a
refusal either at the call or at ``commit``.

One optional hook: :class:`ConformiteDoublons` stores files S2 refuses (as a database
written before S2 was enforced holds them); a storage that refuses them itself overrides
``accepter_doublons(ctx)`` (the SQL test modules call :func:`retirer_unicite_des_salaries`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import ClassVar

import pytest
from attrs import evolve
from sqlalchemy import create_engine, inspect, text
from stdnum import luhn

from ..application.commandes import FusionnerSalaries, VerifierAvantFacturation
from ..application.contexte import Contexte
from ..application.facturation import verifier_avant_facturation
from ..application.fusion import fusionner_salaries
from ..domain.adherents import Acces, Adherent, AgentRst, Role
from ..domain.clotures import Cloture, cloturer
from ..domain.comptes import Compte
from ..domain.contrats import Contrat, NatureContrat
from ..domain.effectif import calculer_effectif
from ..domain.erreurs import (
    ConflitDeVersion,
    EchecTransitoire,
    ErreurDomaine,
    Introuvable,
    RegleMetier,
)
from ..domain.facturation import (
    BAREMES_PREDEFINIS,
    REGLES_PREDEFINIES,
    annee,
    assiette_de_reference,
)
from ..domain.fusion import fusionner
from ..domain.identifiants import (
    CodePcsEse,
    Email,
    Nir,
    NumeroAdherent,
    NumeroTeledeclarant,
    Siret,
    calculer_cle,
)
from ..domain.journal import EntreeJournal
from ..domain.periodes import Periode
from ..domain.postes import Poste
from ..domain.salaries import Identite, Salarie
from ..domain.suivi import Risque
from ..domain.textes import normaliser
from ..domain.totaux import TotauxAssiette
from ..domain.verifications import TypeAnomalie, fiche, groupes_de_doublons
from ..ports.acces import AdherentAccessible
from ..ports.envois import EnvoiEnAttente
from ..ports.repositories import FiltreSalaries, RequeteTraitee
from ..ports.unit_of_work import UniteDeTravail

__all__ = [
    "ConformiteAdherents",
    "ConformiteClotures",
    "ConformiteDoublons",
    "ConformiteEffectif",
    "ConformiteEnvois",
    "ConformiteFacturation",
    "ConformiteJournal",
    "ConformitePagination",
    "ConformiteRequetes",
    "ConformiteSalaries",
    "ConformiteStockage",
    "ConformiteUniteDeTravail",
    "SuiteConformite",
    "adherent_exemple",
    "nir_pour",
    "retirer_unicite_des_salaries",
    "salarie_complet",
    "salarie_simple",
]

J = dt.timedelta(days=1)
_AGENT = AgentRst(Email.parse("agent@rst.fr"))


# -- sample data ---------------------------------------------------------------------------
def nir_pour(naissance: dt.date, sexe: str = "1", departement: str = "75",
             commune: int = 101, ordre: int = 1) -> Nir:
    """A valid NIR coherent with ``naissance`` (S1)."""
    corps = f"{sexe}{naissance:%y%m}{departement}{commune:03d}{ordre:03d}"
    return Nir(corps + calculer_cle(corps))


def _siret(n: int) -> Siret:
    base = f"{73282900 + n:08d}"
    corps = base + luhn.calc_check_digit(base) + "0001"
    return Siret(corps + luhn.calc_check_digit(corps))


def adherent_exemple(adherent_id: str, n: int = 1, *, postes: tuple[Poste, ...] | None = None,
                     cloture_au: dt.date | None = None) -> Adherent:
    """An adherent with every field set and, by default, postes of every shape: SIG, SIA,
    SIR by risk, employer SIR with its justification, archived, used, with a PCS code."""
    if postes is None:
        postes = (
            Poste(id=f"{adherent_id}-vente", libelle="Vendeuse"),
            Poste(id=f"{adherent_id}-nuit", libelle="Boulanger de nuit",
                  risques=frozenset({Risque.TRAVAIL_DE_NUIT}),
                  code_pcs=CodePcsEse("684a"), utilise=True),
            Poste(id=f"{adherent_id}-chantier", libelle="Désamiantage l'été « spécial »",
                  risques=frozenset({Risque.AMIANTE, Risque.AGENTS_CMR,
                                     Risque.HABILITATION_ELECTRIQUE})),
            Poste(id=f"{adherent_id}-sir", libelle="Cariste", justification_sir=(
                "Conduite d'engins en zone à risque — avis du médecin du 3/2/2025")),
            Poste(id=f"{adherent_id}-ancien", libelle="Plongeur", archive=True, utilise=True,
                  code_pcs=CodePcsEse("692b")),
        )
    return Adherent(
        id=adherent_id,
        numero=NumeroAdherent(f"{4200 + n:06d}"),
        siret=_siret(n),
        raison_sociale=f"Boulangerie « Au pain d'Élise » n°{n}",
        email_connexion=Email.parse(f"Contact.{n}@Boulangerie-Elise.FR"),
        numero_teledeclarant=NumeroTeledeclarant(f"TD{n:06d}"),
        postes=postes,
        cloture_au=cloture_au,
    )


def _fait(paire: tuple[Salarie, object]) -> Salarie:
    return paire[0]


def _fait_a(paire: tuple[Adherent, object]) -> Adherent:
    return paire[0]


def salarie_simple(salarie_id: str, adherent_id: str, poste_id: str, *, nom: str = "Martin",
                   prenoms: str = "Léa", naissance: dt.date = dt.date(1990, 5, 4),
                   nir: Nir | None = None, debut: dt.date = dt.date(2024, 1, 1),
                   fin: dt.date | None = None) -> Salarie:
    """A file with one contract, built through the domain."""
    contrat = Contrat(id=f"{salarie_id}-c1", nature=NatureContrat.CDI, debut=debut,
                      poste_id=poste_id, fin=fin)
    identite = Identite(nom=nom, prenoms=prenoms, date_naissance=naissance, nir=nir)
    return _fait(Salarie.embaucher(salarie_id, adherent_id, identite, contrat))


def salarie_complet(salarie_id: str, adherent_id: str, postes: Sequence[str],
                    nir: Nir | None = None) -> Salarie:
    """A file of every shape, built through the domain: several contracts (one closed by
    the next (C3), one cancelled (C4), with scheme and number), exits closing a contract,
    reintegrations (one caused by a contract, one cancelled with it), reasons."""
    p1, p2 = postes[0], postes[1 % len(postes)]
    naissance = dt.date(1984, 12, 3)
    s = salarie_simple(salarie_id, adherent_id, p1, nom="Lefèvre-d'Artagnan",
                       prenoms="Éloïse  Marie", naissance=naissance, nir=nir,
                       debut=dt.date(2023, 1, 1))
    ids = (f"{salarie_id}-{n}" for n in itertools.count(2))

    def contrat(nature: NatureContrat, debut: dt.date, poste: str, fin: dt.date | None = None,
                dispositif: str | None = None, numero: str | None = None) -> Contrat:
        return Contrat(id=next(ids), nature=nature, debut=debut, poste_id=poste, fin=fin,
                       dispositif=dispositif, numero=numero)

    s = _fait(s.ajouter_contrat(contrat(NatureContrat.CDD, dt.date(2024, 6, 1), p2,
                                        fin=dt.date(2024, 12, 31), dispositif="64",
                                        numero="CTR-0042/B"), next(ids)))
    s = _fait(s.sortir(next(ids), dt.date(2024, 10, 15), "031"))
    s = _fait(s.reintegrer(next(ids), dt.date(2025, 1, 10), "Retour après « erreur »"))
    s = _fait(s.sortir(next(ids), dt.date(2025, 2, 1)))
    s = _fait(s.ajouter_contrat(contrat(NatureContrat.MISSION_INTERIM, dt.date(2025, 3, 1), p1,
                                        fin=dt.date(2025, 3, 31)), next(ids)))
    s = _fait(s.sortir(next(ids), dt.date(2025, 3, 31), "031"))
    annule = contrat(NatureContrat.STAGE, dt.date(2025, 5, 1), p2)
    s = _fait(s.ajouter_contrat(annule, next(ids)))
    s = _fait(s.annuler_contrat(annule.id, None))
    s = _fait(s.reintegrer(next(ids), dt.date(2025, 6, 1)))
    s = _fait(s.sortir(next(ids), dt.date(2025, 8, 31), "059"))
    erreur = next(ids)
    s = _fait(s.reintegrer(erreur, dt.date(2025, 9, 15)))
    s = _fait(s.annuler_mouvement(erreur, None))
    s.verifier_invariants()
    return s


def _entree(adherent_id: str, quoi: str, n: int, salarie_id: str | None = None) -> EntreeJournal:
    quand = dt.datetime(2025, 3, 1, 8, 30, 15, 123456, tzinfo=dt.UTC) + dt.timedelta(minutes=n)
    donnees = (("libelle", f"Poste « n°{n} » d'été"), ("poste_id", f"p{n}"))
    return EntreeJournal(adherent_id, quand, "gerant@exemple.fr", quoi, salarie_id, donnees)


# -- the suite -------------------------------------------------------------------------------
class SuiteConformite:
    """Base of every conformance class: the hook and the helpers the tests share."""

    def make_contexte(self) -> Contexte:
        """A Contexte whose ``unite_de_travail()`` opens units of work of the adapter under
        test, on an empty store. Called once per test."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement make_contexte() -> Contexte"
        )

    @pytest.fixture
    def ctx(self) -> Iterator[Contexte]:
        """The context of one test; if its unit-of-work factory has a ``fermer()``
        method (the SQL adapter's releases its connections), it is called at the end."""
        ctx = self.make_contexte()
        yield ctx
        fermer = getattr(ctx.unite_de_travail, "fermer", None)
        if callable(fermer):
            fermer()

    @pytest.fixture
    def scenario(self, ctx: Contexte) -> tuple[Adherent, list[Salarie]]:
        """Two adherents; the first with files of every shape over 2023–2026 (closed
        contracts, exits, reintegrations, a minor, a cancelled file, an archived poste,
        an agency mission), the second with one file present throughout."""
        adherent = adherent_exemple("a1", 1)
        self.stocker(ctx, adherent, adherent_exemple("a2", 2))
        postes = ["a1-vente", "a1-nuit", "a1-chantier", "a1-sir", "a1-ancien"]
        salaries: list[Salarie] = [
            salarie_complet("s1", "a1", ["a1-vente", "a1-nuit"], nir_pour(dt.date(1984, 12, 3))),
            salarie_complet("s2", "a1", ["a1-chantier", "a1-sir"]),
            # A minor (SIA under 18, P3) who comes of age during the periods.
            salarie_simple("s3", "a1", "a1-vente", nom="Petit", prenoms="Tom",
                           naissance=dt.date(2006, 7, 1), debut=dt.date(2024, 3, 1)),
            _fait(salarie_simple("s4", "a1", "a1-chantier", nom="Annulé",
                                 debut=dt.date(2024, 1, 1)).annuler(None)),
            salarie_simple("s5", "a1", "a1-ancien", nom="Archivé", debut=dt.date(2023, 6, 1),
                           fin=dt.date(2024, 6, 30)),
        ]
        for n in range(6, 14):
            s = salarie_simple(f"s{n}", "a1", postes[n % len(postes)], nom=f"Nom{n % 4}",
                               naissance=dt.date(1960 + n, 1 + n % 12, n),
                               debut=dt.date(2024, 1, 1) + 40 * n * J)
            if n % 2:
                s = _fait(s.sortir(f"s{n}-m1", s.contrats[0].debut + 90 * J))
            if n % 3 == 0 and n % 2:
                s = _fait(s.reintegrer(f"s{n}-m2", s.contrats[0].debut + 200 * J))
            salaries.append(s)
        autre = salarie_simple("x1", "a2", "a2-vente", debut=dt.date(2020, 1, 1))
        self.stocker(ctx, *salaries, autre)
        return adherent, salaries

    # helpers
    @staticmethod
    def stocker(ctx: Contexte, *agregats: Adherent | Salarie) -> list[Adherent | Salarie]:
        """Add and commit, in one unit of work; returns the stored versions."""
        stockes: list[Adherent | Salarie] = []
        with ctx.unite_de_travail() as uow:
            for a in agregats:
                if isinstance(a, Adherent):
                    stockes.append(uow.adherents.ajouter(a))
                else:
                    stockes.append(uow.salaries.ajouter(a))
            uow.commit()
        return stockes

    @staticmethod
    def salarie(ctx: Contexte, adherent_id: str, salarie_id: str) -> Salarie:
        with ctx.unite_de_travail() as uow:
            return uow.salaries.obtenir(adherent_id, salarie_id)

    @staticmethod
    def adherent(ctx: Contexte, adherent_id: str) -> Adherent:
        with ctx.unite_de_travail() as uow:
            return uow.adherents.obtenir(adherent_id)

    @staticmethod
    def refuse(action: Callable[[], object], erreur: type[ErreurDomaine]) -> ErreurDomaine:
        with pytest.raises(erreur) as info:
            action()
        return info.value


class ConformiteAdherents(SuiteConformite):
    """DepotAdherents: round trips, versions, unknown ids, member numbers."""

    def test_adherent_round_trips_with_every_poste_shape(self, ctx: Contexte) -> None:
        adherent = adherent_exemple("a1", cloture_au=dt.date(2024, 12, 31))
        [stocke] = self.stocker(ctx, adherent)
        assert stocke == evolve(adherent, version=1)
        assert self.adherent(ctx, "a1") == stocke

    def test_adherent_without_optional_fields_round_trips(self, ctx: Contexte) -> None:
        adherent = evolve(adherent_exemple("a1", postes=()), numero_teledeclarant=None)
        self.stocker(ctx, adherent)
        assert self.adherent(ctx, "a1") == evolve(adherent, version=1)

    def test_saved_adherent_replaces_postes_and_bumps_version(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1"))
        with ctx.unite_de_travail() as uow:
            a = uow.adherents.obtenir("a1")
            a, _ = a.ajouter_poste("a1-neuf", "Pâtissière", {Risque.AGENTS_BIOLOGIQUES_2},
                                   code_pcs=CodePcsEse("684b"))
            a, _ = a.supprimer_poste("a1-vente")
            a, _ = a.archiver_poste("a1-nuit")
            a, _ = a.renommer_poste("a1-chantier", "Chantier")
            a = a.cloturer_jusqu_au(dt.date(2025, 6, 30))
            sauve = uow.adherents.enregistrer(a)
            assert sauve == evolve(a, version=2)
            uow.commit()
        assert self.adherent(ctx, "a1") == sauve

    def test_unknown_adherent_is_introuvable(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1"))
        with ctx.unite_de_travail() as uow:
            erreur = self.refuse(lambda: uow.adherents.obtenir("a2"), Introuvable)
        assert erreur.code == "adherent.introuvable"

    def test_numero_existe_only_for_stored_numbers(self, ctx: Contexte) -> None:
        adherent = adherent_exemple("a1", 7)
        self.stocker(ctx, adherent)
        with ctx.unite_de_travail() as uow:
            assert uow.adherents.numero_existe(adherent.numero.valeur)
            assert not uow.adherents.numero_existe("999999")

    def test_id_par_numero_finds_the_stored_adherent_only(self, ctx: Contexte) -> None:
        a1, a2 = adherent_exemple("a1", 7), adherent_exemple("a2", 8)
        self.stocker(ctx, a1, a2)
        with ctx.unite_de_travail() as uow:
            assert uow.adherents.id_par_numero(a2.numero.valeur) == "a2"
            assert uow.adherents.id_par_numero(a1.numero.valeur) == "a1"
            assert uow.adherents.id_par_numero("999999") is None

    def test_ids_lists_every_adherent_in_id_order(self, ctx: Contexte) -> None:
        with ctx.unite_de_travail() as uow:
            assert uow.adherents.ids() == []
        self.stocker(ctx, adherent_exemple("b2", 2), adherent_exemple("a1", 1),
                     adherent_exemple("b10", 3))
        with ctx.unite_de_travail() as uow:
            assert uow.adherents.ids() == ["a1", "b10", "b2"]
            assert uow.adherents.ids(2) == ["a1", "b10"]

    def test_adding_an_existing_adherent_id_is_refused(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1", 1))

        def encore() -> None:
            with ctx.unite_de_travail() as uow:
                uow.adherents.ajouter(adherent_exemple("a1", 2))
                uow.commit()

        self.refuse(encore, ErreurDomaine)
        assert self.adherent(ctx, "a1").numero.valeur == adherent_exemple("a1", 1).numero.valeur


class ConformiteSalaries(SuiteConformite):
    """DepotSalaries: round trips of every shape, scoping by adherent (A4), doublons (S2)."""

    @pytest.fixture
    def deux_adherents(self, ctx: Contexte) -> tuple[Adherent, Adherent]:
        a, b = self.stocker(ctx, adherent_exemple("a1", 1), adherent_exemple("a2", 2))
        assert isinstance(a, Adherent) and isinstance(b, Adherent)
        return a, b

    def test_complete_salarie_round_trips(self, ctx: Contexte, deux_adherents: object) -> None:
        nir = nir_pour(dt.date(1984, 12, 3), departement="2A")
        for s in (salarie_complet("s1", "a1", ["a1-vente", "a1-nuit"], nir),
                  salarie_complet("s2", "a1", ["a1-chantier", "a1-sir"])):
            [stocke] = self.stocker(ctx, s)
            assert stocke == evolve(s, version=1)
            assert self.salarie(ctx, "a1", s.id) == stocke

    def test_cancelled_salarie_and_unusual_text_round_trip(
        self, ctx: Contexte, deux_adherents: object
    ) -> None:
        s = salarie_simple("s1", "a1", "a1-vente", nom="O'Brien; DROP TABLE salaries;--",
                           prenoms="Zoë 🎉 \"Jo\"", naissance=dt.date(2009, 2, 28),
                           nir=nir_pour(dt.date(2009, 2, 28), sexe="2"))
        s = _fait(s.annuler(None))
        self.stocker(ctx, s)
        assert self.salarie(ctx, "a1", "s1") == evolve(s, version=1)

    def test_save_replaces_contracts_and_movements(
        self, ctx: Contexte, deux_adherents: object
    ) -> None:
        self.stocker(ctx, salarie_simple("s1", "a1", "a1-vente"))
        with ctx.unite_de_travail() as uow:
            s = uow.salaries.obtenir("a1", "s1")
            s = _fait(s.sortir("m1", dt.date(2024, 3, 31), "059"))
            s = _fait(s.ajouter_contrat(Contrat("c2", NatureContrat.CDD, dt.date(2024, 9, 1),
                                                "a1-nuit", fin=dt.date(2024, 12, 31)), "m2"))
            ident = Identite("Martin-Durand", "Léa Jeanne", dt.date(1990, 5, 4),
                             nir_pour(dt.date(1990, 5, 4), sexe="2"))
            s = _fait(s.corriger_identite(ident))
            sauve = uow.salaries.enregistrer(s)
            assert sauve == evolve(s, version=2)
            uow.commit()
        assert self.salarie(ctx, "a1", "s1") == sauve
        with ctx.unite_de_travail() as uow:
            s = _fait(sauve.annuler_contrat("c2", None))
            s = _fait(s.annuler_mouvement("m1", None))
            s = _fait(s.corriger_identite(evolve(s.identite, nir=None)))
            sauve = uow.salaries.enregistrer(s)
            uow.commit()
        assert self.salarie(ctx, "a1", "s1") == sauve
        assert sauve.version == 3

    def test_changes_are_visible_inside_their_unit_of_work(
        self, ctx: Contexte, deux_adherents: object
    ) -> None:
        with ctx.unite_de_travail() as uow:
            ajoute = uow.salaries.ajouter(salarie_simple("s1", "a1", "a1-vente"))
            assert uow.salaries.obtenir("a1", "s1") == ajoute
            sauve = uow.salaries.enregistrer(_fait(ajoute.sortir("m1", dt.date(2024, 5, 1))))
            assert uow.salaries.obtenir("a1", "s1") == sauve
            uow.commit()
        assert self.salarie(ctx, "a1", "s1") == sauve

    def test_another_adherents_salarie_is_introuvable_like_an_unknown_one(
        self, ctx: Contexte, deux_adherents: object
    ) -> None:
        self.stocker(ctx, salarie_simple("s1", "a1", "a1-vente"))
        with ctx.unite_de_travail() as uow:
            etranger = self.refuse(lambda: uow.salaries.obtenir("a2", "s1"), Introuvable)
            inconnu = self.refuse(lambda: uow.salaries.obtenir("a1", "s9"), Introuvable)
            assert uow.salaries.tous("a2") == []
            assert [s.id for s in uow.salaries.tous("a1")] == ["s1"]
            page = uow.salaries.lister("a2", FiltreSalaries(), None, 10)
            assert page.salaries == ()
        assert (etranger.code, etranger.message) == (inconnu.code, inconnu.message)
        assert etranger.code == "salarie.introuvable"

    def test_same_salarie_id_under_two_adherents_are_two_files(
        self, ctx: Contexte, deux_adherents: object
    ) -> None:
        un = salarie_simple("s1", "a1", "a1-vente", nom="Un")
        deux = salarie_simple("s1", "a2", "a2-vente", nom="Deux")
        self.stocker(ctx, un, deux)
        assert self.salarie(ctx, "a1", "s1").identite.nom == "Un"
        assert self.salarie(ctx, "a2", "s1").identite.nom == "Deux"

    def test_adding_an_existing_salarie_id_is_refused_and_keeps_the_first(
        self, ctx: Contexte, deux_adherents: object
    ) -> None:
        premier = salarie_simple("s1", "a1", "a1-vente", nom="Premier")
        self.stocker(ctx, premier)

        def encore() -> None:
            with ctx.unite_de_travail() as uow:
                uow.salaries.ajouter(salarie_simple("s1", "a1", "a1-nuit", nom="Second"))
                uow.commit()

        self.refuse(encore, ErreurDomaine)
        assert self.salarie(ctx, "a1", "s1") == evolve(premier, version=1)

    def test_adding_the_same_id_twice_in_one_unit_is_refused(
        self, ctx: Contexte, deux_adherents: object
    ) -> None:
        def deux_fois() -> None:
            with ctx.unite_de_travail() as uow:
                uow.salaries.ajouter(salarie_simple("s1", "a1", "a1-vente"))
                uow.salaries.ajouter(salarie_simple("s1", "a1", "a1-vente", nom="Autre"))
                uow.commit()

        self.refuse(deux_fois, ErreurDomaine)
        with ctx.unite_de_travail() as uow:
            assert uow.salaries.tous("a1") == []

    # -- doublons (S2)
    def test_doublons_match_by_nir_whatever_the_names(
        self, ctx: Contexte, deux_adherents: object
    ) -> None:
        naissance = dt.date(1990, 5, 4)
        nir = nir_pour(naissance)
        self.stocker(ctx, salarie_simple("s1", "a1", "a1-vente", nir=nir),
                     salarie_simple("s2", "a1", "a1-vente", nom="Autre",
                                    nir=nir_pour(naissance, ordre=2)))
        with ctx.unite_de_travail() as uow:
            assert uow.salaries.doublons("a1", Identite("Zed", "Ann", naissance, nir)) == ["s1"]
            # Same names and birth date but two different NIRs: two people.
            meme_nom = Identite("Martin", "Léa", naissance, nir_pour(naissance, ordre=3))
            assert uow.salaries.doublons("a1", meme_nom) == []
            assert uow.salaries.doublons("a1", Identite("Zed", "Ann", naissance, nir),
                                         sauf="s1") == []
            assert uow.salaries.doublons("a2", Identite("Zed", "Ann", naissance, nir)) == []

    def test_doublons_match_by_normalised_names_when_a_nir_is_missing(
        self, ctx: Contexte, deux_adherents: object
    ) -> None:
        naissance = dt.date(1990, 5, 4)
        self.stocker(
            ctx,
            salarie_simple("s1", "a1", "a1-vente", nom="Lefèvre-d'Arc", prenoms="Éloïse"),
            salarie_simple("s2", "a1", "a1-vente", nom="LEFEVRE D ARC", prenoms="eloise",
                           nir=nir_pour(naissance)),
            salarie_simple("s3", "a1", "a1-vente", nom="Lefèvre", prenoms="Éloïse"),
            _fait(salarie_simple("s4", "a1", "a1-vente", nom="Lefevre d'Arc",
                                 prenoms="Eloise").annuler(None)),
        )
        sans_nir = Identite("lefevre  d’arc", "ÉLOÏSE", naissance)
        avec_autre_nir = Identite("Lefèvre-d'Arc", "Éloïse", naissance,
                                  nir_pour(naissance, ordre=9))
        autre_naissance = Identite("Lefèvre-d'Arc", "Éloïse", dt.date(1990, 5, 5))
        with ctx.unite_de_travail() as uow:
            assert list(uow.salaries.doublons("a1", sans_nir)) == ["s1", "s2"]
            assert list(uow.salaries.doublons("a1", sans_nir, sauf="s2")) == ["s1"]
            # s1 has no NIR: the names decide; s2's NIR differs: another person.
            assert list(uow.salaries.doublons("a1", avec_autre_nir)) == ["s1"]
            assert list(uow.salaries.doublons("a1", autre_naissance)) == []
            assert list(uow.salaries.doublons("a2", sans_nir)) == []


class ConformiteUniteDeTravail(SuiteConformite):
    """UniteDeTravail: all or nothing, explicit commit, optimistic concurrency."""

    @pytest.fixture
    def stocke(self, ctx: Contexte) -> Salarie:
        self.stocker(ctx, adherent_exemple("a1"))
        [s] = self.stocker(ctx, salarie_simple("s1", "a1", "a1-vente"))
        assert isinstance(s, Salarie)
        return s

    @staticmethod
    def _tout_ecrire(uow: UniteDeTravail, base: Salarie) -> None:
        uow.adherents.ajouter(adherent_exemple("a2", 2))
        uow.salaries.ajouter(salarie_simple("s2", "a1", "a1-vente", nom="Neuf"))
        uow.salaries.enregistrer(_fait(base.sortir("m1", dt.date(2024, 6, 30))))
        uow.requetes.ajouter(RequeteTraitee("a1", "r1", "e", (("s1", "m1"),)))
        uow.journal.ajouter(_entree("a1", "effectif.sortie", 1, "s1"))

    def _rien_n_a_change(self, ctx: Contexte, base: Salarie) -> None:
        with ctx.unite_de_travail() as uow:
            assert uow.salaries.obtenir("a1", "s1") == base
            assert [s.id for s in uow.salaries.tous("a1")] == ["s1"]
            self.refuse(lambda: uow.adherents.obtenir("a2"), Introuvable)
            assert uow.requetes.obtenir("a1", "r1") is None
            assert list(uow.journal.lister("a1")) == []

    def test_leaving_without_commit_stores_nothing(self, ctx: Contexte, stocke: Salarie) -> None:
        with ctx.unite_de_travail() as uow:
            self._tout_ecrire(uow, stocke)
        self._rien_n_a_change(ctx, stocke)

    def test_an_exception_rolls_back_and_propagates(self, ctx: Contexte, stocke: Salarie) -> None:
        class Panne(Exception):
            pass

        with pytest.raises(Panne), ctx.unite_de_travail() as uow:
            self._tout_ecrire(uow, stocke)
            raise Panne
        self._rien_n_a_change(ctx, stocke)

    def test_explicit_rollback_discards_changes(self, ctx: Contexte, stocke: Salarie) -> None:
        with ctx.unite_de_travail() as uow:
            self._tout_ecrire(uow, stocke)
            uow.rollback()
        self._rien_n_a_change(ctx, stocke)

    def test_commit_stores_everything_at_once(self, ctx: Contexte, stocke: Salarie) -> None:
        with ctx.unite_de_travail() as uow:
            self._tout_ecrire(uow, stocke)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.salaries.obtenir("a1", "s1").version == 2
            assert sorted(s.id for s in uow.salaries.tous("a1")) == ["s1", "s2"]
            assert uow.adherents.obtenir("a2").version == 1
            assert uow.requetes.obtenir("a1", "r1") is not None
            assert len(uow.journal.lister("a1")) == 1

    def test_locks_last_until_the_end_of_the_unit_and_no_longer(
        self, ctx: Contexte, stocke: Salarie
    ) -> None:
        """S2/E5 locks (``verrouiller_identites``, ``verrouiller_requete``): taken first or
        after a read, twice in one unit, and released by commit, rollback or an error, so
        the next units (one after the other, here) take them again at once."""
        identite = stocke.identite
        with ctx.unite_de_travail() as uow:
            uow.verrouiller_identites("a1", [identite])
            uow.verrouiller_identites("a1", [identite, evolve(identite, nom="Autre")])
            uow.salaries.ajouter(salarie_simple("s2", "a1", "a1-vente", nom="Autre"))
            uow.commit()
        with ctx.unite_de_travail() as uow:
            uow.salaries.obtenir("a1", "s1")  # a read first
            uow.verrouiller_identites("a1", None)
            uow.verrouiller_requete("a1", "r1")
            uow.rollback()
        with pytest.raises(ZeroDivisionError), ctx.unite_de_travail() as uow:
            uow.verrouiller_requete("a1", "r1")
            raise ZeroDivisionError
        with ctx.unite_de_travail() as uow:
            uow.verrouiller_identites("a1", None)
            uow.verrouiller_requete("a1", "r1")
            assert sorted(s.id for s in uow.salaries.tous("a1")) == ["s1", "s2"]

    def test_a_rolled_back_save_leaves_the_version_usable(
        self, ctx: Contexte, stocke: Salarie
    ) -> None:
        with ctx.unite_de_travail() as uow:
            uow.salaries.enregistrer(_fait(stocke.sortir("m1", dt.date(2024, 6, 30))))
        with ctx.unite_de_travail() as uow:
            sauve = uow.salaries.enregistrer(_fait(stocke.sortir("m2", dt.date(2024, 7, 31))))
            uow.commit()
        assert self.salarie(ctx, "a1", "s1") == sauve
        assert sauve.version == 2

    def test_second_of_two_saves_from_the_same_load_conflicts_and_first_stays(
        self, ctx: Contexte, stocke: Salarie
    ) -> None:
        # Separate units one after the other: an adapter may serialise open units
        # (SQLite's single writer), so two open at once in one thread could deadlock.
        with ctx.unite_de_travail() as un:
            copie_un = un.salaries.obtenir("a1", "s1")
        with ctx.unite_de_travail() as deux:
            copie_deux = deux.salaries.obtenir("a1", "s1")
        with ctx.unite_de_travail() as un:
            gagnant = un.salaries.enregistrer(_fait(copie_un.sortir("m1", dt.date(2024, 6, 30))))
            un.commit()

        def perdant() -> None:
            with ctx.unite_de_travail() as deux:
                deux.salaries.enregistrer(
                    _fait(copie_deux.sortir("m2", dt.date(2024, 9, 30), "031")))
                deux.commit()

        self.refuse(perdant, ConflitDeVersion)
        assert self.salarie(ctx, "a1", "s1") == gagnant

    def test_second_of_two_adherent_saves_from_the_same_load_conflicts(
        self, ctx: Contexte, stocke: Salarie
    ) -> None:
        a_un = a_deux = self.adherent(ctx, "a1")
        with ctx.unite_de_travail() as un:
            gagnant = un.adherents.enregistrer(_fait_a(a_un.archiver_poste("a1-vente")))
            un.commit()

        def perdant() -> None:
            with ctx.unite_de_travail() as deux:
                deux.adherents.enregistrer(_fait_a(a_deux.renommer_poste("a1-nuit", "Fournil")))
                deux.commit()

        self.refuse(perdant, ConflitDeVersion)
        assert self.adherent(ctx, "a1") == gagnant

    def test_units_in_threads_never_lose_an_update(self, ctx: Contexte, stocke: Salarie) -> None:
        """Read-modify-write from several threads, retrying on a conflict or a transient
        failure: every change is there at the end."""
        fils, changements = 3, 8

        def travailler(n: int) -> None:
            for i in range(changements):
                while True:
                    try:
                        with ctx.unite_de_travail() as uow:
                            a = uow.adherents.obtenir("a1")
                            uow.adherents.enregistrer(
                                _fait_a(a.ajouter_poste(f"t{n}-{i}", f"Poste {n}.{i}")))
                            uow.commit()
                        break
                    except (ConflitDeVersion, EchecTransitoire):
                        continue

        with ThreadPoolExecutor(fils) as pool:
            list(pool.map(travailler, range(fils)))
        adherent = self.adherent(ctx, "a1")
        ajoutes = {p.id for p in adherent.postes if p.id.startswith("t")}
        assert ajoutes == {f"t{n}-{i}" for n in range(fils) for i in range(changements)}
        assert adherent.version == 1 + fils * changements

    def test_a_stale_copy_never_overwrites(self, ctx: Contexte, stocke: Salarie) -> None:
        with ctx.unite_de_travail() as uow:
            recent = uow.salaries.enregistrer(_fait(stocke.sortir("m1", dt.date(2024, 6, 30))))
            uow.commit()

        def perime() -> None:
            with ctx.unite_de_travail() as uow:
                uow.salaries.enregistrer(_fait(stocke.sortir("m2", dt.date(2024, 8, 31))))
                uow.commit()

        self.refuse(perime, ConflitDeVersion)
        self.refuse(perime, ConflitDeVersion)
        assert self.salarie(ctx, "a1", "s1") == recent

    def test_saving_twice_from_one_copy_in_one_unit_conflicts(
        self, ctx: Contexte, stocke: Salarie
    ) -> None:
        def deux_fois() -> None:
            with ctx.unite_de_travail() as uow:
                uow.salaries.enregistrer(_fait(stocke.sortir("m1", dt.date(2024, 6, 30))))
                uow.salaries.enregistrer(_fait(stocke.sortir("m2", dt.date(2024, 7, 31))))
                uow.commit()

        self.refuse(deux_fois, ConflitDeVersion)
        assert self.salarie(ctx, "a1", "s1") == stocke

    def test_chained_saves_in_one_unit_count_each_version(
        self, ctx: Contexte, stocke: Salarie
    ) -> None:
        with ctx.unite_de_travail() as uow:
            v2 = uow.salaries.enregistrer(_fait(stocke.sortir("m1", dt.date(2024, 6, 30))))
            v3 = uow.salaries.enregistrer(_fait(v2.reintegrer("m2", dt.date(2024, 9, 1))))
            uow.commit()
        assert (v2.version, v3.version) == (2, 3)
        assert self.salarie(ctx, "a1", "s1") == v3

    def test_saving_a_salarie_never_added_is_refused(self, ctx: Contexte, stocke: Salarie) -> None:
        def fantome() -> None:
            with ctx.unite_de_travail() as uow:
                uow.salaries.enregistrer(salarie_simple("s9", "a1", "a1-vente"))
                uow.commit()

        self.refuse(fantome, ConflitDeVersion)
        with ctx.unite_de_travail() as uow:
            assert [s.id for s in uow.salaries.tous("a1")] == ["s1"]

    def test_units_of_work_after_a_failed_commit_still_work(
        self, ctx: Contexte, stocke: Salarie
    ) -> None:
        def perime() -> None:
            with ctx.unite_de_travail() as uow:
                uow.salaries.enregistrer(evolve(stocke, version=7))
                uow.commit()

        self.refuse(perime, ConflitDeVersion)
        with ctx.unite_de_travail() as uow:
            sauve = uow.salaries.enregistrer(_fait(stocke.sortir("m1", dt.date(2024, 6, 30))))
            uow.commit()
        assert self.salarie(ctx, "a1", "s1") == sauve


class ConformitePagination(SuiteConformite):
    """DepotSalaries.lister: order by (normalised name, given names, id); keyset cursor."""

    NOMS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("B7", "Dupont", "Jean"), ("a3", "Dupont", "Jean"), ("c1", "DUPONT", "jean"),
        ("c2", "Dupond", "Anne"), ("c3", "Élodie", "Zoé"), ("c4", "Elodie", "Ana"),
        ("c5", "Da Silva", "Rui"), ("c6", "Dac", "Lan"), ("c7", "d'Artagnan", "Charles"),
        ("c8", "Dartagnan", "Paul"), ("c9", "Ørsted", "Hans"), ("d1", "Zola", "Émile"),
        ("d2", "Zola", "emile"), ("d3", "zola", "Émilie"), ("d4", "Ñúñez", "Ana"),
        ("d5", "Le Gall", "Yann"), ("d6", "Le-Gall", "Anne"), ("d7", "Legall", "Marc"),
    )

    @pytest.fixture
    def stockes(self, ctx: Contexte) -> list[Salarie]:
        self.stocker(ctx, adherent_exemple("a1", 1), adherent_exemple("a2", 2))
        salaries = []
        for n, (sid, nom, prenoms) in enumerate(self.NOMS):
            naissance = dt.date(1980 + n, 1 + n % 12, 1 + n)
            poste = "a1-nuit" if n % 3 == 0 else "a1-vente"
            s = salarie_simple(sid, "a1", poste, nom=nom, prenoms=prenoms, naissance=naissance,
                               debut=dt.date(2024, 1, 1) + n * 10 * J)
            if n % 4 == 1:
                s = _fait(s.sortir(f"{sid}-m", dt.date(2024, 8, 31)))
            if n == 5:
                s = _fait(s.annuler(None))
            salaries.append(s)
        self.stocker(ctx, *salaries)
        self.stocker(ctx, salarie_simple("x1", "a2", "a2-vente", nom="Dupont", prenoms="Jean"))
        return [evolve(s, version=1) for s in salaries]

    @staticmethod
    def attendu(salaries: Sequence[Salarie], garder: Callable[[Salarie], bool]) -> list[str]:
        choisis = [s for s in salaries if garder(s)]
        choisis.sort(key=lambda s: (normaliser(s.identite.nom), normaliser(s.identite.prenoms),
                                    s.id))
        return [s.id for s in choisis]

    @staticmethod
    def parcourir(ctx: Contexte, filtre: FiltreSalaries, limite: int) -> Iterator[list[Salarie]]:
        """Every page, checking the cursor contract on the way."""
        apres: str | None = None
        while True:
            with ctx.unite_de_travail() as uow:
                page = uow.salaries.lister("a1", filtre, apres, limite)
            assert len(page.salaries) <= limite
            yield list(page.salaries)
            if page.suivant is None:
                return
            assert len(page.salaries) == limite
            assert page.suivant == page.salaries[-1].id
            apres = page.suivant

    def liste(self, ctx: Contexte, filtre: FiltreSalaries, limite: int) -> list[str]:
        pages = list(self.parcourir(ctx, filtre, limite))
        ids = [s.id for page in pages for s in page]
        assert len(ids) == len(set(ids)), "a salarié appears on two pages"
        return ids

    @pytest.mark.parametrize("limite", [1, 4, 6, 17, 500])
    def test_pages_follow_normalised_name_then_given_names_then_id(
        self, ctx: Contexte, stockes: list[Salarie], limite: int
    ) -> None:
        attendu = self.attendu(stockes, lambda s: not s.annule)
        assert self.liste(ctx, FiltreSalaries(), limite) == attendu

    def test_pages_carry_whole_files(self, ctx: Contexte, stockes: list[Salarie]) -> None:
        par_id = {s.id: s for s in stockes}
        for page in self.parcourir(ctx, FiltreSalaries(), 5):
            for s in page:
                assert s == par_id[s.id]

    def test_cancelled_files_only_when_asked(self, ctx: Contexte, stockes: list[Salarie]) -> None:
        tous = self.liste(ctx, FiltreSalaries(inclure_annules=True), 4)
        assert tous == self.attendu(stockes, lambda s: True)
        assert stockes[5].id in tous

    @pytest.mark.parametrize("prefixe", ["dup", "DUPONT", "é", "e", "le g", "le-g", "d'a",
                                         "zol", "ñu", "x"])
    def test_name_prefix_ignores_case_and_accents(
        self, ctx: Contexte, stockes: list[Salarie], prefixe: str
    ) -> None:
        cle = normaliser(prefixe)
        attendu = self.attendu(
            stockes, lambda s: not s.annule and normaliser(s.identite.nom).startswith(cle)
        )
        assert self.liste(ctx, FiltreSalaries(nom=prefixe), 2) == attendu

    def test_name_prefix_with_sql_wildcards_is_literal(
        self, ctx: Contexte, stockes: list[Salarie]
    ) -> None:
        for motif in ["%", "_", "d%", "D_pont", "\\"]:
            assert self.liste(ctx, FiltreSalaries(nom=motif), 3) == []

    def test_filter_by_poste_and_presence(self, ctx: Contexte, stockes: list[Salarie]) -> None:
        le = dt.date(2024, 6, 1)
        nuit = self.attendu(stockes, lambda s: not s.annule and any(
            c.poste_id == "a1-nuit" for c in s.contrats_actifs))
        presents = self.attendu(stockes, lambda s: not s.annule and s.present_le(le))
        les_deux = [i for i in presents if i in nuit]
        assert nuit and presents and les_deux != presents
        assert self.liste(ctx, FiltreSalaries(poste_id="a1-nuit"), 3) == nuit
        assert self.liste(ctx, FiltreSalaries(present_le=le), 3) == presents
        combine = FiltreSalaries(nom="d", poste_id="a1-nuit", present_le=le)
        assert self.liste(ctx, combine, 2) == [
            i for i in les_deux if normaliser(next(
                s for s in stockes if s.id == i).identite.nom).startswith("d")]
        assert self.liste(ctx, FiltreSalaries(poste_id="a2-vente"), 3) == []

    def test_pages_see_changes_between_requests_without_gaps(
        self, ctx: Contexte, stockes: list[Salarie]
    ) -> None:
        """A keyset cursor: a file added before the cursor does not shift later pages."""
        pages = self.parcourir(ctx, FiltreSalaries(), 5)
        premiere = next(pages)
        self.stocker(ctx, salarie_simple("a0", "a1", "a1-vente", nom="Aaron",
                                         naissance=dt.date(1970, 1, 1)))
        reste = [s.id for page in pages for s in page]
        attendu = self.attendu(stockes, lambda s: not s.annule)
        assert [s.id for s in premiere] + reste == attendu


class ConformiteEffectif(SuiteConformite):
    """RequetesEffectif: agrees with the domain's ``calculer_effectif`` (E4, P3, F5)."""

    DATES: ClassVar[tuple[dt.date, ...]] = (
             dt.date(2023, 12, 31), dt.date(2024, 1, 1), dt.date(2024, 3, 15),
             dt.date(2024, 6, 30), dt.date(2024, 7, 1), dt.date(2024, 10, 15),
             dt.date(2024, 10, 16), dt.date(2025, 1, 10), dt.date(2025, 2, 2),
             dt.date(2025, 3, 1), dt.date(2025, 8, 31), dt.date(2026, 2, 28),
             dt.date(2030, 1, 1))
    PERIODES: ClassVar[tuple[tuple[dt.date, dt.date], ...]] = (
                (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
                (dt.date(2024, 10, 16), dt.date(2025, 1, 9)),
                (dt.date(2025, 2, 2), dt.date(2025, 2, 28)),
                (dt.date(2023, 1, 1), dt.date(2030, 12, 31)),
                (dt.date(2024, 7, 1), dt.date(2024, 7, 1)))

    def test_effectif_on_dates_agrees_with_the_domain(
        self, ctx: Contexte, scenario: tuple[Adherent, list[Salarie]]
    ) -> None:
        adherent, salaries = scenario
        for le in self.DATES:
            with ctx.unite_de_travail() as uow:
                obtenu = uow.effectif.effectif("a1", le)
            assert obtenu == calculer_effectif("a1", salaries, adherent.postes_par_id(), le), le

    def test_effectif_over_periods_agrees_with_the_domain(
        self, ctx: Contexte, scenario: tuple[Adherent, list[Salarie]]
    ) -> None:
        adherent, salaries = scenario
        for debut, fin in self.PERIODES:
            with ctx.unite_de_travail() as uow:
                obtenu = uow.effectif.effectif("a1", debut, fin)
            attendu = calculer_effectif("a1", salaries, adherent.postes_par_id(), debut, fin)
            assert obtenu == attendu, (debut, fin)
        assert attendu.nombre > 0

    def test_effectif_follows_committed_changes(
        self, ctx: Contexte, scenario: object
    ) -> None:
        le = dt.date(2024, 3, 15)
        with ctx.unite_de_travail() as uow:
            s = uow.salaries.obtenir("a1", "s3")
            uow.salaries.enregistrer(_fait(s.sortir("s3-m1", dt.date(2024, 3, 14))))
            a = uow.adherents.obtenir("a1")
            a = uow.adherents.enregistrer(_fait_a(a.modifier_risques("a1-vente", {Risque.PLOMB})))
            uow.commit()
        with ctx.unite_de_travail() as uow:
            salaries = list(uow.salaries.tous("a1"))
            obtenu = uow.effectif.effectif("a1", le)
        assert "s3" not in obtenu.salarie_ids
        assert obtenu == calculer_effectif("a1", salaries, a.postes_par_id(), le)

    def test_effectif_of_an_unknown_adherent_is_introuvable(self, ctx: Contexte) -> None:
        with ctx.unite_de_travail() as uow:
            self.refuse(lambda: uow.effectif.effectif("a9", dt.date(2024, 1, 1)), Introuvable)

    def test_effectif_of_an_adherent_without_salaries_is_empty(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1"))
        with ctx.unite_de_travail() as uow:
            effectif = uow.effectif.effectif("a1", dt.date(2024, 1, 1), dt.date(2024, 12, 31))
        assert effectif.lignes == ()
        assert (effectif.debut, effectif.fin) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


class ConformiteRequetes(SuiteConformite):
    """DepotRequetes: the idempotence store of grouped requests (E5)."""

    def test_request_round_trips_and_is_scoped_by_adherent(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1", 1), adherent_exemple("a2", 2))
        requete = RequeteTraitee("a1", "req-« 1 »", repr(("SortirDeLEffectif", ("s1",), None)),
                                 (("s1", "m1"), ("s2", "m2"), ("s10", "m3")))
        with ctx.unite_de_travail() as uow:
            assert uow.requetes.obtenir("a1", requete.requete_id) is None
            uow.requetes.ajouter(requete)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.requetes.obtenir("a1", requete.requete_id) == requete
            assert uow.requetes.obtenir("a2", requete.requete_id) is None
            assert uow.requetes.obtenir("a1", "autre") is None

    def test_same_request_id_under_two_adherents(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1", 1), adherent_exemple("a2", 2))
        un = RequeteTraitee("a1", "r", "e1", (("s1", "m1"),))
        deux = RequeteTraitee("a2", "r", "e2", ())
        with ctx.unite_de_travail() as uow:
            uow.requetes.ajouter(un)
            uow.requetes.ajouter(deux)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.requetes.obtenir("a1", "r") == un
            assert uow.requetes.obtenir("a2", "r") == deux


class ConformiteJournal(SuiteConformite):
    """Journal: append-only, ordered, scoped by adherent (A5)."""

    def test_entries_round_trip_in_order_per_adherent(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1", 1), adherent_exemple("a2", 2))
        premieres = [_entree("a1", "poste.ajoute", n) for n in (3, 1, 2)]
        etrangere = _entree("a2", "poste.ajoute", 9)
        suivante = _entree("a1", "effectif.sortie", 0, salarie_id="s1")
        with ctx.unite_de_travail() as uow:
            uow.journal.ajouter(premieres[0])
            uow.journal.ajouter(etrangere)
            for e in premieres[1:]:
                uow.journal.ajouter(e)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            uow.journal.ajouter(suivante)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert list(uow.journal.lister("a1")) == [*premieres, suivante]
            assert list(uow.journal.lister("a2")) == [etrangere]
            assert list(uow.journal.lister("a3")) == []

    def test_journal_entries_roll_back_with_their_change(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1"))
        with ctx.unite_de_travail() as uow:
            uow.journal.ajouter(_entree("a1", "poste.ajoute", 1))
        with ctx.unite_de_travail() as uow:
            assert list(uow.journal.lister("a1")) == []

    def test_entry_times_keep_their_instant(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1"))
        paris = dt.timezone(dt.timedelta(hours=2))
        entree = evolve(_entree("a1", "poste.ajoute", 1),
                        quand=dt.datetime(2025, 7, 14, 23, 59, 59, 999999, tzinfo=paris))
        with ctx.unite_de_travail() as uow:
            uow.journal.ajouter(entree)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            [relu] = uow.journal.lister("a1")
        assert relu.quand == entree.quand
        assert relu.quand.utcoffset() is not None
        assert evolve(relu, quand=entree.quand) == entree


class ConformiteFacturation(SuiteConformite):
    """RequetesFacturation: the assiette agrees with ``assiette_de_reference`` (F1, F2, F5)."""

    PERIODES_FACTUREES: ClassVar[tuple[Periode, ...]] = (
        annee(2024), annee(2025), Periode(dt.date(2024, 6, 1), dt.date(2025, 5, 31)))

    def test_assiette_agrees_with_the_domain_for_every_preset_rule(
        self, ctx: Contexte, scenario: tuple[Adherent, list[Salarie]]
    ) -> None:
        adherent, salaries = scenario
        for regle in REGLES_PREDEFINIES.values():
            for periode in self.PERIODES_FACTUREES:
                for bareme in (None, *BAREMES_PREDEFINIS.values()):
                    with ctx.unite_de_travail() as uow:
                        obtenue = uow.facturation.assiette("a1", periode, regle, bareme)
                    attendue = assiette_de_reference(adherent, salaries, periode, regle, bareme)
                    assert obtenue == attendue, (regle.nom, periode, bareme)
        assert attendue.nombre > 0

    def test_assiette_of_every_adherent_in_id_order(
        self, ctx: Contexte, scenario: tuple[Adherent, list[Salarie]]
    ) -> None:
        adherent, salaries = scenario
        vide = adherent_exemple("a0", 3)
        self.stocker(ctx, vide)
        with ctx.unite_de_travail() as uow:
            autre = uow.adherents.obtenir("a2")
            autres = list(uow.salaries.tous("a2"))
        regle = REGLES_PREDEFINIES["present_dans_l_annee"]
        bareme = next(iter(BAREMES_PREDEFINIS.values()))
        with ctx.unite_de_travail() as uow:
            toutes = list(uow.facturation.assiette_de_tous(annee(2024), regle, bareme))
        assert toutes == [
            assiette_de_reference(vide, [], annee(2024), regle, bareme),
            assiette_de_reference(adherent, salaries, annee(2024), regle, bareme),
            assiette_de_reference(autre, autres, annee(2024), regle, bareme),
        ]
        assert toutes[0].lignes == () and toutes[2].nombre == 1

    def test_totals_without_lines_equal_the_totals_of_the_assiettes(
        self, ctx: Contexte, scenario: tuple[Adherent, list[Salarie]]
    ) -> None:
        for regle in REGLES_PREDEFINIES.values():
            for bareme in (None, *BAREMES_PREDEFINIS.values()):
                with ctx.unite_de_travail() as uow:
                    totaux = list(uow.facturation.totaux_de_tous(annee(2025), regle, bareme))
                    toutes = list(uow.facturation.assiette_de_tous(annee(2025), regle, bareme))
                assert totaux == [TotauxAssiette.de_l_assiette(a) for a in toutes], regle.nom
        assert any(t.nombre for t in totaux)

    def test_assiette_of_an_unknown_adherent_is_introuvable(self, ctx: Contexte) -> None:
        regle = REGLES_PREDEFINIES["present_dans_l_annee"]
        with ctx.unite_de_travail() as uow:
            self.refuse(lambda: uow.facturation.assiette("a9", annee(2024), regle),
                        Introuvable)


class ConformiteClotures(SuiteConformite):
    """DepotClotures: closings written once, read back as they were (F4), per adherent."""

    @pytest.fixture
    def clotures(
        self, ctx: Contexte, scenario: tuple[Adherent, list[Salarie]]
    ) -> tuple[Cloture, Cloture]:
        """2024 closed, then 2025 closed carrying 2024's regularisation (one salarié
        fewer than billed), both priced."""
        adherent, salaries = scenario
        regle = REGLES_PREDEFINIES["embauches_plus_de_31_jours"]
        bareme = next(iter(BAREMES_PREDEFINIS.values()))
        quand = dt.datetime(2025, 1, 15, 10, 30, 5, 42, tzinfo=dt.UTC)
        a2024 = assiette_de_reference(adherent, salaries, annee(2024), regle, bareme)
        adherent, premiere, _ = cloturer(adherent, a2024, regle, bareme, [], [], quand,
                                         "agent@rst.fr")
        recalculee = assiette_de_reference(adherent, salaries[1:], annee(2024), regle, bareme)
        a2025 = assiette_de_reference(adherent, salaries, annee(2025), regle, bareme)
        _, seconde, _ = cloturer(adherent, a2025, regle, bareme, [premiere], [recalculee],
                                 quand + dt.timedelta(days=365), "agent@rst.fr")
        assert seconde.regularisations and premiere.assiette.montants is not None
        return premiere, seconde

    def test_closings_round_trip_oldest_period_first(
        self, ctx: Contexte, clotures: tuple[Cloture, Cloture]
    ) -> None:
        premiere, seconde = clotures
        with ctx.unite_de_travail() as uow:
            uow.clotures.ajouter(seconde)
            uow.clotures.ajouter(premiere)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.clotures.obtenir("a1", annee(2024)) == premiere
            assert uow.clotures.obtenir("a1", annee(2025)) == seconde
            assert list(uow.clotures.lister("a1")) == [premiere, seconde]

    def test_closings_are_scoped_by_adherent(
        self, ctx: Contexte, clotures: tuple[Cloture, Cloture]
    ) -> None:
        premiere, _ = clotures
        with ctx.unite_de_travail() as uow:
            uow.clotures.ajouter(premiere)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            erreur = self.refuse(lambda: uow.clotures.obtenir("a2", annee(2024)), Introuvable)
            assert list(uow.clotures.lister("a2")) == []
            autre = self.refuse(lambda: uow.clotures.obtenir("a1", annee(2023)), Introuvable)
        assert erreur.code == autre.code == "cloture.introuvable"

    def test_a_period_is_closed_once_and_the_first_closing_stays(
        self, ctx: Contexte, clotures: tuple[Cloture, Cloture]
    ) -> None:
        premiere, seconde = clotures
        with ctx.unite_de_travail() as uow:
            uow.clotures.ajouter(premiere)
            uow.commit()

        def encore() -> None:
            with ctx.unite_de_travail() as uow:
                uow.clotures.ajouter(evolve(seconde, periode=premiere.periode))
                uow.commit()

        erreur = self.refuse(encore, RegleMetier)
        assert erreur.code == "cloture.deja_faite"
        with ctx.unite_de_travail() as uow:
            assert list(uow.clotures.lister("a1")) == [premiere]

    def test_a_closing_without_commit_is_not_stored(
        self, ctx: Contexte, clotures: tuple[Cloture, Cloture]
    ) -> None:
        with ctx.unite_de_travail() as uow:
            uow.clotures.ajouter(clotures[0])
        with ctx.unite_de_travail() as uow:
            assert list(uow.clotures.lister("a1")) == []


def _acces(email: str, adherent_id: str, *roles: Role) -> Acces:
    return Acces(Email.parse(email), adherent_id, frozenset(roles or (Role.LECTURE,)))


class ConformiteAcces(SuiteConformite):
    """DepotAcces (A3): one access per (adherent, e-mail ignoring case), staged in the
    unit of work, listed by e-mail, found across adherents by e-mail."""

    @pytest.fixture
    def adherents(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1", 1), adherent_exemple("a2", 2))

    def test_accesses_round_trip_and_match_e_mails_ignoring_case(
        self, ctx: Contexte, adherents: None
    ) -> None:
        paie = _acces("Paie@Exemple.FR", "a1", Role.DECLARATION, Role.LECTURE)
        with ctx.unite_de_travail() as uow:
            uow.acces.ajouter(paie)
            assert uow.acces.obtenir("a1", Email.parse("paie@exemple.fr")) == paie
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.acces.obtenir("a1", Email.parse("PAIE@exemple.fr")) == paie
            assert uow.acces.obtenir("a2", paie.email) is None
            assert uow.acces.obtenir("a9", paie.email) is None
            assert uow.acces.obtenir("\x00" * 300, paie.email) is None

    def test_list_by_e_mail_and_scoped_by_adherent(self, ctx: Contexte, adherents: None) -> None:
        zoe, bob = _acces("zoe@exemple.fr", "a1"), _acces("Bob@exemple.fr", "a1")
        ailleurs = _acces("bob@exemple.fr", "a2", Role.ADMINISTRATEUR)
        with ctx.unite_de_travail() as uow:
            for acces in (zoe, ailleurs, bob):
                uow.acces.ajouter(acces)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert list(uow.acces.lister("a1")) == [bob, zoe]
            assert list(uow.acces.lister("a2")) == [ailleurs]
            assert list(uow.acces.lister("a9")) == []
            assert list(uow.acces.de_l_email(Email.parse("BOB@exemple.fr"))) == [bob, ailleurs]
            assert list(uow.acces.de_l_email(Email.parse("nul@exemple.fr"))) == []

    def test_change_and_removal_are_staged_until_commit(
        self, ctx: Contexte, adherents: None
    ) -> None:
        lecture = _acces("rh@exemple.fr", "a1")
        admin = evolve(lecture, roles=frozenset({Role.ADMINISTRATEUR}))
        with ctx.unite_de_travail() as uow:
            uow.acces.ajouter(lecture)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            uow.acces.modifier(admin)
            assert uow.acces.obtenir("a1", lecture.email) == admin
        with ctx.unite_de_travail() as uow:
            assert uow.acces.obtenir("a1", lecture.email) == lecture  # not committed
            uow.acces.modifier(admin)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert list(uow.acces.lister("a1")) == [admin]
            uow.acces.retirer("a1", Email.parse("RH@exemple.fr"))
            assert uow.acces.obtenir("a1", lecture.email) is None
            assert list(uow.acces.de_l_email(lecture.email)) == []
        with ctx.unite_de_travail() as uow:
            assert uow.acces.obtenir("a1", lecture.email) == admin
            uow.acces.retirer("a1", lecture.email)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert list(uow.acces.lister("a1")) == []


class ConformiteComptes(SuiteConformite):
    """RequetesComptes (A1–A3): lookups that cross members."""

    def test_declarant_numbers_are_found_except_on_the_named_adherent(
        self, ctx: Contexte
    ) -> None:
        self.stocker(ctx, adherent_exemple("a1", 1), adherent_exemple("a2", 2))
        with ctx.unite_de_travail() as uow:
            assert uow.comptes.teledeclarant_attribue("TD000001")
            assert not uow.comptes.teledeclarant_attribue("TD000001", sauf="a1")
            assert uow.comptes.teledeclarant_attribue("TD000002", sauf="a1")
            assert not uow.comptes.teledeclarant_attribue("TD999999")

    def test_login_accounts_ignore_case_and_come_by_adherent_id(self, ctx: Contexte) -> None:
        deux = evolve(adherent_exemple("a2", 2), email_connexion=Email.parse(
            "contact.1@boulangerie-elise.fr"))
        self.stocker(ctx, deux, adherent_exemple("a1", 1), adherent_exemple("a3", 3))
        with ctx.unite_de_travail() as uow:
            comptes = uow.comptes.comptes_de_connexion(Email.parse(
                "CONTACT.1@boulangerie-elise.fr"))
            un, deux_lu = uow.adherents.obtenir("a1"), uow.adherents.obtenir("a2")
        assert list(comptes) == [Compte.de(un), Compte.de(deux_lu)]

    def test_accessible_adherents_carry_what_a_front_end_shows(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a2", 2), adherent_exemple("a1", 1))
        with ctx.unite_de_travail() as uow:
            uow.acces.ajouter(_acces("paie@exemple.fr", "a2", Role.DECLARATION))
            uow.acces.ajouter(_acces("Paie@exemple.fr", "a1", Role.LECTURE))
            uow.acces.ajouter(_acces("autre@exemple.fr", "a1", Role.LECTURE))
            uow.commit()
        with ctx.unite_de_travail() as uow:
            accessibles = list(uow.comptes.accessibles(Email.parse("PAIE@exemple.fr")))
            assert list(uow.comptes.accessibles(Email.parse("nul@exemple.fr"))) == []
        un, deux = adherent_exemple("a1", 1), adherent_exemple("a2", 2)
        assert accessibles == [
            AdherentAccessible("a1", un.numero.valeur, un.raison_sociale,
                               frozenset({Role.LECTURE})),
            AdherentAccessible("a2", deux.numero.valeur, deux.raison_sociale,
                               frozenset({Role.DECLARATION})),
        ]


class ConformiteTentatives(SuiteConformite):
    """DepotTentatives (A2): recovery requests counted per address digest since a
    moment, forgotten before another, staged in the unit of work."""

    def test_requests_are_counted_per_key_since_a_moment(self, ctx: Contexte) -> None:
        t0 = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC)
        with ctx.unite_de_travail() as uow:
            for minutes in (0, 10, 20):
                uow.tentatives.ajouter("cle-a", t0 + dt.timedelta(minutes=minutes))
            uow.tentatives.ajouter("cle-b", t0)
            assert uow.tentatives.compter("cle-a", t0) == 3
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.tentatives.compter("cle-a", t0) == 3
            assert uow.tentatives.compter("cle-a", t0 + dt.timedelta(minutes=10)) == 2
            assert uow.tentatives.compter("cle-b", t0 + dt.timedelta(seconds=1)) == 0
            assert uow.tentatives.compter("cle-c", t0) == 0
            uow.tentatives.ajouter("cle-a", t0 + dt.timedelta(hours=1))
        with ctx.unite_de_travail() as uow:
            assert uow.tentatives.compter("cle-a", t0) == 3  # the last one not committed

    def test_forgetting_drops_older_requests_of_every_key(self, ctx: Contexte) -> None:
        t0 = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC)
        with ctx.unite_de_travail() as uow:
            uow.tentatives.ajouter("cle-a", t0)
            uow.tentatives.ajouter("cle-a", t0 + dt.timedelta(hours=2))
            uow.tentatives.ajouter("cle-b", t0)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            uow.tentatives.oublier(t0 + dt.timedelta(hours=1))
            uow.commit()
        debut = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        with ctx.unite_de_travail() as uow:
            assert uow.tentatives.compter("cle-a", debut) == 1
            assert uow.tentatives.compter("cle-b", debut) == 0


def _envoi(n: int, minutes: int) -> EnvoiEnAttente:
    quand = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)
    return EnvoiEnAttente(f"e{n:02d}", Email.parse(f"Personne{n}@Exemple.fr"), quand)


class ConformiteEnvois(SuiteConformite):
    """BoiteDEnvoi (A2): the outbox. Deposits and takes are staged in the unit of work;
    entries come oldest first; one entry is taken by one committed unit only."""

    def test_entries_wait_from_commit_and_come_oldest_first(self, ctx: Contexte) -> None:
        envois = [_envoi(3, 5), _envoi(1, 0), _envoi(2, 5), _envoi(4, 9)]
        with ctx.unite_de_travail() as uow:
            for envoi in envois:
                uow.envois.deposer(envoi)
            assert uow.envois.compter() == 4
        with ctx.unite_de_travail() as uow:
            assert uow.envois.compter() == 0  # not committed
            for envoi in envois:
                uow.envois.deposer(envoi)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert list(uow.envois.prendre(3)) == [_envoi(1, 0), _envoi(2, 5), _envoi(3, 5)]
            assert uow.envois.compter() == 1
            assert list(uow.envois.prendre(3)) == [_envoi(4, 9)]
            assert list(uow.envois.prendre(3)) == []

    def test_a_take_is_kept_only_if_committed(self, ctx: Contexte) -> None:
        with ctx.unite_de_travail() as uow:
            uow.envois.deposer(_envoi(1, 0))
            uow.envois.deposer(_envoi(2, 1))
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert [e.envoi_id for e in uow.envois.prendre(5)] == ["e01", "e02"]
        with ctx.unite_de_travail() as uow:  # rolled back: still waiting
            assert [e.envoi_id for e in uow.envois.prendre(1)] == ["e01"]
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.envois.compter() == 1
            assert [e.envoi_id for e in uow.envois.prendre(5)] == ["e02"]

    def test_the_address_keeps_its_spelling(self, ctx: Contexte) -> None:
        with ctx.unite_de_travail() as uow:
            uow.envois.deposer(_envoi(7, 0))
            uow.commit()
        with ctx.unite_de_travail() as uow:
            (envoi,) = uow.envois.prendre(1)
        assert (envoi.email.valeur, envoi.quand, envoi.genre) == (
            "Personne7@exemple.fr", _envoi(7, 0).quand, "recuperation_teledeclarant")

    def test_units_taking_at_once_never_both_get_an_entry(self, ctx: Contexte) -> None:
        with ctx.unite_de_travail() as uow:
            for n in range(12):
                uow.envois.deposer(_envoi(n, n))
            uow.commit()

        def preneur() -> list[str]:
            pris: list[str] = []
            for _ in range(200):
                try:
                    with ctx.unite_de_travail() as uow:
                        lot = [e.envoi_id for e in uow.envois.prendre(2)]
                        uow.commit()
                except (ConflitDeVersion, EchecTransitoire):
                    continue
                if not lot:
                    return pris
                pris += lot
            return pris

        with ThreadPoolExecutor(4) as pool:
            lots = list(pool.map(lambda _i: preneur(), range(4)))
        tous = [i for lot in lots for i in lot]
        assert sorted(tous) == [f"e{n:02d}" for n in range(12)]


class ConformiteDoublons(SuiteConformite):
    """F6 and S5 on files doubled before S2 was enforced: the storage groups them as the
    domain does, and a merge stores what the domain computed.

    Such files are stored straight through a unit of work. A storage that refuses them
    itself (unique indexes) overrides :meth:`accepter_doublons` to become a store as
    written before it enforced S2 (the SQL test modules drop those indexes, see
    :func:`retirer_unicite_des_salaries`)."""

    def accepter_doublons(self, ctx: Contexte) -> None:
        """Let the store under test hold what S2 refuses (by default: nothing to do)."""

    @pytest.fixture
    def doubles(self, ctx: Contexte) -> list[Salarie]:
        """Every shape of duplicate on a1 (a2 holds the same people: never mixed in)."""
        self.accepter_doublons(ctx)
        self.stocker(ctx, adherent_exemple("a1", 1), adherent_exemple("a2", 2))
        n1, n2 = dt.date(1990, 5, 4), dt.date(1984, 12, 3)
        nir1, nir2, nir3 = (nir_pour(n1, ordre=k) for k in (1, 2, 3))
        nir4 = nir_pour(n2, ordre=4)

        def creer(sid: str, nom: str, prenoms: str, naissance: dt.date = n1,
                  nir: Nir | None = None, adherent_id: str = "a1") -> Salarie:
            return salarie_simple(sid, adherent_id, f"{adherent_id}-vente", nom=nom,
                                  prenoms=prenoms, naissance=naissance, nir=nir)

        salaries = [
            creer("d1", "Martin", "Léa"), creer("d2", "MARTIN", "lea"),  # key, no NIR
            creer("n1", "Lefèvre", "Éloïse", nir=nir2),  # same NIR, names mistyped
            creer("n2", "Lefebvre", "Eloise", nir=nir2),
            creer("m1", "Da Silva", "Ana", nir=nir3), creer("m2", "da  silva", "Ana"),
            creer("p1", "Petit", "Tom", n2, nir4), creer("p2", "Petit", "Tom", n2,
                                                        nir_pour(n2, ordre=5)),
            # a chain: c1 and c2 share a NIR, c2 and c3 a key -> one group of three
            creer("c1", "Roux", "Ines", nir=nir1), creer("c2", "Rousse", "Inès", nir=nir1),
            creer("c3", "ROUSSE", "ines"),
            creer("seul", "Seul", "Paul"),
            _fait(creer("x1", "Seul", "Paul").annuler(None)),  # cancelled: not a duplicate
            creer("d1", "Martin", "Léa", adherent_id="a2"),
        ]
        self.stocker(ctx, *salaries)
        return salaries

    ATTENDU: ClassVar[list[tuple[str, ...]]] = [
        ("c1", "c2", "c3"), ("d1", "d2"), ("m1", "m2"), ("n1", "n2"), ("p1", "p2")]

    def test_duplicate_groups_agree_with_the_domain(
        self, ctx: Contexte, doubles: list[Salarie]
    ) -> None:
        actifs = [s for s in doubles if s.adherent_id == "a1" and not s.annule]
        assert groupes_de_doublons(fiche(s) for s in actifs) == self.ATTENDU
        with ctx.unite_de_travail() as uow:
            assert list(uow.salaries.groupes_de_doublons("a1")) == self.ATTENDU
            assert list(uow.salaries.groupes_de_doublons("a2")) == []
            assert list(uow.salaries.groupes_de_doublons("inconnu")) == []

    def test_the_pre_billing_report_names_every_duplicate(
        self, ctx: Contexte, doubles: list[Salarie]
    ) -> None:
        rapport = verifier_avant_facturation(
            ctx, _AGENT, VerifierAvantFacturation("a1", dt.date(2025, 1, 1)))
        trouves = [(a.type, a.salarie_ids) for a in rapport.anomalies
                   if a.type in (TypeAnomalie.DOUBLON, TypeAnomalie.DOUBLON_PROBABLE)]
        assert sorted(trouves, key=lambda t: t[1]) == [
            (TypeAnomalie.DOUBLON_PROBABLE if ids == ("p1", "p2") else TypeAnomalie.DOUBLON,
             ids) for ids in self.ATTENDU]

    def test_a_merge_stores_what_the_domain_computed(
        self, ctx: Contexte, doubles: list[Salarie]
    ) -> None:
        with ctx.unite_de_travail() as uow:
            avant = (uow.salaries.obtenir("a1", "m2"), uow.salaries.obtenir("a1", "m1"))
        fusionne = fusionner_salaries(ctx, _AGENT, FusionnerSalaries("a1", "m2", "m1"))
        attendu, annule, _evenements = fusionner(avant[0], avant[1], None, lambda: "inutile")
        assert fusionne == evolve(attendu, version=avant[0].version + 1)
        assert self.salarie(ctx, "a1", "m2") == fusionne
        assert self.salarie(ctx, "a1", "m1") == evolve(annule, version=avant[1].version + 1)
        assert fusionne.identite.nir == avant[1].identite.nir
        with ctx.unite_de_travail() as uow:
            assert list(uow.salaries.groupes_de_doublons("a1")) == [
                g for g in self.ATTENDU if g != ("m1", "m2")]
            quoi = [(e.quoi, e.salarie_id) for e in uow.journal.lister("a1")]
        assert quoi == [("salarie.fusion", "m2"), ("salarie.identite_corrigee", "m2"),
                        ("salarie.annule_par_fusion", "m1")]

    def test_a_refused_merge_stores_nothing(
        self, ctx: Contexte, doubles: list[Salarie]
    ) -> None:
        avant = [self.salarie(ctx, "a1", i) for i in ("p1", "p2")]
        erreur = self.refuse(lambda: fusionner_salaries(
            ctx, _AGENT, FusionnerSalaries("a1", "p1", "p2")), RegleMetier)
        assert (erreur.code, erreur.regle) == ("fusion.nir_differents", "S5")
        assert [self.salarie(ctx, "a1", i) for i in ("p1", "p2")] == avant
        self.refuse(lambda: fusionner_salaries(
            ctx, _AGENT, FusionnerSalaries("a1", "d1", "x1")), RegleMetier)
        self.refuse(lambda: fusionner_salaries(
            ctx, _AGENT, FusionnerSalaries("a2", "d1", "d2")), Introuvable)
        with ctx.unite_de_travail() as uow:
            assert list(uow.journal.lister("a1")) == []


def retirer_unicite_des_salaries(url: str) -> None:
    """For SQL subclasses of :class:`ConformiteDoublons`: drop the unique indexes of the
    ``salaries`` table, so that the database holds files as one written before S2 was
    enforced does."""
    moteur = create_engine(url)
    try:
        with moteur.begin() as connexion:
            for index in inspect(connexion).get_indexes("salaries"):
                if index["unique"] and index["name"]:
                    connexion.execute(text(f'DROP INDEX "{index["name"]}"'))
    finally:
        moteur.dispose()


class ConformiteStockage(
    ConformiteAdherents,
    ConformiteSalaries,
    ConformiteUniteDeTravail,
    ConformitePagination,
    ConformiteEffectif,
    ConformiteRequetes,
    ConformiteJournal,
    ConformiteFacturation,
    ConformiteClotures,
    ConformiteDoublons,
    ConformiteAcces,
    ConformiteComptes,
    ConformiteTentatives,
    ConformiteEnvois,
):
    """Every port's contract: subclass this one, as ``Test<YourAdapter>``."""
