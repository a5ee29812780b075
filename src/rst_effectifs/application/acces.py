"""Menu "Mes accès": who may act on an adherent, with which roles (A3), and the
resolution of a logged-in e-mail into the acting access (A4).

Changing an access also saves the adherent (its version moves), so that two
administrators changing accesses at once conflict (``ConflitDeVersion``) instead of
both removing an administrator and leaving none.
"""

from __future__ import annotations

from ..domain.adherents import Acces, Acteur, Adherent
from ..domain.comptes import accorder, changer_roles, retirer
from ..domain.erreurs import Introuvable, adherent_introuvable
from ..domain.evenements import Evenement
from ..domain.identifiants import ID_MAX, Email
from ..ports.acces import AdherentAccessible
from ..ports.unit_of_work import UniteDeTravail
from .commandes import AccorderAcces, ListerAcces, ModifierAcces, RetirerAcces
from .contexte import Besoin, Contexte, cas_d_usage


def acces_introuvable() -> Introuvable:
    return Introuvable("Cette adresse n'a pas d'accès à cet adhérent.",
                       code="acces.introuvable", chemin="email")


def _enregistrer(
    ctx: Contexte, uow: UniteDeTravail, acteur: Acteur, adherent: Adherent,
    evenements: list[Evenement],
) -> None:
    uow.adherents.enregistrer(adherent)  # orders concurrent access changes (A3)
    ctx.journaliser(uow, acteur, evenements)
    uow.commit()


@cas_d_usage(Besoin.ADMINISTRATION, ecrit=False)
def lister_acces(ctx: Contexte, acteur: Acteur, commande: ListerAcces) -> tuple[Acces, ...]:
    """A3: every access on the adherent, by e-mail."""
    with ctx.unite_de_travail() as uow:
        adherent = uow.adherents.obtenir(commande.adherent_id)
        return tuple(uow.acces.lister(adherent.id))


@cas_d_usage(Besoin.ADMINISTRATION)
def accorder_acces(ctx: Contexte, acteur: Acteur, commande: AccorderAcces) -> Acces:
    """A3: a new access for an e-mail that has none on this adherent."""
    email = Email.parse(commande.email, chemin="email")
    with ctx.unite_de_travail() as uow:
        adherent = uow.adherents.obtenir(commande.adherent_id)
        acces, evenements = accorder(uow.acces.obtenir(adherent.id, email), adherent.id, email,
                                     commande.roles)
        uow.acces.ajouter(acces)
        _enregistrer(ctx, uow, acteur, adherent, evenements)
    return acces


def _acces_existant(uow: UniteDeTravail, adherent_id: str, email: Email) -> Acces:
    """The stored access to change or revoke; none is the same "not found" as A4's."""
    existant = uow.acces.obtenir(adherent_id, email)
    if existant is None:
        raise acces_introuvable()
    return existant


@cas_d_usage(Besoin.ADMINISTRATION)
def modifier_acces(ctx: Contexte, acteur: Acteur, commande: ModifierAcces) -> Acces:
    """A3: new roles for an access; downgrading the last administrator is refused."""
    email = Email.parse(commande.email, chemin="email")
    with ctx.unite_de_travail() as uow:
        adherent = uow.adherents.obtenir(commande.adherent_id)
        existant = _acces_existant(uow, adherent.id, email)
        acces, evenements = changer_roles(uow.acces.lister(adherent.id), existant,
                                          commande.roles)
        if evenements:
            uow.acces.modifier(acces)
            _enregistrer(ctx, uow, acteur, adherent, evenements)
    return acces


@cas_d_usage(Besoin.ADMINISTRATION)
def retirer_acces(ctx: Contexte, acteur: Acteur, commande: RetirerAcces) -> None:
    """A3: revoke an access; revoking the last administrator is refused. The e-mail's
    portal sessions end with it (A6: it signs in again for its other accesses)."""
    email = Email.parse(commande.email, chemin="email")
    with ctx.unite_de_travail() as uow:
        adherent = uow.adherents.obtenir(commande.adherent_id)
        existant = _acces_existant(uow, adherent.id, email)
        evenements = retirer(uow.acces.lister(adherent.id), existant)
        uow.acces.retirer(adherent.id, existant.email)
        uow.sessions.terminer_de(existant.email, ctx.horloge.maintenant())
        _enregistrer(ctx, uow, acteur, adherent, evenements)


