"""A small generator of synthetic DSN files built to the norm, so that the reader is
tested against the cahier technique rather than against our own samples.

Only fictitious people: names from short lists, NIRs built from the birth date, a
commune and a sequence (their key, when a file writes it, computed by python-stdnum),
SIRENs and SIRETs with a valid Luhn key computed by python-stdnum. What it writes,
each as the norm says (docs/import.md lists the rubrics):

- ``S10.G00.00.006`` the norm version (P24V01, P25V01, P26V01), ``S20.G00.05.001`` the
  nature of the declaration (01 monthly, 07 end-of-contract notice « FCTU »);
- the NIR on 13 characters without its key (S21.G00.30.001, ``Identifiant_Nir_13``),
  or no NIR and an NTT (S21.G00.30.020); birth dates with ``99`` for an unknown day or
  month (S21.G00.30.006, ``N4DS_DDN``);
- several companies and establishments, several declarations in a net-entreprises
  envelope (``S05.G51`` header, ``S06.G51`` then ``S96.G51`` around the declarations,
  as the public FCTU batch of Jikenlabs/open-neodes has them);
- ISO-8859-1 by default; windows-1252 (``’``), or UTF-8 as an editor re-saves it;
- a payroll package's quirks (:class:`Bizarreries`): PCS-ESE ``9999`` beside a job
  label, the 15-character NIR of an older payroll, the placeholder NIR ``1999999999999``,
  CRLF line ends, trailing blanks.

Usage::

    personnes = personnes_fictives(7, graine=3)
    fichier = ecrire([Declaration("842053175", [Etablissement("00019", personnes)])])
    declaration = lire_dsn(io.BytesIO(fichier))
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

import attrs
from stdnum import luhn

from rst_effectifs.domain.identifiants import calculer_cle

NOMS = ("MARTIN", "BERNARD", "BÉNARD", "N'DIAYE", "LEFÈVRE", "GARCIA", "FAURE", "ÇELIK",
        "DUVAL", "ROUX", "MÜLLER", "LE GOFF")
PRENOMS = ("Hélène", "Zoé", "Anaïs", "Noël", "Jérôme", "François", "Chloé", "Maël",
           "Jean-Pierre", "Aïssatou", "Loïc", "Agnès")
EMPLOIS = (("542a", "Secrétaire"), ("632a", "Maçon"), ("653a", "Cariste"),
           ("633a", "Électricien"), ("561b", "Serveur"), ("431f", "Infirmière"))


def siren_valide(huit: str) -> str:
    """Eight digits completed by their Luhn key."""
    return huit + luhn.calc_check_digit(huit)


def nic_valide(siren: str, quatre: str) -> str:
    """Four digits completed so that SIREN + NIC is a valid SIRET (Luhn)."""
    return quatre + luhn.calc_check_digit(siren + quatre)


def jjmmaaaa(jour: dt.date) -> str:
    return f"{jour:%d%m%Y}"


def nir13(sexe: str, naissance: dt.date, commune: int, ordre: int,
          departement: str = "75") -> str:
    """A fictitious NIR body on 13 characters (2A/2B allowed as ``departement``)."""
    return f"{sexe}{naissance:%y%m}{departement}{commune:03d}{ordre:03d}"


@attrs.define
class Contrat:
    debut: dt.date
    nature: str = "01"
    pcs: str | None = "542a"
    libelle: str | None = "Secrétaire"
    dispositif: str = "99"
    numero: str | None = None
    fin_prevue: dt.date | None = None
    fin: tuple[dt.date, str] | None = None  # block 62: last day, reason


@attrs.define
class Personne:
    nom: str
    prenoms: str
    naissance: str  # JJMMAAAA, 99 allowed
    nir: str | None  # 13 characters (or what a quirk writes)
    contrats: list[Contrat]
    ntt: str | None = None
    matricule: str = "00001"


@attrs.define
class Etablissement:
    nic: str
    personnes: list[Personne]


@attrs.define
class Declaration:
    siren: str
    etablissements: list[Etablissement]
    nature: str = "01"
    version: str = "P26V01"
    mois: dt.date = dt.date(2025, 3, 1)


@attrs.define
class Bizarreries:
    """What real payroll packages write that a strict reader of our own samples would
    refuse: see the module docstring."""

    pcs_9999: bool = False
    nir_15: bool = False
    crlf: bool = True
    blancs_en_fin: bool = False


def personnes_fictives(nombre: int, graine: int = 1, debut: dt.date = dt.date(2024, 1, 8)
                       ) -> list[Personne]:
    """``nombre`` fictitious people, each with one contract (a CDI, or a CDD with its
    planned end); names and birth dates drawn from ``graine``."""
    hasard = random.Random(graine)
    personnes = []
    for n in range(nombre):
        naissance = dt.date(1960, 1, 1) + dt.timedelta(days=hasard.randrange(40 * 365))
        sexe = "12"[n % 2]
        pcs, libelle = EMPLOIS[n % len(EMPLOIS)]
        cdd = n % 3 == 2
        contrat = Contrat(debut + dt.timedelta(days=n), "02" if cdd else "01", pcs, libelle,
                          numero=f"C{graine:02d}{n:04d}",
                          fin_prevue=debut + dt.timedelta(days=180) if cdd else None)
        personnes.append(Personne(
            hasard.choice(NOMS), hasard.choice(PRENOMS), jjmmaaaa(naissance),
            nir13(sexe, naissance, 100 + n % 800, 1 + n), [contrat], matricule=f"{n:05d}"))
    return personnes


def _rubrique(cle: str, valeur: str | None) -> list[str]:
    return [] if valeur is None else [f"{cle},'{valeur}'"]


def _personne(p: Personne, quirks: Bizarreries) -> list[str]:
    nir = p.nir
    if nir is not None and quirks.nir_15 and len(nir) == 13:
        nir += calculer_cle(nir)
    lignes = [*_rubrique("S21.G00.30.001", nir), f"S21.G00.30.002,'{p.nom}'",
              f"S21.G00.30.004,'{p.prenoms}'", f"S21.G00.30.006,'{p.naissance}'",
              "S21.G00.30.007,'PARIS'", f"S21.G00.30.019,'{p.matricule}'",
              *_rubrique("S21.G00.30.020", p.ntt)]
    for c in p.contrats:
        lignes += [f"S21.G00.40.001,'{jjmmaaaa(c.debut)}'", "S21.G00.40.002,'01'",
                   "S21.G00.40.003,'04'",
                   *_rubrique("S21.G00.40.004", "9999" if quirks.pcs_9999 else c.pcs),
                   *_rubrique("S21.G00.40.006", c.libelle), f"S21.G00.40.007,'{c.nature}'",
                   f"S21.G00.40.008,'{c.dispositif}'", *_rubrique("S21.G00.40.009", c.numero),
                   *_rubrique("S21.G00.40.010", c.fin_prevue and jjmmaaaa(c.fin_prevue)),
                   "S21.G00.40.011,'10'", "S21.G00.40.012,'151.67'"]
        if c.fin is not None:  # an absence block between the contract and its end
            lignes += ["S21.G00.60.001,'01'", f"S21.G00.62.001,'{jjmmaaaa(c.fin[0])}'",
                       f"S21.G00.62.002,'{c.fin[1]}'"]
    return lignes


def lignes_declaration(d: Declaration, quirks: Bizarreries | None = None) -> list[str]:
    """One declaration: its own S10 header, S20, the company, establishments, S90."""
    quirks = quirks or Bizarreries()
    lignes = ["S10.G00.00.001,'Paie Synthétique'", "S10.G00.00.002,'Éditeur Fictif'",
              "S10.G00.00.003,'3.2'", "S10.G00.00.005,'01'",
              f"S10.G00.00.006,'{d.version}'", "S10.G00.00.007,'01'", "S10.G00.00.008,'01'",
              f"S10.G00.01.001,'{d.siren}'", "S10.G00.01.002,'00010'",
              f"S20.G00.05.001,'{d.nature}'", "S20.G00.05.002,'01'", "S20.G00.05.003,'11'",
              "S20.G00.05.004,'1'", f"S20.G00.05.005,'{jjmmaaaa(d.mois)}'",
              f"S20.G00.05.007,'{jjmmaaaa(d.mois)}'", "S20.G00.05.010,'01'",
              f"S21.G00.06.001,'{d.siren}'", "S21.G00.06.002,'00010'",
              "S21.G00.06.003,'4399C'"]
    for e in d.etablissements:
        lignes += [f"S21.G00.11.001,'{e.nic}'", "S21.G00.11.002,'4399C'",
                   "S21.G00.11.004,'35400'", "S21.G00.11.005,'SAINT-MALO'"]
        for p in e.personnes:
            lignes += _personne(p, quirks)
    lignes.append(f"S90.G00.90.001,'{len(lignes) + 2}'")
    lignes.append("S90.G00.90.002,'1'")
    return lignes


def ecrire(declarations: Sequence[Declaration], *, enveloppe: bool = False,
           encodage: str = "iso-8859-1", bom: bool = False,
           quirks: Bizarreries | None = None) -> bytes:
    """The file's bytes: the declarations, in a net-entreprises envelope if asked."""
    quirks = quirks or Bizarreries()
    lignes: list[str] = []
    if enveloppe:
        lignes += ["S05.G51.00.001,'V01R02'", "S05.G51.00.002,'123456'",
                   "S05.G51.00.003,'01'", "S05.G51.00.004,'19122025'",
                   f"S05.G51.00.006,'{len(declarations)}'", "S06.G51.00.001,'DSNOK'"]
    for d in declarations:
        lignes += lignes_declaration(d, quirks)
    if enveloppe:
        lignes += ["S96.G51.00.001,'1'", "S96.G51.00.002,'DSNOK'"]
    fin = "\r\n" if quirks.crlf else "\n"
    blanc = "  " if quirks.blancs_en_fin else ""
    texte = "".join(f"{ligne}{blanc}{fin}" for ligne in lignes)
    return (b"\xef\xbb\xbf" if bom else b"") + texte.encode(encodage)
