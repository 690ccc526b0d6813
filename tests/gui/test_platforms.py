"""Keeping the screen awake on Windows, where CI cannot go: the platform is faked and each
branch asked what it would do (finding USB sticks: tests/unit/test_drives.py)."""

from __future__ import annotations

from kiosk.ui.platform.keep_awake import (
    ES_CONTINUOUS,
    ES_DISPLAY_REQUIRED,
    ES_SYSTEM_REQUIRED,
    KeepAwake,
)


def test_windows_keeps_the_display_on_and_gives_it_back() -> None:
    calls: list[int] = []
    awake = KeepAwake(platform="win32", windows_call=lambda flags: calls.append(flags) or True)
    assert awake.hold() is True
    awake.release()
    assert calls == [ES_CONTINUOUS | ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED, ES_CONTINUOUS]


def test_a_windows_refusal_never_stops_the_kiosk() -> None:
    def refuse(_flags: int) -> bool:
        raise OSError("access denied")

    assert KeepAwake(platform="win32", windows_call=refuse).hold() is False

