"""QR codes drawn as crisp squares (segno makes the matrix)."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter

from kiosk.ui.common.style import QR_DARK, QR_LIGHT


def draw_qr(painter: QPainter, url: str, rect: QRectF, dark: str = QR_DARK) -> None:
    """Draw the QR code for ``url`` filling the square ``rect`` (quiet zone included)."""
    import segno  # only a slide with a link needs it: not on the way to the first slide

    code = segno.make(url, error="m", micro=False)
    matrix = code.matrix
    modules = len(matrix) + 8  # four modules of quiet zone on each side
    cell = min(rect.width(), rect.height()) / modules
    painter.save()
    painter.fillRect(rect, QColor(QR_LIGHT))
    painter.setPen(QColor(0, 0, 0, 0))
    painter.setBrush(QColor(dark))
    for row, bits in enumerate(matrix):
        for col, bit in enumerate(bits):
            if bit:
                painter.drawRect(QRectF(rect.x() + (col + 4) * cell, rect.y() + (row + 4) * cell,
                                        cell + 0.3, cell + 0.3))
    painter.restore()
