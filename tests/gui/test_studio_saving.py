"""Nothing a volunteer does in Kiosk Studio is lost: the recovery copy never outlives a save
or a Discard, recovering asks first, one Save saves the deck and the kiosk's settings, a
presentation comes in by button or by drop, and a deck changed by another program is
offered for reloading."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from kiosk.platform import paths
from kiosk.setup.config import load_settings
from kiosk.studio import decks
from kiosk.studio.pdf_import import import_pdf
from tests.gui.drops import drop_files
from tests.gui.test_pdf_import import make_pdf
from tests.gui.test_studio import (
    answer,
    choose,
    kept_for_later,
    open_studio,
    save,
    type_into,
)

RECOVERY = ".deck.yaml.recovery"


def deck_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "deck"
    shutil.copytree(paths.bundled_content_dir(), folder)
    return folder


def test_discard_at_close_throws_the_recovery_copy_away(kiosk_app, qtbot,
                                                        tmp_path: Path) -> None:
    folder = deck_copy(tmp_path)
    studio, runner = open_studio(qtbot, tmp_path, folder)
    studio.saving._autosave.setInterval(10)
    studio.window.show()
    choose(studio, qtbot, 1)
    with qtbot.waitSignal(studio.autosaved, timeout=10_000):
        type_into(studio, qtbot, "heading", "Not wanted", "en")
    runner.wait(5000)
    assert (folder / RECOVERY).exists()
    studio.window.close()  # the window's close button
    answer(studio, qtbot, "unsaved-question", "Discard")
    qtbot.waitUntil(lambda: not studio.window.isVisible(), timeout=5000)
    assert not (folder / RECOVERY).exists()
    again, runner = open_studio(qtbot, tmp_path, folder)
    assert not again.window.recover_button.isVisibleTo(again.window)
    assert "Not wanted" not in (folder / "deck.yaml").read_text(encoding="utf-8")
    runner.wait(5000)


def test_a_save_takes_the_recovery_offer_away(kiosk_app, qtbot, tmp_path: Path) -> None:
    """Offered a recovery, the volunteer edits and saves instead: the offer (which would
    bring back the old words over the saved ones) goes, and so does the copy."""
    folder = deck_copy(tmp_path)
    kept_for_later(qtbot, tmp_path, folder)
    studio, runner = open_studio(qtbot, tmp_path, folder)
    studio.window.show()
    assert studio.window.recover_button.isVisible()
    choose(studio, qtbot, 2)
    type_into(studio, qtbot, "figure", "2 million", "en")
    QTest.mouseClick(studio.window.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not studio.dirty, timeout=10_000)
    assert not studio.window.recover_button.isVisible()
    assert not (folder / RECOVERY).exists()
    runner.wait(5000)


def test_a_recovery_copy_older_than_the_deck_is_offered_with_a_warning(
        kiosk_app, qtbot, tmp_path: Path) -> None:
    """Another program wrote deck.yaml after the copy was kept: the copy is not thrown away
    (it holds the only record of that work), and the question says what bringing it back
    would undo."""
    folder = deck_copy(tmp_path)
    kept_for_later(qtbot, tmp_path, folder)
    deck = folder / "deck.yaml"
    later = time.time() + 60
    os.utime(deck, (later, later))  # saved since, by another program
    studio, runner = open_studio(qtbot, tmp_path, folder)
    studio.window.show()
    assert studio.window.recover_button.isVisible() and (folder / RECOVERY).exists()
    QTest.mouseClick(studio.window.recover_button, Qt.MouseButton.LeftButton)
    box = studio.window.findChild(QMessageBox, "recover-question")
    assert box is not None and "changed after they were kept" in box.text()
    answer(studio, qtbot, "recover-question", "Not now")
    runner.wait(5000)


def test_recovering_asks_first_and_shows_what_comes_back(kiosk_app, qtbot,
                                                         tmp_path: Path) -> None:
    folder = deck_copy(tmp_path)
    kept_for_later(qtbot, tmp_path, folder)
    studio, runner = open_studio(qtbot, tmp_path, folder)
    studio.window.show()
    QTest.mouseClick(studio.window.recover_button, Qt.MouseButton.LeftButton)
    box = studio.window.findChild(QMessageBox, "recover-question")
    assert box is not None and "Kept for later" in box.detailedText()
    answer(studio, qtbot, "recover-question", "Not now")
    assert studio.document.slide(1)["heading"] != "Kept for later" and not studio.dirty
    QTest.mouseClick(studio.window.recover_button, Qt.MouseButton.LeftButton)
    answer(studio, qtbot, "recover-question", "Throw them away")
    qtbot.waitUntil(lambda: not (folder / RECOVERY).exists(), timeout=5000)
    assert not studio.window.recover_button.isVisible() and not studio.dirty
    runner.wait(5000)


def test_one_save_saves_the_deck_and_the_kiosks_settings(kiosk_app, qtbot,
                                                         tmp_path: Path) -> None:
    folder = deck_copy(tmp_path)
    studio, runner = open_studio(qtbot, tmp_path, folder)
    window = studio.window
    window.show()
    choose(studio, qtbot, 1)
    type_into(studio, qtbot, "heading", "Year zero, 1975", "en")
    window.settings.inputs[("idle_seconds",)].setValue(75)  # on "The kiosk" tab
    assert window.windowTitle().startswith("●")
    with qtbot.waitSignal(studio.kiosk_settings.done, timeout=10_000):
        QTest.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not studio.dirty, timeout=10_000)
    settings, problems = load_settings(tmp_path / "kiosk.yaml")
    assert problems == [] and settings.idle_seconds == 75
    assert "Year zero, 1975" in (folder / "deck.yaml").read_text(encoding="utf-8")
    assert not window.windowTitle().startswith("●")
    runner.wait(5000)


def test_unsaved_settings_are_asked_about_at_close(kiosk_app, qtbot, tmp_path: Path) -> None:
    studio, runner = open_studio(qtbot, tmp_path, deck_copy(tmp_path))
    studio.window.show()
    studio.window.settings.inputs[("idle_seconds",)].setValue(80)
    studio.window.close()
    with qtbot.waitSignal(studio.kiosk_settings.done, timeout=10_000):
        answer(studio, qtbot, "unsaved-question", "Save")
    qtbot.waitUntil(lambda: not studio.window.isVisible(), timeout=10_000)
    assert load_settings(tmp_path / "kiosk.yaml")[0].idle_seconds == 80
    runner.wait(5000)


def test_the_pdf_button_adds_a_slide_for_each_page(kiosk_app, qtbot, tmp_path: Path) -> None:
    folder = deck_copy(tmp_path)
    pdf = tmp_path / "talk.pdf"
    make_pdf(pdf, ["#202a44", "#6b2d2d", "#2d5b3a", "#444444"])
    studio, runner = open_studio(qtbot, tmp_path, folder)
    studio.window.show()
    before = len(studio.document.slides)
    QTest.mouseClick(studio.window.import_button, Qt.MouseButton.LeftButton)
    dialog = studio.window.findChild(QFileDialog, "pdf-dialog")
    assert dialog is not None and dialog.isVisible()
    with qtbot.waitSignal(studio.checked, timeout=20_000):
        dialog.fileSelected.emit(str(pdf))  # what choosing the file and Open do
        dialog.close()
    qtbot.waitUntil(lambda: len(studio.document.slides) == before + 4, timeout=20_000)
    added = studio.document.slides[before:]
    assert [s["fit"] for s in added] == ["fit"] * 4
    assert all((folder / s["image"]).is_file() for s in added)
    assert studio.window.slides.count() == before + 4 and studio.dirty
    assert studio.window.slides.currentRow() == before  # the first page is chosen
    path = save(studio, qtbot)
    assert path.read_text(encoding="utf-8").count("id: talk-") == 4
    studio.undo_stack.undo()
    assert len(studio.document.slides) == before  # one step to undo
    studio.dirty = False
    runner.wait(5000)


def test_a_pdf_dropped_on_the_slide_list_adds_its_pages(kiosk_app, qtbot,
                                                        tmp_path: Path) -> None:
    folder = deck_copy(tmp_path)
    pdf = tmp_path / "report.pdf"
    make_pdf(pdf, ["#202a44", "#6b2d2d"])
    studio, runner = open_studio(qtbot, tmp_path, folder)
    studio.window.show()
    before = len(studio.document.slides)
    assert drop_files(studio.window.slides.viewport(), [pdf])
    qtbot.waitUntil(lambda: len(studio.document.slides) == before + 2, timeout=20_000)
    assert [s["id"] for s in studio.document.slides[before:]] == ["report-1", "report-2"]
    studio.dirty = False
    runner.wait(5000)


def test_a_deck_changed_by_another_program_is_offered_for_reloading(
        kiosk_app, qtbot, tmp_path: Path) -> None:
    folder = deck_copy(tmp_path)
    pdf = tmp_path / "talk.pdf"
    make_pdf(pdf, ["#202a44", "#6b2d2d"])
    studio, runner = open_studio(qtbot, tmp_path, folder)
    studio.window.show()
    before = len(studio.document.slides)
    import_pdf(pdf, folder)  # what `kiosk import` in a terminal does
    with qtbot.waitSignal(studio.checked, timeout=20_000):
        answer(studio, qtbot, "reload-question", "Load it again")
    qtbot.waitUntil(lambda: studio.window.slides.count() == before + 2, timeout=20_000)
    assert len(studio.document.slides) == before + 2 and not studio.dirty
    runner.wait(5000)


def test_the_studios_own_save_is_not_taken_for_another_programs(
        kiosk_app, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The watcher's read of deck.yaml can run beside the save on the other worker thread:
    a read that saw the words from before the save, and answers after it, is stale."""
    folder = deck_copy(tmp_path)
    studio, runner = open_studio(qtbot, tmp_path, folder)
    choose(studio, qtbot, 1)
    type_into(studio, qtbot, "heading", "Saved here", "en")
    has_read, go_on = threading.Event(), threading.Event()
    real = decks.read_capped

    def read_then_wait(path: Path, cap: int) -> bytes:
        data = real(path, cap)
        if not has_read.is_set():  # the first read: it saw the deck from before the save
            has_read.set()
            go_on.wait(10)
        return data

    monkeypatch.setattr(decks, "read_capped", read_then_wait)
    (folder / "notes.txt").write_text("the folder changes", encoding="utf-8")
    qtbot.waitUntil(has_read.is_set, timeout=10_000)
    looked = studio.decks.looked
    save(studio, qtbot)
    go_on.set()
    qtbot.waitUntil(lambda: studio.decks.looked >= looked + 2, timeout=10_000)  # read again
    runner.wait(5000)
    QTest.qWait(0)
    assert studio.window.findChild(QMessageBox, "reload-question") is None
    assert not studio.dirty
    runner.wait(5000)


