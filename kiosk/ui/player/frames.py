"""Finished slide images, prepared on worker threads before their turn."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QRect, QRectF, Signal
from PySide6.QtGui import QImage
from shiboken6 import isValid

from kiosk.content import Deck
from kiosk.ui.common.images import ImageError
from kiosk.ui.player.blend import changed_rect
from kiosk.ui.player.look import Look
from kiosk.ui.player.slides import paints_on_plain, render_plain, render_slide
from kiosk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class FrameCache(QObject):
    """Slide index -> painted frame for the current deck, language and size.

    ``request`` starts painting in the background; ``ready`` or ``failed`` follows on the GUI
    thread. Results for an older deck, language or size are dropped.
    """

    ready = Signal(int)
    failed = Signal(int, str)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._deck: Deck | None = None
        self.look = Look("en", parent=self)  # a change: every frame is painted again
        self.look.changed.connect(self._reset)
        self._frames: dict[int, QImage] = {}
        self._pending: set[int] = set()
        self._generation = 0
        self._plain: QImage | None = None  # the background alone, for fades between words
        self._plain_asked = False
        #: frame's cache key -> where it differs from the plain frame (pixels; empty: nowhere)
        self._changes: dict[int, QRect] = {}

    def _reset(self) -> None:
        self._generation += 1
        self._frames.clear()
        self._changes.clear()
        self._pending.clear()
        self._plain = None
        self._plain_asked = False  # asked by the player once its slide is on screen

    def request_plain(self) -> None:
        """Paint the deck's bare background (what fades between words pass through)."""
        deck, generation = self._deck, self._generation
        if self._plain_asked or deck is None or not deck.slides:
            return
        self._plain_asked = True
        pixels = self.look.pixels()
        self._runner.run(lambda: render_plain(deck, pixels),
                         done=lambda image: self._plain_done(generation, image))

    def _current(self, generation: int) -> bool:
        """Whether a frame painted for ``generation`` is still wanted: not for an older deck,
        language or size, nor for a player since deleted (a closed preview window whose
        workers, shared with the studio, finish after it)."""
        return generation == self._generation and isValid(self)

    def _plain_done(self, generation: int, image: QImage) -> None:
        if self._current(generation):
            image.setDevicePixelRatio(self.look.ratio)
            self._plain = image

    def plain(self) -> QImage | None:
        """The deck's background with no words, once painted."""
        return self._plain

    def set_deck(self, deck: Deck, language: str) -> None:
        self._deck, self.look.language = deck, language
        self._reset()

    @property
    def text_scale(self) -> float:
        """How large the text is painted (1: its usual size)."""
        return self.look.text_scale

    def wait(self, ms: int = 2000) -> None:
        """Wait for the slides being painted on workers (shutdown, tests)."""
        self._runner.wait(ms)

    @property
    def painting(self) -> bool:
        """Whether a slide is being painted, or is painted and not yet handed over (its
        frame then arrives from the event loop, even after :meth:`keep_only`)."""
        return bool(self._pending)

    def get(self, index: int) -> QImage | None:
        return self._frames.get(index)

    def changed(self, frame: QImage) -> QRect:
        """Where ``frame`` differs from the plain frame it was painted on (logical pixels),
        or the whole frame when that is not known."""
        ratio = frame.devicePixelRatio()
        whole = QRectF(0, 0, frame.width() / ratio, frame.height() / ratio).toAlignedRect()
        rect = self._changes.get(frame.cacheKey())
        if rect is None:
            return whole
        return QRectF(rect.x() / ratio, rect.y() / ratio, rect.width() / ratio,
                      rect.height() / ratio).toAlignedRect()

    def differing(self, base: QImage, top: QImage | None) -> QRect | None:
        """Where a fade step's two frames differ, when one is the bare background and the
        other a slide of words painted on it (only their words): None, anywhere."""
        plain = self._plain
        if top is None or plain is None:
            return None
        if base is plain:
            return self.changed(top)
        if top is plain:
            return self.changed(base)
        return None

    def request(self, index: int) -> None:
        deck = self._deck
        if deck is None or index in self._frames or index in self._pending:
            return
        if not 0 <= index < len(deck.slides):
            return
        self._pending.add(index)
        generation, slide, language = self._generation, deck.slides[index], self.look.language
        scale, plain, pixels = self.look.text_scale, self._plain, self.look.pixels()
        def paint() -> tuple[QImage, QRect | None]:
            """The frame, and where it differs from the plain one if painted on it."""
            image = render_slide(deck, slide, language, pixels, scale, plain)
            if plain is None or not paints_on_plain(slide, pixels, plain):
                return image, None
            rect = changed_rect(image, plain)  # (3 ms at 1080p, off the GUI thread)
            return image, QRect() if rect is None else rect

        self._runner.run(
            paint,
            done=lambda result: self._done(generation, index, *result),
            failed=lambda error: self._failed(generation, index, error),
        )

    def keep_only(self, indices: set[int]) -> None:
        """Forget frames not in ``indices``: memory stays flat however long the loop runs."""
        for index in list(self._frames):
            if index not in indices:
                del self._frames[index]
        kept = {frame.cacheKey() for frame in self._frames.values()}
        self._changes = {key: rect for key, rect in self._changes.items() if key in kept}

    def _done(self, generation: int, index: int, image: QImage, changes: QRect | None = None
              ) -> None:
        if not self._current(generation):
            return
        self._pending.discard(index)
        image.setDevicePixelRatio(self.look.ratio)
        if changes is not None:
            self._changes[image.cacheKey()] = changes  # (the key, once its ratio is set)
        self._frames[index] = image
        self.ready.emit(index)

    def _failed(self, generation: int, index: int, error: BaseException) -> None:
        if not self._current(generation):
            return
        self._pending.discard(index)
        if not isinstance(error, ImageError):
            log.error("slide %d could not be painted", index + 1, exc_info=error)
        self.failed.emit(index, str(error) or type(error).__name__)
