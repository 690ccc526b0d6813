"""A booth switched on again shows the first slide of its last start at once, before the
kiosk's own modules are loaded; the kiosk's window then comes over it with the same slide."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QGuiApplication, QImage

from kiosk.ui.start_frame import FRAME_FILE, frame_key, read_frame, write_frame

DECK = {"title": "Booth", "languages": ["en"], "duration": 8,
        "slides": [{"type": "text", "id": "hello", "heading": "Hello", "body": "Welcome."},
                   {"type": "text", "id": "more", "heading": "More", "body": "Stay a while."}]}

#: Runs the kiosk full screen; when it says a frame is on screen, also says whether the
#: kiosk's deck model, YAML and player were loaded by then.
START = """
import sys
class Out:
    def __init__(self, out):
        self.out = out
    def write(self, text):
        if text.startswith(("start-frame", "first-frame")):
            loaded = [m for m in ("kiosk.content", "yaml", "kiosk.ui.player.player")
                      if m in sys.modules]
            self.out.write(text.split()[0] + " " + (",".join(loaded) or "-") + "\\n")
        return len(text)
    def flush(self):
        self.out.flush()
sys.stdout = Out(sys.stdout)
from kiosk.cli import main
sys.exit(main(sys.argv[1:]))
"""


def start(tmp_path: Path, content: Path, run: int, data: Path | None = None) -> list[str]:
    """One start of the kiosk, full screen (offscreen), until its first slide is painted:
    what it printed, a line a frame. ``data``: its data folder (else one for each run: no
    wait between quick starts)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_FIRST_FRAME_PROBE": "1",
           "KIOSK_CACHE_DIR": str(tmp_path / "cache"), "KIOSK_CONFIG": str(tmp_path / "k.yaml"),
           "KIOSK_LOG_DIR": str(tmp_path / "logs"),
           "KIOSK_DATA_DIR": str(data or tmp_path / f"data{run}")}
    done = subprocess.run([sys.executable, "-c", START, "--content", str(content)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-800:]
    return done.stdout.split("\n")[:-1]


@pytest.fixture
def deck_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / "deck.yaml").write_text(json.dumps(DECK))
    return folder


def test_a_booth_started_again_shows_its_last_first_slide_before_the_kiosk_loads(
        tmp_path: Path, deck_folder: Path) -> None:
    kept = tmp_path / "cache" / FRAME_FILE
    assert start(tmp_path, deck_folder, 1) == ["first-frame kiosk.content,yaml,"
                                               "kiosk.ui.player.player"]
    assert kept.is_file()  # the first slide, kept for the next start
    written = kept.stat().st_mtime_ns

    # switched on again: the slide is on screen before the deck, YAML or player are loaded
    assert start(tmp_path, deck_folder, 2) == ["start-frame -", "first-frame kiosk.content,"
                                               "yaml,kiosk.ui.player.player"]
    assert kept.stat().st_mtime_ns == written  # the same slide: nothing written again

    # the deck was edited: its old first slide is not shown, the new one is kept
    (deck_folder / "deck.yaml").write_text(json.dumps({**DECK, "title": "Booth 2"}) + "\n")
    assert start(tmp_path, deck_folder, 3)[0].startswith("first-frame")
    assert start(tmp_path, deck_folder, 4)[0] == "start-frame -"


def test_a_booth_with_opening_hours_keeps_no_frame(tmp_path: Path, deck_folder: Path) -> None:
    """Its first slide depends on the hour (closed: a black screen), so none is shown."""
    every_day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    hours = {**DECK, "opening_hours": [{"days": every_day, "from": "00:00", "to": "23:59"}]}
    (deck_folder / "deck.yaml").write_text(json.dumps(hours))
    start(tmp_path, deck_folder, 1)
    assert start(tmp_path, deck_folder, 2)[0].startswith("first-frame")
    assert not (tmp_path / "cache" / FRAME_FILE).exists()


def image(color: str) -> QImage:
    picture = QImage(QSize(64, 36), QImage.Format.Format_RGB32)
    picture.fill(QColor(color))
    return picture


