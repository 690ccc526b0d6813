"""Where an export can go: removable drives the system has mounted, and a folder of our own."""

from __future__ import annotations

from pathlib import Path

from kiosk.platform.drives import removable_drives

__all__ = ["export_places", "removable_drives"]


def export_places(own_folder: Path) -> list[tuple[str, str]]:
    """(label, folder) pairs: each writable removable drive, then the kiosk's own folder."""
    places = [(label, str(root)) for label, root in removable_drives(writable=True)]
    places.append(("Kiosk folder", str(own_folder)))
    return places
