"""The booth's set-up from a stick, as staff meet it at the booth: 'Load slides from USB'
says what it would change, the stick's PIN typed on the pad puts slides and set-up in
together; and a kiosk with no PIN traps no one (choose a PIN, load the set-up, close)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

import kiosk.staff.pin as staff_module
from kiosk.content import load_deck
from kiosk.content.install import copy_to_drive
from kiosk.messages.store import MessageStore
from kiosk.platform import paths
from kiosk.setup.booth_setup import setup_writer
from kiosk.setup.config import Settings, load_settings
from kiosk.staff.pin import StaffAuth
from kiosk.ui.compose import Kiosk
from kiosk.ui.staff.pin_pad import PinPad
from kiosk.visit.session import Mode
from tests.conftest import close_kiosk, open_kiosk
from tests.decks import write_deck
from tests.gui.test_usb_decks import click, head, playing

W, H = 768, 432
BOOTH_PIN = "2468"
STICK_PIN = "135790"
GOOD = """\
- {type: title, id: hello, heading: Welcome to our booth, chapter: one}
- {type: title, id: more, heading: Easter at the booth, chapter: one}
"""
STUDIO_SETTINGS = """\
idle_seconds: 60
sync:
  email:
    host: smtp.example.org
    password: mail-pass
    from: booth@example.org
    to: [office@example.org]
