"""Telling a tap from a swipe, and a committed swipe from one that springs back. No Qt."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    NONE = "none"  # nothing to do (vertical move, cancelled, not started)
    TAP = "tap"
    NEXT = "next"  # swiped left far or fast enough: the next slide
    PREVIOUS = "previous"
    SPRING_BACK = "spring_back"


@dataclass
class _Sample:
    x: float
    t: float


class SwipeTracker:
    """Feed it one finger's (or the mouse's) positions with times in seconds.

    A movement smaller than ``slop`` pixels is a tap. Once past it, the gesture locks to the
    axis it moved along most: vertical gestures are ignored to the end. A horizontal one
    commits when dragged past a third of the width or flicked faster than ``flick`` widths
    per second; otherwise it springs back.
    """

    def __init__(self, width: float, slop: float = 14.0, flick: float = 0.6) -> None:
        self.width = width
        self.slop = slop
        self.flick = flick
        self._start: tuple[float, float] | None = None
        self._axis: str | None = None  # "x", "y" or None while undecided
        self._samples: list[_Sample] = []
        self.dx = 0.0

    @property
    def active(self) -> bool:
        return self._start is not None

    @property
    def dragging(self) -> bool:
        return self._axis == "x"

    def press(self, x: float, y: float, t: float) -> None:
        self._start, self._axis, self.dx = (x, y), None, 0.0
        self._samples = [_Sample(x, t)]

    def move(self, x: float, y: float, t: float) -> bool:
        """Returns True when the slide should follow the finger to ``self.dx``."""
        if self._start is None or self._axis == "y":
            return False
        dx, dy = x - self._start[0], y - self._start[1]
        if self._axis is None:
            if max(abs(dx), abs(dy)) < self.slop:
                return False
            self._axis = "x" if abs(dx) > abs(dy) else "y"
            if self._axis == "y":
                return False
        self.dx = dx
        self._samples = [s for s in self._samples if t - s.t <= 0.1] + [_Sample(x, t)]
        return True

    def release(self, x: float, y: float, t: float) -> Outcome:
        if self._start is None:
            return Outcome.NONE
        self.move(x, y, t)
        axis, dx = self._axis, self.dx
        velocity = self._velocity()
        self.cancel()
        if axis is None:
            return Outcome.TAP
        if axis == "y":
            return Outcome.NONE
        fast = abs(velocity) >= self.flick * self.width and (velocity > 0) == (dx > 0)
        if abs(dx) >= self.width / 3 or fast:
            return Outcome.NEXT if dx < 0 else Outcome.PREVIOUS
        return Outcome.SPRING_BACK

    def cancel(self) -> None:
        self._start, self._axis, self._samples = None, None, []

    def _velocity(self) -> float:
        """Pixels per second over the last tenth of a second."""
        if len(self._samples) < 2:
            return 0.0
        first, last = self._samples[0], self._samples[-1]
        span = last.t - first.t
        return (last.x - first.x) / span if span > 1e-3 else 0.0
