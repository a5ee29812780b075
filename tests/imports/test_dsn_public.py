"""A DSN no one here wrote: the public FCTU batch of ``publics/`` (see its README):
a payroll package's P25V01 end-of-contract notices in a net-entreprises envelope."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from dsn_synthetique import nic_valide, siren_valide

from rst_effectifs.formats.dsn import DsnInvalide, lire_dsn

FICHIER = Path(__file__).parent / "publics" / "open-neodes-fctu-P25V01.dsn"


def test_as_published_its_siren_is_refused_at_each_company_block() -> None:
    with pytest.raises(DsnInvalide) as refus:
        lire_dsn(FICHIER)
    codes = {e.code for e in refus.value.erreurs}
    assert "siren.invalide" in codes
    assert all("987654321" not in e.message for e in refus.value.erreurs)


def test_with_a_valid_siren_its_three_notices_are_read_and_every_flaw_said() -> None:
    siren = siren_valide("98765432")
    octets = FICHIER.read_bytes().replace(b"'987654321'", f"'{siren}'".encode())
    octets = re.sub(rb"S21\.G00\.11\.001,'0*([0-9]+)'",
                    lambda m: f"S21.G00.11.001,'{nic_valide(siren, m[1].decode().zfill(4)[-4:])}'"
                    .encode(), octets)
    declaration = lire_dsn(io.BytesIO(octets))
    assert declaration.versions == ("P25V01",)
    assert len(declaration.etablissements) == 3
    # Its NIR has month digits 45: no such NIR, so each person is left aside, saying why.
    assert len(declaration.ecartes) == 3 and declaration.individus == ()
    assert all("NIR" in e.raisons[0] for e in declaration.ecartes)
    # The job label damaged before publication is flagged, never kept as a poste label.
    remarques = [r for e in declaration.etablissements for r in e.remarques]
    assert [r.code for r in remarques] == ["dsn.libelle_illisible"]
