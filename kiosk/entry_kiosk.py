"""Awareness Kiosk, the windowed program of the ready-made folder and of the menu: the kiosk,
as ``kiosk`` plays it, full screen. Before a staff PIN is set, Esc, Alt+F4, Ctrl+Alt+S or the
staff corner offer the first steps (choose a PIN, load the booth's set-up, close the kiosk),
so nobody is trapped; a Restart from the staff panel starts it as it was started."""

from __future__ import annotations

import os
import sys


def quiet_streams() -> None:
    """A windowed program on Windows has no console: what it prints goes nowhere, quietly
    (printing to a missing stream, or flushing it, would fail)."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def main(argv: list[str] | None = None) -> int:
    quiet_streams()
    from kiosk.cli import main as kiosk

    return kiosk(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
