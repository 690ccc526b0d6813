"""Painting slides: every type renders, text fits or is reported, notices are calm."""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from kiosk.cli import main
from kiosk.content import load_deck
from kiosk.platform import paths
from kiosk.ui.player.fit import fit_check
from tests.decks import HEAD, line_of, write_deck

SLIDE = """\
- type: text
  id: a
  heading: A heading
  body: A few words.
"""


def distinct_colours(image: QImage, step: int = 16) -> int:
    seen = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            seen.add(image.pixel(x, y))
    return len(seen)


def test_render_writes_every_slide_at_the_asked_size(kiosk_app, tmp_path: Path) -> None:
    deck = load_deck(paths.bundled_content_dir()).deck
    assert deck is not None
    for size in ((800, 450), (450, 800)):
        out = tmp_path / f"{size[0]}x{size[1]}"
        assert main(["render", "--out", str(out), "--size", f"{size[0]}x{size[1]}"]) == 0
        files = sorted(out.glob("*.png"))
        assert [f.name for f in files] == [f"{s.index + 1:02d}-{s.id}.png" for s in deck.slides]
        for file in files:
            image = QImage(str(file))
            assert (image.width(), image.height()) == size, file.name
            assert distinct_colours(image) > 8, f"{file.name} looks blank"


def test_khmer_and_korean_text_use_the_bundled_fonts(kiosk_app) -> None:
    from PySide6.QtGui import QFontDatabase

    families = set(QFontDatabase.families())
    assert {"Noto Sans", "Noto Sans Khmer", "Noto Sans CJK KR"} <= families
    from PySide6.QtGui import QRawFont

    from kiosk.ui.common.fonts import font

    for text, family in (("សួស្តី", "Noto Sans Khmer"), ("안녕하세요", "Noto Sans CJK KR")):
        # The bundled font itself (QFontMetrics would answer for any font on the system):
        # every letter, its marks too, is in it.
        own = QRawFont.fromFont(font(family, 40))
        assert own.familyName() == family
        assert all(own.supportsCharacter(ord(ch)) for ch in text), family


def test_text_that_cannot_fit_is_a_warning_with_its_line(kiosk_app, tmp_path: Path) -> None:
    long_body = " ".join(["A sentence that goes on and on without end."] * 40)
    folder = write_deck(tmp_path, f"""\
        - type: text
          heading: Fits
          body: {long_body}
          duration: 600
        - type: text
          heading: Short
          body: This one fits.
        """)
    result = load_deck(folder, fit_check=fit_check)
    warnings = [str(p) for p in result.warnings if "does not fit" in p.message]
    assert len(warnings) == 1, warnings
    assert f"deck.yaml:{line_of(folder, 'body: A sentence')}:" in warnings[0]
    assert result.errors == []


def test_dark_gradients_are_dithered_not_banded(kiosk_app) -> None:
    """Along a row of plain background, the colour never stays the same for long: without the
    grain, the bundled deck's glow shows flat bands over 300 px wide at 1920x1080."""
    from kiosk.ui.player.slides import render_slide

    deck = load_deck(paths.bundled_content_dir()).deck
    assert deck is not None
    slide = next(s for s in deck.slides if s.type == "stat")
    image = render_slide(deck, slide, "en", QSize(1920, 1080))
    row = [image.pixel(x, 900) for x in range(image.width())]
    longest = run = 1
    for before, now in itertools.pairwise(row):
        run = run + 1 if now == before else 1
        longest = max(longest, run)
    assert longest < 32



def test_a_theme_without_a_glow_paints_a_flat_background(kiosk_app, tmp_path: Path) -> None:
    """A glow the colour of the background changes no pixel and a flat colour shows no
    bands: it is not drawn (a third of the first slide's time), and the frame is flat. A
    theme with a glow still has one."""
    from kiosk.ui.player.slides import render_plain

    head = HEAD + "theme: {background: '#123456', surface: '#123456'}\n"
    deck = load_deck(write_deck(tmp_path / "flat", SLIDE, head)).deck
    assert deck is not None
    image = render_plain(deck, QSize(640, 360))
    assert {image.pixel(x, y) for x in range(0, 640, 8) for y in range(0, 360, 8)} == {
        QColor("#123456").rgb()}
    head = HEAD + "theme: {background: '#123456', surface: '#345678'}\n"
    deck = load_deck(write_deck(tmp_path / "glow", SLIDE, head)).deck
    assert deck is not None
    image = render_plain(deck, QSize(640, 360))
    assert QColor(image.pixel(600, 20)).lightness() > QColor(image.pixel(20, 340)).lightness()



