"""The display's power while the booth is closed: off at closing and on at opening, asked of
each platform its own way (faked here: nothing is ever turned off from a test)."""

from __future__ import annotations

import pytest

from kiosk.ui.platform import keep_awake
from kiosk.ui.platform.keep_awake import XSET_NO_BLANKING, KeepAwake


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The programs the kiosk would start (none is)."""
    found: list[list[str]] = []
    monkeypatch.setattr(keep_awake, "_detached",
                        lambda program, args: found.append([program, *args]) or True)
    return found


def test_windows_turns_the_monitors_off_and_on() -> None:
    calls: list[int] = []
    awake = KeepAwake(platform="win32", monitor_call=lambda state: calls.append(state) or True)
    assert awake.display_off() is True
    assert awake.display_on() is True
    assert calls == [2, -1]


def test_a_mac_sleeps_the_display_and_wakes_it_as_a_touch_would(started) -> None:  # type: ignore[no-untyped-def]
    awake = KeepAwake(platform="darwin")
    awake.display_off()
    awake.display_on()
    assert started == [["pmset", "displaysleepnow"], ["caffeinate", "-u", "-t", "2"]]


def test_x_forces_the_display_off_and_on_again_kept_from_blanking(
        started, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(keep_awake, "NO_DISPLAY", frozenset())  # (as on a booth's screen)
    monkeypatch.setenv("DISPLAY", ":0")
    KeepAwake(platform="linux").display_off()
    KeepAwake(platform="linux").display_on()
    KeepAwake(platform="linux", keep=False).display_on()  # (its screen may blank when open)
    assert started == [["xset", "dpms", "force", "off"],
                       ["xset", "dpms", "force", "on", *XSET_NO_BLANKING],
                       ["xset", "dpms", "force", "on"]]


def test_never_from_a_test_window(kiosk_app, started, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DISPLAY", ":0")
    assert KeepAwake().display_off() is False  # (the tests draw offscreen)
    assert started == []


def test_a_refusal_never_stops_the_kiosk() -> None:
    def refuse(_state: int) -> bool:
        raise OSError("access denied")

    assert KeepAwake(platform="win32", monitor_call=refuse).display_off() is False
