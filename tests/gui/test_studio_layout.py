"""Kiosk Studio on the screens volunteers have, in their words.

At 1366x768, 1280x800 and 1920x1080 every control of every tab lies inside the window (a tab
taller than its room scrolls up and down, never sideways) and no button is narrower than its
words, also once the staff PIN is set and the way out for messages tested with a long folder
path. The slides, fields and settings speak plainly: a figure, not a "stat"; sources chosen
by their titles; whole seconds; the rarely needed fields under "More"."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenuBar,
    QScrollBar,
    QTabBar,
    QWidget,
)

from kiosk.platform import paths
from kiosk.studio.fields import FieldEditor
from kiosk.studio.window import StudioWindow
from tests.gui.test_studio import choose, open_studio

SIZES = [(1366, 768), (1280, 800), (1920, 1080)]
#: Widgets whose own children are their business (a spin box's line edit, a table's corner).
COMPOUND = (QAbstractSpinBox, QComboBox, QAbstractItemView, QTabBar, QMenuBar, QScrollBar)
CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractScrollArea)


def _ancestors(widget: QWidget, window: QWidget) -> Iterator[QWidget]:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        yield parent
        parent = parent.parentWidget()


def _controls(window: QWidget) -> list[QWidget]:
    """What a person sees and uses: buttons, boxes, lists, words."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.objectName().startswith("qt_"):
            continue
        if any(isinstance(a, COMPOUND) for a in _ancestors(widget, window)):
            continue
        if isinstance(widget, CONTROLS) or (isinstance(widget, QLabel) and widget.text()):
            found.append(widget)
    return found


