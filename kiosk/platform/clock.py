"""Clocks the kiosk can be handed: the real one, or one that moves only when told to."""

from __future__ import annotations


class ManualClock:
    """A clock that moves only when told to (tests, and drawing screens for the docs)."""

    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
