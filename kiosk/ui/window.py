"""The kiosk window: composes the player and the layers above it, and fills a screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QWidget

from kiosk.ui.player.player import Player

if TYPE_CHECKING:  # the layers are imported when they are built, after the first slide
    from kiosk.ui.form.form import MessageForm
    from kiosk.ui.form.thank_you import ThankYou
    from kiosk.ui.journey.chapter_menu import ChapterMenu
    from kiosk.ui.journey.controls import Controls
    from kiosk.ui.journey.idle_overlay import IdleOverlay
    from kiosk.ui.staff.pin_pad import PinPad
    from kiosk.ui.staff.staff_panel import StaffPanel


class KioskWindow(QWidget):
    """Layers, bottom to top: the slides, the controls, the chapter menu, the message form,
    the thank-you screen, the countdown, the staff PIN pad and panel.

    In kiosk mode the window cannot be closed by a visitor (only ``allow_close`` lets it go).
    """

    def __init__(self, player: Player, kiosk_mode: bool = True,
                 title: str = "Awareness kiosk", layers: bool = True) -> None:
        super().__init__()
        self.kiosk_mode = kiosk_mode
        self.allow_close = not kiosk_mode
        self.setWindowTitle(title)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.player = player
        player.setParent(self)
        self.controls: Controls
        self.chapters: ChapterMenu
        self.form: MessageForm
        self.thanks: ThankYou
        self.idle: IdleOverlay
        self.pin_pad: PinPad
        self.staff: StaffPanel
        self.has_layers = False
        if layers:
            self.add_layers()

    def add_layers(self) -> None:
        """Build the controls, chapter menu and countdown (the kiosk does it once the first
        slide shows, so the loop starts sooner)."""
        from kiosk.ui.form.form import MessageForm
        from kiosk.ui.form.thank_you import ThankYou
        from kiosk.ui.journey.chapter_menu import ChapterMenu
        from kiosk.ui.journey.controls import Controls
        from kiosk.ui.journey.idle_overlay import IdleOverlay
        from kiosk.ui.staff.pin_pad import PinPad
        from kiosk.ui.staff.staff_panel import StaffPanel

        self.controls = Controls(self)
        self.chapters = ChapterMenu(self)
        self.form = MessageForm(self)
        self.thanks = ThankYou(self)
        self.idle = IdleOverlay(self)
        self.pin_pad = PinPad(self)
        self.staff = StaffPanel(self)
        self.controls.hint.raise_()
        self.has_layers = True
        self._fit_layers()

    def _fit_layers(self) -> None:
        self.player.setGeometry(self.rect())
        if self.has_layers:
            self.controls.relayout()
            self.chapters.relayout()
            self.form.relayout()
            for layer in (self.thanks, self.idle):
                layer.setGeometry(self.rect())
            for staff_layer in (self.pin_pad, self.staff):
                if staff_layer.isVisible():
                    staff_layer.relayout()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_layers()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.allow_close:
            event.accept()
        else:
            event.ignore()  # Alt+F4 and the window manager's close do nothing in kiosk mode

    def place(self, windowed: bool, screen_index: int = 0, size: QSize | None = None) -> None:
        """Give the window (and the slides in it) the place it will fill, before it shows:
        the first slide is then painted at its size."""
        screens = QGuiApplication.screens()
        screen = screens[screen_index] if 0 <= screen_index < len(screens) else screens[0]
        if windowed:
            room = screen.availableGeometry()
            wanted = size or QSize(1280, 720)
            # a 16:9 window that fits the free room, with space for its title bar (a laptop's
            # 1366x768 less its panel)
            scale = min(1.0, (room.width() - 32) / wanted.width(),
                        (room.height() - 64) / wanted.height())
            self.resize(wanted * scale)
            self.move(room.center() - self.rect().center())
        else:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
            self.setGeometry(screen.geometry())
        self.player.setGeometry(self.rect())

    def present(self, windowed: bool, screen_index: int = 0, size: QSize | None = None) -> None:
        """Fill screen ``screen_index`` frameless, or show a preview window."""
        self.place(windowed, screen_index, size)
        if windowed:
            self.show()
        else:
            self.showFullScreen()
