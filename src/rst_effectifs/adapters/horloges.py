"""The clocks: the system's, and one tests set by hand (the port is ``ports.horloges``)."""

from __future__ import annotations

import datetime as dt

from attrs import define


class HorlogeSysteme:
    def maintenant(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


@define
class HorlogeFixe:
    """A clock tests set by hand."""

    instant: dt.datetime = dt.datetime(2025, 1, 1, 9, 0, tzinfo=dt.UTC)

    def maintenant(self) -> dt.datetime:
        return self.instant

    def avancer(self, delta: dt.timedelta) -> None:
        self.instant += delta


__all__ = ["HorlogeFixe", "HorlogeSysteme"]
