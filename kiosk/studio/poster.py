"""A video's poster: the frame about one second in (or the first, for a shorter video),
grabbed with Qt Multimedia as it plays, silently and out of sight. Asynchronous: the answer
comes as a signal, the window goes on meanwhile (never a nested event loop)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QImage

from kiosk.ui.player.media_engine import ask_overrides, call

log = logging.getLogger(__name__)

#: Where in the video the poster is taken, in milliseconds.
AT_MS = 1000
#: A frame this close before AT_MS is taken (the frame that is on screen at AT_MS).
EARLY_MS = 100
#: How long a video may take to give its frame.
TIMEOUT_MS = 20_000


class PosterGrab(QObject):
    """``PosterGrab(video, parent).start()``; then ``done(QImage)`` or ``failed(why)``, once;
    it lets itself go afterwards. Needs the media extra (:func:`kiosk.ui.media.available`)."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, video: Path, parent: QObject) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QMediaPlayer, QVideoSink

        self.video = video
        self.player = QMediaPlayer(self)  # no audio output: nothing is heard
        self.sink = QVideoSink(self)
        ask_overrides(self.player, self.sink)
        self.player.setVideoSink(self.sink)
        self.sink.videoFrameChanged.connect(self._frame)
        self.player.mediaStatusChanged.connect(self._status)
        self.player.errorOccurred.connect(lambda _error, words: self._end(None, words))
        self._latest: QImage | None = None
        self._over = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self._end(self._latest, "it gave no picture in "
                                                                    "time"))

    def start(self) -> None:
        self._timer.start(TIMEOUT_MS)
        self.player.setSource(QUrl.fromLocalFile(str(self.video)))

    def _status(self, status: Any) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        states = QMediaPlayer.MediaStatus
        if status == states.LoadedMedia and not self._over and self._latest is None:
            if self.player.duration() > AT_MS:
                self.player.setPosition(AT_MS)
            call(self.player, "play")
        elif status == states.EndOfMedia:
            self._end(self._latest, "it has no picture")  # shorter than that: its last
        elif status == states.InvalidMedia:
            self._end(None, "it is damaged, or it is not a video")

    def _frame(self, frame: Any) -> None:
        if self._over or not frame.isValid():
            return
        image = frame.toImage()
        if image.isNull():
            return
        self._latest = image
        at = frame.startTime()  # microseconds; -1 when the video does not say
        if at < 0 or at >= (AT_MS - EARLY_MS) * 1000 or self.player.duration() <= AT_MS:
            self._end(image, "")

    def _end(self, image: QImage | None, why: str) -> None:
        if self._over:
            return
        self._over = True
        self._timer.stop()
        call(self.player, "stop")  # (from the event loop: kiosk.ui.player.media_engine)
        if image is not None:
            self.done.emit(image)
        else:
            log.warning("no poster from %s: %s", self.video, why)
            self.failed.emit(why or "it gave no picture")
        self.deleteLater()
