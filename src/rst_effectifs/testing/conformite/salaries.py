"""The contract of ``DepotSalaries`` (ports/salaries.py): round trips, S2 lookups, the
listing and its pages; F6 duplicate groups are in ``salaries_doublons.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import ClassVar

import pytest
from attrs import evolve

from ...application.commandes import FusionnerSalaries, VerifierAvantFacturation
from ...application.contexte import Contexte
from ...application.facturation import verifier_avant_facturation
from ...application.fusion import fusionner_salaries
from ...domain.adherents import Adherent
from ...domain.contrats import Contrat, NatureContrat
from ...domain.erreurs import ErreurDomaine, Introuvable, RegleMetier
from ...domain.fusion import fusionner
from ...domain.identifiants import Nir
from ...domain.ntt import Ntt
from ...domain.salaries import Identite, Salarie
from ...domain.textes import normaliser
from ...domain.verifications import TypeAnomalie, fiche, groupes_de_doublons
from ...ports.salaries import FiltreSalaries
from .suite import (
    AGENT,
    UN_JOUR,
    SuiteConformite,
    adherent_exemple,
    fait,
    nir_pour,
    salarie_complet,
    salarie_simple,
)
from .unicite import retirer_unicite_des_salaries


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
        s = fait(s.annuler(None))
        self.stocker(ctx, s)
        assert self.salarie(ctx, "a1", "s1") == evolve(s, version=1)

    def test_save_replaces_contracts_and_movements(
        self, ctx: Contexte, deux_adherents: object
    ) -> None:
        self.stocker(ctx, salarie_simple("s1", "a1", "a1-vente"))
        with ctx.unite_de_travail() as uow:
            s = uow.salaries.obtenir("a1", "s1")
            s = fait(s.sortir("m1", dt.date(2024, 3, 31), "059"))
            s = fait(s.ajouter_contrat(Contrat("c2", NatureContrat.CDD, dt.date(2024, 9, 1),
                                                "a1-nuit", fin=dt.date(2024, 12, 31)), "m2"))
            ident = Identite("Martin-Durand", "Léa Jeanne", dt.date(1990, 5, 4),
                             nir_pour(dt.date(1990, 5, 4), sexe="2"))
            s = fait(s.corriger_identite(ident))
            sauve = uow.salaries.enregistrer(s)
            assert sauve == evolve(s, version=2)
            uow.commit()
        assert self.salarie(ctx, "a1", "s1") == sauve
        with ctx.unite_de_travail() as uow:
            s = fait(sauve.annuler_contrat("c2", None))
            s = fait(s.annuler_mouvement("m1", None))
            s = fait(s.corriger_identite(evolve(s.identite, nir=None)))
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
            sauve = uow.salaries.enregistrer(fait(ajoute.sortir("m1", dt.date(2024, 5, 1))))
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
            fait(salarie_simple("s4", "a1", "a1-vente", nom="Lefevre d'Arc",
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
                               debut=dt.date(2024, 1, 1) + n * 10 * UN_JOUR)
            if n % 4 == 1:
                s = fait(s.sortir(f"{sid}-m", dt.date(2024, 8, 31)))
            if n == 5:
                s = fait(s.annuler(None))
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

    def test_filter_by_absence_is_the_complement_of_presence(
            self, ctx: Contexte, stockes: list[Salarie]) -> None:
        """A list's « sortis » and « dans l'effectif » split the files of a date."""
        le = dt.date(2024, 6, 1)
        absents = self.attendu(stockes, lambda s: not s.annule and not s.present_le(le))
        presents = self.attendu(stockes, lambda s: not s.annule and s.present_le(le))
        assert absents and presents
        assert self.liste(ctx, FiltreSalaries(absent_le=le), 3) == absents
        assert self.liste(ctx, FiltreSalaries(present_le=le, absent_le=le), 3) == []
        assert self.liste(ctx, FiltreSalaries(poste_id="a1-nuit", absent_le=le), 2) == [
            i for i in absents if i in self.attendu(stockes, lambda s: any(
                c.poste_id == "a1-nuit" for c in s.contrats_actifs))]

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
                  nir: Nir | None = None, adherent_id: str = "a1", ntt: str = "") -> Salarie:
            s = salarie_simple(sid, adherent_id, f"{adherent_id}-vente", nom=nom,
                               prenoms=prenoms, naissance=naissance, nir=nir)
            return evolve(s, identite=evolve(s.identite, ntt=Ntt(ntt))) if ntt else s

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
            # one NTT (S21.G00.30.020), the names and birth date typed differently
            creer("t1", "Nguyen", "An", n2, ntt="1NTT0042ABCD"),
            creer("t2", "Nguyen Van", "Anh", ntt="1NTT0042ABCD"),
            creer("seul", "Seul", "Paul"),
            fait(creer("x1", "Seul", "Paul").annuler(None)),  # cancelled: not a duplicate
            creer("d1", "Martin", "Léa", adherent_id="a2"),
        ]
        self.stocker(ctx, *salaries)
        return salaries

    ATTENDU: ClassVar[list[tuple[str, ...]]] = [
        ("c1", "c2", "c3"), ("d1", "d2"), ("m1", "m2"), ("n1", "n2"), ("p1", "p2"),
        ("t1", "t2")]

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
            ctx, AGENT, VerifierAvantFacturation("a1", dt.date(2025, 1, 1)))
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
        fusionne = fusionner_salaries(ctx, AGENT, FusionnerSalaries("a1", "m2", "m1"))
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

    def test_files_sharing_an_ntt_merge_and_the_ntt_stays(
        self, ctx: Contexte, doubles: list[Salarie]) -> None:
        fusionne = fusionner_salaries(ctx, AGENT, FusionnerSalaries("a1", "t1", "t2"))
        assert (fusionne.identite.nom, fusionne.identite.ntt) == ("Nguyen", Ntt("1NTT0042ABCD"))
        with ctx.unite_de_travail() as uow:
            assert ("t1", "t2") not in list(uow.salaries.groupes_de_doublons("a1"))

    def test_a_refused_merge_stores_nothing(
        self, ctx: Contexte, doubles: list[Salarie]
    ) -> None:
        avant = [self.salarie(ctx, "a1", i) for i in ("p1", "p2")]
        erreur = self.refuse(lambda: fusionner_salaries(
            ctx, AGENT, FusionnerSalaries("a1", "p1", "p2")), RegleMetier)
        assert (erreur.code, erreur.regle) == ("fusion.nir_differents", "S5")
        assert [self.salarie(ctx, "a1", i) for i in ("p1", "p2")] == avant
        self.refuse(lambda: fusionner_salaries(
            ctx, AGENT, FusionnerSalaries("a1", "d1", "x1")), RegleMetier)
        self.refuse(lambda: fusionner_salaries(
            ctx, AGENT, FusionnerSalaries("a2", "d1", "d2")), Introuvable)
        with ctx.unite_de_travail() as uow:
            assert list(uow.journal.lister("a1")) == []


__all__ = [
    "ConformiteDoublons",
    "ConformitePagination",
    "ConformiteSalaries",
    "retirer_unicite_des_salaries",
]
