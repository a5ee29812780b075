"""The portal's HTTP adapter (Starlette): the API routes and app factory (w1), and
authentication, sessions, CSRF and hardening (``authentification``, ``reglages``,
``securite``, ``sante``)."""
