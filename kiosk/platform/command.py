"""The command that runs this kiosk: to start it again, or a helper process of its own.
No Qt here."""

from __future__ import annotations

import sys


def kiosk_command() -> list[str]:
    """`kiosk` as this process runs it: the program itself where it is built into one (a
    download), else this Python with ``-m kiosk``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "kiosk"]
