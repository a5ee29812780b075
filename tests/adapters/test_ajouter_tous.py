"""``DepotSalaries.ajouter_tous`` (the import's bulk write) stores exactly what ``ajouter``
one by one stores, on every storage, and refuses an existing or repeated id whole."""

from __future__ import annotations

import datetime as dt

import pytest

import rst_effectifs as rst
from rst_effectifs.domain.contrats import Contrat
from rst_effectifs.domain.salaries import Identite, Salarie
from rst_effectifs.testing.conformite import nir_pour

AGENT = rst.AgentRst(rst.Email.parse("agent@rst.example"))


def _adherent(ctx: rst.Contexte) -> tuple[str, str]:
    adherent = rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        numero="1", siret="73282932000074", raison_sociale="A", email_connexion="a@a.example"))
    poste = rst.ajouter_poste(ctx, AGENT, rst.AjouterPoste(adherent.id, "Vente"))
    return adherent.id, poste.id


def _salaries(adherent_id: str, poste_id: str, prefixe: str, n: int,
              premier_ordre: int = 1, prenoms: str = "Jo") -> list[Salarie]:
    faits = []
    for i in range(n):
        naissance = dt.date(1980, 1, 1) + dt.timedelta(days=i)
        identite = Identite(f"Nom{i}", prenoms, naissance,
                            nir_pour(naissance, ordre=premier_ordre + i) if i % 2 else None)
        salarie, _ = Salarie.embaucher(
            f"{prefixe}{i}", adherent_id, identite,
            Contrat(f"{prefixe}c{i}", rst.NatureContrat.CDD, dt.date(2024, 1, 1), poste_id,
                    fin=dt.date(2024, 6, 30)))
        if i % 3 == 0:
            salarie, _ = salarie.sortir(f"{prefixe}m{i}", dt.date(2024, 6, 30), "031")
        faits.append(salarie)
    return faits


def _tous(ctx: rst.Contexte, adherent_id: str) -> list[Salarie]:
    with ctx.unite_de_travail() as uow:
        return sorted(uow.salaries.tous(adherent_id), key=lambda s: s.id)


def test_bulk_add_stores_what_one_by_one_stores(contexte: rst.Contexte) -> None:
    adherent_id, poste_id = _adherent(contexte)
    groupe = _salaries(adherent_id, poste_id, "g", 7)
    # Other people (S2: the same names and birth date without a NIR are one person).
    un_a_un = _salaries(adherent_id, poste_id, "u", 7, premier_ordre=100, prenoms="Lou")
    with contexte.unite_de_travail() as uow:
        ajoutes = uow.salaries.ajouter_tous(groupe)
        for salarie in un_a_un:
            uow.salaries.ajouter(salarie)
        uow.commit()
    assert [s.version for s in ajoutes] == [1] * 7
    stockes = {s.id: s for s in _tous(contexte, adherent_id)}
    for g, u in zip(groupe, un_a_un, strict=True):
        assert stockes[g.id].contrats[0].fin == stockes[u.id].contrats[0].fin
        assert stockes[g.id].periodes_de_presence() == stockes[u.id].periodes_de_presence()
        assert [(type(m), m.le, m.motif) for m in stockes[g.id].mouvements] == [
            (type(m), m.le, m.motif) for m in stockes[u.id].mouvements]
        assert stockes[g.id].identite == g.identite and stockes[g.id].version == 1
    effectif = rst.consulter_effectif(contexte, AGENT, rst.ConsulterEffectif(
        adherent_id, dt.date(2024, 7, 1)))
    assert {ligne.salarie_id for ligne in effectif.lignes} == {
        s.id for s in groupe + un_a_un if not s.mouvements}


@pytest.mark.parametrize("doublon", ["stocke", "repete"])
def test_bulk_add_refuses_an_existing_or_repeated_id_whole(
    contexte: rst.Contexte, doublon: str
) -> None:
    adherent_id, poste_id = _adherent(contexte)
    premier, *autres = _salaries(adherent_id, poste_id, "s", 4)
    if doublon == "stocke":
        with contexte.unite_de_travail() as uow:
            uow.salaries.ajouter(premier)
            uow.commit()
        lot = [*autres, premier]
    else:
        lot = [premier, *autres, premier]
    avant = _tous(contexte, adherent_id)
    with contexte.unite_de_travail() as uow, pytest.raises(rst.DonneeInvalide) as refus:
        uow.salaries.ajouter_tous(lot)
        uow.commit()
    assert refus.value.code == "id.existant"
    assert _tous(contexte, adherent_id) == avant
