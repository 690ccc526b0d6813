"""Narration: a slide's recorded voice, in the language on screen, while the slide shows;
off until a visitor turns sound on (and again after the visit), in the attract loop only
when the deck asks for it, and then the slide waits for it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.content import Deck, load_deck
from kiosk.setup.config import Settings
from kiosk.ui.player.narration import Narration
from kiosk.ui.player.player import Player
from kiosk.visit.session import Mode
from tests.gui.test_video_slide import _media_let_go as _media_let_go  # (autouse)
from tests.gui.test_video_slide import let_media_go
from tests.media_files import make_audio, video_deck

#: Qt Multimedia converting frames in software where no GPU is at hand (offscreen, CI).
pytestmark = pytest.mark.qt_log_ignore(r"No RHI backend\. Using CPU conversion")

W, H = 768, 432


def deck_of(folder: Path) -> Deck:
    loaded = load_deck(folder)
    assert loaded.deck is not None, loaded
    return loaded.deck


def narrated_deck(folder: Path, in_loop: bool = False) -> Deck:
    """video_deck's slides (the first narrated, 2 s in each language), with a short video."""
    video_deck(folder, seconds=2.0)
    if in_loop:
        deck = yaml.safe_load((folder / "deck.yaml").read_text(encoding="utf-8"))
        deck["narration_in_loop"] = True
        (folder / "deck.yaml").write_text(yaml.safe_dump(deck, allow_unicode=True),
                                          encoding="utf-8")
    return deck_of(folder)


def heard(player: Player) -> str | None:
    """The name of the narration file playing now."""
    voice = player.media.voice
    return voice.playing.name if voice is not None and voice.playing is not None else None


# ---------------------------------------------------------------- the voice itself
def test_a_narration_plays_says_its_length_and_stops(media, kiosk_app, qtbot,
                                                     tmp_path: Path) -> None:
    voice = Narration(kiosk_app)  # (Qt deletes it, not Python: see media_engine)
    path = make_audio(tmp_path / "hello.m4a", 1.0)
    with qtbot.waitSignal(voice.started) as started:
        voice.play(path)
    assert started.args == [path] and voice.playing == path
    with qtbot.waitSignal(voice.measured, timeout=5000):
        pass
    assert voice.length_ms(path) == pytest.approx(1000, abs=60)
    with qtbot.waitSignal(voice.stopped, timeout=5000):  # at its end
        pass
    assert voice.playing is None
    voice.play(path)
    with qtbot.waitSignal(voice.stopped):
        voice.stop()  # or when told
    assert voice.playing is None
    voice.deleteLater()


