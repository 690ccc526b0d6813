"""'Load slides from USB' and 'Go back': staff bring in a deck someone made elsewhere.

Every step that touches a disk runs on a worker: looking on the sticks, copying the chosen
deck beside the kiosk's own (``kiosk.content.install``), checking the copy, swapping it in.
A deck with errors is refused with its problems listed, and nothing the kiosk plays changes.

A deck that carries the booth's set-up (``kiosk.setup.booth_setup``) says what it would change;
slides and set-up go in together once the staff PIN that came with it is typed on the pad.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kiosk.content import FitCheck, LoadResult, load_deck
from kiosk.content.install import (
    SETUP_FILE,
    FoundDeck,
    InstallError,
    bring_in,
    discard_incoming,
    find_decks,
    go_back,
    has_previous,
    refuse_newer,
    swap_in,
)
from kiosk.content.text import pick
from kiosk.platform import paths
from kiosk.platform.drives import removable_drives
from kiosk.ui.staff.deck_picker import DeckPicker
from kiosk.ui.staff.staff_panel import StaffPanel
from kiosk.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the set-up is read only when a stick carries one
    from kiosk.setup.booth_setup import Applied, BoothSetup

log = logging.getLogger(__name__)

#: Problems listed for a refused deck; the rest are counted.
PROBLEM_LINES = 8

Drives = Callable[[], list[tuple[str, Path]]]


def _describe(found: FoundDeck) -> str:
    """'Title · 12 slides' over where it is, read on a worker."""
    result = load_deck(found.folder)
    deck = result.deck
    if deck is None:
        try:
            refuse_newer(found.folder)
        except InstallError:
            return f"Slides for a newer kiosk (update this kiosk first)\n{found.place}"
        return f"A deck that cannot be read\n{found.place}"
    title = pick(deck.title, deck.default_language, deck.default_language) or found.folder.name
    setup = "  ·  with the booth's set-up" if (found.folder / SETUP_FILE).exists() else ""
    return f"{title}  ·  {len(deck.slides)} slides{setup}\n{found.place}"


@dataclass
class Chosen:
    """A deck copied in and checked, with the set-up its stick carries (if any)."""

    result: LoadResult
    setup: BoothSetup | None = None
    changes: list[str] = field(default_factory=list)  # what the set-up would change
    setup_problem: str = ""  # why the set-up on the stick cannot be used


def check_chosen(found: FoundDeck, target: Path, fit_check: FitCheck | None, config: Path,
                 data_dir: Path) -> Chosen:
    """Copy and check the deck, read its set-up from the stick (on a worker)."""
    from kiosk.setup.booth_setup import SetupError, describe_changes, read_setup

    chosen = Chosen(load_deck(bring_in(found.folder, target), fit_check))
    try:
        chosen.setup = read_setup(found.folder)
        if chosen.setup is not None:
            chosen.changes = describe_changes(chosen.setup, config, data_dir)
    except SetupError as exc:
        chosen.setup, chosen.setup_problem = None, str(exc)
    return chosen


def put_in(setup: BoothSetup, pin: str, target: Path, config: Path, data_dir: Path
           ) -> Applied:
    """Slides and set-up together (on a worker): nothing changes for a wrong PIN, and the
    slides go back when the set-up cannot be applied."""
    from kiosk.setup.booth_setup import WrongPin, apply_setup, pin_matches

    if not pin_matches(setup, pin):
        raise WrongPin("wrong PIN: nothing was changed")
    swap_in(target)
    try:
        return apply_setup(setup, config, data_dir, pin)
    except BaseException:
        with contextlib.suppress(InstallError, OSError):
            go_back(target)
        raise


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
    setup_applied = Signal(object)  # the booth's set-up is in place (its Applied)

    def __init__(self, picker: DeckPicker, panel: StaffPanel, tasks: TaskRunner, target: Path,
                 drives: Drives = removable_drives, fit_check: FitCheck | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.picker, self.panel, self.tasks, self.target = picker, panel, tasks, target
        self.drives, self.fit_check = drives, fit_check
        self.config_path, self.data_dir = paths.config_file(), paths.data_dir()
        self.found: list[FoundDeck] = []
        self.ready = False  # a checked copy waits to be swapped in
        self.setup: BoothSetup | None = None  # the set-up that goes in with it
        # One copy at a time; closing the picker while it runs makes it unwanted, and it is
        # discarded once it is back (a clean-up racing the copy broke both).
        self._copying = self._wanted = False
        picker.look_again.connect(self.look)
        picker.chosen.connect(self.choose)
        picker.use.connect(self.use)
        picker.closed.connect(self._discard)
        picker.pad.submitted.connect(self.on_stick_pin)
        picker.pad.cancelled.connect(picker.pad.hide)
        panel.usb_requested.connect(self.open)
        panel.back_requested.connect(self.ask_back)
        panel.set_can_load(True)
        self._check_back()

    def setup_to(self, config_path: Path | None, data_dir: Path) -> None:
        """Where a booth set-up from a stick goes: kiosk.yaml (None: the usual one) and the
        data folder (the staff PIN)."""
        self.config_path = config_path or paths.config_file()
        self.data_dir = data_dir

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
        found, target, fit_check = self.found[index], self.target, self.fit_check
        config, data_dir = self.config_path, self.data_dir
        self.ready, self._copying, self._wanted, self.setup = False, True, True, None
        self.picker.set_busy(True)
        self.picker.say("Copying and checking the slides…")
        self.tasks.run(lambda: check_chosen(found, target, fit_check, config, data_dir),
                       done=lambda chosen: self._copied(chosen, None),
                       failed=lambda error: self._copied(None, error))

    def _copied(self, chosen: Chosen | None, error: BaseException | None) -> None:
        self._copying = False
        if not self._wanted:  # the picker was closed meanwhile
            self.picker.set_busy(False)
            self._discard()
        elif chosen is not None:
            self._checked(chosen)
        elif error is not None:
            self._failed(error)

    def _checked(self, chosen: Chosen) -> None:
        self.picker.set_busy(False)
        result = chosen.result
        if result.deck is None or result.errors:
            self._discard()
            self.picker.say("These slides cannot be used: fix them in Kiosk Studio and copy "
                            "them again. The slides playing now stay as they are.",
                            problem_lines(result, errors_only=True))
            return
        self.ready, self.setup = True, chosen.setup
        deck = result.deck
        title = pick(deck.title, deck.default_language, deck.default_language)
        slides = f"“{title}”, {len(deck.slides)} slides"
        warnings = problem_lines(result, errors_only=False)
        count = len(result.warnings)
        things = f"{count} thing" + ("s" if count > 1 else "")
        look = f"{things} to look at when you can:" if warnings else "No problems found."
        if chosen.setup is not None:
            self.picker.say(f"{slides}, and the booth's set-up are ready. Together they "
                            "change:", warnings, ready=True,
                            changes=[f"slides: {slides}", *chosen.changes],
                            use="use_slides_and_setup")
        elif chosen.setup_problem:
            self.picker.say(f"{slides}, is ready. The booth's set-up on this stick cannot be "
                            f"used ({chosen.setup_problem}): copy it again from Kiosk Studio. "
                            + look, warnings, ready=True, use="use_slides_only")
        else:
            self.picker.say(f"{slides}, is ready. " + look, warnings, ready=True)

    def _failed(self, error: BaseException) -> None:
        self.picker.set_busy(False)
        reason = str(error) if isinstance(error, InstallError) else f"an error: {error}"
        log.error("loading slides from USB failed: %s", error)
        self.picker.say(f"The slides could not be loaded: {reason}. The slides playing now "
                        "stay as they are.")

    def use(self) -> None:
        if not self.ready:
            return
        if self.setup is not None:
            self.picker.ask_pin()  # slides and set-up go in once the PIN is typed
            return
        self.ready = False
        self.picker.set_busy(True)
        self.picker.say("Putting the new slides in…")
        target = self.target
        self.tasks.run(lambda: swap_in(target), done=self._swapped, failed=self._failed)

    def on_stick_pin(self, pin: str) -> None:
        """The staff PIN for the set-up was typed: check it, then put both in."""
        setup = self.setup
        if not self.ready or setup is None:
            return
        self.picker.pad.set_busy(True)
        target, config, data_dir = self.target, self.config_path, self.data_dir
        self.tasks.run(lambda: put_in(setup, pin, target, config, data_dir),
                       done=self._set_up, failed=self._set_up_failed)

    def _set_up(self, applied: Applied) -> None:
        log.info("staff loaded slides and the booth's set-up from USB")
        self.ready, self.setup = False, None
        self.picker.pad.hide()
        self.panel.set_setup_note("The booth's set-up is in place."
                                  + (" Tap Restart to use all of it." if applied.restart
                                     else ""))
        self.setup_applied.emit(applied)
        self._swapped()

    def _set_up_failed(self, error: BaseException) -> None:
        from kiosk.setup.booth_setup import WrongPin

        pad = self.picker.pad
        pad.set_busy(False)
        if isinstance(error, WrongPin):
            pad.show_message("Wrong PIN: nothing was changed. Try again, or Cancel.")
            return
        pad.hide()
        self.ready = False
        self._failed(error)

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
