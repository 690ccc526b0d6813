"""`kiosk render --screens`: the kiosk's own screens (controls, chapter menu, countdown) as
PNG files, drawn offscreen exactly as the running kiosk draws them."""

from __future__ import annotations

import contextlib
import logging
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from kiosk.analytics.sample import fill_days
from kiosk.content import Deck
from kiosk.messages.store import MessageStore
from kiosk.platform.clock import ManualClock
from kiosk.setup.config import Settings
from kiosk.staff.notice import ContentNews
from kiosk.ui.compose import Kiosk, build_kiosk
from kiosk.ui.tasks import InlineRunner
from kiosk.ui.window import KioskWindow
from kiosk.visit.session import Mode

#: What the sample visitor writes, in the keyboard's script (Korean as the jamo typed).
SAMPLES = {"latin": "Praying for you and the team", "ko": "ㅎㅏㅁㄲㅔ ㄱㅣㄷㅗㅎㅏㄹㄱㅔㅇㅛ",
           "km": "សូមព្រះប្រទានពរ"}


@contextlib.contextmanager
def _quiet(logger: str) -> Iterator[None]:
    """No log lines from ``logger`` meanwhile (the thank-you screen is drawn by telling the
    form a sample was saved; the log must not read as if a message had been)."""
    log = logging.getLogger(logger)
    before = log.level
    log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        log.setLevel(before)


def _fill_sample(window: KioskWindow) -> None:
    """Type a sample message (as a visitor would, through the on-screen keyboard)."""
    form = window.form
    first = next(v for v in form.views if v.typing)
    first.input.setFocus()
    keyboard = form.keyboard
    for ch in SAMPLES.get(keyboard.script, SAMPLES["latin"]):
        if ch == " ":
            keyboard.press("space")
        elif keyboard.script == "latin":
            keyboard.press(f"char-{ch.lower()}")
        else:
            keyboard.type_text(ch)
    chips = next((v.chips for v in form.views if v.chips), {})
    if chips:
        next(iter(chips.values())).click()
    email = next((v for v in form.views if v.spec.type == "email"), None)
    if email is not None:
        email.input.setFocus()
        form.keyboard.press("char-a")


def _staff_screens(kiosk: Kiosk, deck: Deck, shot: Callable[[str], None],
                   panel: bool = True) -> None:
    """The PIN pad and (with ``panel``) the staff panel, with a few sample messages in the
    kiosk's throwaway data folder."""
    window, session, staff = kiosk.window, kiosk.session, kiosk.staff
    assert staff is not None
    session.enter(Mode.STAFF)
    window.pin_pad.open(staff.words("enter_pin"))
    for digit in "24":
        window.pin_pad.press(digit)
    shot("staff-pin")
    if not panel:
        window.pin_pad.hide()
        session.enter(Mode.ATTRACT)
        return
    store = MessageStore(kiosk.data_dir, "booth-1")
    for text in ("Praying for you", "I can help with English lessons", "Be strong"):
        store.add({"message": text})
    store.mark_exported([store.messages()[0].id])
    staff.set_store(store)
    staff.content_loaded(ContentNews(slides=len(deck.slides)), deck.version)
    window.pin_pad.hide()
    fill_days(kiosk.data_dir, [(s.id, s.duration) for s in deck.slides], 1, date.today(),
              visits_per_day=140)  # a sample day, for today at a glance
    staff.open_panel()
    folder = str(kiosk.data_dir)
    window.staff.set_drives([("KINGSTON", folder), ("", folder)])  # (a stick, its own)
    window.staff.set_export_result(staff.words("saved", n=3),
                                   "/media/volunteer/KINGSTON/kiosk-messages-booth-1-"
                                   "20261121-153000.csv")
    window.staff.set_can_load(True)
    window.staff.set_can_go_back(True)
    shot("staff-panel")
    _usb_screens(window, shot)
    store.close()
    session.enter(Mode.ATTRACT)


