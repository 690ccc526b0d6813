"""The studio's controls no other test presses: the File menu's items through the open
menu, each yes/no setting on "The kiosk" tab, a source's Remove, "Choose…" beside a photo,
and each colour's swatch. Each checks what the press did."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QFileDialog,
    QMenu,
    QPushButton,
    QStyle,
    QStyleOptionButton,
)

from kiosk.platform import paths
from kiosk.setup.config import load_settings
from kiosk.studio.controller import Studio
from tests.decks import png_bytes
from tests.gui.test_studio import choose, open_studio


@pytest.fixture
def studio(kiosk_app, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "deck"
    shutil.copytree(paths.bundled_content_dir(), folder)
    studio, runner = open_studio(qtbot, tmp_path, folder)
    studio.window.resize(1366, 768)
    studio.window.show()
    yield studio
    studio.dirty = False
    runner.wait(5000)


def press_in_file_menu(studio: Studio, qtbot, words: str) -> None:  # type: ignore[no-untyped-def]
    """Open the File menu and click the item ``words``, as with a mouse."""
    bar = studio.window.menuBar()
    menu = next(a.menu() for a in bar.actions() if a.text().replace("&", "") == "File")
    assert isinstance(menu, QMenu)
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(
        menu.menuAction()).center())
    qtbot.waitUntil(menu.isVisible, timeout=5000)
    item = next(a for a in menu.actions() if a.text().replace("&", "") == words)
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(item).center())


def test_save_in_the_file_menu_saves(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.test_studio import type_into

    choose(studio, qtbot, 1)
    type_into(studio, qtbot, "heading", "Saved from the menu", "en")
    with qtbot.waitSignal(studio.saved, timeout=10_000):
        press_in_file_menu(studio, qtbot, "Save")
    deck = studio.document.folder / "deck.yaml"
    assert "Saved from the menu" in deck.read_text(encoding="utf-8") and not studio.dirty


def test_copy_to_usb_stick_in_the_file_menu_asks_where(studio: Studio, qtbot,  # type: ignore[no-untyped-def]
                                                       monkeypatch) -> None:
    monkeypatch.setattr("kiosk.studio.to_stick.removable_drives", lambda writable: [])
    press_in_file_menu(studio, qtbot, "Copy to USB stick…")
    qtbot.waitUntil(lambda: any(d.isVisible() for d in
                                studio.window.findChildren(QFileDialog)), timeout=5000)
    dialog = next(d for d in studio.window.findChildren(QFileDialog) if d.isVisible())
    assert "No USB stick found" in dialog.windowTitle()
    dialog.reject()


def test_close_in_the_file_menu_closes_the_studio(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    press_in_file_menu(studio, qtbot, "Close")
    qtbot.waitUntil(lambda: not studio.window.isVisible(), timeout=5000)


def tick_box(box: QCheckBox) -> QPoint:
    """Where a check box's square is (a wide box without words takes clicks only there)."""
    option = QStyleOptionButton()
    box.initStyleOption(option)
    return box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option,
                                      box).center()


def test_each_yes_no_setting_is_saved_as_ticked(studio: Studio, qtbot,  # type: ignore[no-untyped-def]
                                                tmp_path: Path) -> None:
    window = studio.window
    window.tabs.setCurrentIndex(2)
    boxes = {name: window.settings.inputs[(name,)]
             for name in ("analytics", "keep_awake", "message_button", "high_contrast")}
    before = {}
    for name, box in boxes.items():
        assert isinstance(box, QCheckBox)
        before[name] = box.isChecked()
        QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=tick_box(box))
        assert box.isChecked() != before[name]
    with qtbot.waitSignal(studio.kiosk_settings.done, timeout=10_000):
        QTest.mouseClick(window.settings.save_button, Qt.MouseButton.LeftButton)
    settings, problems = load_settings(tmp_path / "kiosk.yaml")
    assert problems == []
    for name, was in before.items():
        assert getattr(settings, name) is (not was), name


