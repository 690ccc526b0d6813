"""Hostile hands on Kiosk Studio: random clicks on its widgets, typing into its fields, keys
and shortcuts, slides and tabs switched, menus opened, on a copy of the bundled deck. No
exception may reach the crash guard, and the studio must still answer at the end.

``KIOSK_MONKEY_EVENTS`` and ``KIOSK_MONKEY_SEED`` as in ``test_monkey``.
"""

from __future__ import annotations

import gc
import random
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QColorDialog,
    QComboBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QTabBar,
    QWidget,
)

from kiosk.platform import paths
from kiosk.studio.controller import Studio
from kiosk.ui.platform.memory import give_back
from tests.gui.monkey import EVENTS, Faults, Monkey, faults_fixture, rss_mb, seed_from_env
from tests.gui.test_studio import open_studio

#: Where the studio's window is shown: inside the offscreen screen (800x600), so that every
#: point of it can be touched.
SIZE = (800, 600)
faults = faults_fixture
#: The kinds of widget a person clicks in the studio.
TARGETS = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QTabBar)


class Asked:
    """The studio's file and colour dialogs and its questions, answered "Cancel" at once
    instead of being shown (a dialog is window-modal: shown, it would take every later
    click). Each question asked is counted."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count: dict[str, int] = {}
        for kind in (QFileDialog, QColorDialog):
            monkeypatch.setattr(kind, "open", self._cancel_later(QDialog.reject))
        monkeypatch.setattr(QMessageBox, "open", self._cancel_later(
            lambda box: box.done(QMessageBox.StandardButton.Cancel)))

    def _cancel_later(self, cancel: Any) -> Any:
        def open_(dialog: QDialog) -> None:
            name = type(dialog).__name__
            self.count[name] = self.count.get(name, 0) + 1
            cancel(dialog)  # (each asks last: nothing runs after open() returns)
        return open_


class StudioMonkey(Monkey):
    """Aims at the studio's own widgets most of the time; pop-up menus and lists, and the
    icon picker, get their own random answer (a menu item, a click, or Escape)."""

    def __init__(self, studio: Studio, rng: random.Random) -> None:
        super().__init__(studio.window, rng)
        self.studio = studio
        self.hand = QTimer()  # answers pop-ups, also inside a menu's own event loop
        self.hand.setInterval(1)
        self.hand.timeout.connect(self.answer_popup)
        self.hand.start()
        self.popups = 0

    def step(self) -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            act(self, self.window)
        elif self.rng.random() < 0.8:  # the icon picker: its own window, on top
            act(Monkey(modal, self.rng), modal)
        else:
            QTest.keyClick(modal.windowHandle(), Qt.Key.Key_Escape)

    def answer_popup(self) -> None:
        popup = QApplication.activePopupWidget()
        if popup is None or not popup.isVisible():
            return
        self.popups += 1
        actions = [a for a in popup.actions() if a.isEnabled() and not a.isSeparator()
                   and a.menu() is None] if isinstance(popup, QMenu) else []
        roll = self.rng.random()
        if actions and roll < 0.6:
            popup.close()
            self.rng.choice(actions).trigger()
        elif roll < 0.8 and popup.windowHandle() is not None:
            Monkey(popup, self.rng).tap()
        else:
            popup.close()


def act(monkey: Monkey, top: QWidget) -> None:
    """One random act on ``top``: a click on one of its widgets, words typed, a key, a
    scroll of the slide list, a drag, or a click anywhere."""
    roll = monkey.rng.random()
    if roll < 0.45:
        widgets = [w for w in top.findChildren(QWidget) if isinstance(w, TARGETS)
                   and monkey.can_touch(w)]
        if not monkey.press_one_of(widgets):
            monkey.tap()
    elif roll < 0.65:
        monkey.type(monkey.words())
    elif roll < 0.8:
        monkey.key()
    elif roll < 0.88:
        monkey.drag()
    else:
        monkey.tap()


@pytest.fixture
def studio(kiosk_app, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The studio on a copy of the bundled deck, kept from leaving: "Copy to USB stick"
    sees a stick folder in the test's own folder (never the machine's drives), the kiosk
    settings' "Test" button reaches no network (whatever address was typed: it says what it
    would try), closing the window (File > Close, Ctrl+W) runs the studio's own check and
    is then refused, a staff PIN's hash is cheap (its cost is not what is tried), and it
    runs in the test's own folder (whatever a typed path could reach stays there)."""
    from kiosk.staff import pin as staff
    from kiosk.studio import settings_flow, to_stick

    stick = tmp_path / "stick"
    stick.mkdir()
    started_in = tmp_path / "started-in"
    started_in.mkdir()
    monkeypatch.chdir(started_in)
    monkeypatch.setattr(to_stick, "removable_drives", lambda writable=False: [("STICK",
                                                                              stick)])
    monkeypatch.setattr(settings_flow, "test_delivery", lambda config: "(not tried here)")
    monkeypatch.setattr(staff, "SCRYPT", {"n": 2**4, "r": 1, "p": 1})
    folder = tmp_path / "deck"
    shutil.copytree(paths.bundled_content_dir(), folder)
    opened, runner = open_studio(qtbot, tmp_path, folder)
    window = opened.window
    may_close = window.close_check
    assert may_close is not None
    window.close_check = lambda: may_close() and False
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    yield opened
    if opened.playing.played is not None:
        opened.playing.played.window.close()
    opened.dirty = False
    runner.wait(5000)


