"""A slide's sound and video files in the studio's fields: the video (Replace…), its poster
made again from it, subtitles and narration with a row for each deck language (a box that
takes a dropped file, Choose…, and for narration a button to listen). The rows only ask:
``kiosk.studio.media_files`` copies the files and writes them into the deck."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.content.media_kind import AUDIO_SUFFIXES, VIDEO_SUFFIXES
from kiosk.studio.a11y import named
from kiosk.studio.file_boxes import DropBox
from kiosk.ui import media

#: What each file field takes: (suffixes, the box's words while empty, what a file is called).
KINDS = {
    "video": (VIDEO_SUFFIXES, "Drop a video here, or choose one", "video"),
    "subtitles": ((".vtt",), "Drop subtitles (.vtt) here, or choose them", "subtitles"),
    "narration": (AUDIO_SUFFIXES, "Drop a recording here, or choose one", "recording"),
}
LISTEN, STOP = "▶ Listen", "■ Stop"
#: Said where a video cannot be played here (under the video, and when one is added).
NO_VIDEO_HERE = "This computer cannot play video, so no poster was made from it: choose an " \
    "image for the poster."
SHOWS_POSTER = "This computer cannot play video: the preview shows the poster."
BOOTHS_NEED = "A booth plays the video only with the media extra installed; without it, " \
    "the booth shows the poster."


def per_language(value: Any, languages: list[str]) -> dict[str, str]:
    """A field's file for each language (one plain path is the first language's)."""
    if isinstance(value, Mapping):
        return {str(k): str(v) for k, v in value.items() if v}
    return {languages[0]: str(value)} if value else {}


class MediaRows(QObject):
    """Builds the rows in ``editor`` and says what a volunteer asks of them:
    ``file_requested(name, language)``, ``file_dropped(name, language, path)`` (language
    None for the video), ``listen_requested(language)`` and ``poster_requested()``."""

    file_requested = Signal(str, object)
    file_dropped = Signal(str, object, object)
    listen_requested = Signal(str)
    poster_requested = Signal()

    def __init__(self, editor: QWidget, inputs: dict[tuple[str, str | None], QWidget]) -> None:
        super().__init__(editor)
        self.editor, self.inputs = editor, inputs
        self.listen: dict[str, QPushButton] = {}  # by language, while the slide is shown
        self.playing: str | None = None  # the language whose recording plays
        self.has_poster = False  # the slide shown has a poster

    def rows(self, name: str, label: str, value: Any, languages: list[str]) -> QBoxLayout:
        """The video's row, or a row for each language (subtitles, narration)."""
        if name not in ("subtitles", "narration"):
            row = QHBoxLayout()
            self._file_row(row, name, label, None, "" if value is None else str(value))
            if media.available():
                return row
            column = QVBoxLayout()
            column.addLayout(row)
            hint = QLabel(f"{SHOWS_POSTER if self.has_poster else NO_VIDEO_HERE} {BOOTHS_NEED}",
                          self.editor)
            hint.setObjectName("hint")
            hint.setWordWrap(True)
            column.addWidget(hint)
            return column
        files = per_language(value, languages)
        column = QVBoxLayout()
        for language in languages:
            row = QHBoxLayout()
            if len(languages) > 1:
                tag = QLabel(language, self.editor)
                tag.setFixedWidth(max(tag.fontMetrics().horizontalAdvance(each)
                                      for each in languages) + 8)  # the boxes line up
                row.addWidget(tag)
            self._file_row(row, name, label, language, files.get(language, ""))
            if name == "narration" and media.available():  # (no sound here: no button)
                row.addWidget(self._listen_button(label, language, files.get(language)))
            column.addLayout(row)
        return column

    def clear(self) -> None:
        """The slide's rows are gone (another slide is shown)."""
        self.listen.clear()

    def _file_row(self, row: QHBoxLayout, name: str, label: str, language: str | None,
                  value: str) -> None:
        suffixes, empty, what = KINDS[name]
        tag = f"-{language}" if language else ""
        box = DropBox(value, suffixes, empty, self.editor)
        box.setObjectName(f"{name}{tag}")
        named(box, label + (f" ({language})" if language else ""), empty)
        box.dropped.connect(lambda path: self.file_dropped.emit(name, language, path))
        self.inputs[(name, language)] = box
        row.addWidget(box, 1)
        words = "Replace…" if value else f"Choose {what}…" if name == "video" else "Choose…"
        choose = QPushButton(words, self.editor)
        choose.setObjectName(f"choose-{name}{tag}")
        named(choose, f"Choose the {what}" + (f" ({language})" if language else ""))
        choose.clicked.connect(lambda: self.file_requested.emit(name, language))
        row.addWidget(choose)

    def _listen_button(self, label: str, language: str, file: str | None) -> QPushButton:
        button = QPushButton(LISTEN, self.editor)
        button.setObjectName(f"listen-narration-{language}")
        button.setCheckable(True)
        named(button, f"Listen to the {label.lower()} ({language})",
              "Plays the recording here; press again to stop it")
        button.setEnabled(bool(file))
        button.clicked.connect(lambda: self.listen_requested.emit(language))
        self.listen[language] = button
        self.show_playing(self.playing)
        return button

    def poster_button(self, row: QHBoxLayout) -> None:
        """"Make from the video" beside a video slide's poster (where video can play)."""
        if not media.available():
            return
        button = QPushButton("Make from the video", self.editor)
        button.setObjectName("make-poster")
        named(button, "Make the poster again from the video",
              "A still from about one second into the video")
        button.clicked.connect(self.poster_requested)
        row.addWidget(button)

    def show_playing(self, language: str | None) -> None:
        """The listen buttons as they are: ``language``'s playing (Stop), the rest not."""
        self.playing = language
        for each, button in self.listen.items():
            button.setChecked(each == language)
            button.setText(STOP if each == language else LISTEN)
