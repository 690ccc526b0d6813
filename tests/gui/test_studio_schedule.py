"""When a slide, a chapter or the booth is on, said in words in the studio: a volunteer types
"Sundays 9-13" under a slide, leaves the box, and the deck says `show:` as the kiosk reads it;
the box says it back ("Sundays, 9–13"); Undo takes it away; words that mean nothing are
said to be so, and nothing is written. The booth's opening hours and closed days on The deck
tab, and a chapter's rule in the chapters table, likewise."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import yaml
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QLineEdit

from kiosk.content import load_deck
from kiosk.schedule.rules import Opening, Rule
from kiosk.studio.controller import Studio
from kiosk.ui.tasks import TaskRunner
from tests.decks import write_deck
from tests.gui.test_studio import choose, open_studio, save

SLIDES = """\
- {type: title, heading: Hi}
- {type: text, chapter: one, heading: Hello, body: Words}
- {type: text, heading: Later, body: More words,
   show: {days: [sat, sun], from: "09:00", to: "13:00"}}
"""
SUN = Rule(days=frozenset({6}), start=time(9), end=time(13))


def _studio(qtbot, tmp_path: Path) -> tuple[Studio, TaskRunner, Path]:  # type: ignore[no-untyped-def]
    folder = write_deck(tmp_path / "deck", SLIDES)
    studio, runner = open_studio(qtbot, tmp_path, folder)
    studio.window.resize(1366, 768)
    studio.window.show()
    qtbot.waitExposed(studio.window)
    studio.window.activateWindow()
    qtbot.waitUntil(studio.window.isActiveWindow)
    return studio, runner, folder


def _box(studio: Studio) -> QLineEdit:
    box = studio.window.fields.inputs[("show", None)]
    assert isinstance(box, QLineEdit)
    return box


def _type(qtbot, box: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Click into the box, put ``text`` in place of what it held, as a person types."""
    QTest.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(box.hasFocus)
    box.selectAll()
    QTest.keyClick(box, Qt.Key.Key_Delete)
    QTest.keyClicks(box, text)


def _problem(box: QLineEdit) -> str:
    """The words under a box (its plain message), '' when none is shown."""
    label = box.parentWidget().findChild(QLabel, "problem")
    return label.text() if label is not None and label.isVisible() else ""


def test_a_slide_s_rule_typed_in_words_reaches_the_kiosk(kiosk_app, qtbot, tmp_path: Path
                                                         ) -> None:  # type: ignore[no-untyped-def]
    studio, runner, folder = _studio(qtbot, tmp_path)
    choose(studio, qtbot, 1)
    box = _box(studio)
    assert box.text() == "" and "Sundays 9–13" in box.placeholderText()
    _type(qtbot, box, "Sundays 9-13")
    heading = studio.window.fields.inputs[("heading", "en")]
    with qtbot.waitSignal(studio.checked, timeout=10_000):  # leaving the box reads it
        QTest.mouseClick(heading, Qt.MouseButton.LeftButton)
    assert box.text() == "Sundays, 9–13" and _problem(box) == ""
    assert studio.dirty
    save(studio, qtbot)
    text = (folder / "deck.yaml").read_text(encoding="utf-8")
    assert 'show: {days: [sun], from: "09:00", to: "13:00"}' in text, text
    plain = yaml.safe_load(text)["slides"][1]["show"]  # the times are quoted: text, not 780
    assert plain == {"days": ["sun"], "from": "09:00", "to": "13:00"}
    deck = load_deck(folder).deck
    assert deck is not None and deck.slides[1].show == SUN
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QTest.mouseClick(studio.window.undo_button, Qt.MouseButton.LeftButton)
    assert _box(studio).text() == ""
    assert studio.document is not None and "show" not in studio.document.slide(1)
    assert studio.dirty  # saved with the rule: without it is a change again
    runner.wait(5000)


