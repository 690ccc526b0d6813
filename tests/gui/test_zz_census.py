"""The census: every button, menu item and drop target in Kiosk Studio, on the booth's staff
panel and its PIN pad is pressed by some test through the real widget. It runs last (see conftest)
and only when the whole GUI suite ran: a control no test presses fails it, by name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.content import load_deck
from kiosk.platform import paths
from kiosk.studio.controller import Studio
from kiosk.studio.window import StudioWindow
from kiosk.ui.tasks import TaskRunner
from tests.conftest import close_kiosk, open_kiosk
from tests.gui import census

HERE = Path(__file__).parent


def _whole_suite(request: pytest.FixtureRequest) -> bool:
    ran = {item.path.name for item in request.session.items}
    return {p.name for p in HERE.glob("test_*.py")} <= ran


def test_every_control_is_pressed_by_a_test(kiosk_app, qtbot, tmp_path: Path,
                                            request: pytest.FixtureRequest) -> None:
    if not _whole_suite(request):
        pytest.skip("the census counts the whole GUI suite's presses")
    folder = tmp_path / "deck"
    shutil.copytree(paths.bundled_content_dir(), folder)
    window = StudioWindow()
    qtbot.addWidget(window)
    runner = TaskRunner()
    studio = Studio(window, runner, config=tmp_path / "kiosk.yaml", data_dir=tmp_path / "d")
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        studio.open(folder)
    found = census.controls(window)
    deck = load_deck(paths.bundled_content_dir()).deck
    from kiosk.setup.config import Settings

    kiosk, _clock = open_kiosk(qtbot, deck, Settings(kiosk_id="census"), tmp_path / "data")
    try:
        found |= census.controls(kiosk.window.staff)
        assert kiosk.staff is not None
        found |= census.controls(kiosk.staff.pad)  # the PIN pad and the first steps
    finally:
        close_kiosk(kiosk)
        runner.wait(5000)
    missing = sorted(found - census.PRESSED)
    assert not missing, "no test presses:\n" + "\n".join(missing)
