"""Where an export can go: removable drives the system has mounted, and a folder of our own."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QStorageInfo

_REMOVABLE_ROOTS = ("/media/", "/run/media/", "/mnt/", "/Volumes/")


def looks_removable(root: str, platform: str = sys.platform,
                    system_drive: str | None = None) -> bool:
    """Whether a mounted volume's root is a stick or card rather than the system's disk."""
    if platform == "win32":
        system = (system_drive or os.environ.get("SYSTEMDRIVE", "C:")).upper()
        return len(root) >= 2 and root[1] == ":" and not root.upper().startswith(system)
    return root.startswith(_REMOVABLE_ROOTS)


def removable_drives(writable: bool = False) -> list[tuple[str, Path]]:
    """(label, root) for each mounted removable drive (USB sticks, SD cards)."""
    drives: list[tuple[str, Path]] = []
    for volume in QStorageInfo.mountedVolumes():
        if not (volume.isValid() and volume.isReady()):
            continue
        if writable and volume.isReadOnly():
            continue
        root = volume.rootPath()
        if looks_removable(root if root.endswith(("/", "\\")) else root + "/"):
            drives.append((volume.displayName() or Path(root).name or root, Path(root)))
    return drives


def export_places(own_folder: Path) -> list[tuple[str, str]]:
    """(label, folder) pairs: each writable removable drive, then the kiosk's own folder."""
    places = [(label, str(root)) for label, root in removable_drives(writable=True)]
    places.append(("Kiosk folder", str(own_folder)))
    return places
