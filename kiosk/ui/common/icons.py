"""Icons from the icon fonts qtawesome ships, loaded on first use.

The kiosk's own icons are all Material Design Icons (``mdi6.*``): those are drawn here from
qtawesome's font file and name list directly, without importing qtawesome. Importing it
costs ~14 MB and ~40 ms (qtpy star-imports every class of QtGui and QtWidgets, and the first
icon loads and checks all twelve of its fonts). Any other prefix, such as a chapter icon a
deck names from Font Awesome, and the studio's icon picker, use qtawesome itself.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import cast

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)

#: Qt modules qtpy (under qtawesome) imports for its own completeness, which icons never use:
#: QtOpenGL alone costs ~20 ms and a few MB. qtpy is written to do without them.
_UNUSED_BY_ICONS = ("PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets")
#: The icon set drawn here; its files are found by these names in qtawesome's fonts folder.
OWN_PREFIX = "mdi6"
_FONT_GLOB, _CHARMAP_GLOB = "materialdesignicons6-webfont-*.ttf", \
    "materialdesignicons6-webfont-charmap-*.json"


def qtawesome() -> ModuleType:
    """qtawesome, imported once without the Qt modules it does not need."""
    if "qtawesome" in sys.modules:
        return sys.modules["qtawesome"]
    blocked = [name for name in _UNUSED_BY_ICONS if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # import of it: ImportError
    try:
        import qtawesome as module
    finally:
        for name in blocked:  # anything that really needs them can still import them
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return cast(ModuleType, module)


def _fonts_folder() -> Path:
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("qtawesome is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


@functools.cache
def own_charmap() -> dict[str, str]:
    """Names of the kiosk's icon set, each with its character."""
    path = max(_fonts_folder().glob(_CHARMAP_GLOB))
    codes = json.loads(path.read_text(encoding="utf-8"))
    return {name: chr(int(code, 16)) for name, code in codes.items()}


@functools.cache
def _own_family() -> str:
    font_id = QFontDatabase.addApplicationFont(str(max(_fonts_folder().glob(_FONT_GLOB))))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        raise OSError("the icon font cannot be loaded")
    return families[0]


class _GlyphEngine(QIconEngine):
    """One glyph of the icon font, in a colour per icon mode (qtawesome draws it the same
    way: the glyph's pixel size is 7/8 of the icon's height, centred)."""

    def __init__(self, family: str, char: str, colours: dict[QIcon.Mode, QColor]) -> None:
        super().__init__()
        self.family, self.char, self.colours = family, char, colours

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode,
              state: QIcon.State) -> None:
        painter.save()
        painter.setPen(self.colours.get(mode, self.colours[QIcon.Mode.Normal]))
        font = QFont()
        font.setFamily(self.family)
        font.setPixelSize(max(1, round(0.875 * rect.height())))
        painter.setFont(font)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self.char)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _GlyphEngine(self.family, self.char, dict(self.colours))


def _disabled_colour() -> QColor:
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        return app.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    return QColor(150, 150, 150)


@functools.cache
def _own_icon(name: str, color: str, color_active: str | None) -> QIcon:
    char = own_charmap().get(name)
    if char is None:
        raise KeyError(f"no icon named '{OWN_PREFIX}.{name}'")
    active = QColor(color_active or color)
    colours = {QIcon.Mode.Normal: QColor(color), QIcon.Mode.Active: active,
               QIcon.Mode.Selected: active, QIcon.Mode.Disabled: _disabled_colour()}
    return QIcon(_GlyphEngine(_own_family(), char, colours))


class _ToggleEngine(QIconEngine):
    """Two icons: one for a checkable button that is off, one for it on."""

    def __init__(self, off: QIcon, on: QIcon) -> None:
        super().__init__()
        self.off, self.on = off, on

    def _pick(self, state: QIcon.State) -> QIcon:
        return self.on if state == QIcon.State.On else self.off

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode,
              state: QIcon.State) -> None:
        self._pick(state).paint(painter, rect, Qt.AlignmentFlag.AlignCenter, mode)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._pick(state).pixmap(size, mode)

    def clone(self) -> QIconEngine:
        return _ToggleEngine(self.off, self.on)


def icon(name: str, color: str, **options: str) -> QIcon:
    """The icon ``name`` ("mdi6.send") in ``color`` (``color_active``: when hovered or
    pressed; ``on`` and ``color_on``: another icon while a checkable button is on). Raises
    for a name no icon font has."""
    prefix, _, glyph = name.partition(".")
    if "on" in options and set(options) <= {"on", "color_on", "color_active"}:
        rest = {k: v for k, v in options.items() if k == "color_active"}
        lit = icon(options["on"], options.get("color_on", color), **rest)
        return QIcon(_ToggleEngine(icon(name, color, **rest), lit))
    if prefix == OWN_PREFIX and set(options) <= {"color_active"}:
        return QIcon(_own_icon(glyph, color, options.get("color_active")))
    return cast(QIcon, qtawesome().icon(name, color=color, **options))


def forget_icons() -> None:
    """Drop the icons kept for reuse, while Qt still exists (the app does it at exit)."""
    _own_icon.cache_clear()
    module = sys.modules.get("qtawesome")
    if module is not None:
        module.reset_cache()
