"""Draw the kiosk's icon (assets/icon.png and assets/icon.ico): a lotus on the deck's colours.

Run: python tools/make_icon.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath

ASSETS = Path(__file__).resolve().parent.parent / "assets"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#15202b"))
    p.drawRoundedRect(QRectF(0, 0, size, size), size * 0.22, size * 0.22)
    cx, base = size / 2, size * 0.72
    for angle, length, colour in ((-62, 0.44, "#c98a3a"), (62, 0.44, "#c98a3a"),
                                  (-30, 0.5, "#e3a94f"), (30, 0.5, "#e3a94f"),
                                  (0, 0.56, "#f3c77a")):
        p.save()
        p.translate(cx, base)
        p.rotate(angle)
        h = size * length
        petal = QPainterPath(QPointF(0, 0))
        petal.cubicTo(QPointF(-h * 0.38, -h * 0.4), QPointF(-h * 0.2, -h * 0.9), QPointF(0, -h))
        petal.cubicTo(QPointF(h * 0.2, -h * 0.9), QPointF(h * 0.38, -h * 0.4), QPointF(0, 0))
        p.fillPath(petal, QColor(colour))
        p.restore()
    p.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv)
    draw(256).save(str(ASSETS / "icon.png"))
    draw(256).save(str(ASSETS / "icon.ico"))
    print(ASSETS / "icon.png", ASSETS / "icon.ico")
    return 0


if __name__ == "__main__":
    sys.exit(main())
