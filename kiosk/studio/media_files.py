"""Sound and video files in the studio: a slide's video (replaced), its subtitles and its
narration, chosen or dropped on their rows. Each is copied into the deck's own folder on a
worker (video/, subtitles/, audio/: the deck carries its files), its progress said in the
window, then written into deck.yaml as one step to undo; a recording is listened to here.
A file that is no regular file, too large, or subtitles with mistakes never land in the deck."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog

from kiosk.content.edit import DeckDocument
from kiosk.content.safe_read import Refused
from kiosk.studio.intake import FileRefused, copy_file_into
from kiosk.studio.media_rows import KINDS, per_language
from kiosk.studio.part import FailureHandler, StudioCore
from kiosk.ui import media
from kiosk.ui.player.narration import Narration

log = logging.getLogger(__name__)

#: The deck's folder each kind of file is copied into.
FOLDERS = {"video": "video", "subtitles": "subtitles", "narration": "audio"}
#: ``make_poster(document, slide)``: a poster from the slide's video, on its way.
MakePoster = Callable[[DeckDocument, Any], None]
#: The file dialog's filter, by field.
FILTERS = {"video": "Videos", "subtitles": "Subtitles", "narration": "Recordings"}


class Copying(QObject):
    """How far a copy is, said in the window: ``tell(percent)`` from the worker arrives here
    queued (the window is touched on the GUI thread only)."""

    moved = Signal(int)

    def __init__(self, core: StudioCore, words: str) -> None:
        super().__init__(core.window)
        self.core, self.words, self._told = core, words, -1
        self.moved.connect(self._show)
        core.window.set_status(f"{words}…", ready=True)

    def tell(self, percent: int) -> None:
        percent = max(0, min(100, int(percent)))  # (a signal's int overflows past 2**31)
        if percent != self._told:
            self._told = percent
            self.moved.emit(percent)

    def _show(self, percent: int) -> None:
        self.core.window.set_status(f"{self.words}… {percent}%", ready=True)

    def then(self, what: Callable[[Any], None]) -> Callable[[Any], None]:
        """``what(result)``, once the copy is over (this goes with it)."""
        def over(result: Any) -> None:
            self.deleteLater()
            what(result)
        return over


def refusing(core: StudioCore, what: str) -> FailureHandler:
    """A copy's failure handler: a file refused (what it is, its size, its mistakes) said
    as it is; anything else as ``what`` and the error (:meth:`StudioCore.failed`)."""
    other = core.failed(what)

    def show(error: BaseException) -> None:
        if isinstance(error, FileRefused | Refused):
            log.info("not taken: %s", error)
            core.window.set_status(str(error) if isinstance(error, FileRefused)
                                   else f"Not added: {error}", ready=False)
        else:
            other(error)
    return show


def row_of(document: DeckDocument, slide: Any) -> int | None:
    """Where ``slide`` (the very map in the document) is now, if still there."""
    return next((i for i, s in enumerate(document.slides) if s is slide), None)


class MediaFiles:
    """What the video, subtitles and narration rows ask: a file chosen, one dropped, a
    recording to listen to, a poster made again (``make_poster(document, slide)``)."""

    def __init__(self, core: StudioCore, make_poster: MakePoster) -> None:
        self.core, self.make_poster = core, make_poster
        self.narration: Narration | None = None  # made for the first recording listened to
        self._listening: str | None = None  # the language whose recording plays
        rows = core.window.fields.media
        rows.file_requested.connect(self.ask)
        rows.file_dropped.connect(self.use_file)
        rows.listen_requested.connect(self.listen)
        rows.poster_requested.connect(self._poster_again)
        core.window.slides.currentRowChanged.connect(lambda _row: self.stop())
        core.window.closed.connect(self.stop)

    def ask(self, name: str, language: str | None) -> None:
        suffixes, _empty, what = KINDS[name]
        dialog = QFileDialog(self.core.window, f"Choose the {what}" + (
            f" ({language})" if language else ""))
        dialog.setObjectName(f"{name}-dialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # gone once answered
        patterns = " ".join(f"*{s}" for s in suffixes)
        dialog.setNameFilter(f"{FILTERS[name]} ({patterns})")
        dialog.fileSelected.connect(lambda chosen: self.use_file(name, language, Path(chosen)))
        dialog.open()  # not exec(): no nested event loop

    def use_file(self, name: str, language: str | None, file: Path) -> None:
        """Copy ``file`` into the deck on a worker, then name it in the chosen slide."""
        document, index = self.core.document, self.core.index
        if document is None or index < 0:
            return
        suffixes, _empty, what = KINDS[name]
        if file.suffix.lower() not in suffixes:
            self.core.window.set_status(f"{file.name} is not a {what} the kiosk plays: use "
                                        f"{', '.join(s.lstrip('.').upper() for s in suffixes)}",
                                        ready=False)
            return
        slide, folder = document.slide(index), document.folder
        copying = Copying(self.core, f"Copying {file.name} into the deck")
        self.core.runner.run(lambda: copy_file_into(folder, file, FOLDERS[name], copying.tell),
                             done=copying.then(lambda relative: self._copied(
                                 document, slide, name, language, relative)),
                             failed=copying.then(refusing(self.core, f"{file.name} could not "
                                                                       "be copied")))

    def _copied(self, document: DeckDocument, slide: Any, name: str, language: str | None,
                relative: str) -> None:
        row = row_of(document, slide)
        if document is not self.core.document or row is None:
            return  # another deck was opened, or the slide deleted, meanwhile
        old_poster = str(slide.get("poster") or "")
        document.set_field(row, name, relative, language)
        self.core.record(f"choose the {KINDS[name][2]}")
        if row == self.core.index:
            self.core.load_fields(row)
        self.core.recheck()
        if name == "video" and (not old_poster or old_poster.endswith("-poster.jpg")):
            self.make_poster(document, slide)  # (a poster of the author's own stays)

    def _poster_again(self) -> None:
        document, index = self.core.document, self.core.index
        if document is not None and index >= 0:
            self.make_poster(document, document.slide(index))

    # ---------------------------------------------------------------- listening
    def listen(self, language: str) -> None:
        """The chosen slide's recording in ``language``: played, or stopped if playing."""
        document, index = self.core.document, self.core.index
        if document is None or index < 0 or not media.available():
            return
        if self._listening == language:
            self.stop()
            return
        files = per_language(document.slide(index).get("narration"), document.languages)
        if language not in files:
            return
        if self.narration is None:
            self.narration = Narration(self.core.window)
            self.narration.stopped.connect(self._stopped)
        self.narration.play((document.folder / files[language]).resolve())  # (the one
        self._listening = language  # before stops first)
        self.core.window.fields.media.show_playing(language)

    def stop(self) -> None:
        if self.narration is not None and self._listening is not None:
            self.narration.stop()
        self._stopped()

    def _stopped(self) -> None:
        self._listening = None
        self.core.window.fields.media.show_playing(None)
