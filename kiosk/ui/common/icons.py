"""Icons from the icon font set (qtawesome), loaded on first use."""

from __future__ import annotations

import sys
from types import ModuleType
from typing import cast

from PySide6.QtGui import QIcon

#: Qt modules qtpy (under qtawesome) imports for its own completeness, which icons never use:
#: QtOpenGL alone costs ~20 ms and a few MB. qtpy is written to do without them.
_UNUSED_BY_ICONS = ("PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets")


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


def icon(name: str, color: str, **options: str) -> QIcon:
    return cast(QIcon, qtawesome().icon(name, color=color, **options))
