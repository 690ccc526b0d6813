"""Drawing the player's frames with as little memory traffic as a fade allows.

A crossfade frame is ``base`` with ``top`` laid over it at some opacity. Drawn from scratch,
that is a copy of one whole screen and a blend of another. But the window's backing store
still holds the last frame drawn, so a fade can move on from there with a single blend:
laying ``top`` at opacity ``b`` over a screen that holds ``top`` at ``a`` gives ``top`` at
``a + b (1 - a)``. The same holds for a slide standing still: a frame already on screen is
not drawn again.

That is only true where nothing else was drawn over the player: widgets above it (the
invitation, the controls) are composed into the same backing store after it, so where they
stand the frame is always drawn from scratch (a small area). Anything the Blender cannot
vouch for (a grab into a picture, a resize, a part of the screen repainted on its own, a
change in what covers the player) is drawn from scratch too.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, QSize
from PySide6.QtGui import QImage, QPainter, QRegion
from PySide6.QtWidgets import QWidget

#: A fade is drawn at most every this many milliseconds (30 frames a second).
FADE_FRAME_MS = 30


def fade_layers(current: QImage, incoming: QImage | None, progress: float,
                plain: QImage | None = None) -> tuple[QImage, QImage | None, float]:
    """The frame underneath, the one over it and its opacity, ``progress`` (0 to 1) of the
    way from ``current`` to ``incoming``. Through ``plain`` (the bare background), when
    given: the old slide fades out to it, then the new one fades in from it, so two texts
    are never seen over each other."""
    if incoming is None:
        return current, None, 0.0
    if plain is not None:
        if progress < 0.5:
            return current, plain, progress * 2
        return plain, incoming, progress * 2 - 1
    return current, incoming, progress


def exact_frame_due(now: int, end: int, through_plain: bool) -> bool:
    """Whether a frame drawn in full comes within FADE_FRAME_MS of ``now`` (ms into a fade
    of ``end`` ms): the fade's end, or the bare background half-way through a fade that
    passes through it (the eased curve is at half at half time). A step just before it
    would be drawn over at once."""
    due = [end, end // 2] if through_plain else [end]
    return any(0 < moment - now < FADE_FRAME_MS for moment in due)


@dataclass(frozen=True)
class _Held:
    """What the backing store holds for the player outside the widgets covering it."""

    base: int  # QImage.cacheKey() of the frame underneath
    top: int  # ... of the frame laid over it (0: none)
    alpha: float  # the opacity ``top`` was laid at
    covered: QRegion
    size: QSize

    def leads_to(self, base: QImage, top: QImage | None) -> bool:
        """Whether ``top`` laid over ``base`` can start from this: the same frames, or
        ``base`` alone on screen."""
        return self.base == _key(base) and (self.alpha == 0 or self.top == _key(top))


def covering(widget: QWidget) -> QRegion:
    """Where visible widgets are drawn over ``widget``: its siblings stacked above it and
    its own children (in ``widget``'s coordinates)."""
    region = QRegion()
    parent = widget.parentWidget()
    if parent is not None:
        siblings = parent.children()
        offset = widget.pos()
        for other in siblings[siblings.index(widget) + 1:]:  # children() is stacking order
            if isinstance(other, QWidget) and other.isVisible():
                region += other.geometry().translated(-offset)
    for child in widget.children():
        if isinstance(child, QWidget) and child.isVisible():
            region += child.geometry()
    return region


def changed_rect(a: QImage, b: QImage) -> QRect | None:
    """The smallest rectangle (in pixels) outside which ``a`` and ``b`` hold the same
    pixels, or None where they are the same throughout: a slide of words against the bare
    background it was painted on differs only where its words are."""
    whole = QRect(0, 0, a.width(), a.height())
    if (a.size() != b.size() or a.format() != b.format() or a.depth() != 32
            or a.bytesPerLine() != b.bytesPerLine() or a.bytesPerLine() % 8):
        return whole
    unit = a.bytesPerLine() // 8  # a row in 8-byte words: two pixels a word
    ours = memoryview(a.constBits()).cast("Q")
    theirs = memoryview(b.constBits()).cast("Q")
    rows = [y for y in range(a.height())
            if ours[y * unit:(y + 1) * unit] != theirs[y * unit:(y + 1) * unit]]
    if not rows:
        return None
    left, right = unit, 0  # words [left, right) differ on some row
    for y in rows:
        row, other = ours[y * unit:(y + 1) * unit], theirs[y * unit:(y + 1) * unit]
        if left and row[:left] != other[:left]:
            left = _first_difference(row, other, left)
        if right < unit and row[right:] != other[right:]:
            right = _end_of_difference(row, other, right)
    return QRect(left * 2, rows[0], (right - left) * 2, rows[-1] - rows[0] + 1).intersected(
        whole)


def _first_difference(row: memoryview, other: memoryview, end: int) -> int:
    """The first word where ``row`` and ``other`` differ, known to be before ``end``."""
    same, differs = 0, end  # row[:same] == other[:same]; row[:differs] != other[:differs]
    while differs - same > 1:
        middle = (same + differs) // 2
        if row[:middle] == other[:middle]:
            same = middle
        else:
            differs = middle
    return same


def _end_of_difference(row: memoryview, other: memoryview, start: int) -> int:
    """One past the last word where ``row`` and ``other`` differ, known to be from
    ``start`` on."""
    differs, same = start, len(row)  # row[same:] == other[same:]; row[differs:] != ...
    while same - differs > 1:
        middle = (same + differs) // 2
        if row[middle:] == other[middle:]:
            same = middle
        else:
            differs = middle
    return same


def _key(image: QImage | None) -> int:
    return image.cacheKey() if image is not None else 0


def draw_shifted(painter: QPainter, frame: QImage, dx: float, size: QSize) -> None:
    """``frame`` moved ``dx`` sideways; stretched to ``size`` if it was painted for another
    size (a resize is being painted again in the background)."""
    if _logical(frame) == size:
        painter.drawImage(QPointF(dx, 0), frame)
    else:
        painter.drawImage(QRectF(dx, 0, size.width(), size.height()), frame)


def _logical(frame: QImage) -> QSize:
    ratio = frame.devicePixelRatio()
    return QSize(round(frame.width() / ratio), round(frame.height() / ratio))


def _put(painter: QPainter, frame: QImage, rect: QRect) -> None:
    """The part of ``frame`` under ``rect`` (logical pixels), unscaled: Qt's fastest path."""
    ratio = frame.devicePixelRatio()
    source = QRectF(rect.x() * ratio, rect.y() * ratio, rect.width() * ratio,
                    rect.height() * ratio)
    painter.drawImage(QPointF(rect.topLeft()), frame, source)


class Blender:
    """Paints a player's still frames and fades into its window's backing store."""

    def __init__(self, widget: QWidget) -> None:
        self._widget = weakref.ref(widget)  # (the widget owns the Blender: no cycle)
        self._held: _Held | None = None
        self.blended_px = 0  # pixels blended or copied so far (the benchmark reads it)

    def forget(self) -> None:
        """The screen may no longer hold what was drawn last (resized, hidden, moved)."""
        self._held = None

    def would_change(self, base: QImage, top: QImage | None, alpha: float) -> bool:
        """Whether drawing this would change a pixel of what the screen holds: not when the
        same frames differ in opacity by less than a level of 255 (a fade's eased start)."""
        held = self._held
        if held is None or not held.leads_to(base, top):
            return True
        return abs(alpha - held.alpha) * 255 >= 1 if top is not None else held.alpha > 0

    def paint(self, painter: QPainter, region: QRegion, base: QImage, top: QImage | None = None,
              alpha: float = 0.0, differs: QRect | None = None) -> None:
        """``base`` with ``top`` over it at opacity ``alpha``, in ``region``. ``differs``:
        where the two frames differ, if known (outside it ``top`` is ``base``, whatever
        the opacity, and is not laid at all)."""
        widget = self._widget()
        if widget is None:
            return
        size = widget.size()
        if _logical(base) != size or (top is not None and _logical(top) != size):
            self._held = None
            draw_shifted(painter, base, 0.0, size)
            if top is not None:
                painter.setOpacity(alpha)
                draw_shifted(painter, top, 0.0, size)
            return
        covered = covering(widget)
        free = QRegion(widget.rect()).subtracted(covered)
        store = widget.backingStore()
        engine = painter.paintEngine()
        on_screen = (store is not None and engine is not None
                     and engine.paintDevice() is store.paintDevice())
        whole = free.subtracted(region).isEmpty()  # every uncovered pixel is repainted
        held = self._held
        if (on_screen and whole and held is not None and held.leads_to(base, top)
                and held.covered == covered and held.size == size and held.alpha <= alpha):
            if top is not None and alpha > held.alpha:
                step = 1.0 if alpha >= 1 else (alpha - held.alpha) / (1 - held.alpha)
                self._layer(painter, free if differs is None else free.intersected(differs),
                            top, step)
            self._compose(painter, region.intersected(covered), base, top, alpha, differs)
        else:
            self._compose(painter, region, base, top, alpha, differs)
        if on_screen and whole:
            if top is not None and alpha >= 1:
                base, top, alpha = top, None, 0.0
            self._held = _Held(_key(base), _key(top), alpha, covered, size)
        elif on_screen and not free.intersected(region).isEmpty():
            self._held = None  # part of the screen moved on and part did not

    def _compose(self, painter: QPainter, region: QRegion, base: QImage, top: QImage | None,
                 alpha: float, differs: QRect | None = None) -> None:
        """The frame drawn from scratch in ``region``."""
        if top is None or alpha < 1:
            self._layer(painter, region, base, 1.0)
        if top is not None and alpha > 0:
            area = region if differs is None or alpha >= 1 else region.intersected(differs)
            self._layer(painter, area, top, min(alpha, 1.0))

    def _layer(self, painter: QPainter, region: QRegion, frame: QImage, opacity: float) -> None:
        painter.setOpacity(opacity)
        for rect in region:  # type: ignore[attr-defined]  # (iterable, not in the stubs)
            _put(painter, frame, rect)
            self.blended_px += rect.width() * rect.height()
        painter.setOpacity(1.0)
