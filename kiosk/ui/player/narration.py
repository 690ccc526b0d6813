"""A slide's recorded voice, played from start to end (or until the slide leaves).

Qt Multimedia comes with an optional extra (:mod:`kiosk.ui.media`): without it nothing plays
and nothing is said to have started. Each voice gets a player of its own, let go when it
stops (:mod:`kiosk.ui.player.media_engine` says why).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.ui import media
from kiosk.ui.player.media_engine import call, make_player, release

log = logging.getLogger(__name__)


class Narration(QObject):
    """One voice at a time: :meth:`play` a file, :meth:`stop` it; its length once known.
    Give it a parent, or end it with ``deleteLater()`` (:mod:`kiosk.ui.player.media_engine`)."""

    started = Signal(object)  # the Path now playing
    stopped = Signal()  # it was stopped, or came to its end
    measured = Signal(object)  # the Path whose length just became known: length_ms(path)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.playing: Path | None = None
        self._lengths: dict[Path, int] = {}
        self._engine: Any = None  # the QMediaPlayer of the voice playing
        self._sound: Any = None

    def play(self, path: Path) -> None:
        """Play ``path`` from its start (whatever played before stops)."""
        self.stop()
        if not media.available():
            return
        self._engine, self._sound = make_player(self, path)
        self._engine.durationChanged.connect(self._on_duration)
        self._engine.mediaStatusChanged.connect(self._on_status)
        self._engine.errorOccurred.connect(self._on_error)
        call(self._engine, "play")
        self.playing = path
        self.started.emit(path)

    def stop(self) -> None:
        if self.playing is None:
            return
        self._let_go()
        self.stopped.emit()

    def length_ms(self, path: Path) -> int | None:
        """How long ``path`` plays, once it has been loaded."""
        return self._lengths.get(path)

    def _let_go(self) -> None:
        release(self._engine, self._sound)
        self._engine = self._sound = self.playing = None

    def _current(self) -> bool:
        """Whether the news comes from the voice playing now (not from one let go)."""
        return self._engine is not None and self.sender() is self._engine

    def _on_duration(self, ms: int) -> None:
        path = self.playing
        if self._current() and path is not None and ms > 0 and self._lengths.get(path) != ms:
            self._lengths[path] = int(ms)
            self.measured.emit(path)

    def _on_status(self, status: object) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if self._current() and status == QMediaPlayer.MediaStatus.EndOfMedia:
            self.stop()  # (at its end)

    def _on_error(self, _error: object, message: str) -> None:
        if self._current() and self.playing is not None:
            log.warning("the narration %s cannot be played: %s", self.playing.name, message)
            self.stop()