"""
BOOTH_SETTINGS = "# the booth's own\nidle_seconds: 45\n"


@pytest.fixture(autouse=True)
def quick_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staff_module, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})


def type_on(pad: PinPad, pin: str) -> None:
    for digit in pin:
        click(pad.keys[digit])
    click(pad.keys["ok"])


def a_stick_from_the_studio(tmp_path: Path) -> Path:
    """What Kiosk Studio's 'Copy to USB stick' writes: the deck and the booth's set-up,
    made on another PC (its own kiosk.yaml and staff PIN), passwords included."""
    studio = tmp_path / "studio-pc"
    studio.mkdir()
    (studio / "kiosk.yaml").write_text(STUDIO_SETTINGS)
    StaffAuth(studio / "data").set_pin(STICK_PIN)
    deck = write_deck(studio / "deck", GOOD, head=head("Easter appeal"))
    (tmp_path / "stick").mkdir(exist_ok=True)
    return copy_to_drive(deck, tmp_path / "stick", "easter",
                         setup=setup_writer(studio / "kiosk.yaml", studio / "data",
                                            include_secrets=True, pin=STICK_PIN))


@pytest.fixture
def booth(kiosk_app, qtbot, tmp_path: Path, monkeypatch  # type: ignore[no-untyped-def]
          ) -> Iterator[Callable[[str | None], tuple[Kiosk, object, list[int]]]]:
    """``booth(pin)``: a kiosk on this PC (its own kiosk.yaml and data folder), playing its
    own deck, a stick at ``tmp_path/stick``; returns (kiosk, clock, exit codes)."""
    built: list[Kiosk] = []
    # Not these: the kiosk is told its own (and a test never touches this user's files).
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "not-this" / "kiosk.yaml"))
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "not-this" / "data"))

    def make(pin: str | None) -> tuple[Kiosk, object, list[int]]:
        config = tmp_path / "booth-pc" / "kiosk.yaml"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(BOOTH_SETTINGS)
        settings = load_settings(config)[0]
        settings = Settings(idle_seconds=settings.idle_seconds, staff_hold_seconds=0.15,
                            cursor_hide_seconds=600)
        data = tmp_path / "booth-pc" / "data"
        if pin is not None:
            StaffAuth(data).set_pin(pin)
        deck = load_deck(paths.bundled_content_dir()).deck
        kiosk, clock = open_kiosk(qtbot, deck, settings, data, (W, H))
        built.append(kiosk)
        exits: list[int] = []
        kiosk.on_exit = exits.append
        kiosk.set_store(MessageStore(data, "booth"))
        own = write_deck(tmp_path / "booth-pc" / "content", GOOD, head=head("Our booth"))
        kiosk.config_path = config  # as the app does: set-ups go to its kiosk.yaml
        kiosk.watch(own, own, lambda: own)
        assert kiosk.decks is not None
        kiosk.decks.drives = lambda: [("STICK", tmp_path / "stick")]
        qtbot.waitUntil(lambda: playing(kiosk) == "Our booth", timeout=5000)
        flow = kiosk.staff
        assert flow is not None
        qtbot.waitUntil(lambda: flow.pin_set is not None, timeout=3000)
        return kiosk, clock, exits

    yield make
    for kiosk in built:
        close_kiosk(kiosk)


def staff_shortcut(kiosk: Kiosk) -> None:
    QTest.keyClick(kiosk.window.windowHandle(), Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)


def pick_the_stick(kiosk: Kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    picker = kiosk.window.staff.picker
    qtbot.waitUntil(lambda: len(picker.deck_buttons) == 1, timeout=5000)
    assert "with the booth's set-up" in picker.deck_buttons[0].text()
    click(picker.deck_buttons[0])
    qtbot.waitUntil(picker.use_button.isVisible, timeout=5000)


def test_slides_and_set_up_go_in_together_once_the_sticks_pin_is_typed(
        booth, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a_stick_from_the_studio(tmp_path)
    kiosk, clock, _exits = booth(BOOTH_PIN)
    flow, window = kiosk.staff, kiosk.window
    staff_shortcut(kiosk)
    qtbot.waitUntil(lambda: not flow.pad.busy, timeout=3000)
    type_on(flow.pad, BOOTH_PIN)
    qtbot.waitUntil(window.staff.isVisible, timeout=3000)

    click(window.staff.usb_button)
    pick_the_stick(kiosk, qtbot)
    picker = window.staff.picker
    changes = picker.changes.text()
    assert picker.changes.isVisible()
    assert "slides: “Easter appeal”, 2 slides" in changes
    assert "idle time 60 s (now 45 s)" in changes
    assert "messages go by e-mail to office@example.org" in changes
    assert "a new staff PIN" in changes
    assert picker.use_button.text() == "Use slides and set-up"
    config = tmp_path / "booth-pc" / "kiosk.yaml"

    click(picker.use_button)
    assert picker.pad.isVisible() and "PIN" in picker.pad.title.text()
    click(picker.pad.cancel_button)  # not yet: back to what would change
    assert not picker.pad.isVisible() and picker.use_button.isVisible()
    click(picker.use_button)
    click(picker.pad.keys["7"])
    click(picker.pad.keys["back"])  # a slip, taken back
    assert picker.pad.pin == ""
    type_on(picker.pad, BOOTH_PIN)  # the booth's own PIN is not the stick's
    qtbot.waitUntil(lambda: "Wrong PIN" in picker.pad.message.text(), timeout=5000)
    assert "nothing was changed" in picker.pad.message.text()
    assert config.read_text() == BOOTH_SETTINGS and playing(kiosk) == "Our booth"
    assert kiosk.session.rules[Mode.BROWSE].idle_s == 45

    type_on(picker.pad, STICK_PIN)
    qtbot.waitUntil(lambda: playing(kiosk) == "Easter appeal", timeout=5000)
    assert not picker.isVisible() and window.staff.isVisible()
    assert window.staff.setup_note.isVisible()
    assert "set-up is in place" in window.staff.setup_note.text()
    assert StaffAuth(tmp_path / "booth-pc" / "data").check(STICK_PIN).ok
    assert "# the booth's own" in config.read_text()
    sync = load_settings(config)[0].sync
    assert sync is not None and sync.email is not None
    assert sync.email["password"] == "mail-pass"

    # The new idle time is in effect: a visitor left alone 50 s is not asked yet.
    click(window.staff.lock_button)
    journey = kiosk.journey
    QTest.mouseClick(kiosk.player, Qt.MouseButton.LeftButton, pos=QPoint(W // 2, H // 2))
    assert kiosk.session.mode is Mode.BROWSE
    clock.now += 50
    journey.on_tick()
    assert not window.idle.isVisible()
    clock.now += 11
    journey.on_tick()
    assert window.idle.isVisible()


def test_a_kiosk_without_a_pin_lets_a_newcomer_choose_one(booth, qtbot,
                                                          tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kiosk, _clock, exits = booth(None)
    flow, window = kiosk.staff, kiosk.window
    staff_shortcut(kiosk)
    pad = flow.pad
    qtbot.waitUntil(pad.close_kiosk_button.isVisible, timeout=3000)
    assert pad.title.text() == "Choose a staff PIN" and pad.setup_button.isVisible()
    type_on(pad, "12")
    assert "4 to 12 digits" in pad.message.text()
    type_on(pad, "7391")
    assert "same PIN again" in pad.message.text()
    type_on(pad, "7392")
    assert "not the same" in pad.message.text()
    type_on(pad, "7391")
    type_on(pad, "7391")
    qtbot.waitUntil(window.staff.isVisible, timeout=5000)
    assert not pad.isVisible() and exits == []
    assert StaffAuth(tmp_path / "booth-pc" / "data").check("7391").ok
    click(window.staff.lock_button)
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Escape)  # a PIN is set: locked again
    assert not pad.isVisible() and kiosk.session.mode is not Mode.STAFF


@pytest.mark.parametrize("way_out", ["Esc", "Alt+F4", "close"])
def test_a_way_out_without_a_pin_offers_to_close_the_kiosk(booth, qtbot,
                                                          way_out: str) -> None:  # type: ignore[no-untyped-def]
    kiosk, _clock, exits = booth(None)
    window, pad = kiosk.window, kiosk.staff.pad
    handle = window.windowHandle()
    if way_out == "Esc":
        QTest.keyClick(handle, Qt.Key.Key_Escape)
    elif way_out == "Alt+F4":
        QTest.keyClick(handle, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    else:
        assert window.close() is False  # the window manager's close: still refused
    qtbot.waitUntil(pad.close_kiosk_button.isVisible, timeout=3000)
    click(pad.close_kiosk_button)
    assert exits == [0]


def test_with_a_pin_the_ways_out_still_do_nothing(booth, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk, _clock, exits = booth(BOOTH_PIN)
    window, pad = kiosk.window, kiosk.staff.pad
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Escape)
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert window.close() is False
    QTest.qWait(50)
    assert not pad.isVisible() and kiosk.session.mode is not Mode.STAFF and exits == []


def test_a_new_booth_takes_its_whole_set_up_from_the_stick(booth, qtbot,
                                                          tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a_stick_from_the_studio(tmp_path)
    kiosk, _clock, _exits = booth(None)
    flow, window = kiosk.staff, kiosk.window
    staff_shortcut(kiosk)
    qtbot.waitUntil(flow.pad.setup_button.isVisible, timeout=3000)
    click(flow.pad.setup_button)
    picker = window.staff.picker
    pick_the_stick(kiosk, qtbot)
    assert "a staff PIN (none is set here yet)" in picker.changes.text()
    click(picker.close_button)  # changed their mind: back to the first steps, panel hidden
    assert flow.pad.close_kiosk_button.isVisible() and not window.staff.isVisible()
    click(flow.pad.setup_button)
    pick_the_stick(kiosk, qtbot)
    click(picker.use_button)
    type_on(picker.pad, STICK_PIN)
    qtbot.waitUntil(lambda: playing(kiosk) == "Easter appeal", timeout=5000)
    assert window.staff.isVisible() and not flow.pad.isVisible()
    assert kiosk.session.rules[Mode.BROWSE].idle_s == 60
    assert StaffAuth(tmp_path / "booth-pc" / "data").check(STICK_PIN).ok
    # its way out starts with the next start: the panel says so (not "no sync target")
    qtbot.waitUntil(lambda: "after a Restart" in window.staff.targets.text(), timeout=3000)
