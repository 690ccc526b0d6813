"""The visitor's Sound button: shown only on a deck with something to hear (a video or a
narration) on a kiosk that can play it; off by default; pressed, it lights, is checked for a
screen reader and tells the player (``Journey.sound_changed``); the visit's end turns it
off; it overlaps nothing, in landscape or portrait, in English or Khmer."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QAccessible, QColor
from PySide6.QtTest import QTest

from kiosk.content import Deck, load_deck
from tests.bilingual_deck import write_bilingual_deck
from tests.media_files import make_audio

NAME = QAccessible.Text.Name


@pytest.fixture(scope="module")
def plain(qapp, tmp_path_factory: pytest.TempPathFactory) -> Deck:  # type: ignore[no-untyped-def]
    """The bilingual deck, with nothing to hear."""
    from kiosk.ui.app import application

    application(headless=True)
    deck = load_deck(write_bilingual_deck(tmp_path_factory.mktemp("deck"))).deck
    assert deck is not None
    return deck


@pytest.fixture(scope="module")
def narrated(plain: Deck, tmp_path_factory: pytest.TempPathFactory) -> Deck:
    """The same deck with a narration, in each language, on its second slide."""
    sound = make_audio(tmp_path_factory.mktemp("sound") / "walk.wav", seconds=0.5)
    slides = list(plain.slides)
    slides[1] = dataclasses.replace(slides[1], fields={
        **slides[1].fields, "narration": {"en": sound, "km": sound}})
    return dataclasses.replace(plain, slides=slides)


def _kiosk(deck: Deck, size: tuple[int, int] = (1920, 1080)):  # type: ignore[no-untyped-def]
    from kiosk.ui.tools.screens import screens_kiosk

    return screens_kiosk(deck, QSize(*size))


def _face(widget):  # type: ignore[no-untyped-def]
    face = QAccessible.queryAccessibleInterface(widget)
    assert face is not None and face.isValid()
    return face


def _middle_of_body(button) -> QColor:  # type: ignore[no-untyped-def]
    """The colour of the pill's body, just inside its left end (clear of icon and words)."""
    image = button.grab().toImage()
    return image.pixelColor(QPoint(round(button.height() * 0.22), button.height() // 2))


def test_pressed_it_lights_is_checked_and_tells_the_player(narrated: Deck, qtbot,  # type: ignore[no-untyped-def]
                                                           media) -> None:
    with _kiosk(narrated) as (kiosk, clock):
        journey, controls = kiosk.journey, kiosk.window.controls
        assert journey is not None
        button = controls.sound_button
        assert not button.isVisible()  # the loop plays muted: no button
        kiosk.session.interact()
        assert button.isVisible() and not button.isChecked() and not journey.sound
        face = _face(button)
        assert face.text(NAME) == "Sound"
        assert face.state().checkable and not face.state().checked
        off = _middle_of_body(button)
        with qtbot.waitSignal(journey.sound_changed, timeout=2000) as heard:
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        assert heard.args == [True] and journey.sound and button.isChecked()
        assert _face(button).state().checked
        lit = _middle_of_body(button)
        assert lit.name() == QColor(narrated.theme.accent).name() != off.name()
        kiosk.session.set_language("km")
        assert _face(button).text(NAME) == "សំឡេង" and button.text() == "សំឡេង"
        # Nobody touches it any more: "Still there?", then back to the loop, in silence.
        with qtbot.waitSignal(journey.sound_changed, timeout=2000) as heard:
            clock.now += kiosk.settings.idle_seconds + kiosk.settings.warning_seconds + 1
            journey.on_tick()
        assert heard.args == [False] and not journey.sound and not button.isChecked()
        assert not _face(button).state().checked
        kiosk.session.interact()  # the next visitor starts with it off
        assert button.isVisible() and not button.isChecked()


def test_pressed_again_it_goes_off(narrated: Deck, qtbot, media) -> None:  # type: ignore[no-untyped-def]
    with _kiosk(narrated) as (kiosk, _clock):
        journey, button = kiosk.journey, kiosk.window.controls.sound_button
        assert journey is not None
        kiosk.session.interact()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(journey.sound_changed, timeout=2000) as heard:
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        assert heard.args == [False] and not button.isChecked() and not journey.sound


def test_no_button_on_a_deck_with_nothing_to_hear(plain: Deck) -> None:
    with _kiosk(plain) as (kiosk, _clock):
        kiosk.session.interact()
        assert kiosk.window.controls.text_button.isVisible()
        assert not kiosk.window.controls.sound_button.isVisible()


def test_no_button_where_the_kiosk_cannot_play_sound(narrated: Deck,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.ui import media

    monkeypatch.setattr(media, "available", lambda: False)
    with _kiosk(narrated) as (kiosk, _clock):
        kiosk.session.interact()
        assert not kiosk.window.controls.sound_button.isVisible()


def test_a_video_slide_brings_the_button(plain: Deck, media) -> None:  # type: ignore[no-untyped-def]
    slides = list(plain.slides)
    slides[2] = dataclasses.replace(slides[2], type="video",
                                    fields={**slides[2].fields, "video": Path("clip.mp4")})
    from kiosk.ui.journey.controls import offers_sound

    assert offers_sound(dataclasses.replace(plain, slides=slides))
    assert not offers_sound(plain)


def test_it_overlaps_nothing_in_landscape_or_portrait(narrated: Deck, media) -> None:  # type: ignore[no-untyped-def]
    """The layout test's own walk, on the deck with narration: every screen at every size,
    in English and Khmer, the Sound button among the controls."""
    from tests.gui.test_layout import _walk

    found = _walk(narrated, ("en", "km"))
    said = [line for lines in found.values() for line in lines]
    assert not said, "\n".join(said[:40])
    with _kiosk(narrated, (1080, 1920)) as (kiosk, _clock):
        kiosk.session.interact()
        controls = kiosk.window.controls
        assert controls.sound_button.isVisible()
        message = controls.message_button
        assert message.text() == "Leave a message"  # whole, beside it
