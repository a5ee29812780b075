"""The base of every conformance class (the ``make_contexte`` hook, the shared
scenario) and the sample data the tests build."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator, Sequence

import pytest
from stdnum import luhn

from ...application.contexte import Contexte
from ...domain.adherents import Adherent, AgentRst
from ...domain.contrats import Contrat, NatureContrat
from ...domain.erreurs import ErreurDomaine
from ...domain.identifiants import (
    CodePcsEse,
    Email,
    Nir,
    NumeroAdherent,
    NumeroTeledeclarant,
    Siret,
    calculer_cle,
)
from ...domain.journal import EntreeJournal
from ...domain.postes import Poste
from ...domain.salaries import Identite, Salarie
from ...domain.suivi import Risque

UN_JOUR = dt.timedelta(days=1)
AGENT = AgentRst(Email.parse("agent@rst.fr"))


# -- sample data ---------------------------------------------------------------------------
def nir_pour(naissance: dt.date, sexe: str = "1", departement: str = "75",
             commune: int = 101, ordre: int = 1) -> Nir:
    """A valid NIR coherent with ``naissance`` (S1)."""
    corps = f"{sexe}{naissance:%y%m}{departement}{commune:03d}{ordre:03d}"
    return Nir(corps + calculer_cle(corps))


def siret_exemple(n: int) -> Siret:
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
                  code_pcs=CodePcsEse("691a")),
        )
    return Adherent(
        id=adherent_id,
        numero=NumeroAdherent(f"{4200 + n:06d}"),
        siret=siret_exemple(n),
        raison_sociale=f"Boulangerie « Au pain d'Élise » n°{n}",
        email_connexion=Email.parse(f"Contact.{n}@Boulangerie-Elise.FR"),
        numero_teledeclarant=NumeroTeledeclarant(f"TD{n:06d}"),
        postes=postes,
        cloture_au=cloture_au,
    )


def fait(paire: tuple[Salarie, object]) -> Salarie:
    return paire[0]


def fait_a(paire: tuple[Adherent, object]) -> Adherent:
    return paire[0]


def salarie_simple(salarie_id: str, adherent_id: str, poste_id: str, *, nom: str = "Martin",
                   prenoms: str = "Léa", naissance: dt.date = dt.date(1990, 5, 4),
                   nir: Nir | None = None, debut: dt.date = dt.date(2024, 1, 1),
                   fin: dt.date | None = None) -> Salarie:
    """A file with one contract, built through the domain."""
    contrat = Contrat(id=f"{salarie_id}-c1", nature=NatureContrat.CDI, debut=debut,
                      poste_id=poste_id, fin=fin)
    identite = Identite(nom=nom, prenoms=prenoms, date_naissance=naissance, nir=nir)
    return fait(Salarie.embaucher(salarie_id, adherent_id, identite, contrat))


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

    s = fait(s.ajouter_contrat(contrat(NatureContrat.CDD, dt.date(2024, 6, 1), p2,
                                        fin=dt.date(2024, 12, 31), dispositif="64",
                                        numero="CTR-0042/B"), next(ids)))
    s = fait(s.sortir(next(ids), dt.date(2024, 10, 15), "031"))
    s = fait(s.reintegrer(next(ids), dt.date(2025, 1, 10), "Retour après « erreur »"))
    s = fait(s.sortir(next(ids), dt.date(2025, 2, 1)))
    s = fait(s.ajouter_contrat(contrat(NatureContrat.MISSION_INTERIM, dt.date(2025, 3, 1), p1,
                                        fin=dt.date(2025, 3, 31)), next(ids)))
    s = fait(s.sortir(next(ids), dt.date(2025, 3, 31), "031"))
    annule = contrat(NatureContrat.STAGE, dt.date(2025, 5, 1), p2)
    s = fait(s.ajouter_contrat(annule, next(ids)))
    s = fait(s.annuler_contrat(annule.id, None))
    s = fait(s.reintegrer(next(ids), dt.date(2025, 6, 1)))
    s = fait(s.sortir(next(ids), dt.date(2025, 8, 31), "059"))
    erreur = next(ids)
    s = fait(s.reintegrer(erreur, dt.date(2025, 9, 15)))
    s = fait(s.annuler_mouvement(erreur, None))
    s.verifier_invariants()
    return s


def entree_journal(adherent_id: str, quoi: str, n: int,
                   salarie_id: str | None = None) -> EntreeJournal:
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
            fait(salarie_simple("s4", "a1", "a1-chantier", nom="Annulé",
                                 debut=dt.date(2024, 1, 1)).annuler(None)),
            salarie_simple("s5", "a1", "a1-ancien", nom="Archivé", debut=dt.date(2023, 6, 1),
                           fin=dt.date(2024, 6, 30)),
        ]
        for n in range(6, 14):
            s = salarie_simple(f"s{n}", "a1", postes[n % len(postes)], nom=f"Nom{n % 4}",
                               naissance=dt.date(1960 + n, 1 + n % 12, n),
                               debut=dt.date(2024, 1, 1) + 40 * n * UN_JOUR)
            if n % 2:
                s = fait(s.sortir(f"s{n}-m1", s.contrats[0].debut + 90 * UN_JOUR))
            if n % 3 == 0 and n % 2:
                s = fait(s.reintegrer(f"s{n}-m2", s.contrats[0].debut + 200 * UN_JOUR))
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


__all__ = [
    "AGENT",
    "UN_JOUR",
    "SuiteConformite",
    "adherent_exemple",
    "entree_journal",
    "fait",
    "fait_a",
    "nir_pour",
    "salarie_complet",
    "salarie_simple",
    "siret_exemple",
]
