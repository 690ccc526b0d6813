"""A video slide playing: each frame of the video shown whole on the deck's background, with
the slide's caption, credit and the subtitle cue of that frame's moment laid over it, ready
to be drawn as any slide's frame is (the kiosk's player, the studio's preview).

Qt Multimedia comes with an optional extra (:mod:`kiosk.ui.media`): it is imported only when
a video starts, and only where it can be; elsewhere the playback says it failed and the
slide's poster stays.

Each frame costs the GUI thread one conversion (``QVideoFrame.toImage``) and one copy into
the frame the player draws; the words over it are painted once per cue (or language), into
a see-through image of which only the rows holding words are laid over each frame.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QPainter, QRegion

from kiosk.content.model import Deck, Slide
from kiosk.content.webvtt import Cue, cue_at
from kiosk.ui import media
from kiosk.ui.player.canvas import Canvas
from kiosk.ui.player.look import Look
from kiosk.ui.player.media_engine import add_sound, call, make_player, release
from kiosk.ui.player.slides import paint_logo, settle
from kiosk.ui.player.video_layout import picture_rect, subtitle, video_words

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QVideoFrame

log = logging.getLogger(__name__)

_HINTS = (QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
          | QPainter.RenderHint.SmoothPixmapTransform)


class Overlay:
    """The words over a playing video at one size: caption, credit, logo and one subtitle
    cue, on a see-through image; where the picture goes; the rows that hold words."""

    def __init__(self, canvas_of: Callable[[QPainter], Canvas], pixels: QSize, shape: QSize,
                 cue: str) -> None:
        self.image = QImage(pixels, QImage.Format.Format_ARGB32_Premultiplied)
        self.image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(self.image)
        try:
            painter.setRenderHints(_HINTS)
            c = canvas_of(painter)
            picture = picture_rect(shape, c)
            video_words(c, picture)
            paint_logo(c)
            if cue:
                subtitle(c, cue, picture)
        finally:
            painter.end()
        self.picture = picture.toRect()
        self.bands = drawn_rows(self.image)
        bars = QRegion(self.image.rect()).subtracted(QRegion(self.picture))
        self.bars = list(bars)  # type: ignore[call-overload]  # (iterable, not in the stubs)
        under = QRegion()
        for band in self.bands:
            under += band
        self.bars_under_words = list(bars.intersected(under))  # type: ignore[call-overload]
        self.fresh = True  # beside the picture the frame holds other words yet: fill it all


def drawn_rows(image: QImage) -> list[QRect]:
    """The runs of rows of a see-through ``image`` where something is drawn."""
    line = image.bytesPerLine()
    raw = bytes(image.constBits())
    clear = bytes(line)
    bands: list[QRect] = []
    start = -1
    for y in range(image.height() + 1):
        drawn = y < image.height() and raw[y * line:(y + 1) * line] != clear
        if drawn and start < 0:
            start = y
        elif not drawn and start >= 0:
            bands.append(QRect(0, start, image.width(), y - start))
            start = -1
    return bands


#: Whether Qt has chosen how it converts frames (once, on the GUI thread, where they arrive).
_converter_chosen = False


def to_image(frame: QVideoFrame) -> QImage:
    """``frame`` as an image, converted by the processor. Qt would otherwise convert it on
    the graphics chip where it can: upload the decoded frame, draw it, read it back; with
    OpenGL drawn in software (a virtual machine, an X server without a graphics chip) that
    takes five times as long (40 ms a 1080p frame, more than a frame's time). Qt makes its
    choice once a thread, the first time: it is made while widgets are said to be drawn
    without OpenGL, then that is undone."""
    global _converter_chosen
    if _converter_chosen:
        return frame.toImage()
    _converter_chosen = True
    raster = Qt.ApplicationAttribute.AA_ForceRasterWidgets
    was = QCoreApplication.testAttribute(raster)
    QCoreApplication.setAttribute(raster, True)
    try:
        return frame.toImage()
    finally:
        QCoreApplication.setAttribute(raster, was)


class VideoPlayback(QObject):
    """One video slide, playing: :meth:`frame` is the screen-sized frame to draw. Give it a
    parent, or end it with ``deleteLater()``: a playback Python's collector deleted could
    wait for ever on its player's threads (:mod:`kiosk.ui.player.media_engine`)."""

    frame_ready = Signal()  # a new composed frame is ready: frame()
    ended = Signal()  # a video that does not loop reached its end
    failed = Signal(str)  # it cannot play (why, in plain words); the poster stays

    def __init__(self, deck: Deck, slide: Slide, language: str, size: QSize,
                 ratio: float = 1.0, parent: QObject | None = None,
                 text_scale: float = 1.0) -> None:
        super().__init__(parent)
        self.deck, self.slide = deck, slide
        self.look = Look(language, text_scale, size, ratio, self)  # a change: words anew
        self.look.changed.connect(self._restyle)
        self._cues: tuple[Cue, ...] = slide.cues(language)
        self._cue: Cue | None = None
        self._engine: Any = None  # the QMediaPlayer, while playing
        self._sink: Any = None
        self._sound: Any = None  # its QAudioOutput (muted in the loop)
        self._picture: QImage | None = None  # the video's last frame, as decoded
        self._shape = QSize()  # its size, when the words over it were painted
        self._screen: QImage | None = None  # the last frame composed
        self._overlay: Overlay | None = None
        self._step: tuple[tuple[str, float, QSize], float] | None = None
        self._position_ms = 0
        self._gave_up = False

    # ---------------------------------------------------------------- what it shows
    def frame(self) -> QImage | None:
        """The video's frame shown whole on the deck's background, with the caption, the
        credit and the subtitle cue of its moment; screen-sized. None before the first."""
        return self._screen

    @property
    def position_ms(self) -> int:
        """Where in the video the frame shown is."""
        return self._position_ms

    @property
    def language(self) -> str:
        """The language of the words over the video."""
        return self.look.language

    @property
    def cue_text(self) -> str:
        """The subtitle on the frame shown ('' while none)."""
        return self._cue.text if self._cue is not None else ""

    # ---------------------------------------------------------------- control
    def play(self, muted: bool = True) -> None:
        """Start (or, once paused, go on); ``failed`` follows if this computer cannot."""
        if self._engine is None:
            if not media.available():
                self._give_up(f"this computer cannot play video ({media.EXTRA})")
                return
            self._start(muted)
        self.set_muted(muted)
        call(self._engine, "play")

    def _start(self, muted: bool) -> None:
        from PySide6.QtMultimedia import QVideoSink

        sink = QVideoSink(self)
        sink.videoFrameChanged.connect(self._on_frame)
        engine, self._sound = make_player(self, self.slide.fields["video"], sink,
                                          loops=bool(self.slide.fields.get("loop")),
                                          sound=not muted)
        engine.mediaStatusChanged.connect(self._on_status)
        engine.errorOccurred.connect(self._on_error)
        self._engine, self._sink = engine, sink

    def pause(self) -> None:
        """Hold the frame shown (a finger holds the slide); :meth:`play` goes on."""
        if self._engine is not None:
            call(self._engine, "pause")

    def stop(self) -> None:
        """Stop for good; :meth:`frame` keeps the last frame shown."""
        engine, sink, sound = self._engine, self._sink, self._sound
        self._engine = self._sink = self._sound = None
        if engine is not None:
            sink.videoFrameChanged.disconnect(self._on_frame)
            release(engine, sink, sound)

    def set_muted(self, muted: bool) -> None:
        """Sound off (the loop: no audio output at all, nothing to decode) or on (a visitor
        asked for it: an audio output from then on, muted when sound goes off again)."""
        if self._sound is None and not muted and self._engine is not None:
            self._sound = add_sound(self._engine, self)
        if self._sound is not None:
            self._sound.setMuted(muted)

    def _restyle(self) -> None:
        """Subtitles, caption and their size as the look says from the frame shown on, at its
        size; the video goes on where it is."""
        self._cues = self.slide.cues(self.look.language)
        self._overlay = None
        if self._picture is not None:
            self._show(self._picture)

    # ---------------------------------------------------------------- frames arriving
    def _on_frame(self, frame: QVideoFrame) -> None:
        if self._engine is None or not frame.isValid():
            return  # (an empty frame marks the end: the last one stays)
        if self._sink.videoFrame().startTime() != frame.startTime():
            return  # a newer frame is on its way: this one would be late
        picture = to_image(frame)
        if picture.isNull():
            return
        self._position_ms = max(0, frame.startTime()) // 1000
        self._show(picture)

    def _show(self, picture: QImage) -> None:
        """Compose ``picture`` with the words of its moment; say a frame is ready."""
        self._picture = picture
        cue = cue_at(self._cues, self._position_ms / 1000)
        overlay = self._overlay
        if overlay is None or cue != self._cue or self._shape != picture.size():
            self._cue, self._shape = cue, picture.size()
            overlay = self._overlay = Overlay(self._canvas, self.look.pixels(), picture.size(),
                                              self.cue_text)
        self._compose(picture, overlay)
        self.frame_ready.emit()

    def _canvas(self, painter: QPainter) -> Canvas:
        """The slide's canvas at the frame's size, its text at the step the poster's has."""
        look, pixels = self.look, self.look.pixels()
        key = (look.language, look.text_scale, pixels)
        if self._step is None or self._step[0] != key:
            settled = settle(self.deck, self.slide, look.language, pixels, look.text_scale)
            self._step = (key, settled.step)
        return Canvas(self.deck, self.slide, look.language, pixels, painter,
                      text_scale=look.text_scale, step=self._step[1])

    def _compose(self, picture: QImage, overlay: Overlay) -> None:
        """The frame: the picture, the background beside it, the rows of words over both."""
        screen = self._screen
        if screen is None or screen.size() != overlay.image.size():
            screen = self._screen = QImage(overlay.image.size(), QImage.Format.Format_RGB32)
            overlay.fresh = True
        screen.setDevicePixelRatio(1.0)  # (painted in pixels)
        painter = QPainter(screen)
        try:
            background = QColor(self.deck.theme.background)
            for rect in overlay.bars if overlay.fresh else overlay.bars_under_words:
                painter.fillRect(rect, background)
            overlay.fresh = False
            if picture.size() == overlay.picture.size():
                painter.drawImage(overlay.picture.topLeft(), picture)
            else:
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                painter.drawImage(QRectF(overlay.picture), picture)
            for band in overlay.bands:
                painter.drawImage(band.topLeft(), overlay.image, band)
        finally:
            painter.end()
        screen.setDevicePixelRatio(self.look.ratio)

    # ---------------------------------------------------------------- the engine's news
    def _on_status(self, status: object) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if self._current() and status == QMediaPlayer.MediaStatus.EndOfMedia:
            self.ended.emit()  # (a looping video never reaches its end)

    def _current(self) -> bool:
        """Whether the news comes from the player playing now (not from one let go)."""
        return self._engine is not None and self.sender() is self._engine

    def _on_error(self, _error: object, message: str) -> None:
        if self._current():
            self.stop()
            log.warning("video slide '%s' cannot play: %s", self.slide.id, message)
            self._give_up(f"the video cannot be played: {message or 'unknown error'}")

    def _give_up(self, reason: str) -> None:
        """Say ``failed`` once, after the caller's own work (never inside :meth:`play`)."""
        if not self._gave_up:
            self._gave_up = True
            QTimer.singleShot(0, self, lambda: self.failed.emit(reason))
