"""High contrast (``high_contrast: true`` in kiosk.yaml): the deck's colours give way to a
palette where words and controls stand at least 7:1 from what they are drawn on, on the
slides, the visitor's controls, the message form and its keyboard, and the staff screens.
Measured twice: from the theme each screen was given, and from the pixels drawn."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.content import Deck, Theme, load_deck
from kiosk.content.contrast import HIGH_RATIO, HighContrast, ratio, screen_problems
from kiosk.setup.config import Settings
from tests.bilingual_deck import write_bilingual_deck

SIZE = QSize(1920, 1080)


@pytest.fixture(scope="module")
def deck(qapp, tmp_path_factory: pytest.TempPathFactory) -> Deck:  # type: ignore[no-untyped-def]
    from kiosk.ui.app import application

    application(headless=True)
    loaded = load_deck(write_bilingual_deck(tmp_path_factory.mktemp("deck"))).deck
    assert loaded is not None and screen_problems(loaded.theme)  # its own colours fall short
    return loaded


def _themes(window: QWidget) -> Iterator[tuple[str, Theme]]:
    """The theme each part of the window on screen was given."""
    for child in window.findChildren(QWidget):
        theme = getattr(child, "theme", None)
        if isinstance(theme, Theme) and child.isVisible():
            yield f"{type(child).__name__} '{child.objectName()}'", theme
    deck = getattr(window.player, "deck", None)
    assert deck is not None
    yield "the slides", deck.theme


def _hex(colour: QColor) -> str:
    return colour.name(QColor.NameFormat.HexRgb)


def _contrast(image: QImage, box: QRect) -> float:
    """How far the most different colour in ``box`` stands from its most common one (its
    ground): the words or sign of a control, or the text of a slide, on what is beneath."""
    counts: Counter[str] = Counter()
    box = box.intersected(image.rect())
    for y in range(box.top(), box.bottom() + 1, 2):
        for x in range(box.left(), box.right() + 1, 2):
            counts[_hex(image.pixelColor(x, y))] += 1
    ground = counts.most_common(1)[0][0]
    return max(ratio(colour, ground) for colour in counts)


def _buttons(layer: QWidget) -> Iterator[QAbstractButton]:
    """The buttons a person sees in ``layer`` (a progress dot is drawn by its row)."""
    from kiosk.ui.journey.buttons import Dot

    for button in layer.findChildren(QAbstractButton):
        if button.isVisible() and not isinstance(button, Dot) and button.width() > 4:
            yield button


def _drawn_problems(window: QWidget, layer: QWidget) -> list[str]:
    """Each control of ``layer`` whose words or sign stand less than 7:1 from its body, in
    the window as drawn."""
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    image = window.grab().toImage()
    found = []
    for button in _buttons(layer):
        box = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        have = _contrast(image, box)
        if have < HIGH_RATIO:
            found.append(f"{type(button).__name__} '{button.objectName() or button.text()}' "
                         f"{have:.1f}:1")
    return found


@pytest.fixture(scope="module")
def seen(deck: Deck) -> dict[str, list[str]]:
    """Each screen's problems in high contrast: themes short of 7:1, sheets with see-through
    colours, controls drawn short of 7:1."""
    from kiosk.ui.tools.screens import screens_kiosk, visit_screens

    found: dict[str, list[str]] = {}
    with screens_kiosk(deck, SIZE, Settings(kiosk_id="booth-1", high_contrast=True)) as (
            kiosk, clock):
        window = kiosk.window
        layers = {"browse": window.controls, "chapters": window.chapters, "form": window.form,
                  "form-filled": window.form, "staff-pin": window.pin_pad,
                  "staff-panel": window.staff}

        def look(screen: str) -> None:
            said = found.setdefault(screen, [])
            for part, theme in _themes(window):
                if not isinstance(theme, HighContrast):
                    said.append(f"{part}: the deck's own colours")
                said += [f"{part}: {problem}" for problem in screen_problems(theme)]
            for widget in window.findChildren(QWidget):
                if widget.isVisible() and "rgba(" in widget.styleSheet():
                    said.append(f"{type(widget).__name__}: a see-through colour in its sheet")
            if screen in layers:
                said += _drawn_problems(window, layers[screen])

        for language in ("en", "km"):
            visit_screens(kiosk, clock, look, language=language, staff_panel=True)
    return found


@pytest.mark.parametrize("screen", ["attract", "browse", "chapters", "idle", "form",
                                    "form-filled", "thank-you", "staff-pin", "staff-panel"])
def test_every_word_and_control_stands_out_seven_to_one(seen: dict[str, list[str]],
                                                        screen: str) -> None:
    said = seen.get(screen)
    assert said is not None, f"the walk never reached {screen}"
    assert not said, "\n".join(sorted(set(said))[:40])


@pytest.mark.parametrize("language", ["en", "km"])
def test_a_slides_words_on_screen_stand_out_seven_to_one(deck: Deck, language: str) -> None:
    """The slide as the player shows it: each of its texts, pixel by pixel, against the
    ground around it."""
    from kiosk.ui.player.slides import paint_slide
    from kiosk.ui.tools.screens import screens_kiosk

    settings = Settings(kiosk_id="booth-1", high_contrast=True)
    with screens_kiosk(deck, SIZE, settings) as (kiosk, _clock):
        kiosk.session.set_language(language)
        kiosk.player.go_to(1, "cut")  # words on the deck's background
        QApplication.processEvents()
        shown = kiosk.player.deck
        assert shown is not None and isinstance(shown.theme, HighContrast)
        frame = kiosk.player.grab().toImage()
        _image, placed = paint_slide(shown, shown.slides[1], language, SIZE)
        assert {"heading", "body"} <= set(placed)
        for name, rect in placed.items():
            assert _contrast(frame, rect.toAlignedRect()) >= HIGH_RATIO, name
        heading = placed["heading"].toAlignedRect()
        lightest = max((frame.pixelColor(x, heading.center().y()) for x in range(
            heading.left(), heading.right())), key=lambda c: c.lightness())
        assert _hex(lightest) == "#ffffff"  # the words are the palette's white
        plain = Settings(kiosk_id="booth-1")
    with screens_kiosk(deck, SIZE, plain) as (kiosk, _clock):  # without it: the deck's own
        assert kiosk.player.deck is not None
        assert not isinstance(kiosk.player.deck.theme, HighContrast)
        assert kiosk.player.deck.theme == deck.theme


def test_words_on_a_bright_photo_stand_out_seven_to_one(kiosk_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A video's caption and credit over a bright picture sit on a solid box in high
    contrast (a soft pool lets the picture through: a grey credit measured 2.6:1 on green)."""
    from dataclasses import replace

    from kiosk.content.contrast import high_contrast
    from kiosk.ui.player.slides import paint_slide
    from tests.decks import write_deck

    (tmp_path / "deck" / "video").mkdir(parents=True)
    (tmp_path / "deck" / "video" / "field.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    folder = write_deck(tmp_path / "deck", """\
- type: video
  video: video/field.mp4
  poster: images/field.png
  caption: Rice fields near Battambang
  credit: The mission's field team
""", images={"images/field.png": (110, 190, 120)})
    loaded = load_deck(folder).deck
    assert loaded is not None
    deck = replace(loaded, theme=high_contrast(loaded.theme))
    image, placed = paint_slide(deck, deck.slides[0], "en", SIZE)
    assert {"caption", "source"} <= set(placed)
    for name in ("caption", "source"):
        assert _contrast(image, placed[name].toAlignedRect()) >= HIGH_RATIO, name
