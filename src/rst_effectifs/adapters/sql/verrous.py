"""The names of the locks that serialise S2 and E5 between concurrent units of work.

A unit of work that may create a file, or change who a file is, locks the S2 keys of
the identities it handles before it checks for a duplicate: the normalised names and
birth date, and the NIR when there is one. Two identities S2 could call the same person
always share a key (the same NIR, or the same names and birth date), so their writers
take turns and the second one sees the first one's file. An import locks every identity
of the member at once (:data:`TOUTES`). A grouped request locks its request id (E5).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection

from ...domain.salaries import Identite

TOUTES = "*"
"""The member-wide key: an import's lock, taken exclusively; one identity's lock takes
it shared first, so an import and a hire of the same member take turns too."""


SEAUX = 1 << 16
"""Identity keys are spread over this many buckets per member and kind. A lock number
may reach a server log (with statement or parameter logging on): a number drawn from a
full digest of a NIR would give the NIR back to anyone who tries the few hundred million
NIRs of a known birth month; a bucket leaves thousands of candidates. Two people of one
member sharing a bucket only wait for each other (1 chance in 65,536 per pair)."""


def _seau(texte: str) -> int:
    empreinte = hashlib.blake2b(texte.encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(empreinte.digest(), "big") % SEAUX


def cles_identites(identites: Collection[Identite]) -> list[str]:
    """The S2 keys of ``identites``, sorted (every unit takes them in the same order, so
    two units never wait for each other in a circle)."""
    cles: set[str] = set()
    for identite in identites:
        nom, prenoms, naissance = identite.cle
        personne = "\x1f".join((nom, prenoms, naissance.isoformat()))
        cles.add(f"identite\x1f{_seau(personne)}")
        if identite.nir is not None:
            cles.add(f"nir\x1f{_seau(identite.nir.valeur)}")
        if identite.ntt is not None:
            cles.add(f"ntt\x1f{_seau(identite.ntt.valeur)}")
    return sorted(cles)


def cle_requete(requete_id: str) -> str:
    return f"requete\x1f{requete_id}"


def numero_de_verrou(adherent_id: str, cle: str) -> int:
    """A signed 64-bit number for ``pg_advisory_xact_lock``: a digest of the member and
    the key (identity keys are buckets already, so no NIR nor name can be read back)."""
    texte = f"rst_effectifs\x1f{adherent_id}\x1f{cle}".encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(texte, digest_size=8).digest(), "big", signed=True)


__all__ = ["SEAUX", "TOUTES", "cle_requete", "cles_identites", "numero_de_verrou"]