def test_a_photo_slide_paints_the_background_only_where_the_photo_leaves_room(
        kiosk_app, tmp_path: Path) -> None:
    """A whole-screen photo is not laid over a background painted for nothing; a photo
    fitted inside a frame of another shape leaves the theme's background around it."""
    from kiosk.ui.player.slides import render_slide

    head = HEAD + "theme: {background: '#123456', surface: '#345678'}\n"
    slides = """\
- {type: image, id: wide, image: wide.png, fit: fit}
"""
    deck = load_deck(write_deck(tmp_path, slides, head, {"wide.png": (200, 30, 30)})).deck
    assert deck is not None
    landscape = render_slide(deck, deck.slides[0], "en", QSize(640, 360))
    assert QColor(landscape.pixel(5, 5)).red() > 150  # the photo, edge to edge
    portrait = render_slide(deck, deck.slides[0], "en", QSize(360, 640))
    assert QColor(portrait.pixel(5, 5)) == QColor("#123456")  # above the photo
    assert QColor(portrait.pixel(180, 320)).red() > 150  # the photo, in the middle



def test_a_photo_that_fills_the_frame_is_painted_on_not_copied(kiosk_app, tmp_path: Path
                                                                ) -> None:  # type: ignore[no-untyped-def]
    """Decoding a photo for the screen already makes an image the frame's size: the words
    go onto it, instead of the photo being copied into a new frame (8 MB and a copy at
    1920x1080, each time the loop comes round to it)."""
    from kiosk.ui.player import slides

    made: list[int] = []
    real = slides.decode

    def decode(*args, **kwargs):  # type: ignore[no-untyped-def]
        image = real(*args, **kwargs)
        made.append(image.cacheKey() >> 32)  # (the same image data keeps its serial)
        return image

    deck = load_deck(write_deck(tmp_path, "- {type: image, id: p, image: p.png}\n",
                                images={"p.png": (200, 30, 30)})).deck
    assert deck is not None
    frame = slides.render_slide(deck, deck.slides[0], "en", QSize(64, 36), decoder=decode)
    assert len(made) == 1 and frame.cacheKey() >> 32 == made[0]  # decoded once, painted on


def test_khmer_text_draws_without_font_database_noise(kiosk_app, qtlog) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QPainter

    from kiosk.ui.common.fonts import font

    image = QImage(600, 120, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setFont(font("Noto Sans", 40))
    painter.drawText(10, 80, "ប៉ះអេក្រង់ ដើម្បីស្វែងយល់ 화면을 눌러")
    painter.end()
    assert not [r for r in qtlog.records if "OpenType support missing" in r.message]


def test_a_slide_of_words_drawn_on_the_plain_frame_is_the_same_slide(kiosk_app) -> None:
    """The player paints words on a copy of the deck's plain frame instead of painting the
    background again: the pixels must not change."""
    from kiosk.ui.player.slides import has_plain_background, render_plain, render_slide

    deck = load_deck(paths.bundled_content_dir()).deck
    assert deck is not None
    size = QSize(960, 540)
    plain = render_plain(deck, size)
    words = [s for s in deck.slides if has_plain_background(s)]
    photo = next(s for s in deck.slides if not has_plain_background(s))
    assert len(words) > 5
    for slide in [*words, photo]:
        assert render_slide(deck, slide, "en", size, plain=plain) == render_slide(
            deck, slide, "en", size), slide.id
    plain.setDevicePixelRatio(2.0)  # as the frame cache marks it on a high-density screen
    assert render_slide(deck, words[0], "en", size, plain=plain) == render_slide(
        deck, words[0], "en", size)
