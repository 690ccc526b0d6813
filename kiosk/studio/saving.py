"""Saving, importing and closing in the studio (a part of ``controller.Studio``)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from kiosk import paths
from kiosk.studio.checks import RECOVERY, copy_deck
from kiosk.studio.part import StudioPart

if TYPE_CHECKING:
    pass

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
        """Save (a deck with problems can be saved: it is then not ready for the booth)."""
        assert self.document is not None
        document, source = self.document, self.document.folder

        def work() -> Path:
            if folder is not None and folder != source:
                copy_deck(source, folder)  # the images and form come along
            path = document.save(folder)
            (path.parent / RECOVERY).unlink(missing_ok=True)  # saved: the copy is not needed
            return path

        self.runner.run(work, done=self._saved,
                        failed=lambda e: self.window.set_status(f"Not saved: {e}", False))

    def _saved(self, path: Path) -> None:
        self.dirty = False
        self.window.setWindowTitle(f"Kiosk Studio — {path.parent}")
        log.info("studio saved %s", path)
        self.saved.emit(path)

    def ask_save_as(self) -> None:
        dialog = QFileDialog(self.window, "Save a copy of the deck in a folder")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(lambda chosen: self.save(Path(chosen)))
        dialog.open()

    def ask_import(self) -> None:
        dialog = QFileDialog(self.window, "Slides from a presentation (PDF)")
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
        document, folder = self.document, self.document.folder

        def work() -> list[str]:
            document.save()
            return import_pdf(pdf, folder)

        first = len(document.slides)  # the pages come after the slides there are
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
        box.finished.connect(self._close_answer)
        box.open()
        return False

    def _close_answer(self, answer: int) -> None:
        if answer == QMessageBox.StandardButton.Discard:
            self.dirty = False
            self.window.close()
        elif answer == QMessageBox.StandardButton.Save:
            self.on_save()
