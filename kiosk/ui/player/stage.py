"""What the player shows, frame by frame: a slide standing, a fade or a slide from one frame to
the next, a slide pulled sideways by a finger, the bare background while nothing is there.
Frames are painted on worker threads (FrameCache); this widget only draws one or two finished
images per frame, so a transition never waits on disk or decoding. The player
(:mod:`kiosk.ui.player.player`) is a stage that plays a deck: it says which frame comes, and
when.
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QRegion
from PySide6.QtWidgets import QWidget

from kiosk.content import Deck, Theme
from kiosk.ui.player.blend import (
    FADE_FRAME_MS,
    Blender,
    draw_shifted,
    exact_frame_due,
    fade_layers,
)
from kiosk.ui.player.frames import FrameCache
from kiosk.ui.player.lineup import Lineup
from kiosk.ui.player.slides import fades_through_plain
from kiosk.ui.tasks import TaskRunner


class Stage(QWidget):
    """The frames of a deck's slides on screen, and the moves between them: what is drawn and
    how, with the slide on screen and the one coming in (the player decides which).

    The player's base, not a part it holds: each frame and each tick of a transition reads
    the stage's own attributes, with no step between (their timing is measured), and a part
    holding its widget would keep the player alive in a reference cycle.
    """

    first_frame_painted = Signal()
    transition_step = Signal()  # a transition moved on by one frame

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._drag = 0.0  # how far the visitor's finger has pulled the slide sideways
        self.deck: Deck | None = None
        self.language = "en"
        self.index = -1
        self.lineup = Lineup()  # the slides that may play now (a schedule may leave some out)
        self._background = QColor(Theme().background)
        self._current: QImage | None = None
        self._incoming: QImage | None = None
        self._incoming_index = -1
        self._kind = "fade"
        self._forward = True
        self._painted_once = False
        self._ahead: set[int] = set()  # frames to paint once this one is on screen
        self._last_frame_ms = -FADE_FRAME_MS  # the transition time of the last frame drawn
        self.paint_count = 0  # frames drawn so far (benchmarks read it)
        self.frames = FrameCache(runner, self)
        self.blender = Blender(self)
        self.surface: QWidget | None = None  # the GPU's, when the setting asks for it
        self._anim = QVariantAnimation(self)
        self._anim.setStartValue(0.0)
        self._anim.setEndValue(1.0)
        self._anim.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._anim.valueChanged.connect(self._step)  # a method: no cycle through Qt

    def _step(self, _value: object) -> None:
        """A transition's tick: a fade is drawn every FADE_FRAME_MS at most (the eye sees no
        difference between 30 and 60 steps of brightness), and only when some pixel would
        change (not at its eased start); a sliding move at every tick."""
        now, end = self._anim.currentTime(), self._anim.duration()
        if self._kind == "slide" or now >= end or (
                now - self._last_frame_ms >= FADE_FRAME_MS
                and not exact_frame_due(now, end, self._fade_through() is not None)
                and self.blender.would_change(*self._layers(self._incoming))):
            self._last_frame_ms = now
            self._refresh()
            self.transition_step.emit()

    @property
    def drag_offset(self) -> float:
        """How far the visitor's finger has pulled the slide sideways, in pixels."""
        return self._drag

    @property
    def has_frame(self) -> bool:
        """Something is on screen: a slide, or the calm holding slide."""
        return self._current is not None

    def hold_transition(self, fraction: float) -> None:
        """Stop the running transition at ``fraction`` (0 to 1) of its way, to paint that
        frame on demand (the benchmark); ``fraction`` 1 finishes it."""
        self._anim.pause()
        self._anim.setCurrentTime(round(self._anim.duration() * fraction))

    def _set_drag(self, dx: object) -> None:
        self._drag = float(dx)  # type: ignore[arg-type]
        self._refresh()

    @property
    def transitioning(self) -> bool:
        return self._anim.state() != QVariantAnimation.State.Stopped

    # ---------------------------------------------------------------- drawing
    def paintEvent(self, event: QPaintEvent) -> None:
        if self.surface is None:  # (else the GPU surface over the player draws)
            self.paint_frame(QPainter(self), event.region())

    def paint_frame(self, painter: QPainter, region: QRegion) -> None:
        """The frame in ``region``: a slide standing, fading, sliding or pulled by a finger."""
        self.paint_count += 1
        incoming = self._incoming if self.transitioning else None
        if self._current is None:
            painter.fillRect(self.rect(), self._background)
            self.blender.forget()
            return
        if (incoming is None and self._drag and self.deck is not None) or (
                incoming is not None and self._kind == "slide"):
            self.blender.forget()
            self._paint_moving(painter, incoming)
        else:
            base, top, alpha = self._layers(incoming)
            self.blender.paint(painter, region, base, top, alpha, self.frames.differing(base, top))
        if not self._painted_once:
            self._painted_once = True
            self.first_frame_painted.emit()
            self._prefetch()

    def _refresh(self) -> None:
        self.update()
        if self.surface is not None:
            self.surface.update()

    def _prefetch(self) -> None:
        """Paint the frames a swipe or the next slide will need, and the bare background."""
        for index in self._ahead:
            self.frames.request(index)
        self.frames.request_plain()

    def _paint_moving(self, painter: QPainter, incoming: QImage | None) -> None:
        """A slide pulled by a finger, or sliding in: two frames side by side."""
        assert self._current is not None and self.deck is not None
        width, size = float(self.width()), self.size()
        if incoming is not None:
            sign = 1 if self._forward else -1
            other: QImage | None = incoming
            dx, side = -width * self._progress() * sign, width * sign
        else:
            dx, side = self._drag, (width if self._drag < 0 else -width)
            other = self.frames.get(self.lineup.step(self.index, 1 if self._drag < 0 else -1))
        draw_shifted(painter, self._current, dx, size)
        if other is not None:
            draw_shifted(painter, other, dx + side, size)
        else:
            painter.fillRect(QRectF(self.rect()).translated(dx + side, 0), self._background)

    def _progress(self) -> float:
        return float(self._anim.currentValue() or 0.0) if self.transitioning else 0.0

    def _layers(self, incoming: QImage | None) -> tuple[QImage, QImage | None, float]:
        """The frame underneath, the one over it and its opacity."""
        assert self._current is not None
        return fade_layers(self._current, incoming, self._progress(), self._fade_through())

    def _fade_through(self) -> QImage | None:
        """The plain background frame, when this fade passes through it."""
        deck = self.deck
        if deck is None or not fades_through_plain(deck, self.index, self._incoming_index,
                                                      self.language):
            return None
        return self.frames.plain()
