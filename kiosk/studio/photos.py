"""Photos, focal points and playing the deck in the studio (a part of ``controller.Studio``)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QFileDialog

from kiosk.content.kinds import image_facts
from kiosk.studio.checks import PREVIEW, copy_into_deck, focus_for_click, slug
from kiosk.studio.part import StudioPart

if TYPE_CHECKING:
    from kiosk.studio.checks import Check


class _PreviewCloser(QObject):
    """When the preview window closes: the pointer back, the kiosk's input filter off."""

    def __init__(self, kiosk: Any, parent: QObject) -> None:
        super().__init__(parent)
        self.kiosk = kiosk
        kiosk.window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and self.kiosk.journey is not None:
            self.kiosk.journey.guard.show_cursor()
            self.kiosk.journey.detach()
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
        if self.played is not None and self.played.window.isVisible():
            self.played.window.close()
        self._scratch = tempfile.TemporaryDirectory(prefix="kiosk-preview-")
        kiosk = build_kiosk(Settings(kiosk_id="preview", keep_awake=False,
                                     cursor_hide_seconds=600),
                            Path(self._scratch.name), kiosk_mode=False, runner=self.runner)
        kiosk.window.allow_close = True
        kiosk.window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._closer = _PreviewCloser(kiosk, self.window)
        kiosk.show_deck(deck)
        ids = self._slide_ids()
        chosen = ids[self.index] if 0 <= self.index < len(ids) else ""
        start = next((i for i, s in enumerate(deck.slides) if s.id == chosen), 0)
        kiosk.player.go_to(start, "cut")
        kiosk.window.present(windowed=True, size=QSize(1280, 720))
        self.played = kiosk

    def add_files(self, files: list[Path], row: int) -> None:
        """Photos (or a folder of them) become image slides after ``row``; a PDF's pages
        become slides at the end."""
        from kiosk.studio.window import PHOTO_SUFFIXES

        assert self.document is not None
        photos: list[Path] = []
        for item in files:
            if item.suffix.lower() == ".pdf":
                self.import_pdf(item)
            elif item.is_dir():
                photos += sorted(p for p in item.iterdir()
                                 if p.suffix.lower() in PHOTO_SUFFIXES)
            else:
                photos.append(item)
        at = row
        for photo in photos:
            at = self.document.add_slide({"type": "image",
                                          "id": self._free_id(slug(photo.stem))}, at + 1)
            self.document.set_field(at, "image", copy_into_deck(self.document.folder, photo))
        if photos:
            self._record(f"add {len(photos)} photo(s)")
            self._fill_list(at)

    def _free_id(self, base: str) -> str:
        assert self.document is not None
        taken = {str(s.get("id")) for s in self.document.slides}
        name, number = base, 2
        while name in taken:
            name, number = f"{base}-{number}", number + 1
        return name

    def on_image_requested(self, name: str) -> None:
        dialog = QFileDialog(self.window, "Choose a photo")
        dialog.setNameFilter("Photos (*.jpg *.jpeg *.png *.webp)")
        dialog.fileSelected.connect(lambda chosen: self.use_image(name, Path(chosen)))
        dialog.open()  # not exec(): no nested event loop

    def use_image(self, name: str, photo: Path) -> str:
        """Copy ``photo`` into the deck's images/ (a deck carries its own photos) and point the
        slide's field at it; returns the path written in the deck."""
        assert self.document is not None
        relative = copy_into_deck(self.document.folder, photo)
        self.document.set_field(self.index, name, relative)
        self.document.remove_field(self.index, "placeholder")
        self.window.fields.set_value(name, relative)
        self._record("choose a photo")
        self._thumbs_wanted = True
        self.refresh()
        return relative

    def set_focus(self, x: float, y: float) -> None:
        """A click on a photo's preview: that point stays in view when the photo is cropped."""
        if self.document is None or self.index < 0:
            return
        slide = self.document.slide(self.index)
        picture = self.document.folder / str(slide.get("image", ""))
        if slide.get("type") != "image" or slide.get("fit") == "fit" or not picture.is_file():
            return  # only a photo cropped to fill the screen has a focal point to choose
        facts = image_facts(picture.resolve())
        if not facts.width or not facts.height:
            return
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
