"""The thank-you screen shown once a message is safely stored."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAccessible, QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.content import Theme
from kiosk.ui.common import access
from kiosk.ui.common.icons import icon
from kiosk.ui.common.metrics import Layer, unit
from kiosk.ui.common.text_layout import TextStyle, draw_text, fit_text


class ThankYou(Layer):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.theme = Theme()
        self.heading = ""
        self.text = ""
        access.set_role(self, QAccessible.Role.StaticText)
        self.hide()

    def present(self, heading: str, text: str, theme: Theme) -> None:
        self.heading, self.text, self.theme = heading, text, theme
        access.name(self, heading, text)
        self.cover()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        t = self.theme
        painter.fillRect(self.rect(), QColor(t.background))
        u = unit(self.size())
        width = min(self.width() - 160 * u, 1300 * u)
        x = (self.width() - width) / 2
        mark = QRectF(0, 0, 150 * u, 150 * u)
        mark.moveCenter(QRectF(self.rect()).center())
        mark.moveTop(self.height() * 0.22)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(t.accent))
        painter.drawEllipse(mark)
        tick = mark.adjusted(mark.width() * 0.2, mark.height() * 0.2, -mark.width() * 0.2,
                             -mark.height() * 0.2).toRect()
        icon("mdi6.check-bold", t.background).paint(painter, tick)  # the kiosk's icon set
        head_style = TextStyle(t.heading_font, 110 * u, t.text, bold=True,
                               align=Qt.AlignmentFlag.AlignHCenter, min_size=60 * u)
        body_style = TextStyle(t.body_font, 44 * u, t.muted, line_height=1.35,
                               align=Qt.AlignmentFlag.AlignHCenter, min_size=28 * u)
        head = fit_text(self.heading, head_style, width, 260 * u)
        y = mark.bottom() + 60 * u
        draw_text(painter, head, x, y, head_style)
        if self.text:
            body = fit_text(self.text, body_style, width, 300 * u)
            draw_text(painter, body, x, y + head.height + 40 * u, body_style)
