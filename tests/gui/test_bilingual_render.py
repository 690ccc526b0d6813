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


KHMER_RUN = "ស្ត្រីនិងកុមារីកម្ពុជាជាច្រើនត្រូវបានគេជួញដូរទៅប្រទេសជិតខាង" * 2


def test_khmer_without_spaces_wraps_inside_its_box_in_portrait(kiosk_app, tmp_path: Path
                                                              ) -> None:  # type: ignore[no-untyped-def]
    from kiosk.content import load_deck
    from kiosk.ui.player.fit import misfits
    from kiosk.ui.player.slides import paint_slide
    from tests.decks import write_deck

    folder = write_deck(tmp_path / "d", f"""\
- {{type: text, heading: {{en: Trafficking, km: ការជួញដូរ}}, body: {{en: Words., km: {KHMER_RUN}}}}}
""", head="title: T\nlanguages: [en, km]\n")
    deck = load_deck(folder).deck
    assert deck is not None
    size = QSize(1080, 1920)
    assert misfits(deck, deck.slides[0], "km", size) == []
    _image, placed = paint_slide(deck, deck.slides[0], "km", size)
    body = placed["body"]
    assert body.right() <= 1080 - 84 + 1 and body.height() > 200  # wrapped, inside the margin


def test_a_text_that_does_not_fit_is_told_with_its_language_and_line(kiosk_app, tmp_path: Path
                                                                     ) -> None:  # type: ignore[no-untyped-def]
    from kiosk.content import load_deck
    from kiosk.ui.player.fit import fit_check
    from tests.decks import line_of, write_deck

    long = "ជួញដូរ " * 400
    folder = write_deck(tmp_path / "d", f"""\
- type: text
  heading: {{en: Trafficking, km: ការជួញដូរ}}
  body:
    en: A few words.
    km: {long}
""", head="title: T\nlanguages: [en, km]\n")
    problems = [str(p) for p in load_deck(folder, fit_check).warnings if "fit" in p.message]
    assert len(problems) == 1, problems
    assert f"deck.yaml:{line_of(folder, 'km: ជួញ')}:" in problems[0]
    assert "in 'km': 'body' does not fit" in problems[0]
