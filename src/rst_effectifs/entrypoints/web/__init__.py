"""The portal's HTTP adapter (extra ``portail``): a driving adapter next to the CLI.

:func:`creer_application` builds the Starlette application over a ``Contexte``; the
API (``/api/v1``) is one route table (:mod:`.api_routes`) served by one generic
handler (:mod:`.api`), described by an OpenAPI 3.1 document built from the library's
JSON Schemas (:mod:`.openapi`), with keyset cursors bound to their filters
(:mod:`.pagination`). Who is calling, sessions, CSRF, bearer tokens and the hardening
middleware: :mod:`.authentification`, :mod:`.reglages`, :mod:`.securite`,
:mod:`.sante`. See ``docs/portal.md``.
"""

from .application import creer_application

__all__ = ["creer_application"]
