"""Saving, importing and closing in the studio (a part of ``controller.Studio``)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from kiosk import paths
from kiosk.content.edit import save_with_backup
from kiosk.content.loader import DECK_FILE
from kiosk.studio.checks import RECOVERY, copy_deck
from kiosk.studio.part import StudioPart

log = logging.getLogger(__name__)


class Saving(StudioPart):
    """Save (a copy, for the bundled deck), import a PDF, and never lose unsaved changes."""

    saved: Any  # the Signal the studio declares

    @property
    def is_bundled(self) -> bool:
        return (self.document is not None and self.document.folder.resolve()
                == paths.bundled_content_dir().resolve())

    def open(self, folder: Path, select: int = 0) -> None:
        raise NotImplementedError

    def on_save(self) -> None:
        if self.is_bundled:
            self.ask_save_as()
            return
        self.save()

    def save(self, folder: Path | None = None) -> None:
        """Save (a deck with problems can be saved: it is then not ready for the booth). The
        text is taken here, on the GUI thread: the worker only writes it, so an edit made
        meanwhile never meets the deck half-written (nor the YAML writer in use)."""
        assert self.document is not None
        document, source = self.document, self.document.folder
        target = (folder if folder is not None else source) / DECK_FILE
        text = document.text()

        def work() -> Path:
            if folder is not None and folder != source:
                copy_deck(source, folder)  # the images and form come along
            save_with_backup(target, text)
            (target.parent / RECOVERY).unlink(missing_ok=True)  # saved: the copy is not needed
            return target

        self.runner.run(work, done=lambda path: self._saved(path, text, source),
                        failed=lambda e: self.window.set_status(f"Not saved: {e}", False))

    def _saved(self, path: Path, text: str, source: Path) -> None:
        """``text`` is on disk at ``path``: the deck is unsaved only if edited since."""
        if self.document is not None and self.document.folder == source:
            self.document.folder, self.document.path = path.parent, path  # (now edit the copy)
        self.dirty = self.document is None or self.document.text() != text
        self.window.setWindowTitle(f"Kiosk Studio — {path.parent}")
        log.info("studio saved %s", path)
        self.saved.emit(path)

    def ask_save_as(self) -> None:
        dialog = QFileDialog(self.window, "Save a copy of the deck in a folder")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # gone once answered
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(lambda chosen: self.save(Path(chosen)))
        dialog.open()

    def ask_import(self) -> None:
        dialog = QFileDialog(self.window, "Slides from a presentation (PDF)")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setNameFilter("PDF (*.pdf)")
        dialog.fileSelected.connect(lambda chosen: self.import_pdf(Path(chosen)))
        dialog.open()

    def import_pdf(self, pdf: Path) -> None:
        """Save first (the import writes the deck), then add the pages, then reopen."""
        from kiosk.studio.pdf_import import import_pdf

        assert self.document is not None
        if self.is_bundled:
            self.window.set_status("Save a copy of the deck first: the installed deck is "
                                   "never changed.", ready=False)
            return
        folder, text = self.document.folder, self.document.text()

        def work() -> list[str]:
            save_with_backup(folder / DECK_FILE, text)  # (taken on the GUI thread, as above)
            return import_pdf(pdf, folder)

        first = len(self.document.slides)  # the pages come after the slides there are
        self.runner.run(work, done=lambda _ids: self.open(folder, select=first),
                        failed=lambda e: self.window.set_status(f"Not imported: {e}", False))

    def may_close(self) -> bool:
        """Unsaved changes are never lost silently: ask first."""
        if not self.dirty:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, "Kiosk Studio",
                          "Save your changes before closing?",
                          QMessageBox.StandardButton.Save
                          | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._close_answer)
        box.open()
        return False

    def _close_answer(self, answer: int) -> None:
        if answer == QMessageBox.StandardButton.Discard:
            self.dirty = False
            self.window.close()
        elif answer == QMessageBox.StandardButton.Save:
            self.on_save()