def test_a_failure_is_shown_in_the_window_and_logged(kiosk_app, qtbot, tmp_path: Path,
                                                     caplog) -> None:  # type: ignore[no-untyped-def]
    studio, runner = open_studio(qtbot, tmp_path, deck_copy(tmp_path))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the copy's folder would go", encoding="utf-8")
    studio.saving.save(blocker)
    qtbot.waitUntil(lambda: studio.window.status.text().startswith("Not saved"), timeout=10_000)
    assert any(r.levelname == "WARNING" and "Not saved" in r.getMessage()
               for r in caplog.records)  # a disk's doing, not a fault: no traceback
    studio.dirty = False
    runner.wait(5000)



def test_an_unexpected_error_is_said_in_the_window_and_logged(kiosk_app, qtbot, tmp_path: Path,
                                                              caplog) -> None:  # type: ignore[no-untyped-def]
    """A fault in a button's code: the volunteer reads it in the window (with where the
    details are) and the studio's log has the traceback; the studio goes on."""
    import sys

    from kiosk.studio.app import build_studio
    from kiosk.ui.tasks import TaskRunner

    runner = TaskRunner()
    studio, errors = build_studio(str(deck_copy(tmp_path)), runner, tmp_path / "kiosk.yaml",
                                  tmp_path / "data")
    qtbot.addWidget(studio.window)
    qtbot.waitUntil(lambda: studio.document is not None, timeout=10_000)
    hooks = sys.excepthook
    errors.install()
    try:
        def broken() -> None:
            raise ValueError("a fault in a button")

        studio.window.play_button.clicked.disconnect()
        studio.window.play_button.clicked.connect(broken)
        QTest.mouseClick(studio.window.play_button, Qt.MouseButton.LeftButton)
    finally:
        sys.excepthook = hooks
    words = studio.window.status.text()
    assert words.startswith("Something went wrong (a fault in a button)") and "studio.log" in words
    assert any(r.exc_info and r.exc_info[0] is ValueError for r in caplog.records)
    assert errors.count == 1
    runner.wait(5000)


