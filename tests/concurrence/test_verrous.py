"""The lock keys of S2 (``adapters/sql/verrous.py``) and the in-memory adapter's locks."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import rst_effectifs as rst
from rst_effectifs.adapters.sql.verrous import SEAUX, cles_identites, numero_de_verrou
from rst_effectifs.domain.salaries import Identite
from rst_effectifs.testing.conformite import nir_pour

NAISSANCE = dt.date(1990, 5, 4)
AGENT = rst.AgentRst(rst.Email.parse("agent@rst.example"))


def test_two_identities_s2_calls_one_person_always_share_a_key() -> None:
    nir = nir_pour(NAISSANCE)
    sans_nir = Identite("Lefèvre-d'Arc", "Éloïse", NAISSANCE)
    avec_nir = Identite("LEFEVRE D ARC", "eloise", NAISSANCE, nir)
    autre_nom_meme_nir = Identite("Zed", "Ann", NAISSANCE, nir)
    assert set(cles_identites([sans_nir])) < set(cles_identites([avec_nir]))
    assert set(cles_identites([avec_nir])) & set(cles_identites([autre_nom_meme_nir]))
    assert cles_identites([avec_nir]) == sorted(cles_identites([avec_nir]))


def test_a_lock_key_holds_a_bucket_never_the_nir_or_the_names() -> None:
    nir = nir_pour(NAISSANCE)
    cles = cles_identites([Identite("Martin", "Léa", NAISSANCE, nir)])
    for cle in cles:
        genre, seau = cle.split("\x1f")
        assert genre in ("identite", "nir")
        assert 0 <= int(seau) < SEAUX
        assert nir.valeur not in cle and "martin" not in cle.lower()
    numeros = {numero_de_verrou("a1", c) for c in cles}
    assert all(-(2**63) <= n < 2**63 for n in numeros)
    assert numeros.isdisjoint({numero_de_verrou("a2", c) for c in cles})


def test_threads_hiring_one_person_in_memory_leave_one_file() -> None:
    ctx = rst.en_memoire()
    adherent = rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        numero="1", siret="73282932000074", raison_sociale="A", email_connexion="a@a.example"))
    poste = rst.ajouter_poste(ctx, AGENT, rst.AjouterPoste(adherent.id, "Vente"))
    depart = threading.Barrier(8)

    def embaucher(_: int) -> str:
        depart.wait()
        try:
            return rst.embaucher(ctx, AGENT, rst.EmbaucherSalarie(
                adherent.id, "Martin", "Léa", NAISSANCE,
                rst.NouveauContrat(rst.NatureContrat.CDI, dt.date(2024, 1, 2), poste.id))).id
        except rst.ErreurDomaine as refus:
            return refus.code

    with ThreadPoolExecutor(8) as pool:
        issues = list(pool.map(embaucher, range(8)))
    with ctx.unite_de_travail() as uow:
        fiches = [s.id for s in uow.salaries.tous(adherent.id)]
    assert len(fiches) == 1
    assert sorted(issues) == sorted([fiches[0]] + ["salarie.deja_existant"] * 7)
