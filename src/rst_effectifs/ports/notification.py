"""The notification port: how the library sends a message to a person (A2)."""

from __future__ import annotations

from typing import Protocol

from ..domain.identifiants import Email


class Notifier(Protocol):
    def envoyer(self, destinataire: Email, sujet: str, corps: str) -> None:
        """Send a plain-text message; ``ErreurTechnique`` if it could not be handed over.
        Never raises anything that names the recipient."""
        ...


__all__ = ["Notifier"]