def test_the_studio_logs_to_a_file_of_its_own(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import logging

    from kiosk.platform import logs

    monkeypatch.setattr(paths, "log_dir", lambda: tmp_path / "logs")
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        path = logs.setup_logging(False, to_file=True, name="studio.log")
        logging.getLogger("kiosk.studio").error("the deck could not be checked")
    finally:
        for handler in root.handlers[len(before):]:
            handler.close()
            root.removeHandler(handler)
    assert path == tmp_path / "logs" / "studio.log"
    assert "the deck could not be checked" in path.read_text(encoding="utf-8")


def test_the_slide_list_keeps_its_place_and_pictures(kiosk_app, qtbot, tmp_path: Path) -> None:
    """Far down a long deck, Duplicate and the arrows leave the list where it was (it used
    to jump to the top) and the other slides keep their pictures."""
    studio, runner = open_studio(qtbot, tmp_path, deck_copy(tmp_path))
    window = studio.window
    window.resize(1366, 768)
    window.show()
    slides = window.slides
    qtbot.waitUntil(lambda: all(not slides.item(i).icon().isNull()
                                for i in range(slides.count())), timeout=20_000)
    last = slides.count() - 1
    choose(studio, qtbot, last - 1)
    bar = slides.verticalScrollBar()
    assert bar.maximum() > 0, "the list must be long enough to scroll"
    bar.setValue(bar.maximum())
    place = bar.value()
    QTest.mouseClick(window.duplicate_button, Qt.MouseButton.LeftButton)
    assert slides.currentRow() == last
    assert bar.value() >= place - slides.sizeHintForRow(0)  # where it was, near the end
    assert slides.visualItemRect(slides.currentItem()).intersects(slides.viewport().rect())
    assert not slides.item(last - 2).icon().isNull()  # pictures kept till new ones come
    QTest.mouseClick(window.up_button, Qt.MouseButton.LeftButton)
    assert bar.value() > 0 and slides.currentRow() == last - 1
    studio.dirty = False
    runner.wait(5000)


def test_add_a_source_beside_a_figure_cites_a_new_source(kiosk_app, qtbot,
                                                         tmp_path: Path) -> None:
    from PySide6.QtWidgets import QComboBox, QPushButton

    studio, runner = open_studio(qtbot, tmp_path, deck_copy(tmp_path))
    window = studio.window
    window.show()
    choose(studio, qtbot, 2)  # a figure
    sources = len(studio.document.registry("sources"))
    button = window.fields.findChild(QPushButton, "add-source")
    assert button is not None and button.isVisible()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    registry = studio.document.registry("sources")
    assert len(registry) == sources + 1
    new = registry[-1]
    assert studio.document.slide(2)["source"] == new["id"]
    assert (new["title"], new["publisher"]) == ("", "")  # no stand-in words for visitors
    qtbot.waitUntil(lambda: "not ready" in window.status.text(), timeout=10_000)
    box = window.fields.inputs[("source", None)]
    assert isinstance(box, QComboBox) and box.currentData() == new["id"]
    assert window.tabs.currentIndex() == 1  # its title is typed on the deck's tab
    assert window.deck.sources.table.currentRow() == sources
    assert studio.dirty and window.windowTitle().startswith("●")
    studio.dirty = False
    runner.wait(5000)


def test_a_deck_with_a_broken_line_says_where_in_plain_words(kiosk_app, qtbot,
                                                             tmp_path: Path) -> None:
    folder = deck_copy(tmp_path)
    deck = folder / "deck.yaml"
    lines = deck.read_text(encoding="utf-8").splitlines()
    at = max(i for i, line in enumerate(lines) if "heading:" in line)  # no quote after it
    lines[at] = lines[at][:lines[at].index("heading:")] + 'heading: "never closed'
    deck.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from kiosk.studio.controller import Studio
    from kiosk.studio.window import StudioWindow
    from kiosk.ui.tasks import TaskRunner

    window = StudioWindow()
    qtbot.addWidget(window)
    runner = TaskRunner()
    studio = Studio(window, runner, config=tmp_path / "kiosk.yaml", data_dir=tmp_path / "d")
    studio.open(folder)
    qtbot.waitUntil(lambda: "cannot be opened" in window.status.text(), timeout=10_000)
    words = window.status.text()
    assert f"deck.yaml line {at + 1}: a quotation mark is not closed" in words, words
    assert "scanning" not in words and "found unexpected" not in words
    for control in (window.save_button, window.duplicate_button, window.stick_button,
                    window.import_button, window.play_button):
        assert not control.isEnabled(), control.text()  # nothing to save, copy or play
    assert not window.save_action.isEnabled() and window.open_action.isEnabled()
    runner.wait(5000)


def test_a_reload_that_fails_keeps_the_unsaved_changes_and_asks_no_more(
        kiosk_app, qtbot, tmp_path: Path) -> None:
    """Unsaved edits, then deck.yaml broken by an editor, then "Load it again": the file
    cannot be read, so the edits stay, still unsaved ("●", asked about at close), and that
    broken version is not offered again at every keystroke."""
    folder = deck_copy(tmp_path)
    studio, runner = open_studio(qtbot, tmp_path, folder)
    studio.saving._autosave.setInterval(10)
    window = studio.window
    window.show()
    choose(studio, qtbot, 1)
    type_into(studio, qtbot, "heading", "Mine, not saved", "en")
    deck = folder / "deck.yaml"
    deck.write_text(deck.read_text(encoding="utf-8") + 'broken: "never closed\n',
                    encoding="utf-8")
    answer(studio, qtbot, "reload-question", "Load it again")
    qtbot.waitUntil(lambda: "cannot be opened" in window.status.text(), timeout=10_000)
    assert studio.dirty and window.windowTitle().startswith("●")
    assert studio.document.slide(1)["heading"] == "Mine, not saved"
    looked = studio.decks.looked
    with qtbot.waitSignal(studio.autosaved, timeout=10_000):  # the folder changes again
        type_into(studio, qtbot, "heading", "Mine, still not saved", "en")
    qtbot.waitUntil(lambda: studio.decks.looked > looked, timeout=10_000)  # and it looked
    assert window.findChild(QMessageBox, "reload-question") is None
    studio.dirty = False
    runner.wait(5000)


def test_undoing_back_to_what_is_saved_is_nothing_unsaved(kiosk_app, qtbot,
                                                          tmp_path: Path) -> None:
    studio, runner = open_studio(qtbot, tmp_path, deck_copy(tmp_path))
    window = studio.window
    window.show()
    choose(studio, qtbot, 1)
    type_into(studio, qtbot, "heading", "Saved words", "en")
    save(studio, qtbot)
    assert not studio.dirty and not window.windowTitle().startswith("●")
    choose(studio, qtbot, 2)
    type_into(studio, qtbot, "figure", "4 million", "en")
    assert studio.dirty and window.windowTitle().startswith("●")
    QTest.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)
    assert not studio.dirty and not window.windowTitle().startswith("●")  # as saved
    QTest.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)
    assert studio.dirty and window.windowTitle().startswith("●")  # before the save
    studio.dirty = False
    runner.wait(5000)


