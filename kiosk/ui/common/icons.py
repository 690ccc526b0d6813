"""Icons from the icon font set (qtawesome), loaded on first use."""

from __future__ import annotations

from typing import cast

from PySide6.QtGui import QIcon


def icon(name: str, color: str, **options: str) -> QIcon:
    import qtawesome  # imported on first use: it pulls in much of Qt, and start-up is timed

    return cast(QIcon, qtawesome.icon(name, color=color, **options))
