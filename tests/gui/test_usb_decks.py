"""'Load slides from USB' as staff use it: the panel lists the decks on a stick, refuses a
broken one with its problems, swaps a good one in while the kiosk runs, and goes back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from kiosk.content import load_deck
from kiosk.content.install import incoming_of, previous_of
from kiosk.messages.store import MessageStore
from kiosk.platform import paths
from kiosk.setup.config import Settings
from kiosk.ui.compose import Kiosk
from tests.conftest import close_kiosk, open_kiosk
from tests.decks import write_deck
from tests.gui.test_staff import PIN, hold_corner, quick_hash, type_pin

__all__ = ["quick_hash"]  # the fast PIN hash, used here too

GOOD = """\
- {type: title, id: hello, heading: Welcome to our booth, chapter: one}
- {type: image, id: photo, image: images/team.png, caption: Our team, chapter: one}
"""
BROKEN = """\
- {type: title, id: hello, heading: Welcome, chapter: one}
- {type: image, id: photo, image: images/not-copied.jpg, chapter: one}
- {type: title, id: who, heading: Someone, chapter: nowhere}
"""


def head(title: str) -> str:
    return f"title: {title}\nchapters:\n  - {{id: one, title: One}}\n"


def playing(kiosk: Kiosk) -> str:
    good = kiosk.control.good
    return good.title.get("en", "") if good is not None else ""


def click(button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def booth(kiosk_app, qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
          ) -> Iterator[Callable[[Path, Callable[[], Path]], Kiosk]]:
    """``booth(playing_folder, resolve)``: a kiosk playing that folder, whose slides from USB
    go to ``tmp_path/config/content``, a stick at ``tmp_path/stick``, its staff panel open."""
    built: list[Kiosk] = []

    def make(folder: Path, resolve: Callable[[], Path]) -> Kiosk:
        deck = load_deck(paths.bundled_content_dir()).deck
        settings = Settings(kiosk_id="booth-7", staff_hold_seconds=0.15)
        kiosk, _clock = open_kiosk(qtbot, deck, settings, tmp_path / "data")
        built.append(kiosk)
        kiosk.staff_auth.set_pin(PIN)
        kiosk.set_store(MessageStore(tmp_path / "data", "booth-7"))
        kiosk.watch(folder, tmp_path / "config" / "content", resolve)
        assert kiosk.decks is not None
        kiosk.decks.drives = lambda: [("STICK", tmp_path / "stick")]
        qtbot.waitUntil(lambda: kiosk.control.good is not None
                        and kiosk.control.good.root == folder, timeout=5000)
        assert kiosk.journey is not None and kiosk.staff is not None
        hold_corner(kiosk.window, kiosk.journey, qtbot)
        qtbot.waitUntil(lambda: not kiosk.staff.pad.busy, timeout=3000)  # type: ignore[union-attr]
        type_pin(kiosk.staff, PIN)
        qtbot.waitUntil(kiosk.window.staff.isVisible, timeout=3000)
        return kiosk

    yield make
    for kiosk in built:
        close_kiosk(kiosk)


def pick_deck(kiosk: Kiosk, qtbot, number: int = 0) -> None:  # type: ignore[no-untyped-def]
    panel = kiosk.window.staff
    click(panel.usb_button)
    picker = panel.picker
    qtbot.waitUntil(lambda: len(picker.deck_buttons) > number, timeout=5000)
    click(picker.deck_buttons[number])
    qtbot.waitUntil(lambda: picker.look_button.isEnabled(), timeout=5000)


def test_a_broken_deck_is_refused_with_its_problems_and_the_playing_deck_stays(
        booth, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    own = write_deck(tmp_path / "config" / "content", GOOD, head=head("Our booth"),
                     images={"images/team.png": (40, 90, 60)})
    before = {p: p.read_bytes() for p in own.rglob("*") if p.is_file()}
    write_deck(tmp_path / "stick" / "kiosk-slides" / "broken", BROKEN, head=head("Broken"))
    kiosk = booth(own, lambda: own)
    pick_deck(kiosk, qtbot)
    picker = kiosk.window.staff.picker
    assert "Broken" in picker.deck_buttons[0].text()
    assert "STICK / kiosk-slides / broken" in picker.deck_buttons[0].text()
    assert "cannot be used" in picker.status.text()
    problems = picker.problems.text()
    assert picker.problems.isVisible()
    assert "deck.yaml line 6: image not found: images/not-copied.jpg" in problems
    assert "deck.yaml line 7: unknown chapter 'nowhere'" in problems
    assert not picker.use_button.isVisible()
    qtbot.waitUntil(lambda: not incoming_of(own).exists(), timeout=3000)
    assert {p: p.read_bytes() for p in own.rglob("*") if p.is_file()} == before
    assert not previous_of(own).exists()
    assert playing(kiosk) == "Our booth"


def test_a_good_deck_plays_at_once_and_one_tap_goes_back(
        booth, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    own = write_deck(tmp_path / "config" / "content", GOOD, head=head("Our booth"),
                     images={"images/team.png": (40, 90, 60)})
    write_deck(tmp_path / "stick" / "easter", GOOD, head=head("Easter appeal"),
               images={"images/team.png": (90, 40, 60)})
    kiosk = booth(own, lambda: own)
    panel = kiosk.window.staff
    assert not panel.back_button.isVisible()
    pick_deck(kiosk, qtbot)
    assert "Easter appeal" in panel.picker.deck_buttons[0].text()
    assert "2 slides" in panel.picker.deck_buttons[0].text()
    assert "is ready" in panel.picker.status.text()
    click(panel.picker.use_button)
    qtbot.waitUntil(lambda: playing(kiosk) == "Easter appeal", timeout=5000)
    assert not panel.picker.isVisible()
    assert "Our booth" in (previous_of(own) / "deck.yaml").read_text()
    click(panel.back_button)
    click(panel.confirm.yes)
    qtbot.waitUntil(lambda: playing(kiosk) == "Our booth", timeout=5000)
    assert "Easter appeal" in (previous_of(own) / "deck.yaml").read_text()


def test_on_the_bundled_deck_loaded_slides_go_to_the_kiosks_own_folder_and_back(
        booth, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bundled = paths.bundled_content_dir()
    own = tmp_path / "config" / "content"

    def resolve() -> Path:
        return own if (own / "deck.yaml").is_file() else bundled

    write_deck(tmp_path / "stick", GOOD, head=head("On the stick's top"),
               images={"images/team.png": (90, 40, 60)})
    kiosk = booth(bundled, resolve)
    bundled_title = playing(kiosk)
    pick_deck(kiosk, qtbot)
    click(kiosk.window.staff.picker.use_button)
    qtbot.waitUntil(lambda: playing(kiosk) == "On the stick's top", timeout=5000)
    assert kiosk.watcher is not None and kiosk.watcher.folder == own
    click(kiosk.window.staff.back_button)
    click(kiosk.window.staff.confirm.yes)
    qtbot.waitUntil(lambda: playing(kiosk) == bundled_title, timeout=5000)
    assert kiosk.watcher.folder == bundled


def picker_without_a_stick(booth, qtbot, tmp_path: Path) -> Kiosk:  # type: ignore[no-untyped-def]
    """The panel's "Load slides from USB" pressed with no stick in: the picker says so."""
    own = write_deck(tmp_path / "config" / "content", GOOD, head=head("Our booth"),
                     images={"images/team.png": (40, 90, 60)})
    kiosk = booth(own, lambda: own)
    picker = kiosk.window.staff.picker
    click(kiosk.window.staff.usb_button)
    qtbot.waitUntil(lambda: "No slides found" in picker.status.text(), timeout=5000)
    return kiosk


def test_no_stick_says_what_to_do(booth, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kiosk = picker_without_a_stick(booth, qtbot, tmp_path)
    picker = kiosk.window.staff.picker
    assert "Copy to USB stick" in picker.status.text()
    click(picker.close_button)
    assert not picker.isVisible() and kiosk.window.staff.isVisible()


def test_escape_closes_the_picker_as_its_close_button_does(booth, qtbot, tmp_path: Path
                                                          ) -> None:  # type: ignore[no-untyped-def]
    """A booth PC with a keyboard: Esc on the picker goes back to the panel."""
    kiosk = picker_without_a_stick(booth, qtbot, tmp_path)
    picker = kiosk.window.staff.picker
    with qtbot.waitSignal(picker.closed, timeout=3000):
        QTest.keyClick(kiosk.window.windowHandle(), Qt.Key.Key_Escape)  # where the keys go
    assert not picker.isVisible() and kiosk.window.staff.isVisible()