def test_cancel_at_close_keeps_the_studio_and_the_changes(kiosk_app, qtbot,
                                                         tmp_path: Path) -> None:
    studio, runner = open_studio(qtbot, tmp_path, deck_copy(tmp_path))
    studio.window.show()
    choose(studio, qtbot, 1)
    type_into(studio, qtbot, "heading", "Not yet saved", "en")
    studio.window.close()
    answer(studio, qtbot, "unsaved-question", "Cancel")
    assert studio.window.isVisible() and studio.dirty
    assert studio.document.slide(1)["heading"] == "Not yet saved"
    studio.dirty = False
    runner.wait(5000)


def test_a_deck_written_in_two_goes_is_read_once_it_is_whole(kiosk_app, qtbot,
                                                             tmp_path: Path) -> None:
    """An editor that empties deck.yaml, then writes it: the studio waits for the file to
    stay quiet, and asks once, about what was written, never about an empty file."""
    folder = deck_copy(tmp_path)
    studio, runner = open_studio(qtbot, tmp_path, folder)
    studio.window.show()
    deck = folder / "deck.yaml"
    whole = deck.read_text(encoding="utf-8").replace("Cambodia", "Kampuchea", 1)
    looked = studio.decks.looked
    deck.write_text("", encoding="utf-8")  # the first go
    qtbot.waitUntil(lambda: studio.decks.reading_soon or studio.decks.looked > looked,
                    timeout=10_000)
    assert studio.decks.looked == looked  # not read half-way
    deck.write_text(whole, encoding="utf-8")  # the second
    answer(studio, qtbot, "reload-question", "Keep mine")
    assert studio.decks.on_disk == whole
    runner.wait(5000)


