"""Saving in the studio: one Save for everything the volunteer changed (the deck and the
kiosk's settings), a copy for the bundled deck, a recovery copy a moment after each change,
and a question before unsaved changes could be lost."""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox

from kiosk.content.edit import DeckDocument, new_deck, save_with_backup
from kiosk.content.loader import DECK_FILE
from kiosk.content.safe_read import read_capped
from kiosk.files import write_atomically
from kiosk.platform import paths
from kiosk.studio.checks import RECOVERY, copy_deck
from kiosk.studio.part import StudioCore
from kiosk.studio.settings_flow import SettingsFlow

log = logging.getLogger(__name__)
Then = Callable[[], object]
DIFF_LINES = 60  # of what a recovery brings back, shown before it is brought back


def changes(before: str, after: str) -> str:
    """What ``after`` changes in ``before``, as lines a volunteer can skim."""
    lines = list(difflib.unified_diff(before.splitlines(), after.splitlines(), "saved",
                                      "not saved", n=0, lineterm=""))[2:]
    shown = [line for line in lines if not line.startswith("@@")][:DIFF_LINES]
    more = len([line for line in lines if not line.startswith("@@")]) - len(shown)
    return "\n".join(shown + ([f"… and {more} more line(s)"] if more > 0 else []))


MAX_RECOVERY = 8 * 1024 * 1024  # a recovery copy is the deck's text: never larger than this


@dataclass(frozen=True)
class Kept:
    """A recovery copy: unsaved changes of a session that ended without saving."""

    text: str
    overtaken: bool  # deck.yaml was written after it (by another program): it is older


def read_deck(folder: Path, create: bool) -> tuple[DeckDocument, str, Kept | None]:
    """The deck, its text as the studio would save it, and a recovery copy if there is one
    (only a save or a Discard in the studio removes it); with ``create``, a new deck is
    started in a missing or empty folder."""
    if create and not (folder / DECK_FILE).exists():
        new_deck(folder)
    document = DeckDocument(folder)
    return document, document.text(), _recovery(folder)


def _recovery(folder: Path) -> Kept | None:
    recovery = folder / RECOVERY
    try:
        older = recovery.stat().st_mtime_ns < (folder / DECK_FILE).stat().st_mtime_ns
        return Kept(read_capped(recovery, MAX_RECOVERY).decode("utf-8"), older)
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("the recovery copy %s cannot be read: %s", recovery, exc)
        return None