def test_choosing_another_slide_keeps_the_rule_on_the_slide_it_was_typed_under(
        kiosk_app, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    studio, runner, _folder = _studio(qtbot, tmp_path)
    choose(studio, qtbot, 1)
    _type(qtbot, _box(studio), "weekdays 9-17")
    slides = studio.window.slides
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QTest.mouseClick(slides.viewport(), Qt.MouseButton.LeftButton,
                         pos=slides.visualItemRect(slides.item(0)).center())
    assert slides.currentRow() == 0 and _box(studio).text() == ""
    assert studio.document is not None and "show" not in studio.document.slide(0)
    assert studio.document.slide(1)["show"] == {"days": ["mon", "tue", "wed", "thu", "fri"],
                                                "from": "09:00", "to": "17:00"}
    runner.wait(5000)


def test_words_that_mean_no_rule_are_said_and_nothing_is_written(kiosk_app, qtbot,
                                                                 tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    studio, runner, _folder = _studio(qtbot, tmp_path)
    choose(studio, qtbot, 1)
    before = studio.document.text() if studio.document else ""
    box = _box(studio)
    _type(qtbot, box, "sundy 9-13")
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert box.text() == "sundy 9-13"  # the words stay, to be mended
    assert "'sundy' is not a day (did you mean Sunday?)" in _problem(box)
    assert studio.document is not None and studio.document.text() == before
    assert not studio.dirty and not studio.window.undo_button.isEnabled()
    _type(qtbot, box, "sundays 9-13")  # mended: read, written, the message gone
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QTest.keyClick(box, Qt.Key.Key_Return)
    assert box.text() == "Sundays, 9–13" and _problem(box) == ""
    assert studio.document.slide(1)["show"] == {"days": ["sun"], "from": "09:00", "to": "13:00"}
    runner.wait(5000)


def test_a_rule_is_shown_in_words_and_an_empty_box_removes_it(kiosk_app, qtbot, tmp_path: Path
                                                              ) -> None:  # type: ignore[no-untyped-def]
    studio, runner, folder = _studio(qtbot, tmp_path)
    choose(studio, qtbot, 2)
    box = _box(studio)
    assert box.text() == "Saturdays and Sundays, 9–13"
    _type(qtbot, box, "")
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QTest.keyClick(box, Qt.Key.Key_Return)
    save(studio, qtbot)
    assert "show" not in (folder / "deck.yaml").read_text(encoding="utf-8")
    deck = load_deck(folder).deck
    assert deck is not None and deck.slides[2].show is None
    runner.wait(5000)


def test_a_rule_the_studio_cannot_read_is_said_so_and_typed_over(kiosk_app, qtbot,
                                                                  tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_deck(tmp_path / "deck", SLIDES.replace("[sat, sun]", "[sundy]"))
    studio, runner = open_studio(qtbot, tmp_path, folder)
    studio.window.show()
    choose(studio, qtbot, 2)
    box = _box(studio)
    assert box.text() == "" and "cannot be read" in _problem(box)
    box.setFocus()
    QTest.keyClicks(box, "weekends 9-13")
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QTest.keyClick(box, Qt.Key.Key_Return)
    assert box.text() == "Saturdays and Sundays, 9–13" and _problem(box) == ""
    save(studio, qtbot)
    deck = load_deck(folder).deck
    assert deck is not None
    assert deck.slides[2].show == Rule(frozenset({5, 6}), time(9), time(13))
    runner.wait(5000)


def test_the_booth_s_opening_hours_are_typed_on_the_deck_tab(kiosk_app, qtbot, tmp_path: Path
                                                              ) -> None:  # type: ignore[no-untyped-def]
    studio, runner, folder = _studio(qtbot, tmp_path)
    studio.window.tabs.setCurrentIndex(1)
    panel = studio.window.deck
    hours = panel.findChild(QLineEdit, "opening-hours")
    closed = panel.findChild(QLineEdit, "closed-days")
    assert hours.text() == "" and closed.text() == ""
    _type(qtbot, hours, "Monday to Friday 9-18; saturdays 10am-2pm")
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QTest.keyClick(hours, Qt.Key.Key_Return)
    _type(qtbot, closed, "25 Decembr 2026")
    QTest.keyClick(closed, Qt.Key.Key_Return)
    assert "'25 Decembr 2026' is not a date" in _problem(closed)
    _type(qtbot, closed, "25 December 2026, 2027-01-01")
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QTest.mouseClick(hours, Qt.MouseButton.LeftButton)  # leaving the box reads it
    assert hours.text() == "Monday to Friday, 9–18; Saturdays, 10–14"
    assert closed.text() == "25 December 2026, 1 January 2027" and _problem(closed) == ""
    save(studio, qtbot)
    deck = load_deck(folder).deck
    assert deck is not None
    assert deck.opening_hours == Opening(
        (Rule(frozenset(range(5)), time(9), time(18)), Rule(frozenset({5}), time(10), time(14))),
        frozenset({date(2026, 12, 25), date(2027, 1, 1)}))
    text = (folder / "deck.yaml").read_text(encoding="utf-8")
    assert '- {days: [mon, tue, wed, thu, fri], from: "09:00", to: "18:00"}' in text, text
    runner.wait(5000)


def test_a_chapter_s_rule_is_typed_in_the_chapters_table(kiosk_app, qtbot, tmp_path: Path
                                                         ) -> None:  # type: ignore[no-untyped-def]
    studio, runner, folder = _studio(qtbot, tmp_path)
    studio.window.tabs.setCurrentIndex(1)
    chapters = studio.window.deck.chapters
    table = chapters.table
    headings = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    column = headings.index("When it shows")
    table.scrollToItem(table.item(0, column))

    def type_in_cell(words: str) -> None:
        rect = table.visualItemRect(table.item(0, column))
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit)
                        and QApplication.focusWidget().parentWidget() is table.viewport())
        editor = QApplication.focusWidget()
        editor.selectAll()
        QTest.keyClicks(editor, words)
        QTest.keyClick(editor, Qt.Key.Key_Return)  # (the table takes the words a moment later)
        qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)

    type_in_cell("fridy 18-22")
    assert "One: 'fridy' is not a day (did you mean Friday?)" in chapters.problem.text()
    assert chapters.problem.isVisible() and not studio.dirty
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        type_in_cell("fridays 18-22")
    assert table.item(0, column).text() == "Fridays, 18–22"
    assert not chapters.problem.isVisible()
    save(studio, qtbot)
    deck = load_deck(folder).deck
    assert deck is not None
    assert deck.chapters[0].show == Rule(frozenset({4}), time(18), time(22))
    text = (folder / "deck.yaml").read_text(encoding="utf-8")
    assert 'show: {days: [fri], from: "18:00", to: "22:00"}' in text, text
    runner.wait(5000)


def test_ctrl_s_in_the_box_saves_the_words_just_typed(kiosk_app, qtbot, tmp_path: Path
                                                      ) -> None:  # type: ignore[no-untyped-def]
    studio, runner, folder = _studio(qtbot, tmp_path)
    choose(studio, qtbot, 1)
    box = _box(studio)
    _type(qtbot, box, "Sundays 9-13")
    with qtbot.waitSignal(studio.saved, timeout=10_000):  # still in the box
        QTest.keyClick(box, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    text = (folder / "deck.yaml").read_text(encoding="utf-8")
    assert 'show: {days: [sun], from: "09:00", to: "13:00"}' in text, text
    runner.wait(5000)
