"""Awareness Kiosk, the windowed program of the ready-made folder and of the menu: the kiosk,
as ``kiosk`` plays it. Started without options before a staff PIN is set, it plays in a window
that closes normally: full screen, nobody could end it."""

from __future__ import annotations

import os
import sys


def quiet_streams() -> None:
    """A windowed program on Windows has no console: what it prints goes nowhere, quietly
    (printing to a missing stream, or flushing it, would fail)."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def arguments(given: list[str]) -> list[str]:
    """The kiosk's options: those given, else a window while no staff PIN is set."""
    if given:
        return given
    from kiosk import paths
    from kiosk.staff import StaffAuth

    return [] if StaffAuth(paths.data_dir(None)).has_pin else ["--windowed"]


def main(argv: list[str] | None = None) -> int:
    quiet_streams()
    from kiosk.cli import main as kiosk

    return kiosk(arguments(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())
