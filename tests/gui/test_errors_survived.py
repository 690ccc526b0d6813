"""Errors in a slide painter or a background task are logged and survived; too many exit."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest


def test_an_error_in_a_slide_is_logged_and_skipped(player, qtbot, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    import kiosk.ui.player.frames as frames
    from kiosk.content import load_deck
    from tests.decks import write_deck

    deck = load_deck(write_deck(tmp_path, """\
        - {type: text, id: fine, heading: Fine, body: This one paints.}
        - {type: text, id: broken, heading: Broken, body: This one raises.}
        - {type: text, id: also-fine, heading: Also fine, body: This one paints too.}
        """)).deck
    real = frames.render_slide

    def paint(deck, slide, language, size, text_scale=1.0, plain=None):  # type: ignore[no-untyped-def]
        if slide.id == "broken":
            raise ZeroDivisionError("a bug in a slide painter")
        return real(deck, slide, language, size, text_scale, plain)

    monkeypatch.setattr(frames, "render_slide", paint)
    seen: list[int] = []
    player.slide_changed.connect(seen.append)
    with caplog.at_level(logging.WARNING):
        player.set_deck(deck)
        qtbot.waitUntil(lambda: len(seen) >= 3, timeout=5000)
    assert seen[:3] == [0, 2, 0]
    errors = [r for r in caplog.records if r.exc_info and "painted" in r.getMessage()]
    assert errors and errors[0].exc_info[0] is ZeroDivisionError  # with its traceback
    player.wait_for_workers()


def test_an_error_in_a_background_task_is_logged(kiosk_app, qtbot,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    from kiosk.ui.tasks import TaskRunner

    runner = TaskRunner()

    def fail() -> None:
        raise RuntimeError("a bug in a background task")

    with caplog.at_level(logging.ERROR):
        runner.run(fail)
        qtbot.waitUntil(lambda: any(r.exc_info for r in caplog.records), timeout=3000)
    assert "background task failed" in caplog.records[-1].getMessage()


def test_unexpected_errors_are_logged_then_too_many_exit(kiosk_app, monkeypatch,
                                                         caplog: pytest.LogCaptureFixture
                                                         ) -> None:
    from kiosk.ui.platform import crash

    exits: list[int] = []
    monkeypatch.setattr(kiosk_app, "exit", exits.append)
    guard = crash.CrashGuard()
    with caplog.at_level(logging.ERROR):
        guard.on_exception(ValueError, ValueError("one"), None)
        assert exits == [] and "the kiosk goes on" in caplog.records[-1].getMessage()
        for i in range(crash.TOO_MANY):
            guard.on_exception(ValueError, ValueError(str(i)), None)
    assert exits == [crash.EXIT_CODE]
