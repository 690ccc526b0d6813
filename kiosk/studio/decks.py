"""Which deck the studio edits: the File menu's New deck and Open deck (asking first when
there are unsaved changes), and a deck changed on disk by another program (``kiosk import``,
a text editor, a synced folder) offered for reloading."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from kiosk.content.loader import DECK_FILE
from kiosk.content.safe_read import read_capped
from kiosk.studio.part import StudioCore
from kiosk.studio.saving import Saving

MAX_DECK = 8 * 1024 * 1024  # as much of deck.yaml as is read to compare it
#: How long deck.yaml must stay unchanged before it is read: a program that writes it in
#: parts (empties it, then writes) is not caught half-way.
QUIET_MS = 250


class Decks:
    def __init__(self, core: StudioCore, saving: Saving, parent: QObject) -> None:
        self.core, self.saving = core, saving
        self.on_disk: str | None = None  # deck.yaml as the studio last read or wrote it
        self._writing: set[str] = set()  # texts the studio is writing over it right now
        self._asking = False
        self._version = 0  # counts what the studio read or wrote: a read older is stale
        self.looked = 0  # how many times deck.yaml was read after a change (tests wait on it)
        self._quiet = QTimer(parent)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(QUIET_MS)
        self._quiet.timeout.connect(self._read_again)
        self.watcher = QFileSystemWatcher(parent)
        self.watcher.fileChanged.connect(self._file_changed)
        self.watcher.directoryChanged.connect(self._file_changed)  # replaced, not changed

    def ask_deck_folder(self, create: bool) -> None:
        title = ("Choose an empty folder for the new deck" if create
                 else "Open the folder that holds a deck (deck.yaml)")
        dialog = QFileDialog(self.core.window, title)
        dialog.setObjectName("new-deck-dialog" if create else "open-deck-dialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # gone once answered
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(lambda chosen: self.switch_to(Path(chosen), create))
        dialog.open()

    def switch_to(self, folder: Path, create: bool = False) -> None:
        """Edit another deck (a new one, with ``create``); unsaved changes are asked about."""
        self.saving.settle("Save your changes to this deck first?",
                           lambda: self.core.open(folder, create=create))

    # ---------------------------------------------------------------- changed on disk
    def expect(self, text: str) -> None:
        """The studio is about to write ``text`` over deck.yaml: its news is no one else's
        (it may come back before the save is done, while the volunteer types on)."""
        self._writing.add(text)

    def watch(self, folder: Path, text: str) -> None:
        """Watch ``folder``'s deck.yaml, which now reads ``text``."""
        if self.watcher.directories() != [str(folder)]:
            self._writing.clear()  # another deck: nothing of this one's is being written
        self._writing.discard(text)
        self.on_disk = text
        self._version += 1
        old = self.watcher.files() + self.watcher.directories()
        if old:
            self.watcher.removePaths(old)
        self.watcher.addPaths([str(folder / DECK_FILE), str(folder)])

    @property
    def reading_soon(self) -> bool:
        """deck.yaml changed: it is read once it stays quiet for a moment."""
        return self._quiet.isActive()

    def _file_changed(self, _path: str) -> None:
        """Read deck.yaml once it has been quiet a moment (each change starts the wait
        again)."""
        self._quiet.start()

    def _read_again(self) -> None:
        document = self.core.document
        if document is None or self._asking:
            return
        deck, version = document.folder / DECK_FILE, self._version
        self.core.runner.run(lambda: read_capped(deck, MAX_DECK).decode("utf-8", "replace"),
                             done=lambda text: self._compare(deck, text, version),
                             failed=lambda _e: None)  # gone for a moment (being replaced)

    def _compare(self, deck: Path, text: str, version: int) -> None:
        self.looked += 1
        document = self.core.document
        if document is None or document.folder / DECK_FILE != deck or self._asking:
            return
        if version != self._version:
            # Read while the studio was saving (the worker threads run side by side): it
            # may hold the words from before the save. Read again what is there now.
            self._read_again()
            return
        if str(deck) not in self.watcher.files():
            self.watcher.addPath(str(deck))  # a file replaced is watched no more
        if text == self.on_disk or text in self._writing or text == self.core.text:
            return  # the studio's own save, or the same words (no dump of the deck)
        self._asking = True
        lose = " Your unsaved changes here would be lost." if self.core.dirty else ""
        box = QMessageBox(QMessageBox.Icon.Question, "Kiosk Studio",
                          "deck.yaml was changed by another program. Load it again?" + lose,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          self.core.window)
        box.setObjectName("reload-question")
        box.button(QMessageBox.StandardButton.Yes).setText("Load it again")
        box.button(QMessageBox.StandardButton.No).setText("Keep mine")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda answer: self._reload_answer(answer, text))
        box.open()

    def _reload_answer(self, answer: int, text: str) -> None:
        self._asking = False
        self.on_disk = text  # asked once for this version, whatever the answer
        document = self.core.document
        if document is not None and answer == QMessageBox.StandardButton.Yes:
            # Unsaved changes stay unsaved until the file on disk is read and shown: a
            # version that cannot be read leaves them (and the "●") as they were.
            self.core.open(document.folder, select=self.core.index)
