"""A visit, from the touch that stops the loop to the idle reset, the Home button or the
thank-you. Fed by the composition root; never sees what a visitor types. No Qt here."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.visit.session import Event, Mode, Session

#: How a visit ended.
IDLE, HOME, THANK_YOU = "idle", "home", "thank_you"
#: What became of the message form in a visit.
NO_FORM, OPENED, SENT, ABANDONED = "none", "opened", "sent", "abandoned"


@dataclass
class Visit:
    id: str
    started_at: float  # wall-clock seconds
    language: str
    duration_s: float = 0.0  # to the visitor's last touch (the idle countdown not counted)
    slides: list[tuple[str, float]] = field(default_factory=list)  # (slide id, dwell s), in order
    jumps: int = 0  # chapters chosen from the chapter menu
    larger_text: bool = False
    form: str = NO_FORM
    abandoned_at: str | None = None  # the form field last entered, when the form was left
    ended_by: str = ""
    last_field: str | None = field(default=None, repr=False)


class VisitTracker:
    """Turns session events and the journey's signals into :class:`Visit` records, handed to
    ``record`` when each visit ends. A visit ended by staff opening their panel is dropped:
    it was not a visitor."""

    def __init__(self, record: Callable[[Visit], object],
                 clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], float] = time.time) -> None:
        self.record, self.clock, self.wall = record, clock, wall
        self.visit: Visit | None = None
        self._slide: str | None = None
        self._since = 0.0  # on ``clock``: when the current slide came (or the visit began)
        self._start = 0.0
        self._last_touch = 0.0
        self._thanked = False  # a visit just ended with a thank-you: the next touch starts one

    def on_session(self, event: Event, session: Session) -> None:
        if event is Event.TOUCH:
            self._last_touch = self.clock()
            if self.visit is None and session.mode is Mode.BROWSE:
                self._begin(session.language)
        elif event is Event.MODE:
            if session.mode is Mode.ATTRACT:
                self._thanked = False
                self.end(IDLE)
            elif session.mode is Mode.STAFF:
                self.visit = None
            elif session.mode is Mode.FORM:
                self.form_opened()
            elif self.visit is None and session.mode is Mode.BROWSE and not self._thanked:
                self._begin(session.language)
        elif (event is Event.LANGUAGE and self.visit is not None
              and session.mode is not Mode.ATTRACT):  # not the reset for the next visitor
            self.visit.language = session.language

    def _begin(self, language: str) -> None:
        now = self.clock()
        self._start = self._since = self._last_touch = now
        self._thanked = False
        self.visit = Visit(str(uuid.uuid4()), self.wall(), language)

    def slide_shown(self, slide_id: str | None) -> None:
        now = self.clock()
        if self.visit is not None and self._slide is not None:
            self.visit.slides.append((self._slide, now - self._since))
        self._slide, self._since = slide_id, now

    def chapter_chosen(self) -> None:
        if self.visit is not None:
            self.visit.jumps += 1

    def larger_text(self, on: bool) -> None:
        if self.visit is not None and on:
            self.visit.larger_text = True

    def form_opened(self) -> None:
        if self.visit is not None and self.visit.form != SENT:
            self.visit.form = OPENED

    def field_entered(self, key: str) -> None:
        if self.visit is not None:
            self.visit.last_field = key

    def form_sent(self) -> None:
        """The visitor's message is saved and the thank-you shows: the visit is over now, and
        recorded now (a power cut during the thank-you must not lose it). The slides that
        come back after it wait for the next touch to start a visit."""
        if self.visit is not None:
            self.visit.form = SENT
            self.end(THANK_YOU)
            self._thanked = True

    def end(self, how: str) -> None:
        """The visit is over (idle reset, Home, thank-you); a no-op when none is open."""
        visit = self.visit
        if visit is None:
            return
        self.visit = None
        end = self._last_touch if how == IDLE else self.clock()
        end = max(end, self._since)
        if self._slide is not None:
            visit.slides.append((self._slide, end - self._since))
        self._since = self.clock()
        visit.duration_s = end - self._start
        if visit.form == OPENED:
            visit.form, visit.abandoned_at = ABANDONED, visit.last_field
        visit.ended_by = how
        self.record(visit)
