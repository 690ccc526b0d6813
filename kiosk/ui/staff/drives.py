"""Where an export can go: removable drives the system has mounted, and a folder of our own."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QStorageInfo

_REMOVABLE_ROOTS = ("/media/", "/run/media/", "/mnt/", "/Volumes/")


def looks_removable(root: str) -> bool:
    if sys.platform == "win32":
        system = os.environ.get("SYSTEMDRIVE", "C:").upper()
        return len(root) >= 2 and root[1] == ":" and not root.upper().startswith(system)
    return root.startswith(_REMOVABLE_ROOTS)


def export_places(own_folder: Path) -> list[tuple[str, str]]:
    """(label, folder) pairs: each writable removable drive, then the kiosk's own folder."""
    places: list[tuple[str, str]] = []
    for volume in QStorageInfo.mountedVolumes():
        if not (volume.isValid() and volume.isReady()) or volume.isReadOnly():
            continue
        root = volume.rootPath()
        if looks_removable(root if root.endswith(("/", "\\")) else root + "/"):
            places.append((volume.displayName() or Path(root).name or root, root))
    places.append(("Kiosk folder", str(own_folder)))
    return places
