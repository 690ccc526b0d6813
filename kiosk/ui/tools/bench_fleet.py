"""`kiosk bench`'s measure of the fleet: a deck of 50 photos published into a fleet folder,
then a booth on this machine finding it, checking and installing it, loading the deck and
painting its first slide. The sync tool that carries the files between them is left out."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.content import load_deck
from kiosk.fleet.booth import Ready, look
from kiosk.fleet.layout import make_fleet
from kiosk.fleet.office import publish
from kiosk.fleet.store import install
from kiosk.sync.fleet_key import parse_key
from kiosk.ui.player.player import Player
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.tools.bench_player import _dispose, _wait

PHOTOS = 50
SIZE = QSize(1920, 1080)


def make_deck(folder: Path, make_photo: Callable[[Path, QSize], None]) -> Path:
    """A deck of PHOTOS photos (1920x1080 JPEGs, each a little different) in ``folder``."""
    images = folder / "images"
    images.mkdir(parents=True)
    base_path = folder / "base.jpg"
    make_photo(base_path, SIZE)
    base = QImage(str(base_path))
    base_path.unlink()
    slides = []
    for i in range(PHOTOS):
        photo = base.copy()
        painter = QPainter(photo)
        painter.fillRect(QRect(40 + i * 30, 40, 200, 200), QColor.fromHsv(i * 7 % 360, 200, 220))
        painter.end()
        photo.save(str(images / f"photo-{i:02d}.jpg"), "JPG", 90)  # type: ignore[call-overload]
        slides.append(f"  - {{type: image, id: p{i:02d}, image: images/photo-{i:02d}.jpg, "
                      f"caption: 'Photo {i + 1}'}}\n")
    (folder / "deck.yaml").write_text("title: Fifty photos\nversion: '1'\nduration: 8\n"
                                      "slides:\n" + "".join(slides), encoding="utf-8")
    return folder


def publish_to_play(deck: Path, work: Path) -> float:
    """Seconds from publishing ``deck`` into a new fleet folder in ``work`` to a booth's
    first frame of it: publish, look, install, load the deck, paint its first slide."""
    made = make_fleet(work / "Booths", "Bench")
    assert made.key is not None
    key = parse_key(made.key)
    start = time.perf_counter()
    publish(made.fleet.folder, deck, key)
    found = look(made.fleet.folder, "bench", "", key, hashes={}).checked
    if not isinstance(found, Ready):
        raise RuntimeError(f"the booth did not find the package ready: {found}")
    playing = install(found, work / "store").playing
    assert playing is not None
    loaded = load_deck(playing.deck).deck
    if loaded is None:
        raise RuntimeError("the installed deck cannot be loaded")
    runner = TaskRunner()
    player = Player(runner)
    player.resize(SIZE)
    painted: list[bool] = []
    player.first_frame_painted.connect(lambda: painted.append(True))
    player.show()
    player.set_deck(loaded)
    _wait(lambda: bool(painted))
    elapsed = time.perf_counter() - start
    _dispose(player, runner)
    return elapsed


def measure_publish_to_play(runs: int, make_photo: Callable[[Path, QSize], None]) -> float:
    """Median seconds from publishing a 50-photo deck to its first frame on a booth."""
    with tempfile.TemporaryDirectory() as folder:
        deck = make_deck(Path(folder) / "deck", make_photo)
        times = []
        for run in range(runs):
            work = Path(folder) / f"run-{run}"
            work.mkdir()
            times.append(publish_to_play(deck, work))
            shutil.rmtree(work)
    return statistics.median(times)
