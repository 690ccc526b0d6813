"""The staff screens in the deck's theme and the kiosk's language (the deck's first): the PIN
pad, the first steps and the panel, pressed as staff press them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.content import load_deck
from kiosk.setup.config import Settings
from kiosk.staff.pin import StaffAuth
from kiosk.staff.words import text
from kiosk.ui.compose import Kiosk
from kiosk.visit.session import Mode
from tests.conftest import close_kiosk, open_kiosk
from tests.decks import write_deck
from tests.gui.test_staff import PIN, quick_hash, type_pin
from tests.gui.test_staff_notice import BLUE

__all__ = ["quick_hash"]  # the fast PIN hash, used here too

KHMER = re.compile("[\u1780-\u17ff]")
LATIN = re.compile("[A-Za-z]")
BACKGROUND, ACCENT = QColor("#0b2545"), QColor("#8ecae6")
#: Buttons whose words are not language: file formats, sticks, steps of a week.
NOT_WORDS = ("format-", "drive-", "days-")


@pytest.fixture
def booth(kiosk_app, qtbot, tmp_path: Path) -> Iterator:  # type: ignore[no-untyped-def]
    """``booth(languages, pin=True)``: a kiosk playing a blue deck in ``languages`` (the
    first is the kiosk's), its window 1280x720."""
    built: list[Kiosk] = []

    def make(languages: str, pin: bool = True) -> Kiosk:
        head = (f"title: {{en: Wells, km: អណ្តូងទឹក}}\nlanguages: [{languages}]\n" + BLUE
                + "sources:\n  - {id: s, title: A survey, publisher: The Wells Project}\n")
        folder = write_deck(tmp_path / "deck", "- {type: title, id: hi, heading: Wells}\n",
                            head=head)
        if pin:
            StaffAuth(tmp_path / "data").set_pin(PIN)
        deck = load_deck(folder).deck
        settings = Settings(kiosk_id="booth-9", staff_hold_seconds=0.15)
        kiosk, _clock = open_kiosk(qtbot, deck, settings, tmp_path / "data", (1280, 720))
        built.append(kiosk)
        kiosk.on_exit = lambda code: None
        return kiosk

    yield make
    for kiosk in built:
        close_kiosk(kiosk)


def shortcut(kiosk: Kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+Alt+S, as staff open the pad from a keyboard; the pad ready for digits."""
    QTest.keyClick(kiosk.window.windowHandle(), Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    pad = kiosk.window.pin_pad
    qtbot.waitUntil(lambda: pad.isVisible() and not pad.busy, timeout=3000)


def colour_at(widget: QWidget, inside: QWidget) -> QColor:
    """The colour drawn at the middle of ``inside``'s left edge (clear of its words)."""
    image = widget.grab().toImage()
    point = inside.mapTo(widget, QPoint(max(6, inside.width() // 12), inside.height() // 2))
    return QColor(image.pixel(point))


def click(button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def shown_words(panel: QWidget) -> list[str]:
    """The words of every label and button on the panel a person can see."""
    found = [w for w in panel.findChildren(QWidget) if isinstance(w, (QLabel, QPushButton))
             and w.isVisible() and w.text() and not w.objectName().startswith(NOT_WORDS)]
    return [w.text() for w in found if w.objectName() not in ("number", "figure")]


def test_the_pin_pad_and_the_panel_speak_khmer_in_the_decks_colours(booth, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = booth("km, en")
    pad, panel = kiosk.window.pin_pad, kiosk.window.staff
    shortcut(kiosk, qtbot)
    assert pad.title.text() == "បុគ្គលិក" and pad.cancel_button.text() == "បោះបង់"
    assert pad.message.text() == text("enter_pin", "km")
    assert colour_at(pad, pad.keys["ok"]) == ACCENT  # the deck's accent, not the orange
    assert QColor(pad.grab().toImage().pixel(4, 4)) == BACKGROUND
    type_pin(kiosk.staff, "0000")
    qtbot.waitUntil(lambda: not pad.busy, timeout=3000)
    assert pad.message.text() == text("tries_left", "km", n=4)
    type_pin(kiosk.staff, PIN)
    qtbot.waitUntil(panel.isVisible, timeout=3000)

    words = shown_words(panel)
    assert {"បុគ្គលិក", "សារ", "នាំចេញ", "សម្អាត", "ស្លាយ", "ចាក់សោ"} <= set(words)
    assert [w for w in words if not KHMER.search(w)] == []  # every heading, button, caption
    assert colour_at(panel, panel.sync_button) == ACCENT
    assert QColor(panel.grab().toImage().pixel(4, 4)) == BACKGROUND
    click(panel.restart_button)
    assert panel.confirm.isVisible() and panel.confirm.text.text() == "ចាប់ផ្តើមកម្មវិធីឡើងវិញ?"
    assert panel.confirm.no.text() == "បោះបង់"
    click(panel.confirm.no)
    assert not panel.confirm.isVisible() and panel.isVisible()
    click(panel.lock_button)
    assert not panel.isVisible() and kiosk.session.mode is Mode.ATTRACT


def test_the_first_steps_speak_khmer_and_lead_to_a_khmer_panel(booth, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = booth("km, en", pin=False)
    pad, panel = kiosk.window.pin_pad, kiosk.window.staff
    QTest.keyClick(kiosk.window.windowHandle(), Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(pad.close_kiosk_button.isVisible, timeout=3000)
    assert pad.title.text() == text("choose_pin", "km")
    assert pad.message.text() == text("no_pin_yet", "km")
    assert KHMER.search(pad.close_kiosk_button.text())
    assert colour_at(pad, pad.keys["ok"]) == ACCENT
    type_pin(kiosk.staff, "1357")
    assert pad.message.text() == text("pin_again", "km")
    type_pin(kiosk.staff, "1357")
    qtbot.waitUntil(panel.isVisible, timeout=5000)
    assert panel.title.text() == "បុគ្គលិក" and panel.lock_button.text() == "ចាក់សោ"


@pytest.mark.parametrize(("language", "lock", "enter"), [
    ("ko", "잠금", "직원 PIN을 입력하세요."), ("es", "Bloquear", "Escriba el PIN del personal."),
    ("en", "Lock", "Enter the staff PIN.")])
def test_korean_spanish_and_english_kiosks_in_the_decks_colours(  # type: ignore[no-untyped-def]
        booth, qtbot, language: str, lock: str, enter: str) -> None:
    kiosk = booth(language)
    shortcut(kiosk, qtbot)
    assert kiosk.window.pin_pad.message.text() == enter
    assert colour_at(kiosk.window.pin_pad, kiosk.window.pin_pad.keys["ok"]) == ACCENT
    type_pin(kiosk.staff, PIN)
    qtbot.waitUntil(kiosk.window.staff.isVisible, timeout=3000)
    assert kiosk.window.staff.lock_button.text() == lock
    if language == "en":
        assert [w for w in shown_words(kiosk.window.staff) if not LATIN.search(w)] == []
