"""The staff panel's Slides card, as staff meet it on a kiosk started as the app starts it:
errors before warnings, the settings' and the deck's alike, the real cause named (the deck,
the slides, the message form), every problem in full on a tap of the list; and on a Khmer
kiosk whose slides write Khmer digits, the panel counts in them too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from kiosk.messages.store import MessageStore
from kiosk.staff.notice import short
from kiosk.staff.words import text
from kiosk.ui.common.metrics import touch_target
from kiosk.ui.staff.today_card import duration
from kiosk.visit.session import Mode
from tests.decks import HEAD, line_of, write_deck
from tests.gui.test_staff import PIN, quick_hash, type_pin
from tests.gui.test_staff_notice import listed, open_panel, start

__all__ = ["quick_hash", "start"]  # fixtures, used here too

SETTINGS = ("kiosk_id: booth-3\nidle_seconds: soon\nwarning_seconds: never\n"
            "browse_advance: sideways\nidel: 4\n")
LONG = "Clean water for every village and every school and every family in the land."
#: A warning first in the file (too short to read), then errors: more than a screen of them.
SLIDES = f"""\
- {{type: text, id: quick, heading: Quick, body: {LONG}, duration: 1}}
- {{type: title, id: hello, heading: Hello there}}
- {{type: stat, id: bad, figure: '9', label: a figure with no source}}
- {{type: quote, id: worse, quote: Words without a source}}
""" + "".join(f"- {{type: stat, id: s{i}, figure: '{i}', label: no source}}\n" for i in range(30))


def tap(widget: QWidget) -> None:
    """A finger on the middle of ``widget``, through the window (as a touch arrives)."""
    window = widget.window()
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton,
                     pos=widget.mapTo(window, widget.rect().center()))


def drag_down(widget: QWidget, start: QPoint) -> None:
    """A finger pressed on ``widget`` at ``start``, pulled down half its height, let go."""
    end = start + QPoint(0, widget.height() // 2)
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(widget, end)
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def test_errors_come_first_and_a_tap_on_the_list_shows_every_problem_in_full(
        start, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_deck(tmp_path / "deck", SLIDES)
    kiosk = start(folder, SETTINGS)
    panel = open_panel(kiosk, qtbot)
    bad, worse, quick = (line_of(folder, f"id: {name}") for name in ("bad", "worse", "quick"))
    assert listed(panel) == [
        "kiosk.yaml:2: expected a number, found text 'soon' (the default is used)",
        "kiosk.yaml:3: expected a number, found text 'never' (the default is used)",
        f"deck.yaml:{bad}: stat slide without 'source': a figure without a source is not "
        "shown; add the id of a source",
        f"deck.yaml:{worse}: missing 'by' (who said or wrote it)",
        "… and 34 more: tap the list to see them all."]
    assert "Some slides need attention" in panel.attention.text()

    tap(panel.problems[1])  # the words on the list: it opens
    every = panel.problem_list
    assert every.isVisible() and every.geometry() == panel.rect()
    shown = [label.text() for label in every.lines]
    assert len(shown) == 38 and shown[:2] == listed(panel)[:2]
    assert shown[4:37] == [short(line) for line in kiosk.control.summary[0].problems[:33]]
    assert shown[37].startswith(f"deck.yaml:{quick}: shows for 1 s")  # the warning last
    assert all("…" not in line for line in shown)  # each in full
    bar = every.scroller.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # more than a screen: the list scrolls
    assert bar.isVisible() and bar.width() >= touch_target(every) // 2  # a finger's width
    drag_down(bar, QPoint(bar.width() // 2, bar.width()))  # its handle, at the top
    assert bar.value() > 0
    assert every.close_button.height() >= touch_target(every)
    tap(every.close_button)
    assert not every.isVisible() and panel.isVisible()

    tap(panel.problems[0])
    kiosk.session.enter(Mode.ATTRACT)  # the panel locked itself, left alone
    panel = open_panel(kiosk, qtbot)
    assert not every.isVisible()  # the next staff member starts at the panel


def test_an_error_outside_the_slides_names_the_deck(start, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_deck(tmp_path / "deck", "- {type: title, id: hello, heading: Hello}\n",
                        head=HEAD + "keep_together: [[Year, Zero]]\n")
    kiosk = start(folder, "kiosk_id: booth-3\n")
    panel = open_panel(kiosk, qtbot)
    assert panel.attention.text() == "The deck needs checking: its slides play."
    assert listed(panel)[0].startswith(f"deck.yaml:{line_of(folder, 'keep_together')}: ")


def test_a_broken_form_is_named_on_the_card(start, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_deck(tmp_path / "deck", "- {type: title, id: hello, heading: Hello}\n")
    (folder / "form.yaml").write_text(
        "title: Write\nintro: [one, two]\nthank_you: true\nfields:\n"
        "  - {key: message, label: null, type: long_text, placeholder: [x]}\n",
        encoding="utf-8")
    kiosk = start(folder, "kiosk_id: booth-3\n")
    panel = open_panel(kiosk, qtbot)
    assert ("The message form has a problem: visitors get the kiosk's plain form."
            in panel.attention.text().splitlines())
    assert "Some slides need attention" not in panel.attention.text()


KHMER_HEAD = """\
title: {en: Wells, km: អណ្តូងទឹក}
languages: [km, en]
sources:
  - {id: un, title: A report, publisher: United Nations}
"""
KHMER_SLIDES = """\
- {type: stat, id: hours, source: un, figure: {km: '៣ ម៉ោង', en: 3 hours},
   label: {km: ក្នុងមួយថ្ងៃ, en: a day}}
"""


def test_a_khmer_panel_counts_in_khmer_digits_where_the_slides_do(
        start, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_deck(tmp_path / "deck", KHMER_SLIDES, head=KHMER_HEAD)
    kiosk = start(folder, "kiosk_id: booth-3\n")
    kiosk.set_store(MessageStore(tmp_path / "data", "booth-3"))
    flow, pad = kiosk.staff, kiosk.window.pin_pad
    QTest.keyClick(kiosk.window.windowHandle(), Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: pad.isVisible() and not pad.busy, timeout=3000)
    type_pin(flow, "0000")
    qtbot.waitUntil(lambda: not pad.busy, timeout=3000)
    assert "៤" in pad.message.text() and "4" not in pad.message.text()
    type_pin(flow, PIN)
    panel = kiosk.window.staff
    qtbot.waitUntil(panel.isVisible, timeout=3000)
    assert "៣០ ថ្ងៃ" in panel.purge_text.text()
    qtbot.waitUntil(lambda: panel.counts["total"].text() == "០", timeout=3000)
    today = panel.today.values
    qtbot.waitUntil(lambda: today["visits"].text() == "០", timeout=5000)
    assert today["median"].text() == "–"  # (no visit yet: no length, not "0 s")
    assert duration(42, "km", True) == "៤២ វិនាទី"  # (a length, in Khmer digits)
    assert panel.content_text.text() == text("counts", "km", slides=1, errors=0, warnings=0,
                                             digits=True)
    assert "១" in panel.content_text.text()
