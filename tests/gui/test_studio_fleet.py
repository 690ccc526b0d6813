"""The fleet in the studio, through its File menu: Make a fleet (the key shown once, kept by
Copy or Save to file, never into the shared folder), Publish to the booths (a signed package
a booth takes; a deck with problems publishes nothing), and the Booths page."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QWidget,
)

from kiosk.fleet.booth import Ready, look
from kiosk.fleet.layout import make_fleet, read_fleet
from kiosk.fleet.office import publish
from kiosk.setup.keys import is_key
from kiosk.staff import pin as staff
from kiosk.staff.pin import StaffAuth
from kiosk.studio.booths_page import BoothsPage
from kiosk.studio.controller import Studio
from kiosk.studio.fleet_choices import remember
from kiosk.sync.fleet import write_status
from kiosk.sync.fleet_key import new_key, parse_key, read_key_file
from tests.gui.test_studio import choose, studio

__all__ = ["studio"]  # the fixture, shared with the studio's own tests


def shown(studio: Studio, qtbot, kind: type, name: str) -> QWidget:  # type: ignore[no-untyped-def]
    """The visible widget of ``kind`` named ``name``, once it is there."""
    def find() -> QWidget | None:
        found = [w for w in studio.window.findChildren(kind, name) if w.isVisible()]
        return found[-1] if found else None

    qtbot.waitUntil(lambda: find() is not None, timeout=10_000)
    widget = find()
    assert widget is not None
    return widget


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def answer_file_dialog(studio: Studio, qtbot, name: str, path: Path) -> None:  # type: ignore[no-untyped-def]
    """What choosing ``path`` in the file dialog ``name`` and pressing its button do."""
    dialog = shown(studio, qtbot, QFileDialog, name)
    assert isinstance(dialog, QFileDialog)
    dialog.fileSelected.emit(str(path))
    dialog.close()


def make_through_menu(studio: Studio, qtbot, folder: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    studio.window.make_fleet_action.trigger()
    dialog = shown(studio, qtbot, QDialog, "make-fleet-dialog")
    click(dialog.findChild(QPushButton, "fleet-folder-choose"))
    answer_file_dialog(studio, qtbot, "fleet-folder-dialog", folder)
    QTest.keyClicks(dialog.findChild(QLineEdit, "fleet-name"), name)
    click(dialog.findChild(QPushButton, "make-fleet"))


def note_of(dialog: QWidget) -> str:
    return "".join(label.text() for label in dialog.findChildren(QLabel)
                   if label.objectName() in ("note", "problem"))


def test_make_a_fleet_shows_its_key_once_and_keeps_it_off_the_shared_folder(
        studio: Studio, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "Sync" / "Booths"
    folder.mkdir(parents=True)
    make_through_menu(studio, qtbot, folder, "Mission booths")
    dialog = shown(studio, qtbot, QDialog, "fleet-key-dialog")
    key = dialog.findChild(QLineEdit, "fleet-key").text()
    assert is_key(key) and read_fleet(folder).name == "Mission booths"
    assert key not in "".join(p.read_text(errors="replace") for p in folder.rglob("*")
                              if p.is_file())  # the shared folder never holds it
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "shown only this once" in text and "Keep it off the shared folder" in text
    click(dialog.findChild(QPushButton, "key-done"))  # not kept yet: said, not closed
    assert dialog.isVisible() and "not kept yet" in note_of(dialog)
    click(dialog.findChild(QPushButton, "copy-key"))
    assert QGuiApplication.clipboard().text() == key
    click(dialog.findChild(QPushButton, "save-key"))
    answer_file_dialog(studio, qtbot, "save-key-dialog", folder / "messages" / "key.txt")
    qtbot.waitUntil(lambda: "inside the shared folder" in note_of(dialog), timeout=10_000)
    assert not (folder / "messages" / "key.txt").exists()
    kept = tmp_path / "office" / "fleet-key.txt"
    kept.parent.mkdir()
    click(dialog.findChild(QPushButton, "save-key"))
    answer_file_dialog(studio, qtbot, "save-key-dialog", kept)
    qtbot.waitUntil(lambda: "Saved in" in note_of(dialog), timeout=10_000)
    assert read_key_file(kept) == parse_key(key)
    if os.name == "posix":
        assert kept.stat().st_mode & 0o077 == 0  # this user's alone
    click(dialog.findChild(QPushButton, "key-done"))
    assert not dialog.isVisible()
    make_through_menu(studio, qtbot, folder, "Again")  # a fleet already: no new key
    said = shown(studio, qtbot, QDialog, "fleet-exists-dialog")
    assert "is a fleet already" in " ".join(label.text() for label in said.findChildren(QLabel))
    assert not [d for d in studio.window.findChildren(QDialog, "fleet-key-dialog")
                if d.isVisible()]


def test_a_folder_with_other_files_is_refused_in_the_dialog(
        studio: Studio, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    busy = tmp_path / "Documents"
    busy.mkdir()
    (busy / "letter.txt").write_text("not a fleet")
    make_through_menu(studio, qtbot, busy, "")
    dialog = shown(studio, qtbot, QDialog, "make-fleet-dialog")
    qtbot.waitUntil(lambda: "choose an empty folder" in note_of(dialog), timeout=10_000)
    assert sorted(p.name for p in busy.iterdir()) == ["letter.txt"]


def test_a_folder_typed_as_part_of_a_path_is_refused_and_nothing_is_made(
        studio: Studio, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A part of a path would be taken from wherever the studio was started: a folder
    nobody could find again."""
    started_in = tmp_path / "started-in"
    started_in.mkdir()
    monkeypatch.chdir(started_in)
    studio.window.make_fleet_action.trigger()
    dialog = shown(studio, qtbot, QDialog, "make-fleet-dialog")
    QTest.keyClicks(dialog.findChild(QLineEdit, "fleet-folder"), "Booths")
    QTest.keyClicks(dialog.findChild(QLineEdit, "fleet-name"), "Mission booths")
    click(dialog.findChild(QPushButton, "make-fleet"))
    assert "The shared folder: Type the whole path" in note_of(dialog)
    assert dialog.height() >= dialog.sizeHint().height()  # its lines shown, nothing squeezed
    assert dialog.findChild(QPushButton, "make-fleet").isEnabled()  # to type it again
    studio.runner.wait()
    assert list(started_in.iterdir()) == []


