"""Proof of play: per slide and hour, how often and how long the attract loop showed it, and
the stretches where nothing was painted. No Qt here.

Every second of the loop goes to exactly one place: the slide on screen, or a gap. A gap is
``blank`` (no slide to show) or ``frozen`` (the heartbeat, which the GUI thread beats every
second, came late: nothing could have been painted meanwhile).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

BLANK, FROZEN = "blank", "frozen"
#: A heartbeat later than this after the one before means the screen was frozen meanwhile.
LATE_AFTER_S = 3.0
#: A blank shorter than this is a slide being painted (the first one after a start), not a gap
#: a visitor could see: it is not recorded.
SHORTEST_GAP_S = 1.0

PlaySink = Callable[[str, str, int, float], None]  # hour, slide id, times shown, seconds
GapSink = Callable[[float, float, str], None]  # wall start, seconds, kind


def hour_of(wall: float) -> str:
    """The local hour a moment falls in: ``2026-11-22T14``."""
    return datetime.fromtimestamp(wall).strftime("%Y-%m-%dT%H")


def by_hour(wall: float, seconds: float) -> list[tuple[str, float]]:
    """A stretch of time cut at each hour it crosses."""
    pieces = []
    while seconds > 0:
        start = datetime.fromtimestamp(wall)
        edge = (start.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
                ).timestamp()
        part = min(seconds, edge - wall)
        pieces.append((hour_of(wall), part))
        wall, seconds = wall + part, seconds - part
    return pieces


class PlayLog:
    def __init__(self, play: PlaySink, gap: GapSink, clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], float] = time.time) -> None:
        self.play, self.gap, self.clock, self.wall = play, gap, clock, wall
        self.in_loop = False
        self._slide: str | None = None
        self._new = False  # the current slide has not been counted as shown yet
        self._since = 0.0  # on ``clock``
        self._beat = clock()

    def _close(self, until: float) -> None:
        """Put the time from ``_since`` to ``until`` where it belongs."""
        seconds = until - self._since
        if not self.in_loop or seconds <= 0:
            self._since = max(self._since, until)
            return
        start = self.wall() - (self.clock() - self._since)
        if self._slide is None:
            if seconds >= SHORTEST_GAP_S:
                self.gap(start, seconds, BLANK)
        else:
            for n, (hour, part) in enumerate(by_hour(start, seconds)):
                self.play(hour, self._slide, int(self._new and n == 0), part)
            self._new = False
        self._since = until

    def slide_shown(self, slide_id: str | None) -> None:
        self.beat()
        self._close(self.clock())
        self._slide, self._new = slide_id, slide_id is not None

    def set_loop(self, on: bool) -> None:
        """The attract loop started (True) or a visitor took over (False)."""
        self.beat()
        self._close(self.clock())
        if on and not self.in_loop:
            self._new = self._slide is not None  # the loop shows this slide anew
        self.in_loop = on

    def beat(self) -> None:
        """The GUI thread is alive. A late beat makes the time since the last one a gap."""
        now = self.clock()
        if now - self._beat > LATE_AFTER_S:
            self._close(self._beat)
            if self.in_loop:
                self.gap(self.wall() - (now - self._beat), now - self._beat, FROZEN)
            self._since = now
        self._beat = now

    def flush(self) -> None:
        """Record what has played so far (each hour, and at shutdown)."""
        self.beat()
        self._close(self.clock())