# -- after authentication: what a logged-in e-mail may do ------------------------------


def resoudre_acces(ctx: Contexte, email: Email | str, adherent_id: str) -> Acces:
    """A4: the stored access of an e-mail the front end has authenticated, on one
    adherent: the acting access to pass to use cases. The address is trimmed and
    compared ignoring case (the whole address, as ``Email`` compares). No access, an
    unknown adherent or one of another member: the same ``adherent.introuvable``."""
    adresse = Email.parse(email, chemin="email")
    acces = None
    if isinstance(adherent_id, str):
        with ctx.unite_de_travail() as uow:
            acces = uow.acces.obtenir(adherent_id, adresse)
    if acces is None:
        raise adherent_introuvable()
    return acces


def numero_possible(numero: object) -> bool:
    """A text a member number (or an id) could be: 1 to :data:`ID_MAX` printable
    characters; any other is looked up nowhere and answers ``adherent.introuvable``."""
    return isinstance(numero, str) and 0 < len(numero) <= ID_MAX and numero.isprintable()


def adherent_par_numero(
    uow: UniteDeTravail, numero: str, *, ou_id: bool = False
) -> Adherent:
    """A4: the adherent of a member number (``ou_id``: or of that id, the command line's
    ``--adherent``), read in ``uow``, for those who need no access (RST staff, the
    command line, which resolves its access apart). Unknown: ``adherent.introuvable``."""
    if not numero_possible(numero):
        raise adherent_introuvable()
    adherent = uow.adherents.par_numero(numero)
    if adherent is None:
        if not ou_id:
            raise adherent_introuvable()
        adherent = uow.adherents.obtenir(numero)
    return adherent


def adherent_et_acces(
    uow: UniteDeTravail, email: Email | str, *, numero: str | None = None,
    adherent_id: str | None = None,
) -> tuple[Adherent, Acces]:
    """A4: what a request names — a member ``numero``, an ``adherent_id``, or neither
    (the e-mail's first adherent) — and the e-mail the front end authenticated, as the
    adherent and the acting access, read in ``uow`` (the request's one unit of work,
    ``application/appels.py``). Unknown, or no access for that e-mail: the same
    ``adherent.introuvable`` (A4: another member answers like an unknown one)."""
    adresse = email if isinstance(email, Email) else Email.parse(email, chemin="email")
    if numero is not None:
        if not numero_possible(numero):
            raise adherent_introuvable()
        trouve = uow.comptes.adherent_et_acces(numero, adresse)  # one lookup for both
        if trouve is None or trouve[1] is None:
            raise adherent_introuvable()
        return trouve[0], trouve[1]
    if adherent_id is None:
        accessibles = uow.comptes.accessibles(adresse)
        if not accessibles:
            raise adherent_introuvable()
        adherent_id = accessibles[0].adherent_id
    acces = uow.acces.obtenir(adherent_id, adresse) if isinstance(adherent_id, str) else None
    if acces is None:
        raise adherent_introuvable()
    return uow.adherents.obtenir(acces.adherent_id), acces


def lister_adherents_accessibles(
    ctx: Contexte, email: Email | str
) -> tuple[AdherentAccessible, ...]:
    """A3: the adherents an authenticated e-mail may act on (an accountant has many),
    by adherent id, with its roles on each."""
    adresse = Email.parse(email, chemin="email")
    with ctx.unite_de_travail() as uow:
        return tuple(uow.comptes.accessibles(adresse))


__all__ = [
    "acces_introuvable",
    "accorder_acces",
    "adherent_et_acces",
    "adherent_par_numero",
    "lister_acces",
    "lister_adherents_accessibles",
    "modifier_acces",
    "numero_possible",
    "resoudre_acces",
    "retirer_acces",
]
