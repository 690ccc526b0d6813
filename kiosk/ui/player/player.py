"""The slide player: shows finished frames, moves between them with a fade or a slide.

Frames are painted on worker threads (FrameCache); this widget only draws one or two finished
images per frame, so a transition never waits on disk or decoding.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import (
    QEasingCurve,
    QRectF,
    Qt,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QRegion, QResizeEvent
from PySide6.QtWidgets import QWidget

from kiosk.content import Deck, Theme
from kiosk.ui.player import gpu_choice
from kiosk.ui.player.blend import (
    FADE_FRAME_MS,
    Blender,
    draw_shifted,
    exact_frame_due,
    fade_layers,
)
from kiosk.ui.player.dwell import Dwell
from kiosk.ui.player.frames import FrameCache
from kiosk.ui.player.holding import HoldingSlide, Skips
from kiosk.ui.player.lineup import Lineup
from kiosk.ui.player.media_slot import MediaSlot
from kiosk.ui.player.slides import fades_through_plain
from kiosk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class Player(QWidget):
    """Plays a deck: auto-advance, looping, transitions, skipping slides that cannot be shown.

    ``speed`` scales every duration (tests and benchmarks run the same code faster).
    """

    slide_changed = Signal(int)
    slide_skipped = Signal(int, str)
    first_frame_painted = Signal()
    notice_shown = Signal()  # the holding slide stands where slides would be (none can play)
    nothing_plays = Signal(list)  # no slide of the deck could be painted: why, a line a slide
    transition_step = Signal()  # a transition moved on by one frame
    deck_set = Signal(object)  # a Deck to play, before its first slide (a schedule may hold)

    def __init__(self, runner: TaskRunner, speed: float = 1.0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.speed = speed
        self.autoplay = True
        self.dwell_factor = 1.0
        self._drag = 0.0  # how far the visitor's finger has pulled the slide sideways
        self.deck: Deck | None = None
        self.language = "en"
        self.index = -1
        self.holding: HoldingSlide | None = None  # on screen while no slide can play
        self.lineup = Lineup()  # the slides that may play now (a schedule may leave some out)
        self._background = QColor(Theme().background)
        self._current: QImage | None = None
        self._incoming: QImage | None = None
        self._incoming_index = -1
        self._kind = "fade"
        self._forward = True
        self._target: int | None = None
        self._skips = Skips()
        self._painted_once = False
        self._ahead: set[int] = set()  # frames to paint once this one is on screen
        self._last_frame_ms = -FADE_FRAME_MS  # the transition time of the last frame drawn
        self.browsing = False  # a visitor is here: keep the slide behind ready too
        self.paint_count = 0  # frames drawn so far (benchmarks read it)
        self.frames = FrameCache(runner, self)
        self.blender = Blender(self)
        self.surface: QWidget | None = None  # the GPU's, when the setting asks for it
        self.frames.ready.connect(self._on_frame_ready)
        self.frames.failed.connect(self._on_frame_failed)
        self.media = MediaSlot(self)  # the video and narration of the slide on screen
        self.media.frame_ready.connect(self._on_video_frame)
        self._dwell = Dwell(self.media, self)  # how long the slide on screen stays
        self._dwell.due.connect(self.next)
        self._anim = QVariantAnimation(self)
        self._anim.setStartValue(0.0)
        self._anim.setEndValue(1.0)
        self._anim.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._anim.valueChanged.connect(self._step)  # a method: no cycle through Qt
        self._anim.finished.connect(self._finish_transition)
        self._spring = QVariantAnimation(self)
        self._spring.setEasingCurve(QEasingCurve.Type.OutBack)
        self._spring.setDuration(260)
        self._spring.valueChanged.connect(self._set_drag)

    # ---------------------------------------------------------------- public slots
    def set_deck(self, deck: Deck, language: str | None = None) -> None:
        """Play ``deck``; keep showing the same slide (by id) if the new deck still has it."""
        keep_id = self.deck.slides[self.index].id if self.deck and self.index >= 0 else None
        self._leave_media()
        self.deck, self.language, self.holding = deck, language or deck.default_language, None
        self._background = QColor(deck.theme.background)
        self._skips.clear()
        self.frames.set_deck(deck, self.language)
        self.frames.set_size(self.size(), self.devicePixelRatioF())
        start = deck.index_of(keep_id) if keep_id else None
        self.index, self.lineup.count = -1, len(deck.slides)  # (the old index means nothing)
        self.deck_set.emit(deck)
        self.go_to(self.lineup.first(start or 0))

    def hold(self, deck: Deck | None, slide: HoldingSlide | None = None) -> None:
        """No slide can play: the calm holding slide of ``deck`` (None: none could be read),
        in its first language, or ``slide`` (the booth is closed)."""
        self._dwell.stop()
        self._anim.stop()
        self.media.leave()
        self.deck, self.index, self._target, self._incoming = None, -1, None, None
        self._show_holding(slide or HoldingSlide(deck))
        self.notice_shown.emit()

    def _show_holding(self, holding: HoldingSlide) -> None:
        self.holding, self.language = holding, holding.language
        self._background = QColor(holding.theme.background)
        self._current = holding.frame(self.size(), self.devicePixelRatioF())
        self._refresh()

    def next(self) -> None:
        if self.deck:
            self.go_to(self.lineup.step(self._position(), 1))

    def previous(self) -> None:
        if self.deck:
            self.go_to(self.lineup.step(self._position(), -1))

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

    def wait_for_workers(self, ms: int = 2000) -> None:
        """Let slides still being painted off the GUI thread finish (shutdown, tests)."""
        self.frames.wait(ms)

    def hold_transition(self, fraction: float) -> None:
        """Stop the running transition at ``fraction`` (0 to 1) of its way, to paint that
        frame on demand (the benchmark); ``fraction`` 1 finishes it."""
        self._anim.pause()
        self._anim.setCurrentTime(round(self._anim.duration() * fraction))

    def set_autoplay(self, on: bool, dwell_factor: float = 1.0) -> None:
        """Advance by itself (each slide's duration times ``dwell_factor``), or stay put."""
        self.autoplay, self.dwell_factor = on, dwell_factor
        if not on:
            self._dwell.stop()
        elif self.deck and not self._dwell.active and not self.transitioning:
            self._start_dwell()

    def set_browsing(self, on: bool) -> None:
        """A visitor took over (the slide behind is kept ready for a swipe back) or the loop
        plays on its own (only the slide on screen and the next are kept)."""
        self.browsing = on
        self.media.set_browsing(on)
        if on and self.deck is not None and self.index >= 0:
            self.frames.request(self.lineup.step(self.index, -1))

    def set_language(self, language: str) -> None:
        """Show every text in ``language`` at once (the current slide is painted again)."""
        if self.deck is None and self.holding is not None and language != self.language:
            self._show_holding(self.holding.in_language(language))
        if self.deck is None or language == self.language:
            return
        self.language = language
        self.media.set_language(language)  # (a video goes on where it is)
        self.frames.set_language(language)
        self.go_to(max(self.index, 0), "cut")

    def set_text_scale(self, scale: float) -> None:
        """Larger text (the visitor asked for it) or the usual: the current slide again."""
        if self.deck is None or scale == self.frames.text_scale:
            return
        self.frames.set_text_scale(scale)
        self.go_to(max(self.index, 0), "cut")

    # ---------------------------------------------------------------- following a finger
    def drag_begin(self) -> None:
        if self.deck is None:
            return
        if self.transitioning:
            self._anim.stop()
            self._finish_transition()
        self._spring.stop()
        self._dwell.stop()
        self.media.pause()
        self.frames.request(self.lineup.step(self.index, 1))
        self.frames.request(self.lineup.step(self.index, -1))

    def drag_to(self, dx: float) -> None:
        if self.deck is not None and self.index >= 0:
            self._set_drag(dx)

    def drag_release(self, direction: int) -> None:
        """Finish a drag: ``direction`` 1 moves on, -1 goes back, 0 springs back."""
        if self.deck is None or self.index < 0:
            return
        target = self.lineup.step(self.index, direction) if direction else self.index
        frame = self.frames.get(target) if direction else None
        if frame is None:
            self._spring.setStartValue(self._drag)
            self._spring.setEndValue(0.0)
            self._spring.start()
            self.media.resume()
            if self.autoplay:
                self._start_dwell()
            return
        done = min(abs(self._drag) / max(1, self.width()), 0.98)
        self._leave_media()
        self._drag = 0.0
        self._forward, self._kind = direction > 0, "slide"
        self._target = None
        self._incoming, self._incoming_index = frame, target
        self._anim.setStartValue(done)
        self._anim.setEasingCurve(QEasingCurve.Type.OutCubic)
        seconds = max(0.15, self.deck.transition_seconds * 0.6 * (1 - done)) / self.speed
        self._anim.setDuration(max(1, round(seconds * 1000)))
        self._anim.start()

    def _set_drag(self, dx: object) -> None:
        self._drag = float(dx)  # type: ignore[arg-type]
        self._refresh()

    def go_to(self, index: int, transition: str | None = None) -> None:
        """Show slide ``index`` as soon as its frame is ready."""
        if self.deck is None:
            return
        if self.transitioning:
            self._anim.stop()
            self._finish_transition()
        self._dwell.stop()
        if index != self.index:
            self._leave_media()
        here, count = self._position(), len(self.deck.slides)
        self._forward = index >= here
        if {here, index} == {0, count - 1} and count > 2:
            self._forward = index == 0  # wrapping round the loop keeps the direction
        self._target = index
        self._kind = transition or self.deck.slides[index].transition
        frame = self.frames.get(index)
        if frame is not None:
            self._start_transition(index, frame)
        else:
            self.frames.request(index)

    @property
    def transitioning(self) -> bool:
        return self._anim.state() != QVariantAnimation.State.Stopped

    # ---------------------------------------------------------------- frames arriving
    def _position(self) -> int:
        return self._target if self._target is not None else max(self.index, 0)

    def _on_frame_ready(self, index: int) -> None:
        if index == self._target:
            self._start_transition(index, self.frames.get(index))
        elif index == self.index and not self.transitioning and self._target is None:
            self._current = self.media.frame() or self.frames.get(index)  # (resized)
            self._refresh()
            self.frames.request_plain()
        elif self._drag:
            self._refresh()  # the neighbour being pulled into view has arrived

    def _on_frame_failed(self, index: int, reason: str) -> None:
        deck = self.deck
        if deck is None:
            return
        self._skips.skipped(deck, index, reason)
        self.slide_skipped.emit(index, reason)
        if index != self._target:
            return
        if self._skips.missed(deck):
            log.error("no slide can be shown: visitors see a holding slide")
            self.hold(deck)
            self.nothing_plays.emit(self._skips.lines())
            return
        self._target = None
        self.go_to(self.lineup.step(index, 1))

    def _start_transition(self, index: int, frame: QImage | None) -> None:
        assert self.deck is not None and frame is not None
        self._target = None
        self._skips.in_a_row = 0
        self._incoming, self._incoming_index = frame, index
        seconds = self.deck.transition_seconds / self.speed
        self._dwell.faded_ms = 0
        if self._current is None or self._kind == "cut" or index == self.index:
            self._finish_transition()
            return
        self._anim.setStartValue(0.0)
        self._anim.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._anim.setDuration(max(1, round(seconds * 1000)))
        self._last_frame_ms = -FADE_FRAME_MS
        self._dwell.faded_ms = self._anim.duration()
        self._anim.start()

    def _start_dwell(self) -> None:
        assert self.deck is not None
        self._dwell.start(self.deck.slides[max(self.index, 0)], self.language, self.dwell_factor,
                          self.speed)

    @property
    def dwell_ms(self) -> int:
        """How long the slide on screen stays before the next one comes (0: it stays)."""
        return self._dwell.ms

    @property
    def still_seconds(self) -> float | None:
        """How long the slide on screen stands still before the next one starts to come, in
        the deck's own seconds (not sped up); None while it stays."""
        return self.dwell_ms * self.speed / 1000 if self.dwell_ms else None

    def _finish_transition(self) -> None:
        if self._incoming is None or self.deck is None:
            return
        self._current, self.index = self._incoming, self._incoming_index
        self._incoming = None
        self.media.enter(self.deck, self.index, self.language, self.size(),
                         self.devicePixelRatioF(), self.frames.text_scale)
        self._current = self.media.frame() or self._current
        self._refresh()
        ahead, behind = self.lineup.step(self.index, 1), self.lineup.step(self.index, -1)
        kept = {self.index, ahead, behind} if self.browsing else {self.index, ahead}
        self.frames.keep_only(kept)
        self._ahead = kept - {self.index}
        if self._painted_once:  # (else once the first frame is on screen: it comes first)
            self._prefetch()
        if self.autoplay:
            self._start_dwell()
        self.slide_changed.emit(self.index)

    # ---------------------------------------------------------------- video and sound
    def set_sound(self, on: bool) -> None:
        """The visitor's Sound button: video sound and narration, while browsing."""
        self.media.set_sound(on)

    def _on_video_frame(self) -> None:
        if self.media.index == self.index and not self.transitioning:
            self._current = self.media.frame()
            self._refresh()

    def _leave_media(self) -> None:
        """The slide's video and narration stop; the video's last frame stays on screen."""
        still = self.media.leave()
        if still is not None:
            self._current = still

    # ---------------------------------------------------------------- drawing
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.blender.forget()
        if self.surface is not None:
            self.surface.setGeometry(self.rect())
        if self.deck is None:
            if self.holding is not None:  # (drawn again at the new size)
                self._current = self.holding.frame(event.size(), self.devicePixelRatioF())
            return
        self.frames.set_size(event.size(), self.devicePixelRatioF())
        self.media.set_size(event.size(), self.devicePixelRatioF())
        if self.index >= 0 and self._target is None:
            self.frames.request(self.index)
        elif self._target is not None:
            self.frames.request(self._target)

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

    def use_gpu(self) -> None:
        """Draw through OpenGL (the setting ``renderer: gpu``); see kiosk/ui/player/gpu.py."""
        gpu_choice.use_gpu(self)

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
