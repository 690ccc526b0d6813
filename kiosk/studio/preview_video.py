"""The preview plays the chosen video slide as the booth shows it in the loop: muted, with
subtitles in the deck's first language, over and over. It stops when another slide is chosen
or the window closes; where video cannot play (no media extra) the poster stays, and a video
that cannot play (damaged) is said once and not tried again until it changes."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.studio.checks import PREVIEW, Check
from kiosk.studio.part import StudioCore
from kiosk.ui import media
from kiosk.ui.player.video import VideoPlayback

log = logging.getLogger(__name__)

#: Said when the chosen video cannot play (the check says why under its field).
CANNOT_PLAY = "This video cannot play: it is damaged or not really a video."
SHOWS_POSTER = "The booth would show its poster."
SHOWS_CAPTION = "The booth would show the caption on the deck's background."


class PreviewVideo(QObject):
    """Follows each check of the deck (``checked``): a video slide chosen plays, anything
    else stops it. ``shown()`` whenever a frame of it is put in the preview."""

    shown = Signal()

    def __init__(self, core: StudioCore, checked: Any) -> None:
        super().__init__(core.window)
        self.core = core
        self.playback: VideoPlayback | None = None  # while one plays
        self._playing: tuple[Any, ...] = ()  # what it plays: a slide as checked, a size
        self._failed_on: tuple[Any, ...] = ()  # what last could not play
        checked.connect(self.on_checked)
        core.window.slides.currentRowChanged.connect(lambda _row: self.stop())
        core.window.closed.connect(self.stop)

    def on_checked(self, result: Check) -> None:
        deck, index = result.deck, self.core.index
        ids = self.core.slide_ids() if self.core.document is not None else []
        wanted = ids[index] if 0 <= index < len(ids) else None
        slide = next((s for s in deck.slides if s.id == wanted), None) if deck else None
        if deck is None or slide is None or slide.type != "video" or not media.available():
            self.stop()
            return
        size = PREVIEW[max(0, self.core.window.orientations.checkedId())]
        playing = (slide.fields, deck.theme, tuple(deck.languages), size)
        if self.playback is not None and playing == self._playing:
            self._show()  # the check painted the poster: the video goes on over it
            return
        self.stop()
        if playing == self._failed_on:
            return  # (said once: the poster stays)
        self._playing = playing
        self.playback = VideoPlayback(deck, slide, deck.default_language, size, parent=self)
        self.playback.frame_ready.connect(self._show)
        self.playback.ended.connect(self._again)
        self.playback.failed.connect(self._failed)
        self.playback.play(muted=True)

    def _show(self) -> None:
        frame = self.playback.frame() if self.playback is not None else None
        if frame is not None:
            self.core.window.preview.set_image(frame)
            self.shown.emit()

    def _again(self) -> None:
        """Over and over: from the start again at its end."""
        if self.playback is not None:
            self.playback.stop()
            self.playback.play(muted=True)

    def _failed(self, why: str) -> None:
        log.warning("the preview cannot play the video: %s", why)
        poster = bool(self._playing and self._playing[0].get("poster"))
        self._failed_on = self._playing
        self.core.window.set_status(f"{CANNOT_PLAY} {SHOWS_POSTER if poster else SHOWS_CAPTION}",
                                    ready=False)
        self.stop()

    def stop(self) -> None:
        if self.playback is None:
            return
        playback, self.playback, self._playing = self.playback, None, ()
        playback.stop()
        playback.deleteLater()
