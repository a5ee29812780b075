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
- :mod:`rst_effectifs.testing.invariants` — billing invariants (F1, F2, F4, F5) to check
  on an assiette or a closing history, with plain ``assert`` semantics.

Importing this package imports neither Hypothesis nor pytest; the modules that need them
require the ``test`` extra. See ``docs/testing-kit.md``.
"""
