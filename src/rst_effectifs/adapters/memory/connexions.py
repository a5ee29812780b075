"""Sign-in codes and bearer tokens (A6, A7) in memory: staged until the commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from attrs import evolve

from ...domain.erreurs import ConflitDeVersion
from ...domain.identifiants import Email
from ...ports.connexions import CodeDeConnexion, DepotConnexions, JetonDAcces
from .etat import EtatMemoire, UniteMemoire


class ConnexionsMemoire(DepotConnexions):
    """Codes by id and tokens by id; a code used by this unit must still be unused in
    the store at commit (else ``ConflitDeVersion``: another unit signed in with it)."""

    def __init__(self, uow: UniteMemoire) -> None:
        self._uow = uow
        self.codes: dict[str, CodeDeConnexion] = {}
        """New codes of this unit."""
        self.essais: dict[str, int] = {}
        """Tries counted by this unit, by code id (added to the stored count)."""
        self.essais_max: dict[str, int] = {}
        self.utilises: dict[str, dt.datetime] = {}
        self.oubli: dt.datetime | None = None
        self.jetons: dict[str, JetonDAcces] = {}

    def _code(self, code_id: str) -> CodeDeConnexion | None:
        code = self.codes.get(code_id) or self._uow.etat.connexions.get(code_id)
        if code is None:
            return None
        return evolve(code, essais=code.essais + self.essais.get(code_id, 0),
                      utilise=self.utilises.get(code_id, code.utilise))

    def ajouter_code(self, code: CodeDeConnexion) -> None:
        self.codes[code.code_id] = code

    def codes_actifs(self, email: Email, maintenant: dt.datetime) -> Sequence[CodeDeConnexion]:
        ids = {*self._uow.etat.connexions, *self.codes}
        tous = [c for i in ids if (c := self._code(i)) is not None]
        return sorted((c for c in tous if c.email.cle == email.cle and c.utilise is None
                       and c.expire > maintenant), key=lambda c: (c.cree, c.code_id))

    def reserver_essai(self, code_id: str, email: Email, maintenant: dt.datetime,
                       essais_max: int) -> CodeDeConnexion | None:
        code = self._code(code_id)
        if code is None or code.email.cle != email.cle or code.utilise is not None \
                or code.expire <= maintenant or code.essais >= essais_max:
            return None
        self.essais[code_id] = self.essais.get(code_id, 0) + 1
        self.essais_max[code_id] = essais_max
        return code

    def utiliser_code(self, code_id: str, quand: dt.datetime) -> bool:
        code = self._code(code_id)
        if code is None or code.utilise is not None:
            return False
        self.utilises[code_id] = quand
        return True

    def oublier_codes(self, avant: dt.datetime) -> None:
        self.oubli = avant if self.oubli is None else max(self.oubli, avant)

    def ajouter_jeton(self, jeton: JetonDAcces) -> None:
        self.jetons[jeton.jeton_id] = jeton

    def obtenir_jeton(self, jeton_id: str) -> JetonDAcces | None:
        return self.jetons.get(jeton_id) or self._uow.etat.jetons.get(jeton_id)

    def jeton_par_empreinte(self, empreinte: str) -> JetonDAcces | None:
        return next((j for j in self._tous_les_jetons() if j.empreinte == empreinte), None)

    def _tous_les_jetons(self) -> list[JetonDAcces]:
        return list({**self._uow.etat.jetons, **self.jetons}.values())

    def jetons_de(self, email: Email) -> Sequence[JetonDAcces]:
        return sorted((j for j in self._tous_les_jetons() if j.email.cle == email.cle),
                      key=lambda j: (j.cree, j.jeton_id))

    def revoquer_jeton(self, jeton_id: str, quand: dt.datetime) -> None:
        jeton = self.obtenir_jeton(jeton_id)
        if jeton is not None and jeton.revoque is None:
            self.jetons[jeton_id] = evolve(jeton, revoque=quand)

    def verifier(self, etat: EtatMemoire) -> None:
        for code_id, nombre in self.essais.items():
            stocke = etat.connexions.get(code_id)
            if stocke is not None and stocke.essais + nombre > self.essais_max[code_id]:
                raise ConflitDeVersion()
        for code_id in self.utilises:
            deja = self.codes.get(code_id) or etat.connexions.get(code_id)
            if deja is None or deja.utilise is not None:
                raise ConflitDeVersion()

    def appliquer(self, etat: EtatMemoire) -> None:
        etat.connexions.update(self.codes)
        for code_id in {*self.essais, *self.utilises}:
            code = etat.connexions.get(code_id)
            if code is not None:
                etat.connexions[code_id] = evolve(
                    code, essais=code.essais + self.essais.get(code_id, 0),
                    utilise=self.utilises.get(code_id, code.utilise))
        if self.oubli is not None:
            for code_id in [i for i, c in etat.connexions.items() if c.expire < self.oubli]:
                del etat.connexions[code_id]
        etat.jetons.update(self.jetons)


__all__ = ["ConnexionsMemoire"]
