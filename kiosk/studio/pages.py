"""Slides from a presentation in the studio: "Slides from a PDF…" or a PDF dropped on the
slide list. Each page is drawn and written into the deck's images/ on a worker; the slides
are added here, as one step the volunteer can undo, and saved with the next Save."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFileDialog

from kiosk.content.edit import DeckDocument
from kiosk.studio.part import StudioCore
from kiosk.studio.pdf_import import page_slide, write_pages
from kiosk.studio.photos import free_id

LANDSCAPE, PORTRAIT = QSize(1920, 1080), QSize(1080, 1920)


class Pages:
    """A presentation's pages, brought in as image slides shown whole."""

    def __init__(self, core: StudioCore, is_bundled: Callable[[], bool]) -> None:
        self.core, self.is_bundled = core, is_bundled

    def ask(self) -> None:
        dialog = QFileDialog(self.core.window, "Slides from a presentation (PDF)")
        dialog.setObjectName("pdf-dialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setNameFilter("PDF (*.pdf)")
        dialog.fileSelected.connect(lambda chosen: self.import_pdfs([Path(chosen)]))
        dialog.open()

    def import_pdfs(self, pdfs: list[Path], then: Callable[[], None] | None = None) -> None:
        """The pages of ``pdfs`` at the end of the deck, then ``then()``."""
        document = self.core.document
        assert document is not None
        if self.is_bundled():
            self.core.window.set_status("Save a copy of the deck first: the installed deck "
                                        "is never changed.", ready=False)
            return
        folder, taken = document.folder, {str(s.get("id")) for s in document.slides}
        portrait = self.core.window.orientations.checkedId() == 1
        size = PORTRAIT if portrait else LANDSCAPE

        def work() -> list[tuple[str, str]]:
            return [page for pdf in pdfs for page in write_pages(pdf, folder, size, taken)]

        names = ", ".join(p.name for p in pdfs)
        self.core.window.set_status(f"Bringing in the pages of {names}…", ready=True)
        self.core.runner.run(work, done=lambda pages: self._written(document, pages, then),
                             failed=self.core.failed(f"{names} was not brought in"))

    def _written(self, document: DeckDocument, pages: list[tuple[str, str]],
                 then: Callable[[], None] | None) -> None:
        if document is not self.core.document:
            return  # another deck was opened meanwhile: its pictures stay unused
        first = len(document.slides)
        for slide_id, picture in pages:
            document.add_slide(page_slide(free_id(document, slide_id), picture))
        self.core.record(f"add {len(pages)} page(s) from a presentation")
        self.core.fill_list(first)
        self.core.window.set_status(f"Added {len(pages)} slide(s), one for each page.",
                                    ready=True)
        if then is not None:
            then()
