"""Which controls the tests press: every button clicked (by mouse, key or ``click()``), every
menu item or action triggered, every drop target dropped on, in the whole run, keyed by the
window that holds it and the control's name. ``tests/gui/test_zz_census.py`` compares them
with every control the studio and the staff panel have."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QApplication, QMenu, QTabBar, QWidget

PRESSED: set[str] = set()
#: Off while a monkey test runs: its random taps press things no test checks the effect of.
RECORDING = [True]
OWNERS = ("StudioWindow", "KioskWindow")  # the windows whose controls are counted


def owner(widget: QObject | None) -> str:
    """The class of the counted window ``widget`` is in, else ''."""
    while widget is not None:
        name = type(widget).__name__
        if name in OWNERS:
            return name
        widget = widget.parent()
    return ""


def name_of(control: QObject) -> str:
    """A control's name: its object name, else its words (without the & of a shortcut)."""
    if control.objectName():
        return control.objectName()
    text = control.text() if isinstance(control, QAbstractButton | QAction) else ""
    return text.replace("&", "").strip() or type(control).__name__


def _add(what: str) -> None:
    if RECORDING[0]:
        PRESSED.add(what)


def key(control: QObject, where: QObject | None = None) -> str:
    return f"{owner(where or control)}: {type(control).__name__} {name_of(control)}"


class _Watcher(QObject):
    """Sees every release on a button, key press on a focused button, and drop."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Drop and isinstance(watched, QWidget):
            target = watched.parentWidget() if watched.objectName() == "qt_scrollarea_viewport" \
                else watched
            if target is not None:
                _add(f"{owner(target)}: drop {name_of(target)}")
        return False


def _recording(cls: Any, method: str, what: Any) -> None:
    original = getattr(cls, method)

    def wrapped(self: Any, *args: Any, **kwargs: Any) -> Any:
        _add(what(self))
        return original(self, *args, **kwargs)

    setattr(cls, method, wrapped)


def install() -> None:
    """Record from now on (once per run)."""
    app = QApplication.instance()
    assert app is not None
    watcher = _Watcher(app)
    app.installEventFilter(watcher)
    for signal_owner in (QAbstractButton,):
        _recording(signal_owner, "click", key)
        _recording(signal_owner, "animateClick", key)
    _recording(QAction, "trigger", lambda action: key(action, _action_owner(action)))
    _hook_clicks()


def _action_owner(action: QAction) -> QObject | None:
    parent = action.parent()
    if isinstance(parent, QMenu):
        return parent.parentWidget() or parent
    return parent


def _hook_clicks() -> None:
    """A button's ``clicked`` however it came (mouse, key, QTest): connected on each button
    as it is polished is too late for some, so every button's press is seen through its
    ``pressed`` state instead: QTest.mouseClick sends press and release, which the button
    turns into ``clicked``; the application's filter records the release on a button."""
    app = QApplication.instance()
    assert app is not None

    class Releases(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (event.type() in (QEvent.Type.MouseButtonRelease, QEvent.Type.KeyRelease)
                    and isinstance(watched, QAbstractButton) and watched.isEnabled()):
                _add(key(watched))
            if event.type() == QEvent.Type.MouseButtonRelease and isinstance(watched, QMenu):
                action = watched.actionAt(event.position().toPoint())  # type: ignore[attr-defined]
                if action is not None:
                    _add(key(action, _action_owner(action)))
            return False

    app.installEventFilter(Releases(app))


def controls(window: QWidget) -> set[str]:
    """Every button, action with words, and drop target in ``window``, by key."""
    found = {key(b) for b in window.findChildren(QAbstractButton)
             if not b.objectName().startswith("qt_") and not isinstance(b.parent(), QTabBar)}
    found |= {key(a, _action_owner(a)) for a in window.findChildren(QAction)
              if a.text() and not a.isSeparator() and not a.menu()}
    found |= {f"{owner(w)}: drop {name_of(w)}" for w in window.findChildren(QWidget)
              if w.acceptDrops() and type(w).__module__.startswith("kiosk.")}  # ours, not
    return found  # the text drops every line edit takes
