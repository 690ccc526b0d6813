"""`kiosk render --screens`: the kiosk's own screens (controls, chapter menu, countdown) as
PNG files, drawn offscreen exactly as the running kiosk draws them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from kiosk.config import Settings
from kiosk.content import Deck
from kiosk.session import Session, default_rules
from kiosk.ui.journey import Journey
from kiosk.ui.player import Player
from kiosk.ui.tasks import InlineRunner
from kiosk.ui.window import KioskWindow


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def render_screens(deck: Deck, out: Path, size: QSize, slide: int = 2,
                   settings: Settings | None = None) -> list[Path]:
    """Write ``screen-attract.png``, ``screen-browse.png``, ``screen-chapters.png`` and
    ``screen-idle.png`` for ``deck`` at ``size``."""
    settings = settings or Settings()
    out.mkdir(parents=True, exist_ok=True)
    clock = _Clock()
    player = Player(InlineRunner())
    window = KioskWindow(player, kiosk_mode=False)
    session = Session(deck.default_language, clock,
                      default_rules(settings.idle_seconds, settings.warning_seconds))
    journey = Journey(window, session, settings)
    window.resize(size)
    window.show()
    player.set_deck(deck)
    journey.on_deck(deck)
    written: list[Path] = []

    def shot(name: str) -> None:
        QApplication.processEvents()
        path = out / f"screen-{name}.png"
        window.grab().save(str(path))
        written.append(path)

    try:
        player.go_to(min(slide, len(deck.slides) - 1), "cut")
        shot("attract")
        session.interact()
        shot("browse")
        journey.on_open_chapters()
        shot("chapters")
        journey.on_close_chapters()
        clock.now += settings.idle_seconds + settings.warning_seconds * 0.4
        journey.on_tick()
        shot("idle")
    finally:
        journey.detach()
        window.allow_close = True
        window.close()
        window.deleteLater()
    return written
