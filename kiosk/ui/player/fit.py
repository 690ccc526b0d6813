"""Does every text fit? The slide painters lay out each slide without drawing, at the sizes a
booth may have, and say which texts they had to cut: `kiosk validate` reports those."""

from __future__ import annotations

from PySide6.QtCore import QSize

from kiosk.content import Deck, Slide
from kiosk.ui.player.canvas import Canvas
from kiosk.ui.player.slides import PAINTERS

#: The screens every deck is checked at: landscape and portrait 1080p.
CHECK_SIZES = (QSize(1920, 1080), QSize(1080, 1920))


def misfits(deck: Deck, slide: Slide, language: str, size: QSize) -> list[tuple[str, str]]:
    """(field, message) for every text of the slide that does not fit at ``size``."""
    canvas = Canvas(deck, slide, language, size)
    PAINTERS[slide.type](canvas)
    return canvas.misfits


def fit_check(deck: Deck) -> list[tuple[Slide, str, str]]:
    """Every text that does not fit, at each checked size and language (for validation): a
    deck in several languages is told which language, and its line (``heading.km``)."""
    found: dict[tuple[str, str], tuple[Slide, str, str]] = {}
    several = len(deck.languages) > 1
    for slide in deck.slides:
        for language in deck.languages:
            for size in CHECK_SIZES:
                for name, message in misfits(deck, slide, language, size):
                    field = f"{name}.{language}" if several else name
                    said = f"in '{language}': {message}" if several else message
                    found.setdefault((slide.id, field), (slide, field, said))
    return list(found.values())
