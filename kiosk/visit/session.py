"""What the visitor is doing, and when the kiosk takes over again. No Qt: driven by a clock.

Modes: ATTRACT (slides play by themselves) and BROWSE (a visitor is in control). Each mode's
rules say when it times out and how slides advance in it; adding a mode (the message form,
the staff panel) is one enum member and one entry in the rules table.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from kiosk.setup.config import Settings


class Mode(StrEnum):
    ATTRACT = "attract"
    BROWSE = "browse"
    FORM = "form"  # a visitor is writing a message
    STAFF = "staff"  # the PIN pad or the staff panel


class Event(StrEnum):
    MODE = "mode"  # the mode changed
    WARNING = "warning"  # the "Still there?" countdown appeared or went away
    LANGUAGE = "language"  # the visitor picked a language, or it was reset
    TOUCH = "touch"  # any touch, click or key (before what it does to the mode)


@dataclass(frozen=True)
class ModeRules:
    idle_s: float | None  # seconds without a touch before the countdown; None: never
    warn_s: float  # length of the "Still there?" countdown
    dwell_factor: float | None  # slide durations are multiplied by this; None: no auto-advance


def rules_from(settings: Settings | None = None) -> dict[Mode, ModeRules]:
    """Each mode's rules, from the kiosk's settings (their defaults when none are given)."""
    s = settings or Settings()
    return {
        Mode.ATTRACT: ModeRules(None, 0, 1.0),
        Mode.BROWSE: ModeRules(s.idle_seconds, s.warning_seconds,
                               None if s.browse_advance == "pause" else 3.0),
        Mode.FORM: ModeRules(s.form_idle_seconds, s.warning_seconds, None),
        Mode.STAFF: ModeRules(s.staff_lock_seconds, 0, None),  # locks itself, no countdown
    }


Listener = Callable[[Event, "Session"], None]


class Session:
    """The visitor state machine. Call :meth:`interact` on every touch, click or key, and
    :meth:`tick` now and then (the UI does it on a timer; tests do it after moving the clock)."""

    def __init__(self, default_language: str = "en", clock: Callable[[], float] = time.monotonic,
                 rules: dict[Mode, ModeRules] | None = None) -> None:
        self.clock = clock
        self.rules = rules or rules_from()
        self.default_language = default_language
        self.mode = Mode.ATTRACT
        self.language = default_language
        self.warning = False
        self._last_touch = clock()
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _emit(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event, self)

    @property
    def current_rules(self) -> ModeRules:
        return self.rules[self.mode]

    # ---------------------------------------------------------------- visitor input
    def interact(self) -> bool:
        """A touch, click or key. Returns True if it only woke the kiosk or dismissed the
        countdown (the UI should not act on it further)."""
        self._last_touch = self.clock()
        self._emit(Event.TOUCH)
        if self.warning:
            self._set_warning(False)
            return True
        if self.mode is Mode.ATTRACT:
            self.enter(Mode.BROWSE)
            return True
        return False

    def enter(self, mode: Mode) -> None:
        self._last_touch = self.clock()
        self._set_warning(False)
        if mode is not self.mode:
            self.mode = mode
            if mode is Mode.ATTRACT:
                self.set_language(self.default_language)
            self._emit(Event.MODE)

    def set_language(self, language: str) -> None:
        if language != self.language:
            self.language = language
            self._emit(Event.LANGUAGE)

    def return_to_attract(self) -> None:
        self.enter(Mode.ATTRACT)

    # ---------------------------------------------------------------- time
    def idle_seconds(self) -> float:
        return self.clock() - self._last_touch

    def seconds_left(self) -> int:
        """Whole seconds of the countdown left (0 when there is none)."""
        rules = self.current_rules
        if rules.idle_s is None:
            return 0
        return max(0, math.ceil(rules.idle_s + rules.warn_s - self.idle_seconds()))

    def tick(self) -> None:
        rules = self.current_rules
        if rules.idle_s is None:
            return
        idle = self.idle_seconds()
        if idle >= rules.idle_s + rules.warn_s:
            self.return_to_attract()
        elif idle >= rules.idle_s and not self.warning:
            self._set_warning(True)

    def _set_warning(self, on: bool) -> None:
        if on != self.warning:
            self.warning = on
            self._emit(Event.WARNING)
