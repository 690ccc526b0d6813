"""The language button says what it does and stays where it is: with two languages it names
the other one (beside a translate icon), with more it opens a list of them; after a switch it
is where the first tap found it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest

from kiosk.content import load_deck
from kiosk.setup.config import Settings
from kiosk.visit.session import Mode
from tests.bilingual_deck import write_bilingual_deck
from tests.decks import write_deck


def _place(kiosk) -> QRect:  # type: ignore[no-untyped-def]
    """The language button's place in the window."""
    button = kiosk.window.controls.language_button
    return QRect(button.mapTo(kiosk.window, QPoint(0, 0)), button.size())


def _wake(kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk.session.interact()
    assert kiosk.session.mode is Mode.BROWSE


@pytest.mark.parametrize("size", [(768, 432), (432, 768)], ids=["landscape", "portrait"])
def test_two_languages_the_button_names_the_other_and_stays_put(
        make_kiosk, tmp_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    deck = load_deck(write_bilingual_deck(tmp_path / "deck")).deck
    kiosk, _clock = make_kiosk(deck, Settings(cursor_hide_seconds=600), size=size)
    _wake(kiosk)
    button = kiosk.window.controls.language_button
    assert not button.icon().isNull()  # the translate sign beside the name
    assert kiosk.session.language == "en" and button.text() == "ខ្មែរ"
    place = _place(kiosk)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert kiosk.session.language == "km" and button.text() == "English"
    assert kiosk.window.controls.message_button.text() == "ទុកសារ"  # the row beside it changed
    assert _place(kiosk) == place
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert kiosk.session.language == "en" and button.text() == "ខ្មែរ"
    assert _place(kiosk) == place


THREE = "title: T\nlanguages: [en, km, ko]\n"
SLIDES = "- {type: title, heading: {en: Hope, km: សង្ឃឹម, ko: 희망}}\n"


def test_more_languages_open_a_list_to_choose_from(make_kiosk, tmp_path: Path
                                                  ) -> None:  # type: ignore[no-untyped-def]
    deck = load_deck(write_deck(tmp_path / "deck", SLIDES, head=THREE)).deck
    kiosk, _clock = make_kiosk(deck, Settings(cursor_hide_seconds=600))
    _wake(kiosk)
    controls = kiosk.window.controls
    button, chooser = controls.language_button, controls.chooser
    assert button.text() == "English"  # the one on screen; a tap shows the others
    place = _place(kiosk)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert chooser.isVisible() and kiosk.session.language == "en"
    names = {code: b.text() for code, b in chooser.buttons.items()}
    assert names == {"en": "English", "km": "ខ្មែរ", "ko": "한국어"}  # each in its own name
    assert chooser.buttons["en"].isChecked() and not chooser.buttons["ko"].isChecked()
    for choice in chooser.buttons.values():
        assert choice.height() >= button.height()  # a touch target, as the button is
        assert not choice.geometry().translated(chooser.panel.pos()).intersects(
            _place(kiosk))  # the list opens beside the button, not over it
    QTest.mouseClick(chooser.buttons["ko"], Qt.MouseButton.LeftButton)
    assert kiosk.session.language == "ko" and not chooser.isVisible()
    assert button.text() == "한국어" and _place(kiosk) == place
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert chooser.isVisible()
    QTest.mouseClick(chooser, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))  # beside the list
    assert not chooser.isVisible() and kiosk.session.language == "ko"  # nothing chosen


def test_the_list_closes_when_the_visitor_leaves(make_kiosk, tmp_path: Path
                                                ) -> None:  # type: ignore[no-untyped-def]
    deck = load_deck(write_deck(tmp_path / "deck", SLIDES, head=THREE)).deck
    kiosk, clock = make_kiosk(deck, Settings(cursor_hide_seconds=600, idle_seconds=45,
                                             warning_seconds=10))
    _wake(kiosk)
    QTest.mouseClick(kiosk.window.controls.language_button, Qt.MouseButton.LeftButton)
    assert kiosk.window.controls.chooser.isVisible()
    clock.now += 60
    kiosk.journey.on_tick()
    assert kiosk.session.mode is Mode.ATTRACT
    assert not kiosk.window.controls.chooser.isVisible()  # the next visitor finds it closed


def test_a_deck_whose_first_language_is_khmer_starts_in_khmer(
        make_kiosk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The kiosk's words and the language button follow the deck's first language from the
    start, not only after the first visit ends (the session began in English)."""
    folder = write_deck(tmp_path / "deck", SLIDES, head="title: T\nlanguages: [km, en]\n")
    deck = load_deck(folder).deck
    kiosk, _clock = make_kiosk(deck, Settings(cursor_hide_seconds=600))
    controls = kiosk.window.controls
    assert kiosk.session.language == "km"
    assert controls.language_button.text() == "English"  # what a tap gives
    _wake(kiosk)
    assert controls.message_button.text() == "ទុកសារ"
