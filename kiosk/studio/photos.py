"""Photos, focal points and playing the deck in the studio (a part of ``controller.Studio``)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QFileDialog

from kiosk.content.image_kind import image_facts
from kiosk.content.images import ImageFacts
from kiosk.studio.checks import PREVIEW, copy_into_deck, focus_for_click, photos_in, slug
from kiosk.studio.part import StudioPart

if TYPE_CHECKING:
    from kiosk.studio.checks import Check


class _PreviewCloser(QObject):
    """When the preview window closes: the pointer back, the kiosk's input filter off, and
    ``closed()``; then it lets the kiosk go (Qt deletes the window, Python the rest)."""

    def __init__(self, kiosk: Any, parent: QObject, closed: Callable[[], None]) -> None:
        super().__init__(parent)
        self.kiosk, self.closed = kiosk, closed
        kiosk.window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kiosk = self.kiosk
        if event.type() == QEvent.Type.Close and kiosk is not None and kiosk.journey:
            kiosk.journey.guard.show_cursor()
            kiosk.journey.detach()
            self.kiosk = None
            self.closed()
            self.deleteLater()
        return False


class Photos(StudioPart):
    """Choose or drop photos, set a focal point, and play the deck in a real kiosk window."""

    last: Check | None
    played: Any
    _scratch: Any
    _closer: Any

    def refresh(self) -> None:
        raise NotImplementedError

    def _slide_ids(self) -> list[str]:
        raise NotImplementedError

    def import_pdf(self, pdf: Path) -> None:
        raise NotImplementedError

    def play_from_here(self) -> None:
        """The real kiosk, in a window, playing the deck as edited from the chosen slide
        (its messages go to a throwaway folder; it closes like any window)."""
        from kiosk.config import Settings
        from kiosk.ui.compose import build_kiosk

        deck = self.last.deck if self.last is not None else None
        if deck is None:
            self.window.set_status("Nothing to play yet: fix the problems first.", False)
            return
        if self.played is not None:  # (None once its window closed: Qt deletes it then)
            self.played.window.close()
        self._scratch = tempfile.TemporaryDirectory(prefix="kiosk-preview-")
        # No analytics: a preview's visits are nobody's, and a recorder would outlive it.
        kiosk = build_kiosk(Settings(kiosk_id="preview", keep_awake=False,
                                     cursor_hide_seconds=600, analytics=False),
                            Path(self._scratch.name), kiosk_mode=False, runner=self.runner)
        kiosk.window.allow_close = True
        kiosk.window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._closer = _PreviewCloser(kiosk, self.window, self._preview_closed)
        kiosk.show_deck(deck)
        ids = self._slide_ids()
        chosen = ids[self.index] if 0 <= self.index < len(ids) else ""
        start = next((i for i, s in enumerate(deck.slides) if s.id == chosen), 0)
        kiosk.player.go_to(start, "cut")
        kiosk.window.present(windowed=True, size=QSize(1280, 720))
        self.played = kiosk

    def _preview_closed(self) -> None:
        self.played = self._closer = None
        if self._scratch is not None:  # its throwaway folder goes with it
            self._scratch.cleanup()
            self._scratch = None

    def add_files(self, files: list[Path], row: int) -> None:
        """Photos (or a folder of them) become image slides after ``row``; a PDF's pages
        become slides at the end. The photos are copied into the deck on a worker."""
        assert self.document is not None
        for pdf in (f for f in files if f.suffix.lower() == ".pdf"):
            self.import_pdf(pdf)
        folder, document = self.document.folder, self.document

        def copy() -> list[tuple[str, str]]:
            return [(slug(p.stem), copy_into_deck(folder, p)) for p in photos_in(files)]

        self.window.set_status("Copying the photos into the deck…", ready=True)
        self.runner.run(copy, done=lambda copied: self._photos_copied(document, copied, row),
                        failed=self._photo_failed)

    def _photos_copied(self, document: object, copied: list[tuple[str, str]],
                       row: int) -> None:
        if self.document is None or document is not self.document or not copied:
            self.refresh()  # another deck was opened meanwhile, or no photo was dropped
            return
        at = row
        for name, relative in copied:
            at = self.document.add_slide({"type": "image", "id": self._free_id(name)}, at + 1)
            self.document.set_field(at, "image", relative)
        self._record(f"add {len(copied)} photo(s)")
        self._fill_list(at)

    def _photo_failed(self, error: BaseException) -> None:
        self.window.set_status(f"The photo could not be read or copied: {error}", ready=False)

    def _free_id(self, base: str) -> str:
        assert self.document is not None
        taken = {str(s.get("id")) for s in self.document.slides}
        name, number = base, 2
        while name in taken:
            name, number = f"{base}-{number}", number + 1
        return name

    def on_image_requested(self, name: str) -> None:
        dialog = QFileDialog(self.window, "Choose a photo")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # gone once answered
        dialog.setNameFilter("Photos (*.jpg *.jpeg *.png *.webp)")
        dialog.fileSelected.connect(lambda chosen: self.use_image(name, Path(chosen)))
        dialog.open()  # not exec(): no nested event loop

    def use_image(self, name: str, photo: Path) -> None:
        """Copy ``photo`` into the deck's images/ (a deck carries its own photos), on a
        worker, then point the chosen slide's field at it."""
        assert self.document is not None
        folder, document, index = self.document.folder, self.document, self.index
        self.runner.run(lambda: copy_into_deck(folder, photo),
                        done=lambda relative: self._image_copied(document, index, name,
                                                                 relative),
                        failed=self._photo_failed)

    def _image_copied(self, document: object, index: int, name: str, relative: str) -> None:
        if document is not self.document or self.document is None:
            return
        self.document.set_field(index, name, relative)
        self.document.remove_field(index, "placeholder")
        if index == self.index:
            self.window.fields.set_value(name, relative)
        self._record("choose a photo")
        self._thumbs_wanted = True
        self.refresh()

    def set_focus(self, x: float, y: float) -> None:
        """A click on a photo's preview: that point stays in view when the photo is cropped."""
        if self.document is None or self.index < 0:
            return
        slide = self.document.slide(self.index)
        picture = self.document.folder / str(slide.get("image", ""))
        if slide.get("type") != "image" or slide.get("fit") == "fit":
            return  # only a photo cropped to fill the screen has a focal point to choose
        index = self.index
        self.runner.run(lambda: image_facts(picture.resolve()),
                        done=lambda facts: self._focus_at(index, slide, facts, x, y),
                        failed=self._photo_failed)

    def _focus_at(self, index: int, slide: Any, facts: ImageFacts, x: float, y: float
                  ) -> None:
        if self.document is None or index != self.index or not facts.width or not facts.height:
            return  # not a readable photo, or another slide was chosen meanwhile
        screen = PREVIEW[max(0, self.window.orientations.checkedId())]
        old = slide.get("focus") or [0.5, 0.5]
        new = focus_for_click((facts.width, facts.height), (screen.width(), screen.height()),
                              (float(old[0]), float(old[1])), (x, y))
        self.document.set_field(self.index, "focus", list(new))
        self.window.fields.load(slide, self.document.languages,
                                [str(s.get("id")) for s in self.document.data.get("sources")
                                 or []],
                                [str(c.get("id")) for c in self.document.data.get("chapters")
                                 or []])
        self._record("set the focal point")
        self._thumbs_wanted = True
        self.refresh()