@pytest.fixture
def fleet(tmp_path: Path) -> tuple[Path, Path, bytes]:
    """A fleet folder and its key, saved in a file of the office's."""
    made = make_fleet(tmp_path / "Booths", "Mission booths")
    assert made.key is not None
    key_file = tmp_path / "fleet-key.txt"
    key_file.write_text(made.key + "\n")
    return made.fleet.folder, key_file, parse_key(made.key)


def publish_through_menu(studio: Studio, qtbot, folder: Path | None,  # type: ignore[no-untyped-def]
                         key_file: Path | None) -> QDialog:
    """Answer "Publish to the booths" (the folder and the key typed, unless offered)."""
    dialog = shown(studio, qtbot, QDialog, "publish-dialog")
    if folder is not None:
        dialog.findChild(QLineEdit, "publish-folder").setText(str(folder))
    if key_file is not None:
        dialog.findChild(QLineEdit, "key-file").setText(str(key_file))
    click(dialog.findChild(QPushButton, "publish"))
    return dialog


def test_publish_writes_a_package_signed_with_the_key_that_a_booth_takes(
        studio: Studio, qtbot, tmp_path: Path, fleet: tuple[Path, Path, bytes],  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder, key_file, key = fleet
    monkeypatch.setattr(staff, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    (tmp_path / "kiosk.yaml").write_text("kiosk_id: office-pc\nidle_seconds: 60\n")
    StaffAuth(tmp_path / "data").set_pin("2468")
    studio.window.publish_action.trigger()
    dialog = shown(studio, qtbot, QDialog, "publish-dialog")
    assert dialog.findChild(QCheckBox, "with-setup").isChecked()
    publish_through_menu(studio, qtbot, folder, key_file)
    result = shown(studio, qtbot, QDialog, "published-dialog")
    words = " ".join(label.text() for label in result.findChildren(QLabel))
    assert "Published version" in words and "every booth" in words
    packages = sorted((folder / "packages").iterdir())
    assert len(packages) == 1
    found = look(folder, "st-marks", "", key)
    assert isinstance(found.checked, Ready)  # signed with the fleet key, whole, valid
    assert found.checked.manifest.setup  # with the booths' set-up
    setup = (packages[0] / "booth-setup.yaml").read_text()
    assert "idle_seconds: 60" in setup and "office-pc" not in setup  # no booth's own name
    assert look(folder, "st-marks", "", parse_key(new_key())).checked is None  # not ours
    result.close()
    studio.window.publish_action.trigger()  # the choices are offered again
    dialog = publish_through_menu(studio, qtbot, None, None)
    assert dialog.findChild(QLineEdit, "publish-folder").text() == str(folder)
    shown(studio, qtbot, QDialog, "published-dialog")
    assert len(list((folder / "packages").iterdir())) == 2


def test_publish_to_a_folder_typed_as_part_of_a_path_is_refused(
        studio: Studio, qtbot, fleet: tuple[Path, Path, bytes], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder, key_file, _key = fleet
    monkeypatch.chdir(folder.parent)  # "Booths" would be found from here, by chance
    studio.window.publish_action.trigger()
    dialog = publish_through_menu(studio, qtbot, Path(folder.name), key_file)
    assert "The shared folder: Type the whole path" in note_of(dialog)
    dialog.findChild(QLineEdit, "publish-folder").setText(str(folder))
    dialog.findChild(QLineEdit, "key-file").setText(key_file.name)
    click(dialog.findChild(QPushButton, "publish"))
    assert "The file with the fleet key: Type the whole path" in note_of(dialog)
    assert not (folder / "packages").exists() or not any((folder / "packages").iterdir())


def test_a_deck_with_problems_shows_them_and_publishes_nothing(
        studio: Studio, qtbot, fleet: tuple[Path, Path, bytes]) -> None:  # type: ignore[no-untyped-def]
    folder, key_file, _key = fleet
    choose(studio, qtbot, 2)  # a figure: without its source it is not ready
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        studio.window.fields.inputs[("source", None)].setCurrentIndex(0)
    studio.window.publish_action.trigger()
    box = shown(studio, qtbot, QMessageBox, "unsaved-question")  # the booths get it saved
    assert isinstance(box, QMessageBox)
    with qtbot.waitSignal(studio.saved, timeout=10_000):
        click(box.button(QMessageBox.StandardButton.Save))
    publish_through_menu(studio, qtbot, folder, key_file)
    result = shown(studio, qtbot, QDialog, "not-published-dialog")
    listed = result.findChild(QLabel, "listed").text()
    assert "deck.yaml line" in listed and "source" in listed
    assert list((folder / "packages").iterdir()) == []
    assert "Not published" in studio.window.status.text()


def test_a_key_file_in_the_shared_folder_is_refused(
        studio: Studio, qtbot, fleet: tuple[Path, Path, bytes]) -> None:  # type: ignore[no-untyped-def]
    folder, key_file, _key = fleet
    shared = folder / "fleet-key.txt"
    shared.write_bytes(key_file.read_bytes())
    studio.window.publish_action.trigger()
    dialog = publish_through_menu(studio, qtbot, folder, shared)
    qtbot.waitUntil(lambda: "inside the shared folder" in note_of(dialog), timeout=10_000)
    assert list((folder / "packages").iterdir()) == []


def jpeg(path: Path, colour: str) -> None:
    image = QImage(640, 360, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path), "JPEG")


def test_the_booths_page_lists_each_booth_with_its_problems_and_refreshes(
        studio: Studio, qtbot, fleet: tuple[Path, Path, bytes]) -> None:  # type: ignore[no-untyped-def]
    folder, key_file, key = fleet
    messages = read_fleet(folder).messages
    long_ago = (datetime.now(UTC) - timedelta(hours=6, minutes=5)).isoformat()
    write_status(messages, "st-marks", {"updated_at": long_ago, "deck_version": "2026.1",
                                        "waiting": 0, "refused": 0}, key)
    write_status(messages, "riverside", {"deck_version": "2026.1", "waiting": 3, "refused": 1,
                                         "last_problem": "the mail server said no"}, key)
    jpeg(folder / "screens" / "riverside.jpg", "#3a6ea5")
    studio.window.booths_action.trigger()
    page = shown(studio, qtbot, QWidget, "booths-page")
    assert isinstance(page, BoothsPage)
    qtbot.waitUntil(lambda: "Choose the fleet's shared folder" in page.summary.text(),
                    timeout=10_000)
    with qtbot.waitSignal(page.refreshed, timeout=10_000):
        click(page.findChild(QPushButton, "booths-folder-choose"))
        answer_file_dialog(studio, qtbot, "booths-folder-dialog", folder)
    with qtbot.waitSignal(page.refreshed, timeout=10_000):
        click(page.findChild(QPushButton, "booths-key-choose"))
        answer_file_dialog(studio, qtbot, "booths-key-dialog", key_file)
    table = page.findChild(QTableWidget, "booths")

    def rows() -> dict[str, list[str]]:
        return {table.item(r, 1).text(): [table.item(r, c).text() for c in range(6)]
                for r in range(table.rowCount())}

    listed = rows()
    assert sorted(listed) == ["riverside", "st-marks"]
    assert listed["st-marks"][5] == "silent for 6 h"
    assert listed["st-marks"][0] == "no picture yet"
    assert listed["riverside"][5] == "1 message(s) refused: the mail server said no"
    assert listed["riverside"][4] == "3 waiting · 1 refused"
    assert listed["riverside"][3] == "2026.1"
    row = next(r for r in range(2) if table.item(r, 1).text() == "riverside")
    assert table.item(row, 0).data(Qt.ItemDataRole.DecorationRole) is not None  # its screen
    assert "the mail server said no" in table.item(row, 5).toolTip()
    assert "2 booths, 2 need help" in page.summary.text()
    write_status(messages, "riverside", {"deck_version": "2026.1", "waiting": 0,
                                         "refused": 0}, key)
    with qtbot.waitSignal(page.refreshed, timeout=10_000):
        click(page.findChild(QPushButton, "refresh"))
    assert rows()["riverside"][5] == "All well"
    assert "2 booths, 1 needs help" in page.summary.text()
    page.close()


def test_a_booth_behind_what_was_published_is_waited_for_then_said(
        studio: Studio, qtbot, tmp_path: Path, fleet: tuple[Path, Path, bytes]) -> None:  # type: ignore[no-untyped-def]
    """Just published: "on its way". Still not playing it past the alerts' grace: a problem."""
    folder, key_file, key = fleet
    remember(tmp_path / "data", folder=str(folder), key_file=str(key_file))  # as Publish does
    published = publish(folder, studio.document.folder, key)
    write_status(read_fleet(folder).messages, "st-marks",
                 {"deck_version": "2025.1", "fleet_serial": 0, "waiting": 0, "refused": 0}, key)
    studio.window.booths_action.trigger()
    page = shown(studio, qtbot, QWidget, "booths-page")
    assert isinstance(page, BoothsPage)
    qtbot.waitUntil(lambda: "Looked at" in page.summary.text(), timeout=10_000)
    table = page.findChild(QTableWidget, "booths")
    assert table.item(0, 3).text().startswith(f"2025.1\n{published.version} is on its way")
    assert table.item(0, 5).text() == "All well"
    page.clock = lambda: datetime.now().astimezone() + timedelta(hours=1, minutes=30)
    with qtbot.waitSignal(page.refreshed, timeout=10_000):
        click(page.findChild(QPushButton, "refresh"))
    assert table.item(0, 3).text() == "2025.1"
    assert table.item(0, 5).text() == f"plays version 2025.1, not {published.version}"
    page.close()
