"""The library's one exception hierarchy.

Every refusal carries a stable ``code`` (``salarie.deja_existant``), the ``regle``
it enforces (``S2``) and a French ``message`` a front end can show as is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from attrs import frozen

Detail = str | int | float | bool | None | Sequence[Any] | Mapping[str, Any]
"""A value of an error's ``details``: JSON-typed (a version is a number, a list of ids
a list), as front ends receive it."""


class ErreurRstEffectifs(Exception):
    """Root of every error the library raises on purpose."""

    code: str = "erreur"
    regle: str = ""

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        regle: str | None = None,
        chemin: str | None = None,
        details: Mapping[str, Detail] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if regle is not None:
            self.regle = regle
        self.chemin = chemin
        self.details: dict[str, Detail] = dict(details or {})

    def __str__(self) -> str:
        where = f" ({self.chemin})" if self.chemin else ""
        rule = f"[{self.regle}] " if self.regle else ""
        return f"{rule}{self.code}: {self.message}{where}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, regle={self.regle!r})"


class ErreurDomaine(ErreurRstEffectifs):
    """A refusal by a business rule or of bad input."""


class DonneeInvalide(ErreurDomaine):
    """Input that is malformed or outside its allowed values."""

    code = "donnee.invalide"


class RegleMetier(ErreurDomaine):
    """Well-formed input that a business rule refuses."""

    code = "regle.enfreinte"


class Introuvable(ErreurDomaine):
    """Unknown id, or an id of another adherent: the two are indistinguishable (A4)."""

    code = "introuvable"
    regle = "A4"


class AccesInterdit(ErreurDomaine):
    """The acting access lacks the role the use case needs (A3)."""

    code = "acces.interdit"
    regle = "A3"


class ConflitDeVersion(ErreurDomaine):
    """Someone else saved the aggregate since it was loaded: reload and retry."""

    code = "concurrence.conflit_de_version"
    regle = "concurrence"

    def __init__(self, message: str = "Ces données ont été modifiées entre-temps ; "
                 "rechargez-les puis recommencez.", **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]


class VersionPerimee(ConflitDeVersion):
    """The caller's expected version (``version_attendue``, an HTTP ``If-Match``) is not
    the stored one: someone saved since the caller read. Nothing is written; retrying
    the same request cannot succeed, the caller reloads (HTTP 412)."""

    code = "concurrence.version_perimee"


def exiger_version(actuelle: int, attendue: int | None) -> None:
    """Refuse a change made from a stale read: ``attendue`` (``None``: not checked)
    against the version just loaded, before anything is written."""
    if attendue is not None and attendue != actuelle:
        raise VersionPerimee(
            "Ces données ont été modifiées depuis que vous les avez lues ; rechargez-les "
            "puis recommencez.",
            details={"version": actuelle, "version_attendue": attendue},
        )


def adherent_introuvable() -> Introuvable:
    """A4: an unknown adherent, or another adherent's: the same answer everywhere."""
    return Introuvable("Cet adhérent est introuvable.", code="adherent.introuvable",
                       chemin="adherent_id")


def salarie_introuvable() -> Introuvable:
    return Introuvable("Ce salarié est introuvable.", code="salarie.introuvable",
                       chemin="salarie_id")


def cloture_introuvable() -> Introuvable:
    return Introuvable("Cette clôture est introuvable.", code="cloture.introuvable",
                       chemin="periode")


def cloture_deja_faite() -> RegleMetier:
    """F4: a period is closed once, whichever storage sees the second closing."""
    return RegleMetier("Cette période est déjà clôturée.", code="cloture.deja_faite",
                       regle="F4")


class ErreurTechnique(ErreurRstEffectifs):
    """The storage failed (connection lost, disk, driver): nothing was stored."""

    code = "technique.stockage"
    regle = ""


class EchecTransitoire(ErreurTechnique):
    """A failure another attempt may not meet (serialization failure, deadlock, connection
    lost before commit, database busy past the timeout): nothing was stored, and the whole
    use case can run again (``executer(..., tentatives=N)``)."""

    code = "technique.transitoire"


@frozen
class Echec:
    """One item of a grouped request that was refused, with why."""

    salarie_id: str
    code: str
    regle: str
    message: str


class RefusGroupe(ErreurDomaine):
    """A grouped request (E5) refused as a whole; lists every item that failed."""

    code = "requete.refus_groupe"
    regle = "E5"

    def __init__(self, echecs: Sequence[Echec]) -> None:
        self.echecs: tuple[Echec, ...] = tuple(echecs)
        noms = ", ".join(e.salarie_id for e in self.echecs)
        super().__init__(
            f"Aucune modification n'a été faite : {len(self.echecs)} salarié(s) en erreur ({noms})."
        )