def test_remove_takes_the_chosen_source_away(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = studio.window
    window.tabs.setCurrentIndex(1)
    sources = window.deck.sources
    count = len(studio.document.registry("sources"))
    QTest.mouseClick(sources.add_button, Qt.MouseButton.LeftButton)
    assert len(studio.document.registry("sources")) == count + 1
    sources.table.setCurrentCell(count, 0)
    QTest.mouseClick(sources.remove_button, Qt.MouseButton.LeftButton)
    assert len(studio.document.registry("sources")) == count


def test_choose_beside_a_photo_puts_the_chosen_photo_in(studio: Studio, qtbot,  # type: ignore[no-untyped-def]
                                                        tmp_path: Path) -> None:
    photo = tmp_path / "well.png"
    photo.write_bytes(png_bytes(64, 48, (40, 90, 160)))
    row = next(i for i, s in enumerate(studio.document.slides) if s.get("type") == "image")
    choose(studio, qtbot, row)
    button = studio.window.fields.findChild(QPushButton, "choose-image")
    assert button is not None and button.isVisible()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = studio.window.findChild(QFileDialog, "photo-dialog")
    assert dialog is not None and dialog.isVisible()
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        dialog.fileSelected.emit(str(photo))  # what choosing it and Open do
        dialog.close()
    assert studio.document.slide(row)["image"] == "images/well.png"


@pytest.mark.parametrize("name", ["background", "surface", "text", "muted", "accent"])
def test_each_colour_swatch_opens_a_picker_whose_colour_is_kept(studio: Studio, qtbot,  # type: ignore[no-untyped-def]
                                                                name: str) -> None:
    window = studio.window
    window.tabs.setCurrentIndex(1)
    QTest.mouseClick(window.deck.swatches[name], Qt.MouseButton.LeftButton)
    picker = next(d for d in window.deck.findChildren(QColorDialog) if d.isVisible())
    picker.setCurrentColor(QColor("#334455"))
    picker.accept()
    assert window.deck.colours[name].text().lower() == "#334455"
    assert str(studio.document.data["theme"][name]).lower() == "#334455"


def test_save_a_copy_in_the_file_menu_asks_for_a_folder_and_saves_there(  # type: ignore[no-untyped-def]
        studio: Studio, qtbot, tmp_path: Path) -> None:
    press_in_file_menu(studio, qtbot, "Save a copy…")
    dialog = studio.window.findChild(QFileDialog, "save-as-dialog")
    assert dialog is not None and dialog.isVisible()
    copy = tmp_path / "copy"
    with qtbot.waitSignal(studio.saved, timeout=10_000):
        dialog.fileSelected.emit(str(copy))
        dialog.close()
    assert (copy / "deck.yaml").is_file() and studio.document.folder == copy


@pytest.mark.parametrize(("words", "create"), [("New deck…", True), ("Open deck…", False)])
def test_new_and_open_deck_in_the_file_menu(studio: Studio, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                            words: str, create: bool) -> None:
    folder = tmp_path / "another"
    if not create:
        shutil.copytree(paths.bundled_content_dir(), folder)
    press_in_file_menu(studio, qtbot, words)
    name = "new-deck-dialog" if create else "open-deck-dialog"
    dialog = studio.window.findChild(QFileDialog, name)
    assert dialog is not None and dialog.isVisible()
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        dialog.fileSelected.emit(str(folder))
        dialog.close()
    assert studio.document.folder == folder and (folder / "deck.yaml").is_file()


@pytest.mark.parametrize("row", [1, 2, 0])
def test_each_screen_shape_repaints_the_preview_at_its_size(studio: Studio, qtbot,  # type: ignore[no-untyped-def]
                                                            row: int) -> None:
    from kiosk.studio.checks import PREVIEW

    buttons = studio.window.orientations
    if row == 0:  # landscape is chosen at first: come back to it from portrait
        with qtbot.waitSignal(studio.checked, timeout=10_000):
            QTest.mouseClick(buttons.button(1), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(studio.checked, timeout=10_000) as checked:
        QTest.mouseClick(buttons.button(row), Qt.MouseButton.LeftButton)
    assert checked.args[0].preview.size() == PREVIEW[row]


def test_redo_brings_back_what_undo_took(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.test_studio import type_into

    choose(studio, qtbot, 1)
    type_into(studio, qtbot, "heading", "Year zero, again", "en")
    window = studio.window
    QTest.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)
    assert studio.document.slide(1)["heading"] != "Year zero, again"
    assert window.redo_button.isEnabled()
    QTest.mouseClick(window.redo_button, Qt.MouseButton.LeftButton)
    assert studio.document.slide(1)["heading"] == "Year zero, again"


def test_the_save_a_copy_button_asks_for_a_folder(studio: Studio, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    QTest.mouseClick(studio.window.save_as_button, Qt.MouseButton.LeftButton)
    dialog = studio.window.findChild(QFileDialog, "save-as-dialog")
    assert dialog is not None and dialog.isVisible()
    with qtbot.waitSignal(studio.saved, timeout=10_000):
        dialog.fileSelected.emit(str(tmp_path / "kept"))
        dialog.close()
    assert (tmp_path / "kept" / "deck.yaml").is_file()


def test_add_a_slide_opens_its_menu_and_adds_the_kind_chosen(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    window = studio.window
    count = len(studio.document.slides)

    def choose_figure() -> None:  # while the button's menu is open
        menu, item = window.add_menu, window.add_actions["stat"]
        assert menu.isVisible()
        QTest.mouseClick(menu, Qt.MouseButton.LeftButton,
                         pos=menu.actionGeometry(item).center())

    QTimer.singleShot(0, choose_figure)  # runs in the open menu's own loop
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QTest.mouseClick(window.add_button, Qt.MouseButton.LeftButton)
    assert len(studio.document.slides) == count + 1
    assert studio.document.slide(studio.index)["type"] == "stat"


def test_a_file_that_is_no_photo_is_refused_before_it_is_copied(studio: Studio, qtbot,  # type: ignore[no-untyped-def]
                                                                tmp_path: Path) -> None:
    noise = tmp_path / "noise.jpg"
    noise.write_bytes(bytes(range(256)) * 64)
    row = next(i for i, s in enumerate(studio.document.slides) if s.get("type") == "image")
    choose(studio, qtbot, row)
    before = studio.document.slide(row).get("image")
    studio.photos.use_image("image", noise)
    qtbot.waitUntil(lambda: "not a photo the kiosk can show" in studio.window.status.text(),
                    timeout=10_000)
    assert not (studio.document.folder / "images" / "noise.jpg").exists()
    assert studio.document.slide(row).get("image") == before


def test_a_sources_new_title_shows_in_the_slides_source_box(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QComboBox

    choose(studio, qtbot, 2)  # a figure
    QTest.mouseClick(studio.window.fields.findChild(QPushButton, "add-source"),
                     Qt.MouseButton.LeftButton)
    table = studio.window.deck.sources.table
    item = table.currentItem()
    assert item is not None
    item.setText("Diocese annual report")  # what typing the title into the cell commits
    box = studio.window.fields.inputs[("source", None)]
    assert isinstance(box, QComboBox) and box.currentText() == "Diocese annual report"


def test_a_sources_title_and_publisher_get_the_tables_room(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Typed words show whole on "The deck" tab at 1366x768 (the notes column took the room
    and a title read "Trafficking in …")."""
    window = studio.window
    window.tabs.setCurrentIndex(1)
    sources = window.deck.sources
    table = sources.table
    title = sources.keys.index("title")
    notes = table.columnCount() - 1
    qtbot.waitUntil(lambda: table.isVisible() and table.viewport().width() > 300)
    QTest.qWait(0)  # the header lays its columns out once the table is shown
    assert table.columnWidth(title) > table.columnWidth(notes)
    assert table.columnWidth(title) >= 240


def test_the_e_mail_way_out_is_set_on_the_kiosk_tab(studio: Studio, qtbot,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path) -> None:
    """The first run offers e-mail: "The kiosk" tab shows and changes it too (addresses with
    commas); an empty mail server means no e-mail at all."""
    from PySide6.QtWidgets import QComboBox, QLineEdit

    panel = studio.window.settings
    studio.window.tabs.setCurrentIndex(2)
    typed = {"host": "smtp.mission.test", "user": "booth", "password": "app-pass-1234",
             "from": "booth@mission.test", "to": "office@mission.test, pastor@mission.test"}
    for key, words in typed.items():
        box = panel.inputs[("sync", "email", key)]
        assert isinstance(box, QLineEdit)
        box.setFocus()
        QTest.keyClicks(box, words)
    security = panel.inputs[("sync", "email", "security")]
    assert isinstance(security, QComboBox)
    security.setCurrentIndex(security.findData("ssl"))
    with qtbot.waitSignal(studio.kiosk_settings.done, timeout=10_000):
        QTest.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    settings, problems = load_settings(tmp_path / "kiosk.yaml")
    assert [p for p in problems if p.is_error] == []
    assert settings.sync is not None and settings.sync.email is not None
    assert settings.sync.email["to"] == ["office@mission.test", "pastor@mission.test"]
    assert settings.sync.email["security"] == "ssl"
    host = panel.inputs[("sync", "email", "host")]
    assert isinstance(host, QLineEdit)
    host.setFocus()
    host.selectAll()
    QTest.keyClick(host, Qt.Key.Key_Delete)
    with qtbot.waitSignal(studio.kiosk_settings.done, timeout=10_000):
        QTest.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    settings, _ = load_settings(tmp_path / "kiosk.yaml")
    assert settings.sync is None or settings.sync.email is None
    assert "email" not in (tmp_path / "kiosk.yaml").read_text(encoding="utf-8")
