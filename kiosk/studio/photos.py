"""Photos in the studio: chosen or dropped photos become slides or fill a slide's picture,
copied into the deck on a worker; a click on the preview sets where the eye goes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from kiosk.content.edit import DeckDocument
from kiosk.content.image_kind import image_facts
from kiosk.content.images import ImageFacts
from kiosk.studio.checks import PREVIEW, copy_into_deck, focus_for_click, photos_in, slug
from kiosk.studio.part import StudioCore

PdfImport = Callable[[list[Path], Callable[[], None]], None]


def free_id(document: DeckDocument, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``...: the first no slide of ``document`` has."""
    taken = {str(s.get("id")) for s in document.slides}
    name, number = base, 2
    while name in taken:
        name, number = f"{base}-{number}", number + 1
    return name


class Photos:
    """Choose or drop photos and set a photo's focal point."""

    def __init__(self, core: StudioCore, import_pdfs: PdfImport) -> None:
        self.core = core
        self.import_pdfs = import_pdfs  # a presentation's pages: another part's work

    def add_files(self, files: list[Path], row: int) -> None:
        """Photos (or a folder of them) become image slides after ``row``; a PDF's pages
        become slides at the end, first. The photos are copied into the deck on a worker."""
        pdfs = [f for f in files if f.suffix.lower() == ".pdf"]
        photos = [f for f in files if f.suffix.lower() != ".pdf"]
        if pdfs:
            self.import_pdfs(pdfs, lambda: self._copy(photos, row) if photos else None)
        else:
            self._copy(photos, row)

    def _copy(self, files: list[Path], row: int) -> None:
        document = self.core.document
        assert document is not None
        folder = document.folder

        def copy() -> list[tuple[str, str]]:
            return [(slug(p.stem), copy_into_deck(folder, p)) for p in photos_in(files)]

        self.core.window.set_status("Copying the photos into the deck…", ready=True)
        self.core.runner.run(copy, done=lambda copied: self._copied(document, copied, row),
                             failed=self.core.failed("The photo could not be read or copied"))

    def _copied(self, document: DeckDocument, copied: list[tuple[str, str]], row: int
                ) -> None:
        if self.core.document is not document or not copied:
            self.core.recheck()  # another deck was opened meanwhile, or no photo was dropped
            return
        at = row
        for name, relative in copied:
            at = document.add_slide({"type": "image", "id": free_id(document, name)}, at + 1)
            document.set_field(at, "image", relative)
        self.core.record(f"add {len(copied)} photo(s)")
        self.core.fill_list(at)

    def on_image_requested(self, name: str) -> None:
        dialog = QFileDialog(self.core.window, "Choose a photo")
        dialog.setObjectName("photo-dialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # gone once answered
        dialog.setNameFilter("Photos (*.jpg *.jpeg *.png *.webp)")
        dialog.fileSelected.connect(lambda chosen: self.use_image(name, Path(chosen)))
        dialog.open()  # not exec(): no nested event loop

    def use_image(self, name: str, photo: Path) -> None:
        """Copy ``photo`` into the deck's images/ (a deck carries its own photos), on a
        worker, then point the chosen slide's field at it."""
        document, index = self.core.document, self.core.index
        assert document is not None
        folder = document.folder
        self.core.runner.run(lambda: copy_into_deck(folder, photo),
                             done=lambda relative: self._image_copied(document, index, name,
                                                                      relative),
                             failed=self.core.failed("The photo could not be read or copied"))

    def _image_copied(self, document: DeckDocument, index: int, name: str, relative: str
                      ) -> None:
        if document is not self.core.document:
            return
        document.set_field(index, name, relative)
        document.remove_field(index, "placeholder")
        if index == self.core.index:
            self.core.window.fields.set_value(name, relative)
        self.core.record("choose a photo")
        self.core.recheck()

    def set_focus(self, x: float, y: float) -> None:
        """A click on a photo's preview: that point stays in view when the photo is cropped."""
        document, index = self.core.document, self.core.index
        if document is None or index < 0:
            return
        slide = document.slide(index)
        if slide.get("type") != "image" or slide.get("fit") == "fit" or not slide.get("image"):
            return  # only a photo cropped to fill the screen has a focal point to choose
        picture = document.folder / str(slide["image"])
        self.core.runner.run(lambda: image_facts(picture.resolve()),
                             done=lambda facts: self._focus_at(index, slide, facts, x, y),
                             failed=self.core.failed("The photo could not be read"))

    def _focus_at(self, index: int, slide: Any, facts: ImageFacts, x: float, y: float
                  ) -> None:
        document = self.core.document
        if (document is None or index != self.core.index or not facts.width
                or not facts.height):
            return  # not a readable photo, or another slide was chosen meanwhile
        screen = PREVIEW[max(0, self.core.window.orientations.checkedId())]
        old = slide.get("focus") or [0.5, 0.5]
        new = focus_for_click((facts.width, facts.height), (screen.width(), screen.height()),
                              (float(old[0]), float(old[1])), (x, y))
        document.set_field(index, "focus", list(new))
        self.core.load_fields(index)
        self.core.record("set the focal point")
        self.core.recheck()
