"""`python -m kiosk.studio.bench [--quick] [--json] [--profile DIR]`: Kiosk Studio under a
volunteer's fingers, as figures. The studio is built as `kiosk studio` builds it (its window
at 1920x1080, offscreen, a real worker pool) on decks made in a temporary folder, and driven
with real clicks, keys and drops while its event loop runs:

- a key typed in a title or a caption, to the preview painted with it (150 ms between keys);
- a 150-slide deck of 300 photos opened, to its first slide shown and to every thumbnail;
- 50 phone photos dropped on the slide list: the longest the window stood still, and the
  time until all 50 slides are listed with their thumbnails.

``--profile DIR`` writes the typing's profile of the GUI thread (gui.pstats) and of the
checks it set off on the workers (worker.pstats), and prints the top of each."""

from __future__ import annotations

import argparse
import cProfile
import json
import logging
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QEventLoop,
    QMimeData,
    QObject,
    QPoint,
    QSize,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from kiosk.studio.app import build_studio
from kiosk.studio.bench_decks import PHONE, copies, distinct_photos, mixed_deck, photo_deck
from kiosk.studio.controller import Studio
from kiosk.ui.app import application
from kiosk.ui.tasks import TaskRunner

#: What is typed, a key at a time.
TYPED = " and clean water close to home, so that girls can stay in school"


@dataclass(frozen=True)
class Sizes:
    """How much of everything a run takes."""

    slides: int = 40  # the deck typed in: text and photo slides by turns
    keys: int = 60  # typed in a title, then as many in a caption
    pace_s: float = 0.15  # between two keys
    open_slides: int = 150  # the deck opened: two photos a slide
    drop_deck: int = 10  # the deck photos are dropped on
    drop_photos: int = 50
    photo: tuple[int, int] = (PHONE.width(), PHONE.height())
    distinct: int = 6  # photos drawn; the others are copies of them


FULL = Sizes()
QUICK = Sizes(keys=20, open_slides=40, drop_photos=12)


def _progress(what: str) -> None:
    print(f"studio bench: {what}…", file=sys.stderr, flush=True)


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _wait(condition: Callable[[], bool], timeout_s: float = 120.0) -> None:
    """Run the event loop as the studio would run it until ``condition`` holds (looked at
    every millisecond)."""
    if condition():
        return
    loop, poll = QEventLoop(), QTimer()
    poll.setTimerType(Qt.TimerType.PreciseTimer)
    deadline, late = time.monotonic() + timeout_s, [False]

    def look() -> None:
        late[0] = time.monotonic() > deadline
        if late[0] or condition():
            loop.quit()

    poll.timeout.connect(look)
    poll.start(1)
    loop.exec()
    poll.stop()
    if late[0]:
        raise TimeoutError("a studio benchmark step timed out")


# ------------------------------- what the bench reads of the studio beyond its widgets (all)
def _asked(studio: Studio) -> int:
    """How many checks the studio has asked for so far."""
    return studio.generation


def _new_picture(studio: Studio, before: QImage | None, asked: int) -> bool:
    """The preview holds a picture made since: not ``before``, and if a whole-deck check
    made it, one that began after the studio had asked for ``asked`` checks."""
    image, last = studio.window.preview.image, studio.last
    if image is None or image is before:
        return False
    return not (last is not None and last.preview is image and last.generation <= asked)


def _settled(studio: Studio) -> bool:
    """The newest edit checked and shown, and every slide listed with its thumbnail."""
    last, count = studio.last, studio.window.slides.count()
    return (last is not None and last.generation == _asked(studio) and count > 0
            and _thumbnails(studio, count))


def _thumbnails(studio: Studio, count: int) -> bool:
    """``count`` slides listed, each with its thumbnail."""
    slides = studio.window.slides
    return slides.count() == count and all(
        not slides.item(row).icon().isNull() for row in range(count))


def _wrap_checks(profiles: list[cProfile.Profile]) -> Callable[[], None]:
    """Profile each check the studio runs on a worker after an edit
    (``checking.check``); returns what puts the plain one back."""
    from kiosk.studio import checking

    plain = getattr(checking, "check")  # noqa: B009

    def profiled(*args: Any) -> Any:
        profile = cProfile.Profile()
        try:
            return profile.runcall(plain, *args)
        finally:
            profiles.append(profile)  # (one list.append at a time: no lock needed)

    setattr(checking, "check", profiled)  # noqa: B010 (a module's name, replaced)
    return lambda: setattr(checking, "check", plain)


# -------------------------------------------------------------- watching the window
class PaintWatch(QObject):
    """Calls ``seen(time)`` as each paint of ``widget`` begins."""

    def __init__(self, widget: QWidget, seen: Callable[[float], None]) -> None:
        super().__init__(widget)
        self.seen = seen
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.seen(time.perf_counter())
        return False


