"""Which of the deck's slides may play now, and the way round the loop among them."""

from __future__ import annotations


class Lineup:
    """Every slide of the deck playing (``count`` of them, the player sets it), in its
    order. A schedule narrows it (:class:`kiosk.ui.player.schedule_gate.ScheduleLineup`)."""

    def __init__(self) -> None:
        self.count = 0

    def allowed(self) -> list[int]:
        """The slides that may play now, in the deck's order."""
        return list(range(self.count))

    def step(self, here: int, by: int) -> int:
        """The slide one place on (``by`` 1) or back (-1) from ``here`` round the loop, among
        those allowed (``here`` need not be one of them); ``here`` when none is."""
        allowed = self.allowed()
        if not allowed:
            return here
        if by > 0:
            return next((i for i in allowed if i > here), allowed[0])
        return next((i for i in reversed(allowed) if i < here), allowed[-1])

    def first(self, at: int = 0) -> int:
        """``at`` if it may play, else the next one that may."""
        allowed = self.allowed()
        return at if at in allowed or not allowed else self.step(at, 1)
