"""Which deck the studio edits (a part of ``controller.Studio``): the File menu's New deck
and Open deck, asking first when there are unsaved changes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from kiosk.studio.part import StudioPart

if TYPE_CHECKING:
    from kiosk.studio.window import StudioWindow


class Decks(StudioPart):
    saved: Any  # the Signal the studio declares
    _pending: tuple[Path, bool] | None = None  # a deck to open once the changes are saved

    def open(self, folder: Path, select: int = 0, create: bool = False) -> None:
        raise NotImplementedError

    def on_save(self) -> None:
        raise NotImplementedError

    def ask_save_as(self) -> None:
        raise NotImplementedError

    def ask_copy_to_stick(self) -> None:
        raise NotImplementedError

    def _wire_menu(self, window: StudioWindow) -> None:
        window.new_action.triggered.connect(lambda: self._ask_deck_folder(create=True))
        window.open_action.triggered.connect(lambda: self._ask_deck_folder(create=False))
        window.save_action.triggered.connect(self.on_save)
        window.save_as_action.triggered.connect(self.ask_save_as)
        window.stick_action.triggered.connect(self.ask_copy_to_stick)
        window.quit_action.triggered.connect(window.close)

    def _ask_deck_folder(self, create: bool) -> None:
        title = ("Choose an empty folder for the new deck" if create
                 else "Open the folder that holds a deck (deck.yaml)")
        dialog = QFileDialog(self.window, title)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # gone once answered
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(lambda chosen: self.switch_to(Path(chosen), create))
        dialog.open()

    def switch_to(self, folder: Path, create: bool = False) -> None:
        """Edit another deck (a new one, with ``create``); unsaved changes are asked about."""
        if not self.dirty:
            self.open(folder, create=create)
            return
        self._pending = (folder, create)
        box = QMessageBox(QMessageBox.Icon.Question, "Kiosk Studio",
                          "Save your changes to this deck first?",
                          QMessageBox.StandardButton.Save
                          | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.window)
        box.setObjectName("switch-question")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._switch_answer)
        box.open()

    def _switch_answer(self, answer: int) -> None:
        pending, self._pending = self._pending, None
        if pending is None or answer == QMessageBox.StandardButton.Cancel:
            return
        if answer == QMessageBox.StandardButton.Save:
            def then(_path: object) -> None:
                self.saved.disconnect(then)
                self.open(pending[0], create=pending[1])
            self.saved.connect(then)
            self.on_save()
            return
        self.dirty = False
        self.open(pending[0], create=pending[1])
