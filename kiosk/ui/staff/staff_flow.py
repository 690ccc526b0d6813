"""Wiring staff mode: corner hold or shortcut -> PIN pad -> panel, and the panel's actions.

A kiosk with no PIN yet shows the first steps on the pad instead (:mod:`first_steps`). The
staff screens take the deck's theme and speak the kiosk's language: the deck's first
(:meth:`StaffFlow.on_deck`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from kiosk import RESTART
from kiosk.content import Deck, Theme
from kiosk.content.loader import native_digit_languages
from kiosk.messages.export import FORMATS
from kiosk.messages.store import MessageStore
from kiosk.messages.store_export import Exported, export_store
from kiosk.platform.drives import export_places
from kiosk.staff.notice import ContentNews, panel_words
from kiosk.staff.pin import StaffAuth, Verdict
from kiosk.staff.words import text
from kiosk.ui.staff.first_steps import FirstSteps
from kiosk.ui.staff.pin_pad import PinPad
from kiosk.ui.staff.staff_panel import StaffPanel
from kiosk.ui.tasks import TaskRunner
from kiosk.visit.session import Event, Mode, Session, rules_from

if TYPE_CHECKING:  # sync (TLS, HTTP) is loaded only when a way out is set
    from kiosk.setup.booth_setup import Applied
    from kiosk.ui.staff.deck_loading import DeckLoading
    from kiosk.ui.staff.sync_driver import SyncDriver

log = logging.getLogger(__name__)


class _Progress(QObject):
    """Carries export progress from the worker to the GUI thread."""

    moved = Signal(int, int)


class StaffFlow(QObject):
    """Only the panel may exit the kiosk; it locks itself when left alone (the session)."""

    def __init__(self, pad: PinPad, panel: StaffPanel, session: Session, auth: StaffAuth,
                 tasks: TaskRunner, kiosk_id: str, export_dir: Path,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pad, self.panel, self.session, self.auth = pad, panel, session, auth
        self.tasks, self.kiosk_id, self.export_dir = tasks, kiosk_id, export_dir
        self.store: MessageStore | None = None
        self.store_problems: list[str] = []
        self.disk_problem = ""  # the data disk refused a write (full, read-only)
        self.sync: SyncDriver | None = None
        self.way_out_waits = False  # a set-up from a stick set a way out: it starts next time
        self.content: ContentNews | str = ContentNews(loading=True)  # (a str: shown as it is)
        self.fleet_problem = ""  # why the office's newest slides were refused ('': none)
        self.version = ""
        self.language = "en"  # the kiosk's: its deck's first
        self.digits = False  # numbers in the language's own digits (the deck writes them so)
        self.native: set[str] = set()  # the deck's languages whose slides use their digits
        self.theme: Theme = pad.theme  # the deck's
        self.reload: Callable[[], None] | None = None  # starts a content reload
        self.on_exit: Callable[[int], None] | None = None  # ends the app with an exit code
        self.decks: DeckLoading | None = None  # Load slides from USB (and a booth set-up)
        self._progress = _Progress(self)
        self._progress.moved.connect(panel.set_export_progress)
        pad.submitted.connect(self.on_pin)
        pad.cancelled.connect(self.on_lock)
        self.first_steps = FirstSteps(self)  # while no PIN is set
        panel.lock.connect(self.on_lock)
        panel.sync_requested.connect(self.on_sync)
        panel.retry_refused_requested.connect(self.on_retry_refused)
        panel.export_requested.connect(self.on_export)
        panel.purge_requested.connect(self.on_purge)
        panel.reload_requested.connect(self.on_reload)
        panel.exit_requested.connect(lambda: self._leave(0))
        panel.restart_requested.connect(lambda: self._leave(RESTART))
        session.subscribe(self.on_session)
        if not self.first_steps.closes():  # (a preview window closes as any window does)
            tasks.run(lambda: auth.has_pin, done=self.first_steps.know_pin)

    def words(self, key: str, n: int | None = None, **values: object) -> str:
        """A staff word in the kiosk's language (its numbers in the deck's digits)."""
        return text(key, self.language, n, self.digits, **values)

    def on_deck(self, deck: Deck) -> None:
        """The deck playing (or on the holding slide): the staff screens take its theme, its
        first language, and its digits where its slides write numbers in that script's."""
        self.theme = deck.theme
        self.native = native_digit_languages(deck)
        self.set_language(deck.default_language)

    def set_language(self, language: str) -> None:
        """The staff screens' language: the kiosk's (its deck's first), or any other the
        screenshot tool draws them in; its numbers in its own digits where the deck's
        slides write them so."""
        self.language, self.digits = language, language in self.native
        self.pad.set_look(self.theme, language)
        self.panel.set_look(self.theme, language, self.digits)
        if self.panel.isVisible():
            self._show_content()

    @property
    def pin_set(self) -> bool | None:
        """Whether a staff PIN is set, as last read (None: not yet)."""
        return self.first_steps.pin_set

    # ---------------------------------------------------------------- getting in
    def on_staff_requested(self) -> None:
        if self.session.mode is Mode.STAFF:
            return
        self.session.enter(Mode.STAFF)
        self.first_steps.stop()
        self.pad.open()
        log.info("staff PIN pad opened")
        self.pad.set_busy(True)
        auth = self.auth  # the staff file is read on a worker, not on the GUI thread
        self.tasks.run(lambda: (auth.has_pin, auth.locked_for()), done=self._pad_ready,
                       failed=self._check_failed)

    def _pad_ready(self, state: tuple[bool, float]) -> None:
        if self.session.mode is not Mode.STAFF:
            return
        has_pin, wait = state
        self.first_steps.know_pin(has_pin)
        if not has_pin:
            self.first_steps.offer(self.words("no_pin_yet"))
            return
        self.pad.set_busy(False)
        self.pad.show_message(self.words("locked_out", n=round(wait)) if wait
                              else self.words("enter_pin"))

    def on_pin(self, pin: str) -> None:
        if self.first_steps.choosing:
            self.first_steps.chosen(pin)
            return
        self.pad.set_busy(True)
        self.tasks.run(lambda: self.auth.check(pin), done=self._checked,
                       failed=self._check_failed)

    def on_setup_applied(self, applied: Applied) -> None:
        """The booth's set-up is in place: its idle times now; its PIN opens the panel."""
        self.session.rules = rules_from(applied.settings)
        self.kiosk_id = applied.settings.name
        self.way_out_waits = applied.settings.sync is not None and self.sync is None
        self.first_steps.setup_applied()

    def _check_failed(self, error: BaseException) -> None:
        log.error("the staff PIN could not be checked: %s", error)
        if self.session.mode is Mode.STAFF:
            self.pad.set_busy(False)
            self.pad.show_message(self.words("check_failed"))

    def _checked(self, verdict: Verdict) -> None:
        if self.session.mode is not Mode.STAFF:
            return  # it locked itself meanwhile
        self.pad.set_busy(False)
        if verdict.ok:
            if verdict.problem:
                self.disk_problem = self.words("disk_problem", problem=verdict.problem)
            self.pad.hide()
            self.open_panel()
        elif verdict.locked_for and verdict.problem:  # a start on a disk that keeps nothing
            # (two lines at most: the pad's message has room for no more)
            self.pad.show_message(self.words("no_count", n=round(verdict.locked_for)))
        elif verdict.locked_for:
            self.pad.show_message(self.words("locked_out", n=round(verdict.locked_for)))
        else:
            self.pad.show_message(self.words("tries_left", n=verdict.tries_left)
                                  if verdict.tries_left else self.words("wrong_pin"))

    def on_session(self, event: Event, session: Session) -> None:
        if event is not Event.MODE:
            return
        self.first_steps.arm_ways_out()
        if session.mode is not Mode.STAFF:
            self.first_steps.stop()
            for layer in (self.pad, self.panel.confirm, self.panel.problem_list, self.panel):
                layer.hide()

    def on_lock(self) -> None:
        self.session.enter(Mode.ATTRACT)

    # ---------------------------------------------------------------- the panel
    def open_panel(self) -> None:
        self.panel.set_header(self.kiosk_id, self.version)
        self._show_content()
        self.panel.relayout()
        self.panel.cover()
        self.refresh()
        export_dir = self.export_dir
        self.tasks.run(lambda: export_places(export_dir), done=self.panel.set_drives)

    def set_reload(self, reload: Callable[[], None]) -> None:
        """What 'Reload slides' calls (the content watcher's reload)."""
        self.reload = reload

    def set_exit(self, on_exit: Callable[[int], None]) -> None:
        """What 'Exit kiosk' and 'Restart' call, with the exit code, once confirmed."""
        self.on_exit = on_exit

    def set_sync(self, driver: SyncDriver) -> None:
        self.sync = driver

    def set_decks(self, decks: DeckLoading) -> None:
        """'Load slides from USB': also the first steps' way to a booth set-up."""
        self.decks = decks
        decks.setup_applied.connect(self.on_setup_applied)
        decks.swapped.connect(self.first_steps.slides_swapped)

    def set_store(self, store: MessageStore) -> None:
        self.store = store
        self.store_problems = list(store.problems)
        if self.panel.isVisible():
            self.refresh()

    def store_failed(self, reason: str) -> None:
        """The store could not be opened (yet): the app tries again by itself."""
        self.store_problems = [self.words("store_failed", reason=reason)]
        if self.panel.isVisible():
            self.refresh()

    def refresh(self) -> None:
        store = self.store
        self.panel.set_store_problems(self.store_problems + [self.disk_problem] * bool(
            self.disk_problem))
        if store is None:
            self.panel.set_targets([])
            return
        self.tasks.run(store.summary, done=self.panel.set_counts)
        if self.sync is None:
            self.panel.set_targets([self.words("after_restart")] if self.way_out_waits else [])
            return
        from kiosk.sync.status import describe  # loaded already: sync is running

        lines = [describe(state) for state in self.sync.runner.states.values()]
        self.panel.set_targets(lines)

    def on_sync(self) -> None:
        if self.sync is None:
            self.panel.set_sync_busy(False, self.words("after_restart") if self.way_out_waits
                                     else self.words("no_target_yaml"))
            return
        self.panel.set_sync_busy(True)
        self.sync.settled.connect(self._synced)
        self.sync.sync_now()

    def on_retry_refused(self) -> None:
        """Staff fixed the cause of a refusal: send the refused batches again, now."""
        if self.sync is None:
            return
        self.panel.set_sync_busy(True)
        runner = self.sync.runner
        self.tasks.run(runner.retry_refused, done=self._retried, failed=self._retry_failed)

    def _retried(self, batches: int) -> None:
        log.info("staff sent %d refused batch(es) again", batches)
        if self.sync is not None:
            self.sync.settled.connect(self._synced)
            self.sync.sync_now()

    def _retry_failed(self, error: BaseException) -> None:
        self.panel.set_sync_busy(False, self.words("not_resent", error=error))

    def _synced(self, sent: dict[str, int]) -> None:
        if self.sync is not None:
            self.sync.settled.disconnect(self._synced)
        waiting = sum(s.pending for s in self.sync.runner.states.values()) if self.sync else 0
        self.panel.set_sync_busy(False, self.words("delivered", n=sum(sent.values()),
                                                   waiting=waiting))
        self.refresh()

    def on_export(self, folder: str, fmt: str, new_only: bool, mark: bool) -> None:
        store = self.store
        if store is None:
            self.panel.set_export_result(self.words("no_store"))
            return
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = Path(folder) / f"kiosk-messages-{self.kiosk_id}-{stamp}{FORMATS[fmt].suffix}"
        progress = self._progress.moved.emit
        self.tasks.run(lambda: export_store(store, path, fmt, None, None, new_only, mark,
                                            progress),
                       done=self._exported, failed=self._export_failed)

    def _exported(self, result: Exported) -> None:
        log.info("staff exported %d message(s) to %s", result.count, result.path)
        said = self.words("saved", n=result.count)
        if result.damaged:
            said += " " + self.words("damaged")
        self.panel.set_export_result(said, str(result.path))
        self.refresh()

    def _export_failed(self, error: BaseException) -> None:
        log.error("export failed: %s", error)
        self.panel.set_export_result(self.words("export_failed", error=error))

    def on_purge(self, days: int) -> None:
        store = self.store
        if store is None:
            return
        cutoff = (datetime.now(UTC) - timedelta(days=days)).isoformat().replace("+00:00", "Z")
        self.tasks.run(lambda: store.purgeable(cutoff),
                       done=lambda count: self._ask_purge(count, cutoff, days))

    def _ask_purge(self, count: int, cutoff: str, days: int) -> None:
        if count == 0:
            self.panel.set_purge_result(self.words("nothing_to_purge", days=days))
            return
        store = self.store
        assert store is not None
        self.panel.confirm.ask(
            self.words("ask_purge", n=count, days=days), self.words("delete_n", n=count),
            lambda: self.tasks.run(lambda: store.purge(cutoff), done=self._purged))

    def _purged(self, count: int) -> None:
        log.info("staff purged %d message(s)", count)
        self.panel.set_purge_result(self.words("purged", n=count))
        self.refresh()

    def on_reload(self) -> None:
        if self.reload is not None:
            self.panel.set_content(self.words("reloading"))
            self.reload()

    def content_loaded(self, news: ContentNews | str, version: str) -> None:
        """What staff read about the last load of the slides (and the settings' problems)."""
        self.content, self.version = news, version
        if self.panel.isVisible():
            self._show_content()
            self.panel.set_header(self.kiosk_id, version)

    def _show_content(self) -> None:
        news = self.content
        if isinstance(news, str):
            self.panel.set_content(news)
            return
        words = panel_words(news, self.language, self.digits)
        attention = words.attention
        if self.fleet_problem:  # the office's slides that did not come: staff must know
            refused = self.words("fleet_refused", why=self.fleet_problem)
            attention = f"{refused}\n{attention}" if attention else refused
        self.panel.set_content(words.summary, attention, words.problems, news.every())

    def set_fleet_problem(self, why: str, refused: bool) -> None:
        """Why the office's newest slides were refused ('' or a package still arriving: no
        attention needed)."""
        self.fleet_problem = why if refused else ""
        if self.panel.isVisible():
            self._show_content()

    def _leave(self, code: int) -> None:
        what = self.words("ask_restart" if code == RESTART else "ask_exit")
        yes = self.words("restart" if code == RESTART else "exit")

        def go() -> None:
            log.info("staff chose to %s", "restart" if code == RESTART else "exit")
            self.end(code)

        self.panel.confirm.ask(what, yes, go)

    def end(self, code: int) -> None:
        """End the app with ``code`` (what :meth:`set_exit` set, else Qt's own exit)."""
        if self.on_exit is not None:
            self.on_exit(code)
        else:
            QApplication.exit(code)
