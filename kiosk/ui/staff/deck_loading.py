"""'Load slides from USB' and 'Go back': staff bring in a deck someone made elsewhere.

Every step that touches a disk runs on a worker: looking on the sticks, copying the chosen
deck beside the kiosk's own (``kiosk.content.install``), checking the copy, swapping it in.
A deck with errors is refused with its problems listed, and nothing the kiosk plays changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk.content import FitCheck, LoadResult, load_deck
from kiosk.content.install import (
    FoundDeck,
    InstallError,
    bring_in,
    discard_incoming,
    find_decks,
    go_back,
    has_previous,
    swap_in,
)
from kiosk.content.text import pick
from kiosk.ui.platform.drives import removable_drives
from kiosk.ui.staff.deck_picker import DeckPicker
from kiosk.ui.staff.staff_panel import StaffPanel
from kiosk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

#: Problems listed for a refused deck; the rest are counted.
PROBLEM_LINES = 8

Drives = Callable[[], list[tuple[str, Path]]]


def _describe(found: FoundDeck) -> str:
    """'Title · 12 slides' over where it is, read on a worker."""
    result = load_deck(found.folder)
    deck = result.deck
    if deck is None:
        return f"A deck that cannot be read\n{found.place}"
    title = pick(deck.title, deck.default_language, deck.default_language) or found.folder.name
    return f"{title}  ·  {len(deck.slides)} slides\n{found.place}"


def problem_lines(result: LoadResult, errors_only: bool) -> list[str]:
    """Problems in staff words: 'deck.yaml line 12: …', the first few, then a count."""
    chosen = result.errors if errors_only else result.warnings
    lines = [f"{Path(p.path).name} line {p.line}: {p.message}" for p in chosen[:PROBLEM_LINES]]
    if len(chosen) > PROBLEM_LINES:
        lines.append(f"… and {len(chosen) - PROBLEM_LINES} more.")
    return lines


class DeckLoading(QObject):
    """Between the picker, the panel's Slides card and the content folder ``target``."""

    swapped = Signal()  # the content folder now holds another deck: play it

    def __init__(self, picker: DeckPicker, panel: StaffPanel, tasks: TaskRunner, target: Path,
                 drives: Drives = removable_drives, fit_check: FitCheck | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.picker, self.panel, self.tasks, self.target = picker, panel, tasks, target
        self.drives, self.fit_check = drives, fit_check
        self.found: list[FoundDeck] = []
        self.ready = False  # a checked copy waits to be swapped in
        # One copy at a time; closing the picker while it runs makes it unwanted, and it is
        # discarded once it is back (a clean-up racing the copy broke both).
        self._copying = self._wanted = False
        picker.look_again.connect(self.look)
        picker.chosen.connect(self.choose)
        picker.use.connect(self.use)
        picker.closed.connect(self._discard)
        panel.usb_requested.connect(self.open)
        panel.back_requested.connect(self.ask_back)
        panel.set_can_load(True)
        self._check_back()

    def open(self) -> None:
        self.picker.open()
        self.look()

    def look(self) -> None:
        self.picker.set_busy(True)
        self.ready = False
        drives = self.drives

        def search() -> tuple[list[FoundDeck], list[str]]:
            found = find_decks(drives())
            return found, [_describe(f) for f in found]

        self.tasks.run(search, done=self._found, failed=self._look_failed)

    def _found(self, found: tuple[list[FoundDeck], list[str]]) -> None:
        self.found, labels = found
        self.picker.set_decks(labels)
        self.picker.set_busy(self._copying)
        if not self.found:
            self.picker.say("No slides found. Put in a USB stick holding a folder with "
                            "deck.yaml (Kiosk Studio's 'Copy to USB stick' makes one), "
                            "then tap Look again.")
        else:
            self.picker.say("Tap the slides to load. They are checked before anything "
                            "changes.")

    def _look_failed(self, error: BaseException) -> None:
        self.picker.set_busy(False)
        self.picker.say(f"The USB sticks could not be read: {error}")

    def choose(self, index: int) -> None:
        if self._copying or not 0 <= index < len(self.found):
            return
        chosen, target, fit_check = self.found[index], self.target, self.fit_check
        self.ready, self._copying, self._wanted = False, True, True
        self.picker.set_busy(True)
        self.picker.say("Copying and checking the slides…")
        self.tasks.run(lambda: load_deck(bring_in(chosen.folder, target), fit_check),
                       done=lambda result: self._copied(result, None),
                       failed=lambda error: self._copied(None, error))

    def _copied(self, result: LoadResult | None, error: BaseException | None) -> None:
        self._copying = False
        if not self._wanted:  # the picker was closed meanwhile
            self.picker.set_busy(False)
            self._discard()
        elif result is not None:
            self._checked(result)
        elif error is not None:
            self._failed(error)

    def _checked(self, result: LoadResult) -> None:
        self.picker.set_busy(False)
        if result.deck is None or result.errors:
            self._discard()
            self.picker.say("These slides cannot be used: fix them in Kiosk Studio and copy "
                            "them again. The slides playing now stay as they are.",
                            problem_lines(result, errors_only=True))
            return
        self.ready = True
        deck = result.deck
        title = pick(deck.title, deck.default_language, deck.default_language)
        warnings = problem_lines(result, errors_only=False)
        count = len(result.warnings)
        things = f"{count} thing" + ("s" if count > 1 else "")
        self.picker.say(f"“{title}”, {len(deck.slides)} slides, is ready. "
                        + (f"{things} to look at when you can:" if warnings
                           else "No problems found."), warnings, ready=True)

    def _failed(self, error: BaseException) -> None:
        self.picker.set_busy(False)
        reason = str(error) if isinstance(error, InstallError) else f"an error: {error}"
        log.error("loading slides from USB failed: %s", error)
        self.picker.say(f"The slides could not be loaded: {reason}. The slides playing now "
                        "stay as they are.")

    def use(self) -> None:
        if not self.ready:
            return
        self.ready = False
        self.picker.set_busy(True)
        self.picker.say("Putting the new slides in…")
        target = self.target
        self.tasks.run(lambda: swap_in(target), done=self._swapped, failed=self._failed)

    def _swapped(self, _result: object = None) -> None:
        log.info("staff loaded slides from USB into %s", self.target)
        self.picker.hide()
        self.panel.set_content("The new slides are loading…")
        self.panel.set_can_go_back(True)
        self.swapped.emit()

    def ask_back(self) -> None:
        target = self.target
        self.panel.confirm.ask(
            "Go back to the slides that played before? The slides playing now are kept, "
            "so you can come back to them the same way.", "Go back",
            lambda: self.tasks.run(lambda: go_back(target), done=self._swapped,
                                   failed=self._back_failed))

    def _back_failed(self, error: BaseException) -> None:
        log.error("going back to the previous slides failed: %s", error)
        self.panel.set_content(f"Could not go back: {error}.")

    def _check_back(self) -> None:
        target = self.target
        self.tasks.run(lambda: has_previous(target), done=self.panel.set_can_go_back)

    def _discard(self) -> None:
        self.ready = self._wanted = False
        if self._copying:
            return  # discarded once the copy is back, not from under it
        target = self.target
        self.tasks.run(lambda: discard_incoming(target))
