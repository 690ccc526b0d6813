"""`kiosk render --screens`: the kiosk's own screens (controls, chapter menu, countdown) as
PNG files, drawn offscreen exactly as the running kiosk draws them."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from kiosk.config import Settings
from kiosk.content import Deck
from kiosk.session import ManualClock, Mode, Session, default_rules
from kiosk.staff import StaffAuth
from kiosk.store import MessageStore
from kiosk.ui.form.message_flow import MessageFlow
from kiosk.ui.journey.journey import Journey
from kiosk.ui.player.player import Player
from kiosk.ui.staff.staff_flow import StaffFlow
from kiosk.ui.tasks import InlineRunner
from kiosk.ui.window import KioskWindow


def _fill_sample(window: KioskWindow) -> None:
    """Type a sample message (as a visitor would, through the on-screen keyboard)."""
    form = window.form
    first = next(v for v in form.views if v.typing)
    first.input.setFocus()
    for ch in "Praying for you and the team":
        form.keyboard.press("space" if ch == " " else f"char-{ch.lower()}")
    chips = next((v.chips for v in form.views if v.chips), {})
    if chips:
        next(iter(chips.values())).click()
    email = next((v for v in form.views if v.spec.type == "email"), None)
    if email is not None:
        email.input.setFocus()
        form.keyboard.press("char-a")


def _staff_screens(window: KioskWindow, session: Session, deck: Deck,
                   shot: Callable[[str], None]) -> None:
    """The PIN pad and the staff panel, with a few sample messages in a throwaway store."""
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        flow = StaffFlow(window.pin_pad, window.staff, session, StaffAuth(data), InlineRunner(),
                         "booth-1", data / "exports")
        session.enter(Mode.STAFF)
        window.pin_pad.open("Enter the staff PIN.")
        for digit in "24":
            window.pin_pad.press(digit)
        shot("staff-pin")
        store = MessageStore(data, "booth-1")
        for text in ("Praying for you", "I can help with English lessons", "Be strong"):
            store.add({"message": text})
        store.mark_exported([store.messages()[0].id])
        flow.store = store
        flow.content_loaded(f"{len(deck.slides)} slide(s) read, 0 error(s), 0 warning(s).",
                            deck.version)
        window.pin_pad.hide()
        flow.open_panel()
        window.staff.set_drives([("KINGSTON", folder), ("Kiosk folder", folder)])
        window.staff.set_export_result("Saved 3 message(s) as kiosk-messages-booth-1-"
                                       "20261121-153000.csv in /media/KINGSTON.")
        shot("staff-panel")
        store.close()
        session.enter(Mode.ATTRACT)


def render_screens(deck: Deck, out: Path, size: QSize, slide: int = 2,
                   settings: Settings | None = None) -> list[Path]:
    """Write ``screen-<name>.png`` for the attract loop, browsing, the chapter menu, the idle
    countdown, the message form (empty and being filled in) and the thank-you screen."""
    settings = settings or Settings()
    out.mkdir(parents=True, exist_ok=True)
    clock = ManualClock()
    player = Player(InlineRunner())
    window = KioskWindow(player, kiosk_mode=False)
    session = Session(deck.default_language, clock,
                      default_rules(settings.idle_seconds, settings.warning_seconds))
    journey = Journey(window, session, settings)
    flow = MessageFlow(window, session, None, InlineRunner())
    window.resize(size)
    window.show()
    player.set_deck(deck)
    journey.on_deck(deck)
    flow.on_deck(deck)
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
        if flow.available:
            session.interact()
            flow.open_form()
            shot("form")
            _fill_sample(window)
            shot("form-filled")
            flow._saved("sample")
            shot("thank-you")
        _staff_screens(window, session, deck, shot)
    finally:
        journey.detach()
        window.allow_close = True
        window.close()
        window.deleteLater()
    return written