def _usb_screens(window: KioskWindow, shot: Callable[[str], None]) -> None:
    """Load slides from USB: a deck refused with its problems, then one ready to use."""
    picker = window.staff.picker
    picker.open()
    picker.set_decks(["Easter appeal  ·  14 slides\nKINGSTON / kiosk-slides / easter",
                      "Youth night  ·  9 slides\nKINGSTON / kiosk-slides / youth"])
    picker.deck_buttons[1].setChecked(True)
    picker.say("These slides cannot be used: fix them in Kiosk Studio and copy them again. "
               "The slides playing now stay as they are.",
               ["deck.yaml line 48: image not found: images/youth-band.jpg",
                "deck.yaml line 61: unknown chapter 'worship'"])
    shot("staff-usb-refused")
    picker.deck_buttons[1].setChecked(False)
    picker.deck_buttons[0].setChecked(True)
    picker.say("“Easter appeal”, 14 slides, is ready. 1 thing to look at when you can:",
               ["deck.yaml line 30: the photo is only 800x450 pixels and looks blurred on "
                "this screen"], ready=True)
    shot("staff-usb")
    picker.hide()


@contextlib.contextmanager
def screens_kiosk(deck: Deck, size: QSize, settings: Settings | None = None
                  ) -> Iterator[tuple[Kiosk, ManualClock]]:
    """A kiosk drawn offscreen at ``size`` with ``deck`` playing, on a clock that moves only
    when told to; closed afterwards (its data in a throwaway folder)."""
    settings = settings or Settings(kiosk_id="booth-1")
    clock = ManualClock()
    with tempfile.TemporaryDirectory() as folder:
        kiosk = build_kiosk(settings, Path(folder), kiosk_mode=False, clock=clock,
                            runner=InlineRunner())
        window = kiosk.window
        try:
            window.resize(size)
            window.show()
            kiosk.show_deck(deck)
            yield kiosk, clock
        finally:
            kiosk.close()
            window.allow_close = True
            window.close()
            window.deleteLater()


def visit_screens(kiosk: Kiosk, clock: ManualClock, look: Callable[[str], None],
                  slide: int = 2, language: str | None = None, staff_panel: bool = True
                  ) -> None:
    """Take ``kiosk`` through each of its screens as a visitor (and staff) would, calling
    ``look(name)`` on each: the attract loop, browsing, the chapter menu, the idle
    countdown, the message form (empty and being filled in), the thank-you screen, the staff
    PIN pad and (with ``staff_panel``) the staff panel. It ends in the attract loop."""
    window, session, journey, flow = kiosk.window, kiosk.session, kiosk.journey, kiosk.flow
    deck = kiosk.player.deck
    assert journey is not None and flow is not None and deck is not None
    settings = kiosk.settings
    if language:  # the kiosk's own words in that language (the deck's fall back)
        session.set_language(language)
        if kiosk.staff is not None:
            kiosk.staff.set_language(language)  # and the staff screens
    kiosk.player.go_to(min(slide, len(deck.slides) - 1), "cut")
    look("attract")
    session.interact()
    look("browse")
    journey.on_open_chapters()
    look("chapters")
    journey.on_close_chapters()
    clock.now += settings.idle_seconds + settings.warning_seconds * 0.4
    journey.on_tick()
    look("idle")
    if flow.available:
        session.interact()
        flow.open_form()
        look("form")
        _fill_sample(window)
        look("form-filled")
        with _quiet("kiosk.ui.form.message_flow"):  # a picture, not a message saved
            flow.on_saved("sample")
        look("thank-you")
    _staff_screens(kiosk, deck, look, staff_panel)


def render_screens(deck: Deck, out: Path, size: QSize, slide: int = 2,
                   settings: Settings | None = None, language: str | None = None
                   ) -> list[Path]:
    """Write ``screen-<name>.png`` for each screen :func:`visit_screens` shows."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with screens_kiosk(deck, size, settings) as (kiosk, clock):

        def shot(name: str) -> None:
            QApplication.processEvents()
            path = out / f"screen-{name}.png"
            kiosk.window.grab().save(str(path))
            written.append(path)

        visit_screens(kiosk, clock, shot, slide, language)
    return written
