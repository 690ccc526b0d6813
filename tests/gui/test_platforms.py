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



def test_a_windowed_kiosk_fits_the_screens_free_room(kiosk_app, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`--windowed` on a screen smaller than its 1280x720 (a laptop's 1366x768 less its
    panel; here the test screen): the whole window, title bar included, stays on it."""
    from PySide6.QtGui import QGuiApplication

    from kiosk.setup.config import Settings
    from kiosk.ui.compose import build_kiosk
    from tests.conftest import close_kiosk

    kiosk = build_kiosk(Settings(kiosk_id="t", keep_awake=False), tmp_path, kiosk_mode=False)
    try:
        kiosk.window.present(windowed=True)
        room = QGuiApplication.primaryScreen().availableGeometry()
        assert room.width() < 1280 + 32 or room.height() < 720 + 64  # the case in question
        assert abs(kiosk.window.width() * 9 - kiosk.window.height() * 16) <= 16  # 16:9
        assert room.contains(kiosk.window.geometry())
    finally:
        close_kiosk(kiosk)
