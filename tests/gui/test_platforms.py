"""The platform-specific parts (keeping the screen awake, finding USB sticks) on Windows,
where CI cannot go: the platform is faked and each branch asked what it would do."""

from __future__ import annotations

from kiosk.ui.platform.drives import looks_removable
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


def test_windows_drives_other_than_the_system_one_are_removable() -> None:
    assert looks_removable("E:/", platform="win32", system_drive="C:")
    assert looks_removable("d:\\", platform="win32", system_drive="C:")
    assert not looks_removable("C:/", platform="win32", system_drive="C:")
    assert not looks_removable("D:/", platform="win32", system_drive="D:")
    assert not looks_removable("//server/share/", platform="win32", system_drive="C:")


def test_linux_and_mac_sticks_are_under_their_mount_folders() -> None:
    assert looks_removable("/media/booth/STICK/", platform="linux")
    assert looks_removable("/run/media/booth/STICK/", platform="linux")
    assert looks_removable("/Volumes/STICK/", platform="darwin")
    assert not looks_removable("/", platform="linux")
    assert not looks_removable("/home/", platform="linux")
