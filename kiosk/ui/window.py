"""The kiosk window: composes the player (and, later, the overlays) and fills a screen."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QStackedLayout, QWidget

from kiosk.ui.player import Player


class KioskWindow(QWidget):
    def __init__(self, player: Player, title: str = "Awareness kiosk") -> None:
        super().__init__()
        self.player = player
        self.setWindowTitle(title)
        layout = QStackedLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(player)

    def present(self, windowed: bool, screen_index: int = 0, size: QSize | None = None) -> None:
        """Fill screen ``screen_index`` frameless, or show a preview window."""
        screens = QGuiApplication.screens()
        screen = screens[screen_index] if 0 <= screen_index < len(screens) else screens[0]
        if windowed:
            self.resize(size or QSize(1280, 720))
            self.move(screen.availableGeometry().center() - self.rect().center())
            self.show()
            return
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