def test_without_the_media_extra_nothing_plays(kiosk_app, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.ui import media

    monkeypatch.setattr(media, "available", lambda: False)
    voice = Narration()
    said: list[object] = []
    voice.started.connect(said.append)
    voice.play(tmp_path / "hello.m4a")
    assert voice.playing is None and not said


# ---------------------------------------------------------------- the attract loop
def test_the_loop_is_silent_unless_the_deck_asks(media, player: Player, qtbot,
                                                 tmp_path: Path) -> None:
    player.set_deck(narrated_deck(tmp_path / "deck"))
    qtbot.waitUntil(lambda: player.index == 1, timeout=5000)
    assert player.media.voice is None  # the first slide's voice was not played
    assert player.index == 1


def test_the_loop_plays_narration_when_the_deck_asks_and_waits_for_it(
        media, player: Player, qtbot, tmp_path: Path) -> None:
    # A slide's 4 s last 1 s; the voice keeps its own 2 s. Its length is known once Qt has
    # loaded it, a little after it starts (more on a busy machine): the slide is stretched
    # then, and must not have left before.
    player.speed = 4.0
    arrived: dict[int, float] = {}
    player.slide_changed.connect(lambda index: arrived.setdefault(index, time.monotonic()))
    player.set_deck(narrated_deck(tmp_path / "deck", in_loop=True))
    qtbot.waitUntil(lambda: heard(player) == "welcome-en.m4a", timeout=5000)
    qtbot.waitUntil(lambda: player.dwell_ms > 1500, timeout=900)  # stretched to the voice
    assert player.index == 0
    qtbot.waitUntil(lambda: player.index == 1, timeout=5000)
    assert arrived[1] - arrived[0] >= 2.0  # the voice's 2 s (and a pause after it)
    assert heard(player) is None  # it stopped with its slide


def test_a_voice_at_its_end_is_heard_again_only_when_sound_is_turned_on_again(
        media, player: Player, qtbot, tmp_path: Path) -> None:
    player.set_autoplay(False)
    player.set_deck(narrated_deck(tmp_path / "deck"))
    qtbot.waitUntil(lambda: player.index == 0)
    player.set_browsing(True)
    player.set_sound(True)
    qtbot.waitUntil(lambda: heard(player) == "welcome-en.m4a", timeout=3000)
    assert player.media.voice is not None
    with qtbot.waitSignal(player.media.voice.stopped, timeout=5000):
        pass  # its end
    player.set_browsing(True)  # (said again at each change of mode: the form opens)
    assert heard(player) is None
    player.set_sound(False)
    player.set_sound(True)
    assert heard(player) == "welcome-en.m4a"


# ---------------------------------------------------------------- a visitor
@pytest.fixture
def narrated_kiosk(make_kiosk, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    kiosk, clock = make_kiosk(narrated_deck(tmp_path / "deck"),
                              Settings(cursor_hide_seconds=0.05), size=(W, H))
    yield kiosk, clock
    let_media_go(qtbot, kiosk.player)  # (before the kiosk is closed)


def browse_first_slide(qtbot, kiosk) -> Player:  # type: ignore[no-untyped-def]
    """A visitor touches the screen, then goes to the first slide (Home)."""
    player, controls = kiosk.player, kiosk.window.controls
    QTest.mouseClick(player, Qt.MouseButton.LeftButton, pos=QPoint(W // 2, H // 2))
    assert kiosk.session.mode is Mode.BROWSE
    QTest.mouseClick(controls.home_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.index == 0 and not player.transitioning, timeout=5000)
    return player


def test_narration_is_off_until_sound_is_on_and_follows_the_slides(media, narrated_kiosk,
                                                                    qtbot) -> None:
    kiosk, _clock = narrated_kiosk
    player = browse_first_slide(qtbot, kiosk)
    controls = kiosk.window.controls
    assert heard(player) is None  # sound is off by default
    assert controls.sound_button.isVisible() and not controls.sound_button.isChecked()

    QTest.mouseClick(controls.sound_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: heard(player) == "welcome-en.m4a", timeout=3000)

    QTest.mouseClick(controls.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.index == 1, timeout=5000)
    assert heard(player) is None  # it left with its slide (the video has no voice)

    QTest.mouseClick(controls.prev_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.index == 0 and heard(player) == "welcome-en.m4a",
                    timeout=5000)
    QTest.mouseClick(controls.language_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: heard(player) == "welcome-km.m4a", timeout=5000)  # from its start

    QTest.mouseClick(controls.sound_button, Qt.MouseButton.LeftButton)
    assert heard(player) is None  # sound off: silence at once


def test_the_idle_return_stops_narration_and_turns_sound_off(media, narrated_kiosk,
                                                             qtbot) -> None:
    kiosk, clock = narrated_kiosk
    player = browse_first_slide(qtbot, kiosk)
    QTest.mouseClick(kiosk.window.controls.sound_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: heard(player) == "welcome-en.m4a", timeout=3000)
    clock.advance(kiosk.settings.idle_seconds + kiosk.settings.warning_seconds + 1)
    kiosk.journey.on_tick()
    assert kiosk.session.mode is Mode.ATTRACT
    assert heard(player) is None and not player.media.sound
    assert not kiosk.window.controls.sound_button.isChecked()
    qtbot.waitUntil(lambda: player.index == 1, timeout=5000)  # the loop goes on: silent
    assert heard(player) is None
