"""Two small things a visitor reads: the "Tt" button shows when larger text is on, and the
"Still there?" countdown counts in the digits the deck's language uses."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from kiosk.content import load_deck
from kiosk.setup.config import Settings
from kiosk.visit import words
from kiosk.visit.session import Mode
from tests.bilingual_deck import write_bilingual_deck


def _disc(button) -> QColor:  # type: ignore[no-untyped-def]
    """The colour of the button's disc, beside its icon."""
    image = button.grab().toImage()
    return QColor(image.pixel(round(button.width() * 0.14), button.height() // 2))


def _near(one: QColor, other: QColor) -> bool:
    return all(abs(a - b) < 30 for a, b in zip(one.getRgb()[:3], other.getRgb()[:3],
                                                strict=True))


def test_the_larger_text_button_looks_on_while_it_is_on(make_kiosk, tmp_path: Path
                                                        ) -> None:  # type: ignore[no-untyped-def]
    deck = load_deck(write_bilingual_deck(tmp_path / "deck")).deck
    kiosk, _clock = make_kiosk(deck, Settings(cursor_hide_seconds=600))
    kiosk.session.interact()
    button = kiosk.window.controls.text_button
    accent = QColor(deck.theme.accent)
    assert button.isVisible() and not _near(_disc(button), accent)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.isChecked() and _near(_disc(button), accent)  # on: filled with the accent
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not button.isChecked() and not _near(_disc(button), accent)


def test_the_countdown_counts_in_khmer_digits_on_a_deck_that_writes_them(
        make_kiosk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    deck = load_deck(write_bilingual_deck(tmp_path / "deck")).deck  # its Khmer says "៣ ម៉ោង"
    settings = Settings(cursor_hide_seconds=600, idle_seconds=45, warning_seconds=10)
    kiosk, clock = make_kiosk(deck, settings)
    kiosk.session.interact()
    QTest.mouseClick(kiosk.window.controls.language_button, Qt.MouseButton.LeftButton)
    assert kiosk.session.language == "km"
    clock.now += 49
    kiosk.journey.on_tick()
    idle = kiosk.window.idle
    assert kiosk.session.mode is Mode.BROWSE and idle.isVisible()
    drawn = idle.lay_out().number  # what the ring shows
    assert drawn == words.localize_digits(str(idle.seconds), "km")
    assert drawn and all(ch in words.NATIVE_DIGITS["km"] for ch in drawn)
    kiosk.session.interact()
    QTest.mouseClick(kiosk.window.controls.language_button, Qt.MouseButton.LeftButton)
    clock.now += 49
    kiosk.journey.on_tick()
    assert kiosk.session.language == "en" and idle.lay_out().number == str(idle.seconds)
