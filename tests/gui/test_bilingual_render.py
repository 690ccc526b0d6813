"""A bilingual deck's new fields are drawn: the picture of the language shown, the credit of
a title slide's photo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor

from tests.unit.test_bilingual import deck_with


def test_each_language_shows_its_own_picture_and_a_title_shows_its_credit(
        kiosk_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.ui.player.slides import paint_slide

    result = deck_with(tmp_path, """\
- {type: image, image: {en: images/a.png, km: images/a-km.png}, fit: fit}
- {type: title, heading: {en: Hi, km: សួស្តី}, image: images/a.png, credit: {en: Photo by Sok}}
""")
    deck = result.deck
    assert deck is not None and result.errors == []
    picture, title = deck.slides
    for language, rgb in (("en", (10, 20, 30)), ("km", (30, 20, 10))):
        image, _ = paint_slide(deck, picture, language, QSize(640, 360))
        middle = QColor(image.pixel(320, 120))
        assert abs(middle.red() - rgb[0]) < 8 and abs(middle.blue() - rgb[2]) < 8, language
    _image, placed = paint_slide(deck, title, "en", QSize(1920, 1080))
    assert "source" in placed  # the credit line, above the controls
