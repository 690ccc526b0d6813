"""The command that runs this kiosk: to start it again, or a helper process of its own.
No Qt here."""

from __future__ import annotations

import sys
from pathlib import Path

import kiosk

#: Runs `kiosk` from the folder this process loaded it from (its path, then the arguments).
_RUN = ("import sys; sys.path.insert(0, sys.argv.pop(1)); from kiosk.cli import main; "
        "sys.exit(main())")


def kiosk_command() -> list[str]:
    """`kiosk` as this process runs it: the program itself where it is built into one (a
    download), else this Python running the same ``kiosk`` package. Not ``-m kiosk``: that
    would import a ``kiosk`` folder in the current folder first, which anyone may have put
    there (``-P``: the current folder is not looked in at all)."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-P", "-c", _RUN, str(Path(kiosk.__file__).resolve().parent.parent)]