def test_the_studio_survives_hostile_hands(studio: Studio, qtbot, faults: Faults,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    seed = seed_from_env()
    asked = Asked(monkeypatch)
    monkey = StudioMonkey(studio, random.Random(seed))
    started, rss = time.monotonic(), rss_mb()
    try:
        for _ in range(EVENTS // 3):
            monkey.step()
            QApplication.processEvents()
    finally:
        monkey.hand.stop()
    assert studio.runner.wait(10_000), "the studio's workers are still busy"
    gc.collect()
    give_back()  # (the free heap back to the system, as the kiosk does, before measuring)
    print(f"studio monkey seed {seed}, {EVENTS // 3} events in "
          f"{time.monotonic() - started:.0f} s, {faults.guard.count} exceptions, "
          f"{faults.count} errors logged, RSS "
          f"{rss:.1f} -> {rss_mb():.1f} MB; questions cancelled {asked.count}, pop-ups "
          f"answered {monkey.popups}")
    assert faults.guard.count == 0 and faults.count == 0, faults.report(seed, EVENTS)
    assert studio.window.isVisible()
    for _ in range(3):  # what the workers brought back, handed over now: the sticks looked
        QApplication.processEvents()  # up for "To USB stick" open their menu only then, and
        assert studio.runner.wait(10_000)  # it would take the tap below for its own
    while (popup := QApplication.activePopupWidget()) is not None:
        popup.close()  # a menu left open by the last events: Escape
    while isinstance(modal := QApplication.activeModalWidget(), QDialog):
        modal.reject()  # and the icon picker, Cancel
    portrait = studio.window.orientations.button(1)
    splitter = studio.window.centralWidget()
    assert isinstance(splitter, QSplitter)
    splitter.setSizes([280, 560, 560])  # the panes the monkey dragged shut, opened again
    at = monkey.point_in(portrait)
    with qtbot.waitSignal(studio.checked, timeout=10_000, raising=False) as answered:
        monkey.tap(at)  # it still answers a click
    assert answered.signal_triggered, (
        f"seed {seed}: no check after a tap on Portrait at {at.toTuple()}, where "
        f"{type(studio.window.childAt(at)).__name__} is; portrait checked "
        f"{portrait.isChecked()}, a deck open {studio.document is not None}, a check in "
        f"flight {studio.checking._checking}, asked {studio.checking.generation}, "
        f"modal {QApplication.activeModalWidget()}, popup {QApplication.activePopupWidget()}")
    preview = studio.window.preview  # the slide, or why it cannot be shown yet
    where = studio.window.childAt(at)
    assert portrait.isChecked(), (
        f"seed {seed}: a tap on Portrait at {at.toTuple()} met "
        f"{type(where).__name__} {where.objectName() if where else ''!r} "
        f"{where.text() if hasattr(where, 'text') else ''!r}; window "
        f"{studio.window.size().toTuple()}, Portrait at "
        f"{portrait.mapTo(studio.window, portrait.rect().topLeft()).toTuple()} "
        f"{portrait.size().toTuple()}, seen {portrait.visibleRegion().boundingRect()}, "
        f"enabled {portrait.isEnabled()}, window enabled {studio.window.isEnabled()}, "
        f"grabber {QWidget.mouseGrabber()}, modal {QApplication.activeModalWidget()}, "
        f"windows {[w for w in QApplication.topLevelWidgets() if w.isVisible()]}")
    assert preview.pixmap().height() > 0 or preview.text()


def test_closing_the_preview_while_its_slides_are_painted_is_quiet(studio: Studio, qtbot,
                                                                   faults: Faults) -> None:
    """The preview kiosk paints on the studio's workers; closed at once (before its first
    slides are back), it is deleted, and what its workers bring back finds no one."""
    from PySide6.QtCore import QEvent

    for _ in range(3):
        QTest.mouseClick(studio.window.play_button, Qt.MouseButton.LeftButton)
        played = studio.playing.played
        assert played is not None
        played.window.close()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # deleted now
        studio.runner.wait(5000)
        QApplication.processEvents()  # the slides painted meanwhile come back
    assert faults.count == 0, faults.lines


def test_the_preview_can_be_played_again_after_it_was_closed(studio: Studio, qtbot,
                                                             faults: Faults) -> None:
    """Play, close the preview window (Qt deletes it), Play again: a new preview, and the
    closed one leaves nothing behind (no input filter, log handler or recorder thread)."""
    import logging
    import threading

    from PySide6.QtCore import QEvent

    handlers = list(logging.getLogger().handlers)
    threads = {t.name for t in threading.enumerate()}
    QTest.mouseClick(studio.window.play_button, Qt.MouseButton.LeftButton)
    first = studio.playing.played
    assert first is not None
    first.window.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QTest.mouseClick(studio.window.play_button, Qt.MouseButton.LeftButton)
    again = studio.playing.played
    assert faults.guard.count == 0, faults.lines
    assert again is not None and again is not first and again.window.isVisible()
    again.window.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert studio.playing.played is None
    assert logging.getLogger().handlers == handlers
    assert {t.name for t in threading.enumerate()} <= threads


def test_saving_while_editing_keeps_the_deck_whole_and_unsaved(studio: Studio, qtbot,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    """Save, then a change while the file is still being written: the deck is read on the
    GUI thread only (a worker reading it while it was edited broke the YAML writer), the file
    holds the deck as it was at Save, and the later change is still unsaved."""
    import threading

    from kiosk.content import edit
    from kiosk.studio import saving
    from tests.gui.test_studio import choose, type_into

    readers: list[threading.Thread] = []
    text = edit.DeckDocument.text
    monkeypatch.setattr(edit.DeckDocument, "text", lambda self: readers.append(
        threading.current_thread()) or text(self))
    gate = threading.Event()
    write = edit.save_with_backup

    def slow_write(target: Path, words: str) -> None:  # the disk is slow today
        gate.wait(10)
        write(target, words)

    monkeypatch.setattr(edit, "save_with_backup", slow_write)
    monkeypatch.setattr(saving, "save_with_backup", slow_write, raising=False)
    choose(studio, qtbot, 1)
    type_into(studio, qtbot, "heading", "Saved words", "en")
    with qtbot.waitSignal(studio.saved, timeout=10_000) as saved:
        studio.saving.save()
        type_into(studio, qtbot, "heading", "Later words", "en")
        gate.set()
    assert "Saved words" in saved.args[0].read_text(encoding="utf-8")
    assert studio.dirty  # "Later words" is not on disk: closing must still ask
    assert readers and {t.name for t in readers} == {threading.main_thread().name}


def test_typing_faster_than_the_checks_never_builds_a_queue(studio: Studio, qtbot,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """Each check validates and paints the deck (a while on a slow laptop). Typing faster
    than that once queued a check per keystroke, and the preview lagged further and further
    behind (the monkey found the studio still busy seconds after it stopped): now one runs
    at a time and the edits made meanwhile are checked together, the newest text last."""
    import threading

    from kiosk.studio import checking
    from tests.gui.test_studio import choose

    choose(studio, qtbot, 1)
    gate, calls = threading.Event(), []
    real = checking.check

    def slow_check(*job: Any) -> Any:  # a slow laptop: the first check takes a while
        calls.append(job[1])
        gate.wait(10)
        return real(*job)

    monkeypatch.setattr(checking, "check", slow_check)
    box = studio.window.fields.inputs[("heading", "en")]
    box.setFocus()
    box.selectAll()
    for ch in "Typed fast":
        QTest.keyClick(box, ch)
        studio.refresh()  # (what the short pause after each key starts)
    gate.set()
    qtbot.waitUntil(lambda: studio.last is not None and studio.last.generation
                    == studio.generation, timeout=10_000)
    assert len(calls) <= 2, f"{len(calls)} checks queued for one burst of typing"
    assert "heading: Typed fast" in calls[-1]  # the newest text was checked
    assert studio.last.deck is not None and studio.last.deck.slides[1].text(
        "heading", "en", "en") == "Typed fast"


def test_typing_in_the_studio_while_the_preview_plays_reaches_the_studio(studio: Studio,
                                                                         qtbot) -> None:
    """The preview is a whole kiosk, and a kiosk listens to every input of the application
    (to wake, to turn slides with the arrow keys and Space): typing in the studio beside it
    once woke the preview with the first key and turned its slides with each space."""
    from kiosk.visit.session import Mode
    from tests.gui.test_studio import choose

    choose(studio, qtbot, 1)
    QTest.mouseClick(studio.window.play_button, Qt.MouseButton.LeftButton)
    played = studio.playing.played
    assert played is not None and played.session.mode is Mode.ATTRACT
    box = studio.window.fields.inputs[("heading", "en")]
    QTest.mouseClick(box, Qt.MouseButton.LeftButton)
    box.selectAll()
    QTest.keyClicks(box, "a b c")
    QTest.keyClick(box, Qt.Key.Key_Left)
    assert box.text() == "a b c" and box.cursorPosition() == 4
    assert played.session.mode is Mode.ATTRACT  # the preview plays on, untouched
    played.window.close()


def test_a_closed_preview_is_let_go(studio: Studio, qtbot) -> None:
    """Each Play builds a whole kiosk; once its window closes nothing may hold it (its
    painted slides, 3.7 MB each at 1280x720, went with it only when the studio let go)."""
    import gc

    from PySide6.QtCore import QEvent

    from kiosk.ui.compose import Kiosk

    gc.collect()
    # Only this test's previews count: a kiosk another test still holds is not the studio's.
    before = {id(o) for o in gc.get_objects() if isinstance(o, Kiosk)}
    for _ in range(3):
        QTest.mouseClick(studio.window.play_button, Qt.MouseButton.LeftButton)
        played = studio.playing.played
        assert played is not None
        played.window.close()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        del played
    studio.runner.wait(5000)
    QApplication.processEvents()
    gc.collect()
    left = [o for o in gc.get_objects() if isinstance(o, Kiosk) and id(o) not in before]
    assert len(left) == 0, f"{len(left)} closed preview(s) still held"


def test_every_question_answered_is_let_go(studio: Studio, qtbot, tmp_path: Path) -> None:
    """The studio asks in dialogs (a folder, a PDF, a colour, "save first?"). Each was kept
    after its answer, a file dialog 3.6 MB with its view of the disk: the monkey's studio
    grew by a gigabyte. Answered, each is deleted."""
    from PySide6.QtCore import QEvent

    from tests.gui.test_studio import choose, type_into

    window = studio.window
    window.tabs.setCurrentIndex(1)  # the deck's colours
    asks = [window.save_as_button.click, window.import_button.click,
            window.new_action.trigger, window.open_action.trigger,
            window.deck.swatches["accent"].click]
    for ask in asks * 2:
        ask()
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog | QColorDialog), ask
        dialog.reject()  # Cancel
    choose(studio, qtbot, 1)
    type_into(studio, qtbot, "heading", "Unsaved", "en")
    studio.decks.switch_to(tmp_path / "elsewhere")  # "save your changes first?"
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Cancel).click()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(QDialog) == []
    assert studio.dirty and studio.document is not None  # Cancel kept the deck as it was
