"""The consumer test kit: what other RST test suites import to test against this library.

- :mod:`rst_effectifs.testing.strategies` — Hypothesis strategies for valid domain data:
  identities (with or without a NIR coherent with the birth date, Corsican NIRs, names
  with accents, apostrophes and hyphens) and their S2 look-alikes, risks, postes,
  contracts, whole salarié histories built by the domain's own commands, and use-case
  scenarios with :func:`~rst_effectifs.testing.strategies.jouer_scenario` to play them.
  The identifier strategies (NIR, SIRET, e-mail, ...) of
  :mod:`rst_effectifs.testing.strategies_identifiants` are re-exported there.
- :mod:`rst_effectifs.testing.conformite` — abstract pytest classes a storage adapter
  subclasses with one ``make_contexte`` hook to prove it honours the ports' contracts.
- :mod:`rst_effectifs.testing.machine` — a state machine running the same random use
  cases on the memory adapter and on a candidate storage, checking they agree.
- :mod:`rst_effectifs.testing.invariants` and :mod:`.invariants_effectif` — one-line
  invariants (F1, F2, F4, F5, E3, E4, C3) to check on an assiette, a headcount, a
  contract change, a closing history or several storages, with plain ``assert``
  semantics, checked against :mod:`.oracle`: presence, headcount, counting and amounts
  recomputed day by day from a file's facts, sharing no code with the library.

Importing this package imports neither Hypothesis nor pytest; the modules that need them
require the ``kit`` extra (pytest and Hypothesis only). See ``docs/testing-kit.md``.
"""
