"""Closing Kiosk Studio while the slide list's pictures are being painted ends the program
cleanly: the work not started is dropped and the picture being painted is waited for (a
worker still painting while Python shut down took the program down: a segmentation fault)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from kiosk.studio.app import run_studio
    from kiosk.studio.controller import Studio
    from kiosk.ui.app import application

    app = application()

    def close_while_painting():
        for window in app.topLevelWidgets():
            studio = window.findChild(Studio)
            if studio is not None and studio.thumbs.painting:
                app.quit()  # as the window's close does, with pictures still to come
                return
        QTimer.singleShot(1, close_while_painting)

    QTimer.singleShot(0, close_while_painting)
    sys.exit(run_studio(sys.argv[1]))
""")


def _deck(folder: Path) -> Path:
    from PySide6.QtCore import QSize

    from kiosk.ui.tools.bench import _make_photo

    (folder / "images").mkdir(parents=True)
    _make_photo(folder / "images" / "p0.jpg", QSize(3000, 2000))
    data = (folder / "images" / "p0.jpg").read_bytes()
    slides = []
    for i in range(40):
        (folder / "images" / f"p{i}.jpg").write_bytes(data)
        slides.append(f"  - type: image\n    id: p{i}\n    image: images/p{i}.jpg\n")
    (folder / "deck.yaml").write_text("title: Photos\nslides:\n" + "".join(slides))
    return folder


def test_closing_while_pictures_are_painted_ends_cleanly(kiosk_app, tmp_path: Path) -> None:
    deck = _deck(tmp_path / "deck")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CACHE_HOME": str(tmp_path / "c")}
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", SCRIPT, str(deck)], env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]


def test_a_result_that_comes_after_its_runner_is_gone_is_dropped_quietly(
        kiosk_app, capfd) -> None:  # type: ignore[no-untyped-def]
    """A worker finishing after its runner was deleted (its window closed) has no one to tell:
    it says so in the log, with no traceback on the console."""
    import threading

    import shiboken6

    from kiosk.ui.tasks import TaskRunner

    runner = TaskRunner(1)
    gate = threading.Event()
    runner.run(lambda: gate.wait(5), done=lambda _result: None)
    shiboken6.delete(runner.relay)  # the window that held the runner is gone
    gate.set()
    assert runner.wait(5000)
    assert "Traceback" not in capfd.readouterr().err
