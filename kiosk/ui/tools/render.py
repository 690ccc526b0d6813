"""`kiosk render`: every slide to a PNG, without a screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize

from kiosk.content import Deck
from kiosk.ui.common.images import ImageError
from kiosk.ui.player.slides import render_slide


def render_deck(deck: Deck, out: Path, size: QSize, language: str | None = None) -> list[Path]:
    """Write ``NN-<id>.png`` for each slide into ``out``; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    language = language or deck.default_language
    written = []
    for slide in deck.slides:
        target = out / f"{slide.index + 1:02d}-{slide.id}.png"
        try:
            image = render_slide(deck, slide, language, size)
        except ImageError as exc:
            print(f"skipped slide {slide.id}: {exc}")
            continue
        if not image.save(str(target), "PNG"):  # type: ignore[call-overload]  # stubs: bytes
            raise OSError(f"cannot write {target}")
        written.append(target)
    return written
