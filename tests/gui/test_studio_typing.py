"""Typing in Kiosk Studio: each keystroke repaints the slide at once, without waiting for the
whole deck's check; the typing becomes one step to undo, even when Undo (or another change)
comes before the pause; the list's pictures change only for the slide that changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from kiosk.content import load_deck
from kiosk.platform import paths
from kiosk.studio.checks import PREVIEW
from kiosk.studio.controller import Studio
from kiosk.studio.window import StudioWindow
from kiosk.ui.player.slides import render_slide
from kiosk.ui.tasks import TaskRunner

NEVER = 3_600_000  # the pause after typing, in ms: the whole deck is checked only when asked


@pytest.fixture
def studio(kiosk_app, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The bundled deck in the studio, checked as a whole only when a test says so."""
    folder = tmp_path / "deck"
    shutil.copytree(paths.bundled_content_dir(), folder)
    window = StudioWindow()
    qtbot.addWidget(window)
    runner = TaskRunner()
    studio = Studio(window, runner, debounce_ms=NEVER, config=tmp_path / "kiosk.yaml",
                    data_dir=tmp_path / "data")
    window.resize(1366, 768)
    window.show()
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        studio.open(folder)
    yield studio
    studio.dirty = False
    runner.wait(5000)


def _row_of(studio: Studio, slide_id: str) -> int:
    return studio.slide_ids().index(slide_id)


def _heading(studio: Studio, qtbot, slide_id: str = "after") -> QLineEdit:  # type: ignore[no-untyped-def]
    row = _row_of(studio, slide_id)
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        studio.window.slides.setCurrentRow(row)
    inputs = studio.window.fields.inputs
    box = next(b for (name, lang), b in inputs.items() if name == "heading"
               and lang in (None, "en"))
    assert isinstance(box, QLineEdit)
    box.setFocus()
    box.end(False)
    return box


def _type_at_end_of_body(studio: Studio, text: str) -> None:
    body = next(b for (name, lang), b in studio.window.fields.inputs.items()
                if name == "body" and lang in (None, "en"))
    assert isinstance(body, QPlainTextEdit)
    body.setFocus()
    body.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(body, text)


def _all_pictures(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    slides = studio.window.slides
    qtbot.waitUntil(lambda: studio.thumbs.pending == 0 and all(
        not slides.item(i).icon().isNull() for i in range(slides.count())), timeout=20_000)


def test_each_keystroke_repaints_the_slide_before_the_deck_is_checked(studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    box = _heading(studio, qtbot)
    checks = studio.generation
    preview = studio.window.preview
    for letter in "Now":
        shown = preview.image
        QTest.keyClick(box, letter)
        qtbot.waitUntil(lambda: preview.image is not shown, timeout=5000)  # noqa: B023
    assert studio.generation == checks, "the whole deck was checked at a keystroke"
    assert studio.undo_stack.count() == 1  # one step for the typing, its text not yet taken
    document = studio.editing
    assert document is not None and "The years afterNow" in str(
        document.slide(studio.index)["heading"])
    deck = load_deck(document.folder, text=document.text()).deck
    assert deck is not None
    slide = next(s for s in deck.slides if s.id == "after")
    assert preview.image == render_slide(deck, slide, deck.default_language, PREVIEW[0])
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        studio.refresh()  # the pause: now the deck is checked as a whole
    assert studio.last is not None and studio.last.preview == preview.image


def test_undo_right_after_typing_takes_the_typing_back(studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    box = _heading(studio, qtbot)
    QTest.keyClicks(box, " again")
    assert box.text() == "The years after again"
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QTest.mouseClick(studio.window.undo_button, Qt.MouseButton.LeftButton)
    document = studio.document
    assert document is not None
    assert document.slide(_row_of(studio, "after"))["heading"] == "The years after"
    assert "again" not in document.text()
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QTest.mouseClick(studio.window.redo_button, Qt.MouseButton.LeftButton)
    assert "The years after again" in studio.document.text()  # type: ignore[union-attr]


def test_another_change_right_after_typing_is_a_step_of_its_own(studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    box = _heading(studio, qtbot)
    count = studio.window.slides.count()
    QTest.keyClicks(box, " too")
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QTest.mouseClick(studio.window.duplicate_button, Qt.MouseButton.LeftButton)
    assert studio.window.slides.count() == count + 1
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QTest.mouseClick(studio.window.undo_button, Qt.MouseButton.LeftButton)
    assert studio.window.slides.count() == count  # the copy is gone
    assert "The years after too" in studio.document.text()  # type: ignore[union-attr]
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QTest.mouseClick(studio.window.undo_button, Qt.MouseButton.LeftButton)
    assert "The years after too" not in studio.document.text()  # type: ignore[union-attr]


def test_typing_in_two_fields_makes_two_steps(studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    box = _heading(studio, qtbot)
    QTest.keyClicks(box, " one")
    _type_at_end_of_body(studio, " two")
    assert studio.undo_stack.count() == 2
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QTest.mouseClick(studio.window.undo_button, Qt.MouseButton.LeftButton)
    text = studio.document.text()  # type: ignore[union-attr]
    assert "The years after one" in text and " two" not in text


def test_only_the_changed_slide_gets_a_new_picture(studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    _all_pictures(studio, qtbot)
    slides = studio.window.slides
    keys = [slides.item(i).icon().cacheKey() for i in range(slides.count())]
    box = _heading(studio, qtbot)
    row = _row_of(studio, "after")
    QTest.keyClicks(box, " X")
    assert studio.thumbs.held  # no picture is painted while keys are pressed
    assert slides.item(row).icon().cacheKey() == keys[row]
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        studio.refresh()  # the pause
    qtbot.waitUntil(lambda: slides.item(row).icon().cacheKey() != keys[row], timeout=10_000)
    _all_pictures(studio, qtbot)
    now = [slides.item(i).icon().cacheKey() for i in range(slides.count())]
    assert [i for i in range(len(keys)) if now[i] != keys[i]] == [row]


def test_ctrl_z_in_a_field_takes_back_the_studios_steps(studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The box's own undo would take only that box's typing back (and two typings at once
    where they touch); in the studio Ctrl+Z goes back over every step, from any field."""
    box = _heading(studio, qtbot)
    QTest.keyClicks(box, " K1")
    _type_at_end_of_body(studio, " K2")
    undo = Qt.KeyboardModifier.ControlModifier
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QTest.keyClick(studio.window.fields.inputs[next(
            k for k in studio.window.fields.inputs if k[0] == "body")], Qt.Key.Key_Z, undo)
    text = studio.document.text()  # type: ignore[union-attr]
    assert " K2" not in text and "The years after K1" in text
    body = next(b for (name, lang), b in studio.window.fields.inputs.items()
                if name == "body" and lang in (None, "en"))
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QTest.keyClick(body, Qt.Key.Key_Z, undo)  # the heading's typing, from the body
    assert "K1" not in studio.document.text()  # type: ignore[union-attr]
    assert studio.undo_stack.index() == 0
