"""Implementations of the ports: in memory, SQL, serialisation."""
