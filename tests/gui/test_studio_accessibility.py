"""Kiosk Studio as a screen reader reads it: every control a volunteer can reach (buttons,
boxes, lists, check boxes, tabs, the menu bar, the preview, buttons with only a sign on them,
the rows that take a file) has a name and a role. The accessibility tree (``QAccessible``,
from the real window down) is walked on each tab, on each kind of slide, with "More" open,
and in each window that opens from the File menu (opened by its real menu item)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from kiosk.studio.controller import Studio
from tests.gui.access_walk import walk
from tests.gui.studio_media import media_studio
from tests.gui.test_studio import choose
from tests.gui.test_studio_controls import press_in_file_menu

Role = QAccessible.Role
NAME = QAccessible.Text.Name
#: What a person presses, ticks, types in or picks: each needs a name. (A table's cells are
#: its data, not controls: a folder's empty "Size" is no missing name; the table is named.)
INTERACTIVE = {Role.Button, Role.CheckBox, Role.RadioButton, Role.EditableText, Role.ComboBox,
               Role.Slider, Role.SpinBox, Role.ListItem, Role.PageTab, Role.MenuItem,
               Role.Link, Role.ButtonMenu, Role.ButtonDropDown, Role.ButtonDropGrid,
               Role.List, Role.Table, Role.Tree, Role.MenuBar, Role.PopupMenu}


def describe(face: QAccessibleInterface) -> str:
    widget = face.object()
    name = widget.objectName() if widget is not None else ""
    kind = type(widget).__name__ if widget is not None else "?"
    return f"{kind} '{name}' ({face.role().name})"


def nameless(window: QWidget) -> list[str]:
    """Each visible, enabled control in ``window`` with no name."""
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    root = QAccessible.queryAccessibleInterface(window)
    assert root is not None and root.isValid()
    return [describe(face) for face in walk(root) if face.role() in INTERACTIVE
            and not face.state().disabled and not face.text(NAME).strip()]


@pytest.fixture
def studio(kiosk_app, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    with media_studio(qtbot, tmp_path, seconds=2.0) as studio:
        yield studio


def test_every_control_on_every_tab_and_slide_has_a_name(studio: Studio, qtbot) -> None:
    window = studio.window
    found: dict[str, list[str]] = {}
    QTest.mouseClick(window.fields.more_button, Qt.MouseButton.LeftButton)  # "More" open
    for row in range(window.slides.count()):
        choose(studio, qtbot, row)
        kind = str(studio.document.slide(row)["type"])
        found[f"a {kind} slide"] = nameless(window)
    for tab in (1, 2):
        window.tabs.setCurrentIndex(tab)
        found[window.tabs.tabText(tab)] = nameless(window)
    assert not any(found.values()), "\n".join(f"{k}: {v}" for k, v in found.items())


def test_the_file_menu_and_the_add_a_slide_menu_name_their_items(studio: Studio, qtbot
                                                                 ) -> None:
    window = studio.window
    bar = window.menuBar()
    file_menu = next(a.menu() for a in bar.actions() if a.text() == "&File")
    assert isinstance(file_menu, QMenu)
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton,
                     pos=bar.actionGeometry(file_menu.menuAction()).center())
    qtbot.waitUntil(file_menu.isVisible, timeout=5000)
    assert not nameless(file_menu)
    file_menu.close()
    QTimer.singleShot(0, lambda: found.append(nameless(window.add_menu)) or
                      window.add_menu.close())  # while the button's menu is open
    found: list[list[str]] = []
    QTest.mouseClick(window.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(found), timeout=5000)
    assert found == [[]]


def test_the_preview_says_what_it_shows(studio: Studio) -> None:
    face = QAccessible.queryAccessibleInterface(studio.window.preview)
    assert face is not None and face.text(NAME).strip()
    assert face.role() in (Role.Graphic, Role.Animation)


def _opened(qtbot, before: set[QWidget]) -> QWidget:  # type: ignore[no-untyped-def]
    """The window that opened since ``before`` (a dialog, or the booths' page)."""
    def new() -> list[QWidget]:
        return [w for w in QApplication.topLevelWidgets()
                if w.isVisible() and not isinstance(w, QMenu) and w not in before]

    qtbot.waitUntil(lambda: bool(new()), timeout=10_000)
    return new()[-1]


#: The File menu's items that open a window.
OPENING = ("New deck…", "Open deck…", "Save a copy…", "Copy to USB stick…", "Make a fleet…",
           "Publish to the booths…", "The booths…")


def test_each_window_the_file_menu_opens_names_its_controls(studio: Studio, qtbot,  # type: ignore[no-untyped-def]
                                                            monkeypatch) -> None:
    monkeypatch.setattr("kiosk.studio.to_stick.removable_drives", lambda writable: [])
    found = {}
    for item in OPENING:
        before = set(QApplication.topLevelWidgets())
        press_in_file_menu(studio, qtbot, item)
        window = _opened(qtbot, before)
        try:
            found[item] = nameless(window)
        finally:
            window.close()
    assert not any(found.values()), "\n".join(f"{k}: {v}" for k, v in found.items() if v)
