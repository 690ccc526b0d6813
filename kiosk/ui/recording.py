"""Analytics at a running booth: proof of play and health from the start, each visit once
the visitor's side exists, and the booth's figures in what sync sends (shared figures, the
day at the booth closing each e-mail digest). The composition root (``compose``) builds a
``Recording`` when the settings keep analytics; it holds the recorder and what feeds it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from kiosk.visit.session import Event

if TYPE_CHECKING:
    from kiosk.analytics.recorder import Recorder
    from kiosk.sync.runner import SyncRunner
    from kiosk.ui.form.message_flow import MessageFlow
    from kiosk.ui.player.player import Player
    from kiosk.ui.player.schedule_gate import ScheduleGate
    from kiosk.ui.staff.sync_driver import SyncDriver
    from kiosk.ui.window import KioskWindow
    from kiosk.visit.session import Session


class Recording:
    """What the booth records, wired to the parts it records from."""

    def __init__(self, recorder: Recorder, session: Session, player: Player,
                 window: KioskWindow, schedule: ScheduleGate | None,
                 in_loop: Callable[[], bool]) -> None:
        """Record proof of play and health from now on; ``in_loop`` says whether the slides
        play by themselves (not a visit, nor a closed booth's screen)."""
        from kiosk.analytics.play import PlayLog
        from kiosk.analytics.recorder import ErrorsSurvived
        from kiosk.analytics.visits import VisitTracker

        self.recorder, self.session, self.player, self.window = recorder, session, player, window
        clock = session.clock
        self.plays = plays = PlayLog(recorder.play, recorder.gap, clock=clock)
        self.visits = VisitTracker(recorder.visit, clock=clock)
        plays.set_loop(in_loop())
        session.subscribe(lambda event, _session: plays.set_loop(in_loop())
                          if event is Event.MODE else None)
        if schedule is not None:
            schedule.changed.connect(lambda _state: plays.set_loop(in_loop()))
        player.slide_changed.connect(self._slide_shown)
        player.notice_shown.connect(lambda: self._slide_shown(-1))
        self._every(1000, plays.beat)
        self._every(60_000, plays.flush)  # what played lands in the database a minute at a time
        recorder.started()
        self.errors = ErrorsSurvived(recorder)
        logging.getLogger().addHandler(self.errors)
        if player.index >= 0:
            self._slide_shown(player.index)  # the slide already on screen counts

    def _every(self, ms: int, call: Callable[[], None]) -> None:
        timer = QTimer(self.window)
        timer.setInterval(ms)
        timer.timeout.connect(call)
        timer.start()

    def _slide_shown(self, index: int) -> None:
        deck = self.player.deck
        slide = deck.slides[index].id if deck is not None and 0 <= index < len(
            deck.slides) else None
        self.plays.slide_shown(slide)
        self.visits.slide_shown(slide)

    def follow_visits(self, flow: MessageFlow) -> None:
        """Record each visit: what the visitor touched, and how it ended."""
        from kiosk.analytics.visits import HOME

        visits, window = self.visits, self.window
        self.session.subscribe(visits.on_session)
        window.chapters.chosen.connect(lambda _chapter: visits.chapter_chosen())
        window.controls.larger_text.connect(
            lambda: visits.larger_text(window.controls.text_button.isChecked()))
        window.controls.home.connect(lambda: visits.end(HOME))
        window.form.field_entered.connect(visits.field_entered)
        flow.saved.connect(lambda _id: visits.form_sent())  # ends the visit, durably

    def follow_sync(self, driver: SyncDriver) -> None:
        """A sync round worth it is a line of health; what sync sends carries the booth's
        figures, and the day at the booth closes each e-mail digest."""
        from kiosk.analytics.figures import day_line, shared
        from kiosk.sync.email import EmailTarget

        sync = driver.runner
        driver.finished.connect(lambda sent: self._sync_done(sync, sent))
        folder = self.recorder.folder
        sync.extras = lambda: shared(folder, time.time())  # on the sync thread

        def footer() -> str:
            return day_line(folder, time.time())

        for target in sync.targets:
            if isinstance(target, EmailTarget):
                target.footer = footer

    def _sync_done(self, runner: SyncRunner, sent: dict[str, int]) -> None:
        """A sync round that moved messages or met a problem is a line of health."""
        for name, count in sent.items():
            problem = runner.states[name].last_error
            if count or problem:
                self.recorder.health("sync", f"{name}: {count} delivered"
                                     + (f"; {problem}" if problem else ""))

    def close(self) -> None:
        """Stop recording: what played is written, the recorder closed."""
        logging.getLogger().removeHandler(self.errors)
        self.plays.flush()
        self.recorder.close()
