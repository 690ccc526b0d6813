"""How tall the on-screen keyboard draws its letters: each script's ink measured against Latin
letters', so that letters of a script small in its font (Hangul jamo) get a larger font and
every script's keys read at one size. Measured once per font and layout."""

from __future__ import annotations

import statistics
from collections.abc import Iterable

from PySide6.QtGui import QFont, QPainterPath

from kiosk.visit.keyboards import LATIN, Layout

#: How much larger each script's letters are drawn, by font and layout (measured once).
_SCALES: dict[tuple[str, str], float] = {}


def ink_height(font: QFont, labels: Iterable[str]) -> float:
    """The median height of the labels' ink in ``font`` (their outlines, in the fallback fonts
    too): what the eye sees, where the font's ascent and descent say little."""
    heights = []
    for label in labels:
        path = QPainterPath()
        path.addText(0, 0, font, label)
        heights.append(path.boundingRect().height())
    return statistics.median(heights) if heights else 0.0


def label_scale(font: QFont, layout: Layout) -> float:
    """How much larger than ``font`` the letters of ``layout`` are drawn for their ink to stand
    as tall as Latin letters' (Hangul jamo are small in their fonts: about 1.25)."""
    probe = QFont(font)
    probe.setPixelSize(100)
    key = (probe.key(), layout.name)
    if key not in _SCALES:
        ours = ink_height(probe, (k for row in layout.rows for k in row))
        latin = ink_height(probe, (k for row in LATIN.rows for k in row))
        _SCALES[key] = min(1.6, max(0.75, latin / ours)) if ours else 1.0
    return _SCALES[key]