class Heartbeat(QObject):
    """A 5 ms timer: the longest gap between two of its ticks is the longest the window
    stood still."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.last, self.longest = time.perf_counter(), 0.0

    def start(self) -> None:
        self.last, self.longest = time.perf_counter(), 0.0
        self.timer.start(5)

    def stop(self) -> float:
        """The longest gap in milliseconds."""
        self._tick()
        self.timer.stop()
        return self.longest * 1000

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest, self.last = max(self.longest, now - self.last), now


# -------------------------------------------------------------- the studio, as one uses it
def open_studio(folder: Path, scratch: Path) -> Studio:
    """The studio as `kiosk studio DIR` builds it (its settings in ``scratch``), its window
    shown at 1920x1080, once the deck is shown with every thumbnail."""
    studio, _errors = build_studio(str(folder), TaskRunner(), config=scratch / "kiosk.yaml",
                                   data_dir=scratch / "data")
    studio.window.resize(1920, 1080)
    studio.window.show()
    _wait(lambda: _settled(studio))
    return studio


def close_studio(studio: Studio) -> None:
    studio.dirty = False  # (closes without asking to save)
    studio.window.close()
    studio.runner.wait()
    studio.window.deleteLater()
    QApplication.processEvents()


def choose_slide(studio: Studio, row: int) -> None:
    """Click the slide in the list, and wait for it to be shown."""
    slides = studio.window.slides
    item = slides.item(row)
    slides.scrollToItem(item)
    QTest.mouseClick(slides.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, slides.visualItemRect(item).center())
    _wait(lambda: studio.index == row and _settled(studio))


def click_box(studio: Studio, name: str) -> QLineEdit:
    """Click into the slide's line of text ``name`` (such as heading-en); End."""
    box = studio.window.fields.findChild(QLineEdit, name)
    assert isinstance(box, QLineEdit), name
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(box.width() - 6, box.height() // 2))
    QTest.keyClick(box, Qt.Key.Key_End)
    return box


def type_keys(studio: Studio, box: QLineEdit, keys: int, pace_s: float) -> list[float]:
    """Type ``keys`` characters, one each ``pace_s``; for each, milliseconds from just before
    it is sent to the first paint of the preview showing a picture made after it."""
    waiting: list[tuple[float, int, QImage | None]] = []  # sent at, check then, picture then
    took: list[float] = []

    def painted(now: float) -> None:
        for key in [k for k in waiting if _new_picture(studio, k[2], k[1])]:
            took.append((now - key[0]) * 1000)
            waiting.remove(key)

    watch = PaintWatch(studio.window.preview, painted)
    for i in range(keys):
        sent = time.perf_counter()
        waiting.append((sent, _asked(studio), studio.window.preview.image))
        QTest.keyClicks(box, TYPED[i % len(TYPED)])  # one key
        _wait(lambda: time.perf_counter() >= sent + pace_s)  # noqa: B023 (used at once)
    _wait(lambda: not waiting)
    watch.deleteLater()
    return took


def drop_files(target: QWidget, files: list[Path]) -> None:
    """Drag ``files`` from a file manager onto the middle of ``target``, and let go."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    at, copy = target.rect().center(), Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(target, QDragEnterEvent(at, copy, data, buttons, keys))
    QApplication.sendEvent(target, QDragMoveEvent(at, copy, data, buttons, keys))
    QApplication.sendEvent(target, QDropEvent(at.toPointF(), copy, data, buttons, keys))


# -------------------------------------------------------------- the figures
def measure_typing(sizes: Sizes, scratch: Path, photos: list[Path],
                   profile: Path | None = None) -> dict[str, float]:
    """Keys typed in a text slide's title, then in a photo slide's caption."""
    studio = open_studio(mixed_deck(scratch / "typing", sizes.slides, photos), scratch)
    text_row = sizes.slides // 2 - sizes.slides // 2 % 2  # (text slides are on even rows)
    gui, workers = cProfile.Profile(), list[cProfile.Profile]()
    unwrap = _wrap_checks(workers) if profile else (lambda: None)
    heartbeat, took, still = Heartbeat(), list[float](), 0.0
    try:
        for name, row in (("heading-en", text_row), ("caption-en", text_row + 1)):
            choose_slide(studio, row)
            box = click_box(studio, name)
            heartbeat.start()
            if profile:
                gui.enable()
            took += type_keys(studio, box, sizes.keys, sizes.pace_s)
            if profile:
                gui.disable()
            still = max(still, heartbeat.stop())
    finally:
        unwrap()
        close_studio(studio)
    if profile:
        write_profiles(profile, gui, workers)
    return {"studio_key_to_preview_ms_p50": statistics.median(took),
            "studio_key_to_preview_ms_p95": _percentile(took, 95),
            "studio_key_to_preview_ms_max": max(took),
            "studio_typing_max_gap_ms": still}


def measure_open(sizes: Sizes, scratch: Path, photos: list[Path]) -> dict[str, float]:
    """From asking the studio (on a new deck) to open a deck of photo slides, to its list
    filled and its first slide shown, and to every thumbnail shown."""
    count = sizes.open_slides
    folder = photo_deck(scratch / "open", count, photos)
    studio = open_studio(scratch / "new", scratch)  # an empty folder: a new deck
    before, shown_at = studio.window.preview.image, list[float]()

    def painted(now: float) -> None:
        if _new_picture(studio, before, -1) and studio.window.slides.count() == count:
            shown_at.append(now)

    watch = PaintWatch(studio.window.preview, painted)
    start = time.perf_counter()
    try:
        studio.open(folder)
        _wait(lambda: bool(shown_at))
        _wait(lambda: _thumbnails(studio, count))
        thumbs = time.perf_counter()
    finally:
        watch.deleteLater()
        close_studio(studio)
    return {"studio_open_150_s": shown_at[0] - start, "studio_open_150_thumbs_s": thumbs - start}


def measure_drop(sizes: Sizes, scratch: Path, photos: list[Path]) -> dict[str, float]:
    """Phone photos dropped on the slide list: until every one is a slide with its
    thumbnail, and the longest the window stood still meanwhile."""
    studio = open_studio(mixed_deck(scratch / "drop", sizes.drop_deck, photos), scratch)
    dropped = copies(photos, scratch / "phone", [f"IMG_{4001 + i}.jpg"
                                                 for i in range(sizes.drop_photos)])
    heartbeat, count = Heartbeat(), sizes.drop_deck + sizes.drop_photos
    try:
        heartbeat.start()
        start = time.perf_counter()
        drop_files(studio.window.slides.viewport(), dropped)
        _wait(lambda: _thumbnails(studio, count), timeout_s=600)
        took, still = time.perf_counter() - start, heartbeat.stop()
    finally:
        close_studio(studio)
    return {"studio_drop_50_max_gap_ms": still, "studio_drop_50_s": took}


def write_profiles(folder: Path, gui: cProfile.Profile, workers: list[cProfile.Profile]
                   ) -> None:
    """gui.pstats and worker.pstats in ``folder``; the top 25 of each by cumulative time."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, profiles in (("gui", [gui]), ("worker", workers)):
        if not profiles:
            continue
        stats = pstats.Stats(profiles[0], stream=sys.stderr)
        for more in profiles[1:]:
            stats.add(more)
        stats.dump_stats(folder / f"{name}.pstats")
        print(f"\n=== {name}: the typing, top 25 by cumulative time "
              f"({len(profiles)} profile(s))", file=sys.stderr)
        stats.sort_stats("cumulative").print_stats(25)


def run_figures(sizes: Sizes, profile: Path | None = None) -> dict[str, float]:
    """Every figure, on decks made for the run in a temporary folder."""
    application(headless=True)
    with tempfile.TemporaryDirectory(prefix="studio-bench-") as folder:
        scratch = Path(folder)
        _progress(f"drawing {sizes.distinct} photos")
        photos = distinct_photos(scratch / "drawn", sizes.distinct, QSize(*sizes.photo))
        _progress(f"typing {sizes.keys} keys in a title and a caption "
                  f"({sizes.slides}-slide deck)")
        figures = measure_typing(sizes, scratch, photos, profile)
        _progress(f"opening a deck of {sizes.open_slides} slides")
        figures.update(measure_open(sizes, scratch, photos))
        _progress(f"dropping {sizes.drop_photos} photos")
        figures.update(measure_drop(sizes, scratch, photos))
    return {key: round(value, 3) for key, value in figures.items()}


def studio_figures(quick: bool = False) -> dict[str, float]:
    """The studio's figures (``quick``: fewer keys, a smaller deck to open, fewer photos)."""
    return run_figures(QUICK if quick else FULL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.studio.bench",
                                     description="Kiosk Studio under a volunteer's fingers.")
    parser.add_argument("--quick", action="store_true", help="fewer keys, photos and slides")
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="profile the typing into DIR/gui.pstats and DIR/worker.pstats")
    given = parser.parse_args(argv)
    logging.getLogger().setLevel(logging.WARNING)
    started = time.perf_counter()
    figures = run_figures(QUICK if given.quick else FULL, given.profile)
    if given.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:<34}{value:>12.3f}")
    note = " (profiled: the typing figures are slower than without)" if given.profile else ""
    print(f"studio bench: {time.perf_counter() - started:.0f} s in all{note}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
