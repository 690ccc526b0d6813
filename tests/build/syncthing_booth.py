"""One booth of the Syncthing fleet test: the kiosk as `kiosk --windowed` starts it (its
settings from kiosk.yaml, its fleet watcher, its sync writing the status file), offscreen.
Each time it plays another deck, the window as it shows that deck (its first slide drawn in
full, no transition) is saved to ``<renders>/<package>.png`` (the package's name, or the
content folder's parent's name).

Arguments: kiosk.yaml, the booth's own content folder, its data folder, the renders folder.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

#: The window's size (small: two booths and three Syncthing instances share the machine).
SIZE = (480, 270)
#: How often the window is looked at for a deck it has not been saved with.
LOOK_MS = 100


def keep_renders(renders: Path) -> None:
    """Save the window once for each deck it plays, once a slide of it is drawn in full."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.player.player import Player
    from kiosk.ui.window import KioskWindow

    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, KioskWindow))
    player = window.findChild(Player)
    assert player is not None
    last: list[object] = [None]  # the deck last saved

    def look() -> None:
        deck = player.deck
        if deck is None or deck is last[0] or player.index < 0 or player.transitioning:
            return
        last[0] = deck
        target = renders / f"{deck.root.parent.name}.png"
        aside = target.with_name(f".{target.name}.part")
        if window.grab().save(str(aside), "PNG"):
            os.replace(aside, target)  # (the test never reads half a picture)

    timer = QTimer(window)
    timer.timeout.connect(look)
    timer.start(LOOK_MS)


def main(config: Path, content: Path, data: Path, renders: Path) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer

    from kiosk.platform.logs import setup_logging
    from kiosk.ui.app import application
    from kiosk.ui.main import run_kiosk

    setup_logging(False, to_file=False)
    application(headless=True)
    renders.mkdir(parents=True, exist_ok=True)
    QTimer.singleShot(0, lambda: keep_renders(renders))  # once the kiosk's loop runs
    return run_kiosk(argparse.Namespace(content=str(content), config=str(config),
                                        data_dir=str(data), windowed=True, screen=0,
                                        size=SIZE))


if __name__ == "__main__":
    sys.exit(main(*(Path(a) for a in sys.argv[1:5])))