def test_keep_mine_leaves_the_studios_version_and_asks_once(kiosk_app, qtbot,
                                                           tmp_path: Path) -> None:
    """Another program changed deck.yaml; the volunteer keeps what the studio shows: the
    edits stay, and that same version is not offered again."""
    folder = deck_copy(tmp_path)
    studio, runner = open_studio(qtbot, tmp_path, folder)
    studio.window.show()
    choose(studio, qtbot, 1)
    type_into(studio, qtbot, "heading", "Mine", "en")
    before = len(studio.document.slides)
    pdf = tmp_path / "talk.pdf"
    make_pdf(pdf, ["#202a44"])
    import_pdf(pdf, folder)  # another program adds a page
    answer(studio, qtbot, "reload-question", "Keep mine")
    assert studio.dirty and len(studio.document.slides) == before
    assert studio.document.slide(1)["heading"] == "Mine"
    looked = studio.decks.looked
    save(studio, qtbot)  # the folder changes again: the studio's own save
    qtbot.waitUntil(lambda: studio.decks.looked > looked, timeout=10_000)
    assert studio.window.findChild(QMessageBox, "reload-question") is None
    runner.wait(5000)


def test_news_of_the_studios_own_save_before_the_save_is_done_asks_nothing(
        kiosk_app, qtbot, tmp_path: Path) -> None:
    """The watcher may report deck.yaml changed (and read it) before the save's own answer
    comes back, while the volunteer types on: that text is the studio's, not another
    program's (the monkey found the question coming up then)."""
    folder = deck_copy(tmp_path)
    studio, runner = open_studio(qtbot, tmp_path, folder)
    studio.window.show()
    choose(studio, qtbot, 1)
    type_into(studio, qtbot, "heading", "Being saved", "en")
    being_saved = studio.document.text()
    with qtbot.waitSignal(studio.saved, timeout=10_000):
        studio.saving.save()  # its answer needs the event loop: it cannot come before...
        box = studio.window.fields.inputs[("heading", "en")]  # ...typing (keys, no event
        box.selectAll()                                         # loop) and
        QTest.keyClicks(box, "Typed on meanwhile")
        studio.decks._compare(folder / "deck.yaml", being_saved,  # the watcher's read
                              studio.decks._version)
    assert studio.window.findChild(QMessageBox, "reload-question") is None
    studio.dirty = False
    runner.wait(5000)
