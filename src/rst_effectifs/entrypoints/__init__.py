"""Driving adapters: the front ends that call the library (the command line, the portal
over HTTP, the outbox's background sender). They import the public API, the formats
and ``bootstrap``, never a storage adapter."""
