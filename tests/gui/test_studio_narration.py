"""Narration in Kiosk Studio: a recording for each language, dropped on its row or chosen,
copied into the deck's audio/ and written into deck.yaml; listened to with the row's button
(where this computer plays sound); and the deck's "Play narration while the slides play by
themselves"."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QPushButton

from kiosk.content import load_deck
from kiosk.studio.controller import Studio
from tests.gui.drops import drop_files
from tests.gui.studio_media import media_studio
from tests.gui.test_studio import choose, save
from tests.gui.test_studio_controls import tick_box
from tests.gui.test_studio_video import answer, button, press
from tests.media_files import make_audio

LISTEN, STOP = "▶ Listen", "■ Stop"  # the button's words
TEXT_ROW = 0  # in tests.media_files.video_deck: a text slide, the video, a quotation


@pytest.fixture
def studio(kiosk_app, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    with media_studio(qtbot, tmp_path, seconds=1.0, narration=False) as studio:
        yield studio


def test_a_recording_for_each_language_on_a_text_slide(studio: Studio, qtbot,
                                                       tmp_path: Path) -> None:
    choose(studio, qtbot, TEXT_ROW)
    english = make_audio(tmp_path / "outside" / "welcome en.m4a", 1.0)
    assert drop_files(studio.window.fields.inputs[("narration", "en")], [english])
    qtbot.waitUntil(lambda: studio.document.slide(TEXT_ROW).get("narration")
                    == "audio/welcome en.m4a", timeout=10_000)  # the first language's
    khmer = make_audio(tmp_path / "outside" / "welcome-km.mp3", 1.0, freq=330)
    press(qtbot, button(studio, "choose-narration-km"))
    answer(studio, qtbot, "narration-dialog", khmer)
    qtbot.waitUntil(lambda: isinstance(studio.document.slide(TEXT_ROW)["narration"], dict),
                    timeout=10_000)
    assert dict(studio.document.slide(TEXT_ROW)["narration"]) == {
        "en": "audio/welcome en.m4a", "km": "audio/welcome-km.mp3"}
    folder = studio.document.folder
    assert (folder / "audio" / "welcome-km.mp3").read_bytes() == khmer.read_bytes()
    assert studio.window.fields.inputs[("narration", "km")].text() == "audio/welcome-km.mp3"
    deck = load_deck(save(studio, qtbot).parent).deck
    assert deck is not None
    slide = deck.slides[TEXT_ROW]
    assert slide.narration("en") == (folder / "audio" / "welcome en.m4a").resolve()
    assert slide.narration("km") == (folder / "audio" / "welcome-km.mp3").resolve()


def test_a_file_that_is_no_recording_is_refused(studio: Studio, qtbot, tmp_path: Path
                                                ) -> None:
    choose(studio, qtbot, TEXT_ROW)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a recording")
    press(qtbot, button(studio, "choose-narration-en"))
    answer(studio, qtbot, "narration-dialog", notes)
    assert "notes.txt is not a recording the kiosk plays" in studio.window.status.text()
    assert "narration" not in studio.document.slide(TEXT_ROW)
    assert not (studio.document.folder / "audio").exists()


def test_a_recording_larger_than_the_cap_is_refused_before_it_is_copied(
        studio: Studio, qtbot, tmp_path: Path, monkeypatch) -> None:
    from kiosk.studio import intake

    monkeypatch.setitem(intake.CAPS, "audio", 2000)
    choose(studio, qtbot, TEXT_ROW)
    voice = make_audio(tmp_path / "outside" / "long talk.m4a", 1.0)
    assert drop_files(studio.window.fields.inputs[("narration", "km")], [voice])
    qtbot.waitUntil(lambda: "long talk.m4a is larger than 2,000 bytes"
                    in studio.window.status.text(), timeout=10_000)
    assert "narration" not in studio.document.slide(TEXT_ROW)
    assert not list((studio.document.folder / "audio").glob("*"))


def test_listen_plays_the_recording_and_stop_stops_it(studio: Studio, qtbot, tmp_path: Path,
                                                      media: None) -> None:
    choose(studio, qtbot, TEXT_ROW)
    listen = button(studio, "listen-narration-en")
    assert not listen.isEnabled()  # nothing to listen to yet
    voice = make_audio(tmp_path / "outside" / "voice.wav", 1.0)
    assert drop_files(studio.window.fields.inputs[("narration", "en")], [voice])
    qtbot.waitUntil(lambda: "narration" in studio.document.slide(TEXT_ROW), timeout=10_000)
    listen = button(studio, "listen-narration-en")
    press(qtbot, listen)
    narration = studio.media_files.narration
    playing = (studio.document.folder / "audio" / "voice.wav").resolve()
    assert narration.playing == playing
    assert listen.isChecked() and listen.text() == STOP
    with qtbot.waitSignal(narration.stopped, timeout=5000):
        QTest.mouseClick(listen, Qt.MouseButton.LeftButton)  # Stop
    assert narration.playing is None and listen.text() == LISTEN and not listen.isChecked()
    press(qtbot, listen)
    with qtbot.waitSignal(narration.stopped, timeout=10_000):  # it comes to its end
        pass
    assert listen.text() == LISTEN and not listen.isChecked()
    press(qtbot, listen)
    choose(studio, qtbot, 2)  # another slide: it stops
    assert narration.playing is None


def test_without_sound_playback_there_is_no_listen_button(studio: Studio, qtbot,
                                                          monkeypatch) -> None:
    monkeypatch.setattr("kiosk.ui.media.available", lambda: False)
    choose(studio, qtbot, 2)
    assert studio.window.fields.findChild(QPushButton, "listen-narration-en") is None
    assert button(studio, "choose-narration-en").isVisible()


def test_narration_while_the_slides_play_by_themselves_is_a_deck_setting(studio: Studio,
                                                                         qtbot) -> None:
    window = studio.window
    window.tabs.setCurrentIndex(1)
    box = window.deck.findChild(QCheckBox, "narration_in_loop")
    assert isinstance(box, QCheckBox) and not box.isChecked()
    assert box.text() == "Play narration while the slides play by themselves"
    qtbot.waitUntil(box.isVisible, timeout=5000)
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=tick_box(box))
    assert studio.document.data["narration_in_loop"] is True
    deck = load_deck(save(studio, qtbot).parent).deck
    assert deck is not None and deck.narration_in_loop
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=tick_box(box))
    assert studio.document.data["narration_in_loop"] is False
    studio.undo_stack.undo()
    assert window.deck.findChild(QCheckBox, "narration_in_loop").isChecked()