def test_a_kept_frame_comes_back_only_for_its_own_key(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    write_frame(tmp_path, "key-1", image("#123456"))
    kept = read_frame(tmp_path, "key-1")
    assert kept is not None and kept[0] == image("#123456")
    assert read_frame(tmp_path, "key-2") is None
    (tmp_path / FRAME_FILE).write_bytes(b'{"key": "key-1", "width": 64}\ngarbage')
    assert read_frame(tmp_path, "key-1") is None  # a damaged file is no frame


def test_the_key_follows_the_deck_the_settings_and_the_screen(tmp_path: Path) -> None:
    folder, settings = tmp_path / "deck", tmp_path / "kiosk.yaml"
    folder.mkdir()
    (folder / "deck.yaml").write_text("title: A\n")
    size = QSize(1920, 1080)
    first = frame_key(folder, settings, size, 1.0)
    assert frame_key(folder, settings, size, 1.0) == first
    assert frame_key(folder, settings, QSize(1080, 1920), 1.0) != first
    assert frame_key(folder, settings, size, 2.0) != first
    settings.write_text("high_contrast: true\n")
    with_settings = frame_key(folder, settings, size, 1.0)
    assert with_settings != first
    (folder / "images").mkdir()
    (folder / "images" / "photo.jpg").write_bytes(b"...")
    assert frame_key(folder, settings, size, 1.0) != with_settings


def test_the_kiosk_comes_over_the_frame_with_its_first_slide_and_the_frame_goes(
        kiosk_app, qtbot, tmp_path: Path, deck_folder: Path) -> None:  # type: ignore[no-untyped-def]
    from shiboken6 import isValid

    from kiosk.content import load_deck
    from kiosk.ui.player.player import Player
    from kiosk.ui.start_frame import StartFrame
    from kiosk.ui.tasks import TaskRunner

    player = Player(TaskRunner(), speed=40.0)  # the kiosk, built behind the frame, not shown
    player.resize(320, 180)
    qtbot.addWidget(player)
    frame = StartFrame("key", tmp_path, (image("#123456"), b""),
                       QGuiApplication.primaryScreen())
    shown = frame.window
    assert shown is not None and shown.isVisible()
    slide_ready_when_shown: list[bool] = []

    def present() -> None:
        slide_ready_when_shown.append(player.has_frame)
        player.show()

    frame.hand_over([player.frames.ready, player.notice_shown], player.first_frame_painted,
                    present)
    player.set_deck(load_deck(deck_folder).deck)
    qtbot.waitUntil(lambda: frame.window is None, timeout=10_000)
    assert slide_ready_when_shown == [True]  # never the bare background over the frame
    assert not isValid(shown) or not shown.isVisible()
    player.wait_for_workers()


def fleet_booth(tmp_path: Path, package: str, title: str) -> Path:
    """A booth of a fleet whose store holds ``package`` (its slides titled ``title``) as the
    version it plays; its data folder."""
    store = tmp_path / "data" / "fleet"
    deck = store / package / "deck"
    deck.mkdir(parents=True, exist_ok=True)
    (deck / "deck.yaml").write_text(json.dumps({**DECK, "title": title}))
    (store / "state.json").write_text(json.dumps({"versions": [
        {"name": package, "serial": int(package.split("-")[0]), "version": title,
         "since": "2026-12-01T09:00:00Z"}]}))
    (tmp_path / "office").mkdir(exist_ok=True)
    (tmp_path / "k.yaml").write_text(f"kiosk_id: booth-1\nfleet:\n  folder: "
                                     f"{json.dumps(str(tmp_path / 'office'))}\n")
    return tmp_path / "data"


def test_a_booth_of_a_fleet_started_again_shows_its_last_first_slide(
        tmp_path: Path, deck_folder: Path) -> None:
    """A booth of a fleet plays the slides installed from it, not its own folder's: its
    frame is kept with the store's record of what is installed, and a newer version
    installed since is not shown as the old one's first slide."""
    data = fleet_booth(tmp_path, "1-easter", "Easter")
    kept = tmp_path / "cache" / FRAME_FILE
    assert start(tmp_path, deck_folder, 1, data)[0].startswith("first-frame")
    assert json.loads(kept.read_bytes().split(b"\n")[0])["played"] == [
        str(tmp_path / "data" / "fleet" / "state.json"),
        str(tmp_path / "data" / "fleet" / "1-easter" / "deck")]
    assert start(tmp_path, deck_folder, 2, data)[0] == "start-frame -"
    fleet_booth(tmp_path, "2-advent", "Advent")  # (installed from the fleet meanwhile)
    assert start(tmp_path, deck_folder, 3, data)[0].startswith("first-frame")
    assert start(tmp_path, deck_folder, 4, data)[0] == "start-frame -"
