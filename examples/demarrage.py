"""Quick start: an adherent, a poste, a hire, a contract change, an exit, the effectif.

Run: ``python examples/demarrage.py`` (prints the headcount before and after the exit).
"""

from __future__ import annotations

import datetime as dt

import rst_effectifs as rst


def main() -> None:
    ctx = rst.en_memoire()
    agent = rst.AgentRst(rst.Email.parse("agent@rst.fr"))

    # Every use case runs through one doorway, executer(ctx, acteur, commande): the
    # command's class picks the use case. RST staff create the member; the member's
    # administrator then acts on it.
    adherent = rst.executer(
        ctx, agent,
        rst.CreerAdherent(numero="004217", siret="73282932000074",
                          raison_sociale="Boulangerie Martin",
                          email_connexion="contact@boulangerie-martin.fr"),
    )
    moi = rst.Acces(rst.Email.parse("contact@boulangerie-martin.fr"), adherent.id,
                    frozenset({rst.Role.ADMINISTRATEUR}))

    # 1. Postes before employees.
    fournil = rst.executer(
        ctx, moi,
        rst.AjouterPoste(adherent.id, "Boulanger de nuit",
                         frozenset({rst.Risque.TRAVAIL_DE_NUIT})),
    )
    vente = rst.executer(ctx, moi, rst.AjouterPoste(adherent.id, "Vendeuse"))

    # Hire on a CDD, then a contract change (C3): a new contract on the same file.
    lea = rst.executer(
        ctx, moi,
        rst.EmbaucherSalarie(
            adherent.id, nom="Durand", prenoms="Léa", date_naissance=dt.date(1990, 5, 4),
            nir="290057511800192",
            contrat=rst.NouveauContrat(rst.NatureContrat.CDD, dt.date(2025, 1, 6), vente.id,
                                       fin=dt.date(2025, 6, 30)),
        ),
    )
    lea = rst.executer(
        ctx, moi,
        rst.AjouterContrat(adherent.id, lea.id,
                           rst.NouveauContrat(rst.NatureContrat.CDI, dt.date(2025, 7, 1),
                                              fournil.id)),
    )
    tom = rst.executer(
        ctx, moi,
        rst.EmbaucherSalarie(
            adherent.id, nom="Petit", prenoms="Tom", date_naissance=dt.date(2008, 2, 11),
            contrat=rst.NouveauContrat(rst.NatureContrat.CDD, dt.date(2025, 3, 1), vente.id,
                                       dispositif="61"),
        ),
    )
    print(f"{lea.identite.prenoms} {lea.identite.nom}: {len(lea.contrats)} contrats, une fiche")

    # 3. Exits are dated events, one or many at a time; a resend changes nothing.
    def effectif(le: dt.date) -> rst.Effectif:
        lu: rst.Effectif = rst.executer(ctx, moi, rst.ConsulterEffectif(adherent.id, le))
        return lu

    avant = effectif(dt.date(2025, 9, 1))
    rst.executer(ctx, moi, rst.SortirDeLEffectif(adherent.id, "sortie-2025-09", (tom.id,),
                                                  le=dt.date(2025, 9, 30), motif="031"))
    apres = effectif(dt.date(2025, 10, 1))
    for titre, eff in (("au 01/09/2025", avant), ("au 01/10/2025", apres)):
        types = ", ".join(f"{t.value} {n}" for t, n in eff.par_type.items())
        print(f"Effectif {titre} : {eff.nombre} ({types})")
        for ligne in eff.lignes:
            print(f"  - {ligne.nom} {ligne.prenoms} [{ligne.type_de_suivi.value}]")


if __name__ == "__main__":
    main()