class Saving:
    """Save, Save a copy, the recovery copy and its offer, and closing or switching decks
    without losing anything."""

    def __init__(self, core: StudioCore, settings: SettingsFlow, parent: QObject,
                 autosave_ms: int = 2000) -> None:
        self.core, self.settings = core, settings
        self.recovered: str | None = None  # changes kept from a session that did not save
        self.overtaken = False  # ... and deck.yaml was written after them
        self.on_saved: list[Callable[[Path], None]] = []  # told each deck.yaml written
        self.on_autosaved: list[Callable[[Path], None]] = []
        #: told the text about to be written over deck.yaml (it is the studio's own)
        self.on_writing: list[Callable[[str], None]] = []
        self._autosave = QTimer(parent)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(autosave_ms)
        self._autosave.timeout.connect(self._autosave_now)

    def is_bundled(self) -> bool:
        document = self.core.document
        return (document is not None and document.folder.resolve()
                == paths.bundled_content_dir().resolve())

    @property
    def unsaved(self) -> bool:
        return self.core.dirty or self.settings.unsaved

    # ---------------------------------------------------------------- save
    def on_save(self, then: Then | None = None) -> None:
        """The Save button: the deck (a copy, for the bundled one) and the settings."""
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit):
            focus.clearFocus()  # words typed into a box it reads when left (Ctrl+S) count
        if self.settings.unsaved:
            self.settings.save_settings()
        if self.is_bundled():
            self.ask_save_as(then)
        else:
            self.save(then=then)

    def save(self, folder: Path | None = None, then: Then | None = None) -> None:
        """Save (a deck with problems can be saved: it is then not ready for the booth). The
        text is taken here, on the GUI thread: the worker only writes it, so an edit made
        meanwhile never meets the deck half-written (nor the YAML writer in use)."""
        document = self.core.document
        assert document is not None
        source = document.folder
        target = (folder if folder is not None else source) / DECK_FILE
        text = document.text()
        self._autosave.stop()  # the deck is being saved: no recovery copy after it
        if folder is None or folder == source:
            for told in list(self.on_writing):
                told(text)

        def work() -> Path:
            if folder is not None and folder != source:
                copy_deck(source, folder)  # the images and form come along
            save_with_backup(target, text)
            (source / RECOVERY).unlink(missing_ok=True)  # saved: the copy is not needed
            return target

        self.core.runner.run(work, done=lambda path: self._saved(path, text, source, then),
                             failed=self.core.failed("Not saved"))

    def _saved(self, path: Path, text: str, source: Path, then: Then | None) -> None:
        self.core.mark_saved(text, path.parent)  # a copy: the copy is edited from now on
        self._drop_offer()  # anything newer than the recovery copy is saved now
        log.info("studio saved %s", path)
        self.core.window.set_status(f"Saved in {path.parent}.", ready=True)
        for told in list(self.on_saved):
            told(path)
        if then is not None:
            then()

    def ask_save_as(self, then: Then | None = None) -> None:
        dialog = QFileDialog(self.core.window, "Save a copy of the deck in a folder")
        dialog.setObjectName("save-as-dialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # gone once answered
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(lambda chosen: self.save(Path(chosen), then))
        dialog.open()

    # ---------------------------------------------------------------- closing, switching
    def settle(self, question: str, then: Then) -> None:
        """``then()`` once nothing unsaved is left: at once if nothing is, else after the
        volunteer chose to save or to throw the changes away (Cancel: never)."""
        if not self.unsaved:
            then()
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Kiosk Studio", question,
                          QMessageBox.StandardButton.Save
                          | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.core.window)
        box.setObjectName("unsaved-question")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda answer: self._settled(answer, then))
        box.open()

    def _settled(self, answer: int, then: Then) -> None:
        if answer == QMessageBox.StandardButton.Save:
            self.on_save(then)
        elif answer == QMessageBox.StandardButton.Discard:
            self.discard(then)

    def discard(self, then: Then) -> None:
        """Throw the unsaved changes away, their recovery copy too, then ``then()``."""
        self._autosave.stop()
        self.core.discard()
        self.settings.forget()
        document = self.core.document
        if document is None:
            then()
            return
        copy = document.folder / RECOVERY
        self.core.runner.run(lambda: copy.unlink(missing_ok=True),
                             done=lambda _n: self._then(then), failed=lambda _e: self._then(then))

    @staticmethod
    def _then(then: Then) -> None:
        then()

    def may_close(self) -> bool:
        """The window's close check: unsaved changes are never lost silently."""
        if not self.unsaved:
            return True
        self.settle("Save your changes before closing?", self.core.window.close)
        return False

    # ---------------------------------------------------------------- the recovery copy
    def edited(self) -> None:
        self._autosave.start()

    def _autosave_now(self) -> None:
        """A recovery copy beside deck.yaml, a moment after each change (never for the
        bundled deck, which is only ever saved as a copy)."""
        document = self.core.document
        if document is None or self.is_bundled() or not self.core.dirty:
            return
        target, text = document.folder / RECOVERY, self.core.text  # (no dump: kept)

        def told(_none: object) -> None:
            for each in list(self.on_autosaved):
                each(target)

        self.core.runner.run(lambda: write_atomically(target, text.encode("utf-8")),
                             done=told, failed=self.core.failed("No recovery copy was kept"))

    def offer(self, kept: Kept | None) -> None:
        """A deck was opened: offer the changes kept from last time, if any."""
        self.recovered = kept.text if kept is not None else None
        self.overtaken = kept is not None and kept.overtaken
        self.core.window.recover_button.setVisible(kept is not None)

    def _drop_offer(self) -> None:
        self.recovered = None
        self.core.window.recover_button.hide()

    def recover(self) -> None:
        """Ask first, showing what comes back; then bring it back as one undoable step, or
        throw the copy away."""
        document = self.core.document
        if document is None or self.recovered is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Kiosk Studio",
                          "Bring back the changes that were not saved last time? They replace "
                          "the deck as it is now (Undo takes them back)." + (
                              " deck.yaml was changed after they were kept: bringing them "
                              "back undoes that change." if self.overtaken else ""),
                          parent=self.core.window)
        box.setObjectName("recover-question")
        box.setDetailedText(changes(document.text(), self.recovered))
        bring = box.addButton("Bring them back", QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton("Throw them away", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._recover_answer(
            "bring" if button is bring else "drop" if button is drop else "later"))
        box.open()

    def _recover_answer(self, answer: str) -> None:
        document, recovered = self.core.document, self.recovered
        if answer == "later" or document is None or recovered is None:
            return
        self._drop_offer()
        if answer == "bring":
            self.core.replace_text(recovered, "recover unsaved changes")
            return
        copy = document.folder / RECOVERY
        self.core.runner.run(lambda: copy.unlink(missing_ok=True),
                             failed=self.core.failed("The recovery copy was not removed"))
