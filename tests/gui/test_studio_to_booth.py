"""From the studio to the booth: 'Copy to USB stick' writes the deck as it is being edited
where the kiosk's 'Load slides from USB' looks, and the copy is a deck the kiosk accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

import kiosk.studio.to_stick as to_stick
from kiosk.content import load_deck
from kiosk.content.install import find_decks
from kiosk.studio.controller import Studio
from tests.gui.test_studio import choose, studio, type_into

__all__ = ["studio"]  # the fixture, shared with the studio's own tests


def copied(studio: Studio, qtbot) -> str:  # type: ignore[no-untyped-def]
    """Press Copy on "What goes on the stick", then wait for the copy's news."""
    from PySide6.QtWidgets import QDialog, QPushButton

    qtbot.waitUntil(lambda: studio.window.findChild(QDialog, "stick-dialog") is not None,
                    timeout=10_000)
    dialog = studio.window.findChild(QDialog, "stick-dialog")
    QTest.mouseClick(dialog.findChild(QPushButton, "stick-copy"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Copied to" in studio.window.status.text()
                    or "Not copied" in studio.window.status.text(), timeout=10_000)
    return studio.window.status.text()


def test_the_edited_deck_goes_onto_the_stick_where_the_kiosk_finds_it(
        studio: Studio, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(to_stick, "removable_drives", lambda writable: [("KINGSTON", stick)])
    choose(studio, qtbot, 1)
    type_into(studio, qtbot, "heading", "Year Zero, 1975", "en")  # not saved yet
    studio.window.stick_button.click()
    qtbot.waitUntil(lambda: studio.window.stick_menu is not None, timeout=5000)
    menu = studio.window.stick_menu
    assert menu is not None
    labels = [a.text() for a in menu.actions() if a.text()]
    assert labels[0].startswith("KINGSTON") and labels[-1] == "Another folder…"
    menu.actions()[0].trigger()
    status = copied(studio, qtbot)
    target = stick / "kiosk-slides" / "cambodia-from-year-zero-to-hope"
    assert str(target) in status and "Load slides from USB" in status
    assert studio.dirty  # copying is not saving: the work folder is as it was
    assert [f.folder for f in find_decks([("KINGSTON", stick)])] == [target]
    result = load_deck(target)
    assert result.errors == [] and result.deck is not None
    assert result.deck.slides[1].text("heading", "en", "en") == "Year Zero, 1975"
    assert not any(p.name.startswith(".") for p in target.rglob("*"))


def test_with_no_stick_in_a_folder_is_asked_for(
        studio: Studio, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(to_stick, "removable_drives", lambda writable: [])
    studio.window.stick_button.click()
    qtbot.waitUntil(lambda: bool(studio.window.findChildren(QFileDialog)), timeout=5000)
    dialog = studio.window.findChildren(QFileDialog)[-1]
    assert "No USB stick found" in dialog.windowTitle()
    (tmp_path / "share").mkdir()  # a folder the dialog shows is one that exists
    dialog.fileSelected.emit(str(tmp_path / "share"))
    dialog.close()
    assert "Copied to" in copied(studio, qtbot)
    assert (tmp_path / "share" / "kiosk-slides" / "cambodia-from-year-zero-to-hope"
            / "deck.yaml").is_file()


def test_a_deck_with_problems_is_copied_but_said_not_ready(
        studio: Studio, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(to_stick, "removable_drives", lambda writable: [])
    choose(studio, qtbot, 2)  # a figure: without its source it is not ready
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        studio.window.fields.inputs[("source", None)].setCurrentIndex(0)
    (tmp_path / "stick").mkdir()
    studio.to_stick.copy_to_stick(tmp_path / "stick")
    from PySide6.QtWidgets import QDialog, QLabel, QPushButton

    qtbot.waitUntil(lambda: studio.window.findChild(QDialog, "stick-dialog") is not None,
                    timeout=10_000)
    dialog = studio.window.findChild(QDialog, "stick-dialog")
    assert "Not ready for the booth" in dialog.findChild(QLabel, "not-ready").text()
    assert dialog.findChild(QPushButton, "stick-copy").text() == "Copy anyway"  # said first
    status = copied(studio, qtbot)
    assert "not ready for the booth" in status and "the kiosk will refuse it" in status


def test_a_stick_pulled_out_after_it_was_chosen_is_never_made_again(
        studio: Studio, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gone = tmp_path / "media" / "KINGSTON"
    gone.mkdir(parents=True)
    studio.to_stick.copy_to_stick(gone)
    gone.rmdir()  # pulled while "What goes on the stick" was open
    status = copied(studio, qtbot)
    assert "Not copied" in status and "is the stick still in?" in status
    assert not gone.exists()


def test_a_chapters_icon_is_chosen_from_a_picker_and_saved(
        studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    from kiosk.studio.icon_picker import SUGGESTED, IconPicker
    from tests.gui.test_studio import save

    chapters = studio.window.deck.chapters
    column = chapters.keys.index("icon")
    assert not chapters.table.item(0, column).flags() & Qt.ItemFlag.ItemIsEditable
    assert not chapters.table.item(0, column).icon().isNull()  # the icon, not only its name
    chapters.table.setCurrentCell(0, 0)
    chapters.icon_button.click()
    picker = chapters.picker
    assert isinstance(picker, IconPicker) and picker.isVisible()
    shown = [picker.grid.item(i).data(Qt.ItemDataRole.UserRole)
             for i in range(picker.grid.count())]
    assert shown[:len(SUGGESTED)] == list(SUGGESTED)  # every suggestion exists in the font
    assert picker.grid.currentItem().data(Qt.ItemDataRole.UserRole) == "mdi6.history"
    picker.search.setText("hands pray")
    names = [picker.grid.item(i).data(Qt.ItemDataRole.UserRole)
             for i in range(picker.grid.count())]
    assert "mdi6.hands-pray" in names and all("hands" in n for n in names)
    picker.grid.setCurrentRow(names.index("mdi6.hands-pray"))
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        picker.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert chapters.table.item(0, column).text() == "mdi6.hands-pray"
    path = save(studio, qtbot)
    deck = load_deck(path.parent).deck
    assert deck is not None and deck.chapters[0].icon == "mdi6.hands-pray"
    text = (path.parent / "deck.yaml").read_text(encoding="utf-8")
    assert "icon: mdi6.hands-pray" in text and "icon: mdi6.history" not in text


def test_a_photo_dropped_on_an_image_field_is_copied_in_and_used(
        studio: Studio, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    from tests.decks import png_bytes

    photo = tmp_path / "from the camera" / "Memorial Day.png"
    photo.parent.mkdir()
    photo.write_bytes(png_bytes(1920, 1080, (60, 60, 70)))
    notes = tmp_path / "notes.txt"
    notes.write_text("not a photo")
    choose(studio, qtbot, 4)  # the memorial: a stand-in photo
    box = studio.window.fields.inputs[("image", None)]
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    carried: list[QMimeData] = []  # the events point at it: it must outlive them

    def drag(file: Path) -> tuple[QDragEnterEvent, QDropEvent]:
        data = QMimeData()
        carried.append(data)
        data.setUrls([QUrl.fromLocalFile(str(file))])
        middle = box.rect().center()
        return (QDragEnterEvent(middle, Qt.DropAction.CopyAction, data, buttons, keys),
                QDropEvent(QPoint(middle).toPointF(), Qt.DropAction.CopyAction, data,
                           buttons, keys))

    enter, _drop = drag(notes)
    QApplication.sendEvent(box, enter)
    assert not enter.isAccepted()  # a text file is not a photo: the field says no
    enter, drop = drag(photo)
    QApplication.sendEvent(box, enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QApplication.sendEvent(box, drop)
    slide = studio.document.slide(4)
    assert str(slide["image"]) == "images/Memorial Day.png" and "placeholder" not in slide
    assert (studio.document.folder / "images" / "Memorial Day.png").read_bytes() == \
        photo.read_bytes()
    assert studio.window.fields.inputs[("image", None)].text() == "images/Memorial Day.png"


def test_a_folder_without_a_deck_is_said_in_plain_words(kiosk_app, qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
                                                        ) -> None:
    from kiosk.studio.window import StudioWindow
    from kiosk.ui.tasks import TaskRunner

    window = StudioWindow()
    qtbot.addWidget(window)
    runner = TaskRunner()
    studio = Studio(window, runner, config=tmp_path / "kiosk.yaml", data_dir=tmp_path / "d")
    (tmp_path / "empty").mkdir()
    studio.open(tmp_path / "empty")
    qtbot.waitUntil(lambda: "cannot be opened" in window.status.text(), timeout=5000)
    assert "deck.yaml" in window.status.text() and studio.document is None
    runner.wait(5000)


def test_a_new_deck_from_the_file_menu_asks_about_unsaved_changes_first(
        studio: Studio, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    choose(studio, qtbot, 1)
    type_into(studio, qtbot, "heading", "Changed but not saved", "en")
    studio.decks.switch_to(tmp_path / "second", create=True)
    box = studio.window.findChild(QMessageBox, "unsaved-question")
    assert box is not None and box.isVisible()
    assert studio.document is not None and studio.document.folder.name == "deck"
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        box.button(QMessageBox.StandardButton.Discard).click()
    assert studio.document.folder == tmp_path / "second"
    assert studio.window.slides.count() == 1 and not studio.dirty
    assert load_deck(tmp_path / "second").errors == []


def test_a_new_deck_is_never_started_over_someones_files(
        studio: Studio, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "letter.txt").write_text("not a deck")
    studio.decks.switch_to(busy, create=True)
    qtbot.waitUntil(lambda: "cannot be opened" in studio.window.status.text(), timeout=5000)
    assert "not empty" in studio.window.status.text()
    assert sorted(p.name for p in busy.iterdir()) == ["letter.txt"]


def test_the_stick_carries_the_booths_set_up_to_another_pc(
        studio: Studio, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Set on the studio's computer: the PIN, the idle time, a way out with a token. On the
    stick, "What goes on the stick" says so; ticked, the token goes sealed. Another PC (its
    own kiosk.yaml and data folder) applies it with the PIN and ends up with all three."""
    from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QLineEdit, QPushButton

    from kiosk.setup import booth_setup
    from kiosk.setup.config import load_settings
    from kiosk.staff import pin as staff
    from kiosk.staff.pin import StaffAuth

    monkeypatch.setattr(staff, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    window = studio.window
    panel = window.settings
    panel.inputs[("idle_seconds",)].setValue(60)
    panel.inputs[("sync", "webhook", "url")].setText("https://office.mission.test/in")
    panel.inputs[("sync", "webhook", "token")].setText("t0ken-for-the-office")
    with qtbot.waitSignal(studio.kiosk_settings.done, timeout=10_000):
        QTest.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    panel.pin.setText("2468")
    panel.pin_again.setText("2468")
    with qtbot.waitSignal(studio.kiosk_settings.done, timeout=10_000):
        QTest.mouseClick(panel.pin_button, Qt.MouseButton.LeftButton)
    stick = tmp_path / "stick"
    stick.mkdir()
    studio.to_stick.copy_to_stick(stick)
    qtbot.waitUntil(lambda: window.findChild(QDialog, "stick-dialog") is not None,
                    timeout=10_000)
    dialog = window.findChild(QDialog, "stick-dialog")
    listed = dialog.findChild(QLabel, "contents").text()
    assert "idle time: 60 s" in listed and "office.mission.test" in listed
    assert "salted hash" in listed
    QTest.mouseClick(dialog.findChild(QCheckBox, "with-secrets"), Qt.MouseButton.LeftButton,
                     pos=QPoint(8, 8))
    QTest.mouseClick(dialog.findChild(QPushButton, "stick-copy"), Qt.MouseButton.LeftButton)
    assert "Type the staff PIN" in dialog.findChild(QLabel, "problem").text()
    QTest.keyClicks(dialog.findChild(QLineEdit, "stick-pin"), "2468")
    QTest.mouseClick(dialog.findChild(QPushButton, "stick-copy"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Copied to" in window.status.text()
                    or "Not copied" in window.status.text(), timeout=10_000)
    deck = next((stick / "kiosk-slides").iterdir())
    setup = booth_setup.read_setup(deck)
    assert setup is not None and "t0ken" not in (deck / "booth-setup.yaml").read_text()
    other = tmp_path / "other-pc"
    config, data = other / "kiosk.yaml", other / "data"
    booth_setup.apply_setup(setup, config, data, "2468")
    settings, problems = load_settings(config)
    assert problems == [] and settings.idle_seconds == 60
    assert settings.sync is not None
    assert settings.sync.webhook_url == "https://office.mission.test/in"
    assert settings.sync.webhook_token == "t0ken-for-the-office"
    assert StaffAuth(data).check("2468").ok


def test_cancel_on_what_goes_on_the_stick_copies_nothing(
        studio: Studio, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialog, QPushButton

    stick = tmp_path / "stick"
    stick.mkdir()
    studio.to_stick.copy_to_stick(stick)
    qtbot.waitUntil(lambda: studio.window.findChild(QDialog, "stick-dialog") is not None,
                    timeout=10_000)
    dialog = studio.window.findChild(QDialog, "stick-dialog")
    QTest.mouseClick(dialog.findChild(QPushButton, "stick-cancel"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: studio.window.findChild(QDialog, "stick-dialog") is None,
                    timeout=5000)
    studio.runner.wait(5000)
    assert list(stick.iterdir()) == [] and "Copying" not in studio.window.status.text()
