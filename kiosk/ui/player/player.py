"""The slide player: plays a deck on its stage (:mod:`kiosk.ui.player.stage`, which draws the
frames and the moves between them): auto-advance, looping, transitions, the visitor's finger,
the slide's video and narration, skipping slides that cannot be shown.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEasingCurve, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QImage, QResizeEvent
from PySide6.QtWidgets import QWidget

from kiosk.content import Deck
from kiosk.ui.player import gpu_choice
from kiosk.ui.player.blend import FADE_FRAME_MS
from kiosk.ui.player.dwell import Dwell
from kiosk.ui.player.holding import HoldingSlide, Skips
from kiosk.ui.player.media_slot import MediaSlot
from kiosk.ui.player.stage import Stage
from kiosk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class Player(Stage):
    """Plays a deck: auto-advance, looping, transitions, skipping slides that cannot be shown.

    ``speed`` scales every duration (tests and benchmarks run the same code faster).
    """

    slide_changed = Signal(int)
    slide_skipped = Signal(int, str)
    notice_shown = Signal()  # the holding slide stands where slides would be (none can play)
    nothing_plays = Signal(list)  # no slide of the deck could be painted: why, a line a slide
    deck_set = Signal(object)  # a Deck to play, before its first slide (a schedule may hold)

    def __init__(self, runner: TaskRunner, speed: float = 1.0,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.speed = speed
        self.autoplay = True
        self.dwell_factor = 1.0
        self.holding: HoldingSlide | None = None  # on screen while no slide can play
        self._target: int | None = None
        self._skips = Skips()
        self.browsing = False  # a visitor is here: keep the slide behind ready too
        self.frames.ready.connect(self._on_frame_ready)
        self.frames.failed.connect(self._on_frame_failed)
        self.media = MediaSlot(self)  # the video and narration of the slide on screen
        self.media.frame_ready.connect(self._on_video_frame)
        self._dwell = Dwell(self.media, self)  # how long the slide on screen stays
        self._dwell.due.connect(self.next)
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
        self.frames.look.set_size(self.size(), self.devicePixelRatioF())
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

    def wait_for_workers(self, ms: int = 2000) -> None:
        """Let slides still being painted off the GUI thread finish (shutdown, tests)."""
        self.frames.wait(ms)

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
        self.frames.look.set_language(language)
        self.go_to(max(self.index, 0), "cut")

    def set_text_scale(self, scale: float) -> None:
        """Larger text (the visitor asked for it) or the usual: the current slide again."""
        if self.deck is None or scale == self.frames.text_scale:
            return
        self.frames.look.set_text_scale(scale)
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

    # ---------------------------------------------------------------- the window
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.blender.forget()
        if self.surface is not None:
            self.surface.setGeometry(self.rect())
        if self.deck is None:
            if self.holding is not None:  # (drawn again at the new size)
                self._current = self.holding.frame(event.size(), self.devicePixelRatioF())
            return
        self.frames.look.set_size(event.size(), self.devicePixelRatioF())
        self.media.set_size(event.size(), self.devicePixelRatioF())
        if self.index >= 0 and self._target is None:
            self.frames.request(self.index)
        elif self._target is not None:
            self.frames.request(self._target)

    def use_gpu(self) -> None:
        """Draw through OpenGL (the setting ``renderer: gpu``); see kiosk/ui/player/gpu.py."""
        gpu_choice.use_gpu(self)
