"""Videos dropped on the slide list become video slides: each file copied into the deck's
video/ on a worker (its progress said in the window), the slides added as one step to undo,
then a poster made from each video (a frame about one second in, saved as
images/<name>-poster.jpg). A file that is no regular file, or too large, is said and left
out (nothing of it lands in the deck). A computer without the media extra adds the slide
without a poster and says why (its fields say so too)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from kiosk.content.edit import DeckDocument, relative_image
from kiosk.content.media_kind import VIDEO_SUFFIXES
from kiosk.content.safe_read import Refused
from kiosk.studio.checks import slug
from kiosk.studio.intake import copy_file_into
from kiosk.studio.media_files import Copying, refusing, row_of
from kiosk.studio.media_rows import BOOTHS_NEED, NO_VIDEO_HERE
from kiosk.studio.part import StudioCore
from kiosk.studio.photos import free_id
from kiosk.studio.poster import PosterGrab
from kiosk.ui import media


def save_poster(image: QImage, target: Path) -> None:
    """Write a poster as JPEG (on a worker)."""
    target.parent.mkdir(exist_ok=True)
    if not image.convertToFormat(QImage.Format.Format_RGB32).save(str(target), quality=90):
        raise OSError(f"{target.name} could not be written")


def _copied_or_refused(folder: Path, video: Path, moved: Callable[[int], object]
                       ) -> str | Refused:
    """The path a video copied into the deck goes by, or why it was not taken."""
    try:
        return copy_file_into(folder, video, "video", moved)
    except Refused as refused:
        return refused


class Videos:
    """``add_files(files, row)``: the videos among dropped files become slides after ``row``;
    the other files go to ``add_others`` (photos, presentations)."""

    def __init__(self, core: StudioCore, add_others: Callable[[list[Path], int], None]
                 ) -> None:
        self.core, self.add_others = core, add_others

    def add_files(self, files: list[Path], row: int) -> None:
        videos = [f for f in files if f.suffix.lower() in VIDEO_SUFFIXES]  # (checked on
        # the worker: a link to a device, a folder so named, are refused there)
        others = [f for f in files if f not in videos]
        if others:
            self.add_others(others, row)
        if videos:
            self._copy(videos, row)

    def _copy(self, videos: list[Path], row: int) -> None:
        document = self.core.document
        assert document is not None
        folder = document.folder
        names = ", ".join(v.name for v in videos)
        copying = Copying(self.core, f"Copying {names} into the deck")

        def copy() -> list[str | Refused]:
            return [_copied_or_refused(folder, video, copying.tell) for video in videos]

        self.core.runner.run(copy, done=copying.then(lambda copied: self._copied(
                                 document, videos, copied, row)),
                             failed=copying.then(refusing(self.core, f"{names} could not be "
                                                                     "copied")))

    def _copied(self, document: DeckDocument, videos: list[Path], copied: list[str | Refused],
                row: int) -> None:
        if self.core.document is not document:
            return  # another deck was opened meanwhile
        at, added = row, []
        for video, relative in zip(videos, copied, strict=True):
            if isinstance(relative, Refused):
                continue
            slide = {"type": "video", "id": free_id(document, slug(video.stem)),
                     "video": relative}
            at = document.add_slide(slide, at + 1)
            added.append(document.slide(at))
        if added:
            self.core.record(f"add {len(added)} video(s)")
            self.core.fill_list(at)
        for slide in added:
            self.make_poster(document, slide)
        refused = [str(r) for r in copied if isinstance(r, Refused)]
        if refused:  # (said after the poster's news: the last word)
            self.core.window.set_status(f"Not added: {'; '.join(refused)}", ready=False)

    def make_poster(self, document: DeckDocument, slide: Any) -> None:
        """A poster from ``slide``'s video, put in as its ``poster``, on the way."""
        window = self.core.window
        if not media.available():
            window.set_status(f"{NO_VIDEO_HERE} {BOOTHS_NEED}", ready=False)
            return
        video = document.folder / str(slide.get("video") or "")
        if not video.is_file():
            return
        grab = PosterGrab(video, window)
        grab.done.connect(lambda image: self._grabbed(document, slide, video, image))
        grab.failed.connect(lambda why: window.set_status(
            f"No poster was made from {video.name}: {why}. Choose an image for it.",
            ready=False))
        window.set_status(f"Making a poster from {video.name}…", ready=True)
        grab.start()

    def _grabbed(self, document: DeckDocument, slide: Any, video: Path, image: QImage
                 ) -> None:
        target = document.folder / "images" / f"{slug(video.stem)}-poster.jpg"
        relative = relative_image(document.folder, target)
        self.core.runner.run(lambda: save_poster(image, target),
                             done=lambda _none: self._poster_saved(document, slide, relative),
                             failed=self.core.failed("The poster could not be saved"))

    def _poster_saved(self, document: DeckDocument, slide: Any, relative: str) -> None:
        row = row_of(document, slide)
        if document is not self.core.document or row is None:
            return
        document.set_field(row, "poster", relative)
        self.core.record("make the poster from the video")
        if row == self.core.index:
            self.core.load_fields(row)
        self.core.recheck()
