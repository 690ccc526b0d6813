"""The player follows the deck's schedule: only the slides whose ``show:`` rules allow them
now play, and outside the booth's opening hours the screen sleeps (black, the loop stopped,
the display's power saving asked for) and wakes at opening on its own.

Times are compared as UTC instants (``kiosk.schedule.rules`` answers in UTC): two wall-clock times
of the same zone compare wrongly across the autumn's repeated hour.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kiosk.content import Deck
from kiosk.schedule.rules import (
    Opening,
    Rule,
    is_open,
    local_zone,
    next_change,
    playable,
    slide_rules,
)
from kiosk.ui.player.lineup import Lineup
from kiosk.ui.player.player import Player
from kiosk.ui.player.sleep import ClosedNotice, Dark
from kiosk.visit.session import Event, Mode, Session

#: What the player shows: slides, the holding slide (open, but no slide's rules allow it
#: now), black (closed), or when the booth opens (closed, and someone touched the screen).
OPEN, EMPTY, DARK, NOTICE = "open", "empty", "dark", "notice"
#: The longest wait before the clock is read again: a clock set by the network, or a
#: computer that was asleep, would otherwise go unnoticed until the change it waited for.
LONGEST_WAIT_S = 15 * 60
#: How long "We open at 9:00" stays after the last touch before the screen sleeps again.
NOTICE_SECONDS = 20.0

SlideRules = list[tuple[str | None, Rule | None]]


def utc_now() -> datetime:
    return datetime.now(UTC)


def wall_clock(seconds: Callable[[], float]) -> Callable[[], datetime]:
    """The wall time from a clock of seconds since 1970 (``time.time``; a ManualClock in
    tests, which then go across a week in no time)."""
    return lambda: datetime.fromtimestamp(seconds(), UTC)


class DisplayPower(Protocol):
    """Turns the display off and on where the platform allows
    (:class:`kiosk.ui.platform.keep_awake.KeepAwake`)."""

    def display_off(self) -> bool: ...

    def display_on(self) -> bool: ...


def opening_hours(deck: Deck) -> Opening | None:
    # (getattr: a deck read by a loader that does not know opening hours has none)
    found: Opening | None = getattr(deck, "opening_hours", None)
    return found


def rules_of(deck: Deck) -> tuple[SlideRules, dict[str, Rule]] | None:
    """Each slide's (chapter, own rule) and the chapters' rules; None when no rule is set."""
    slides: SlideRules = [(s.chapter, getattr(s, "show", None)) for s in deck.slides]
    chapters: dict[str, Rule] = {c.id: rule for c in deck.chapters
                                 if (rule := getattr(c, "show", None)) is not None}
    return (slides, chapters) if chapters or any(r is not None for _c, r in slides) else None


class ScheduleLineup(Lineup):
    """The slides whose rules allow them: worked out again each time the loop moves on while
    it plays by itself, and once when a visit starts (then kept for the visit)."""

    def __init__(self, playable: Callable[[], list[int]], live: Callable[[], bool],
                 empty: Callable[[], None]) -> None:
        super().__init__()
        self._playable, self._live, self._empty = playable, live, empty
        self.now: list[int] | None = None  # None: not worked out (every slide)

    def refresh(self, keep: int | None = None) -> list[int]:
        """Work the slides out for now; ``keep``: the slide on screen stays one of them."""
        found = self._playable()
        if keep is not None and 0 <= keep < self.count and keep not in found:
            found = sorted([*found, keep])
        self.now = found
        return found

    def allowed(self) -> list[int]:
        if self._live() and not self.refresh():
            self._empty()
        return self.now if self.now is not None else super().allowed()


class ScheduleGate(QObject):
    """Makes ``player`` follow its deck's schedule, on the wall clock ``now`` (aware
    datetimes) in the booth's time ``zone``; ``power`` turns the display off while closed
    (None: left as it is). A touch while closed (the session leaves the loop) brings the
    notice of when the booth opens; the journey decides whether a touch does that."""

    changed = Signal(str)  # OPEN, EMPTY, DARK or NOTICE (or the slides a visit may see)

    def __init__(self, player: Player, session: Session, *,
                 now: Callable[[], datetime] = utc_now, zone: tzinfo | None = None,
                 power: DisplayPower | None = None) -> None:
        super().__init__(player)
        self.player, self.session, self.power = player, session, power
        self.now, self.zone = now, zone or local_zone()
        self.state = OPEN
        self._mode = session.mode
        self._display_on = True  # as far as the kiosk asked
        self.deck: Deck | None = None
        self._rules: tuple[SlideRules, dict[str, Rule]] | None = None
        self.timer = self._timer(self.check)  # to the next opening or closing
        self.display_timer = self._timer(self._display_off_again, round(NOTICE_SECONDS * 1000))
        self._soon = self._timer(self.check, 0)
        self.lineup = ScheduleLineup(self._playable, self._live, self._soon.start)
        self.lineup.count = player.lineup.count
        player.lineup = self.lineup
        player.deck_set.connect(self._on_deck)
        session.subscribe(self._on_session)
        if player.deck is not None:  # already playing: from now on as the schedule says
            player.set_deck(player.deck, player.language)

    def _timer(self, slot: Callable[[], None], interval: int | None = None) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)  # (a coarse one may come 5 % early)
        if interval is not None:
            timer.setInterval(interval)
        timer.timeout.connect(slot)
        return timer

    @property
    def dark(self) -> bool:
        return self.state == DARK

    @property
    def notice(self) -> bool:
        return self.state == NOTICE

    @property
    def asleep(self) -> bool:
        """The booth is closed: black, or saying when it opens (no loop, no loop gap)."""
        return self.state in (DARK, NOTICE)

    def set_clock(self, now: Callable[[], datetime], zone: tzinfo) -> None:
        """Follow another clock and time zone from now on (tests, previews); the deck's
        rules are read again."""
        self.now, self.zone = now, zone
        if self.deck is not None:
            self._on_deck(self.deck)

    def _now(self) -> datetime:
        return self.now().astimezone(UTC)

    # ---------------------------------------------------------------- what plays
    def _playable(self) -> list[int]:
        deck = self.deck
        if deck is None:
            return []
        if self._rules is None:
            return list(range(len(deck.slides)))
        slides, chapters = self._rules
        return playable(slides, self._now(), chapters=chapters, zone=self.zone)

    def _live(self) -> bool:
        """Whether the slides are worked out at each step: the loop plays by itself."""
        return (self._rules is not None and self.state == OPEN
                and self.session.mode is Mode.ATTRACT)

    # ---------------------------------------------------------------- events
    def _on_deck(self, deck: Deck) -> None:
        """A deck to play: the player shows it now, until the clock says otherwise (a notice
        on screen comes back if the booth is still closed)."""
        notice = self.state in (DARK, NOTICE) and self.session.mode is Mode.BROWSE
        self.deck, self._rules, self.state = deck, rules_of(deck), DARK if notice else OPEN
        self.lineup.count = len(deck.slides)
        self.lineup.refresh()
        self.check()

    def _on_session(self, event: Event, session: Session) -> None:
        if event is not Event.MODE:
            return
        was, self._mode = self._mode, session.mode
        if was is Mode.ATTRACT and self.state == OPEN and self.deck is not None:
            self.lineup.refresh(keep=self.player.index)  # a visit starts: its slides
            self.changed.emit(self.state)
        self.check()

    def tick(self) -> None:
        """The journey's tick: a notice nobody touched for a while goes back to sleep."""
        if (self.state == NOTICE and self.session.mode is Mode.BROWSE
                and self.session.idle_seconds() >= NOTICE_SECONDS):
            self.session.return_to_attract()

    def touched(self) -> None:
        """A touch the closed booth ignores woke the display: it goes off again soon."""
        if self.state == DARK and self.power is not None:
            self.display_timer.start()

    # ---------------------------------------------------------------- the clock
    def check(self) -> None:
        """Sleep, wake, hold or play as the clock says now; then wait for the next change."""
        deck = self.deck
        if deck is None:
            return
        when = self._now()
        mode = self.session.mode
        if is_open(opening_hours(deck), when, self.zone):
            self._open()
        elif mode is Mode.ATTRACT:
            self._sleep()
        elif self.state == DARK and mode is Mode.BROWSE:
            self._notice(when)
        # (else someone is on the slides: they sleep when the visit ends)
        self._arm(when)

    def _open(self) -> None:
        assert self.deck is not None
        if self.state == OPEN:  # (a visit keeps what it started with)
            loop = self.session.mode is Mode.ATTRACT
            if not (self.lineup.refresh() if loop else self.lineup.now):
                self._show(EMPTY)
            return
        if not self._playable():
            if self.state != EMPTY:
                self._show(EMPTY)
            return
        self._show(OPEN)

    def _sleep(self) -> None:
        if self.state != DARK:
            self._show(DARK)

    def _notice(self, when: datetime) -> None:
        assert self.deck is not None
        opens = next_change(opening_hours(self.deck), when, self.zone)
        self.state = NOTICE
        self.player.hold(self.deck, ClosedNotice(
            self.deck, self.session.language, opens.astimezone(self.zone) if opens else None,
            when.astimezone(self.zone)))
        self._power()
        self.changed.emit(NOTICE)

    def _show(self, state: str) -> None:
        """Put the player in ``state``: the slides, the holding slide, or black."""
        deck = self.deck
        assert deck is not None
        self.state = state
        if state == OPEN:
            self.player.set_deck(deck, self.session.language)
        else:
            self.player.hold(deck, Dark(deck) if state == DARK else None)
        self._power()
        self.changed.emit(state)

    def _power(self, again: bool = False) -> None:
        """The display off while the screen is black, else on (asked once each time)."""
        on = self.state != DARK
        self.display_timer.stop()
        if self.power is not None and (on != self._display_on or again):
            (self.power.display_on if on else self.power.display_off)()
        self._display_on = on

    def _display_off_again(self) -> None:
        if self.state == DARK:
            self._power(again=True)

    def _arm(self, when: datetime) -> None:
        """One timer to the next change (LONGEST_WAIT_S at most); none if nothing changes."""
        assert self.deck is not None
        changes = [next_change(opening_hours(self.deck), when, self.zone)]
        if self.state == EMPTY and self._rules is not None:  # waiting for a slide's rule
            slides, chapters = self._rules
            rules = {r for rules in slide_rules(slides, chapters) for r in rules}
            changes += [next_change(Opening((rule,)), when, self.zone) for rule in rules]
        soonest = min((c for c in changes if c is not None), default=None)
        if soonest is None:
            self.timer.stop()
            return
        wait = min((soonest - when).total_seconds(), LONGEST_WAIT_S)
        self.timer.start(max(1, math.ceil(wait * 1000)))