def _box(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _name(widget: QWidget) -> str:
    words = widget.text() if isinstance(widget, QAbstractButton | QLabel | QLineEdit) else ""
    return f"{type(widget).__name__} {widget.objectName()!r} {words[:50]!r}"


def _scrolls_down(viewport: QWidget) -> bool:
    area = viewport.parentWidget()
    return (isinstance(area, QAbstractScrollArea) and area.viewport() is viewport
            and area.verticalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


def misfits(window: QWidget) -> list[str]:
    """Each visible control cut off by the window or by what holds it (sideways always; up
    and down unless a scroll area can bring it into view), and each button or label without
    room for its words."""
    found = []
    for widget in _controls(window):
        box, up_and_down = _box(widget, window), True
        for holder in (*_ancestors(widget, window), window):
            room = _box(holder, window) if holder is not window else window.rect()
            if box.left() < room.left() or box.right() > room.right():
                found.append(f"{_name(widget)} sticks out sideways of {_name(holder)}")
                break
            up_and_down = up_and_down and not _scrolls_down(holder)
            if up_and_down and (box.top() < room.top() or box.bottom() > room.bottom()):
                found.append(f"{_name(widget)} is cut off at the top or bottom")
                break
        wraps = isinstance(widget, QLabel) and widget.wordWrap()
        worded = isinstance(widget, QAbstractButton | QLabel) and widget.text() and not wraps
        if worded and widget.width() < widget.sizeHint().width():
            found.append(f"{_name(widget)} is narrower than its words "
                         f"({widget.width()} < {widget.sizeHint().width()})")
    return found


def assert_fits(qtbot, window: QWidget, where: str) -> None:  # type: ignore[no-untyped-def]
    """Once the layouts have settled, nothing is cut off (the first misfits are named)."""
    found: list[str] = []

    def fits() -> bool:
        found[:] = misfits(window)
        return not found

    with contextlib.suppress(qtbot.TimeoutError):
        qtbot.waitUntil(fits, timeout=1500)
    assert not found, f"{where}: " + "; ".join(found[:6])


@pytest.fixture
def studio(kiosk_app, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    import kiosk.staff.pin as staff

    monkeypatch.setattr(staff, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})  # a quick hash
    folder = tmp_path / "deck"
    shutil.copytree(paths.bundled_content_dir(), folder)
    studio, runner = open_studio(qtbot, tmp_path, folder)
    studio.window.show()
    qtbot.waitExposed(studio.window)
    yield studio
    studio.dirty = False  # let the window close without asking
    runner.wait(5000)


def _set_pin_and_test_the_folder(studio, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """As a volunteer does on "The kiosk": a PIN typed twice and set, then a folder path
    (long, as a synced folder's often is) typed and tested."""
    window, panel = studio.window, studio.window.settings
    window.tabs.setCurrentIndex(2)
    for box in (panel.pin, panel.pin_again):
        QTest.keyClicks(box, "2468")
    with qtbot.waitSignal(studio.settings_result, timeout=20_000):
        QTest.mouseClick(panel.pin_button, Qt.MouseButton.LeftButton)
    assert "PIN is set" in panel.pin_result.text()
    far = tmp_path / "Shared with the office" / "Kiosk messages for the spring events" / "x"
    QTest.keyClicks(panel.inputs[("sync", "folder", "path")], str(far / "not yet made"))
    with qtbot.waitSignal(studio.settings_result, timeout=20_000):
        QTest.mouseClick(panel.test_button, Qt.MouseButton.LeftButton)
    assert "not yet made" in panel.result.text()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_control_of_every_tab_fits_the_window(studio, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                    size: tuple[int, int]) -> None:
    window = studio.window
    window.resize(*size)
    _set_pin_and_test_the_folder(studio, qtbot, tmp_path)
    assert_fits(qtbot, window, f"'The kiosk' at {size} after setting the PIN")
    window.tabs.setCurrentIndex(1)
    assert_fits(qtbot, window, f"'The deck' at {size}")
    window.tabs.setCurrentIndex(0)
    kinds = {str(s["type"]): row for row, s in reversed(list(enumerate(studio.document.slides)))}
    for kind, row in kinds.items():
        choose(studio, qtbot, row)
        assert_fits(qtbot, window, f"a {kind} slide at {size}")
        more = window.fields.more_button
        QTest.mouseClick(more, Qt.MouseButton.LeftButton)
        assert_fits(qtbot, window, f"a {kind} slide with 'More' open at {size}")
        QTest.mouseClick(more, Qt.MouseButton.LeftButton)


class _Laptop:
    """A 1366x768 screen whose task bar leaves 728 pixels."""

    def availableGeometry(self) -> QRect:
        return QRect(0, 0, 1366, 728)


def test_on_a_laptop_the_window_fits_the_room_its_screen_leaves(
        kiosk_app, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(StudioWindow, "screen", lambda _self: _Laptop())
    window = StudioWindow()
    qtbot.addWidget(window)
    assert window.size().height() <= 728 - 30  # its title bar fits too
    window.show()
    qtbot.waitExposed(window)
    assert_fits(qtbot, window, "a window sized for the laptop's screen")
    assert window.save_button.isVisible()


# ---------------------------------------------------------------- words
def test_slide_kinds_are_named_as_a_volunteer_says_them(kiosk_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = StudioWindow()
    qtbot.addWidget(window)
    names = {kind: action.text() for kind, action in window.add_actions.items()}
    assert names["stat"] == "Figure" and names["image"] == "Photo"
    assert not any("_" in name or name == "Stat" for name in names.values())


PHOTO_SLIDE = {"type": "image", "id": "memorial", "image": "images/memorial.jpg",
               "focus": [0.5, 0.4], "duration": 12, "source": "bbc",
               "placeholder": "Replace with the organisation's photo"}
SOURCES = [("gavin-kiernan", "Pol Pot in Cambodia"), ("bbc", "Cambodia profile: timeline")]


def _form(qtbot, slide, sources, chapters=()) -> FieldEditor:  # type: ignore[no-untyped-def]
    form = FieldEditor()
    qtbot.addWidget(form)
    form.load(slide, ["en"], sources, list(chapters))
    form.resize(700, 900)
    form.show()
    qtbot.waitExposed(form)
    return form


def _caption(form: FieldEditor, name: str, language: str | None = None) -> str:
    label = form.form.labelForField(form.inputs[(name, language)].parentWidget())
    return label.text() if isinstance(label, QLabel) else ""


def test_a_photo_slide_s_fields_speak_plainly(kiosk_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, PHOTO_SLIDE, SOURCES)
    fit = form.inputs[("fit", None)]
    assert isinstance(fit, QComboBox)
    assert [fit.itemText(i) for i in range(fit.count())] == ["Fill the screen",
                                                            "Show the whole photo"]
    assert "screen readers" in _caption(form, "alt", "en")
    duration = form.inputs[("duration", None)]
    assert isinstance(duration, QAbstractSpinBox) and duration.text() == "12 s"
    hints = [w.text() for w in form.findChildren(QLabel) if w.isVisible()]
    assert "Click the photo in the preview to choose where the eye goes." in hints
    with qtbot.waitSignal(form.changed) as changed:
        fit.setCurrentIndex(1)
    assert changed.args == ["fit", "fit", None]


def test_the_slide_s_inner_workings_wait_under_more(kiosk_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, PHOTO_SLIDE, SOURCES)
    inner = [form.inputs[("id", None)], form.inputs[("placeholder", None)],
             form.inputs[("focus", "x")]]
    assert not any(box.isVisible() for box in inner)
    QTest.mouseClick(form.more_button, Qt.MouseButton.LeftButton)
    assert all(box.isVisible() for box in inner)
    assert form.inputs[("focus", "y")].text() == "down 40 %"
    form.load({**PHOTO_SLIDE, "id": "another"}, ["en"], SOURCES, [])
    assert form.inputs[("id", None)].isVisible()  # open for the next slide too


def test_a_source_is_chosen_by_its_title_and_a_new_one_asked_for(kiosk_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, PHOTO_SLIDE, SOURCES, [("year-zero", "Year Zero")])
    source = form.inputs[("source", None)]
    assert isinstance(source, QComboBox)
    assert source.currentText() == "Cambodia profile: timeline"
    with qtbot.waitSignal(form.changed) as changed:
        source.setCurrentIndex(source.findText("Pol Pot in Cambodia"))
    assert changed.args == ["source", "gavin-kiernan", None]  # the id is what is stored
    chapter = form.inputs[("chapter", None)]
    assert isinstance(chapter, QComboBox) and chapter.findText("Year Zero") >= 0
    add = form.findChild(QAbstractButton, "add-source")
    assert add is not None and add.text() == "Add a source"
    with qtbot.waitSignal(form.add_source_requested):
        QTest.mouseClick(add, Qt.MouseButton.LeftButton)
    form.load(PHOTO_SLIDE, ["en"], ["gavin-kiernan", "bbc"], [])  # bare ids still work
    assert form.inputs[("source", None)].currentText() == "bbc"


def test_the_kiosk_settings_speak_plainly(studio) -> None:  # type: ignore[no-untyped-def]
    panel = studio.window.settings
    assert panel.inputs[("idle_seconds",)].text() == "45 s"
    renderer = panel.inputs[("renderer",)]
    assert isinstance(renderer, QComboBox)
    assert {renderer.itemText(i) for i in range(renderer.count())} == {
        "Processor (works everywhere)", "Graphics card"}
    secret = panel.inputs[("sync", "webhook", "secret")]
    assert "comes from this kiosk" in secret.toolTip() and "header" not in secret.toolTip()


# ---------------------------------------------------------------- the title
def test_the_title_says_when_changes_are_not_saved(kiosk_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = StudioWindow()
    qtbot.addWidget(window)
    window.show_title("/home/ana/booth", unsaved=True)
    assert window.windowTitle() == "● Kiosk Studio — /home/ana/booth"
    window.show_title("/home/ana/booth", unsaved=False)
    assert window.windowTitle() == "Kiosk Studio — /home/ana/booth"
    assert QSize(window.size()).isValid()
