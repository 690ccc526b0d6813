"""Kiosk Studio open on a deck with a video, subtitles and narration (tests/media_files.py),
its window shown at 1366x768, for the studio's media and accessibility tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kiosk.studio.controller import Studio
from tests.gui.test_studio import open_studio
from tests.media_files import video_deck


@contextmanager
def media_studio(qtbot: Any, tmp_path: Path, **deck: Any) -> Iterator[Studio]:
    """The studio on ``video_deck(**deck)``; closed without asking afterwards."""
    studio, runner = open_studio(qtbot, tmp_path, video_deck(tmp_path / "deck", **deck))
    studio.window.resize(1366, 768)
    studio.window.show()
    qtbot.waitExposed(studio.window)
    try:
        yield studio
    finally:
        studio.dirty = False  # let the window close without asking
        studio.window.close()
        runner.wait(5000)
