"""Draw the programs' icons into assets/: a lotus on the deck's colours for the kiosk
(icon.png, icon.ico), and the lotus on a slide with a pencil for Kiosk Studio (icon-studio.png,
icon-studio.ico).

Run: python tools/make_icon.py

The .ico files hold PNG pictures (16 to 256 pixels), as Windows reads them since Vista: a few
kilobytes where bitmaps would take a quarter of a megabyte.
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPolygonF

ASSETS = Path(__file__).resolve().parent.parent / "assets"
NAVY, CREAM = "#15202b", "#f6efe2"
PETALS = ((-62, 0.44, "#c98a3a"), (62, 0.44, "#c98a3a"), (-30, 0.5, "#e3a94f"),
          (30, 0.5, "#e3a94f"), (0, 0.56, "#f3c77a"))
ICO_SIZES = (16, 24, 32, 48, 64, 256)


def _canvas(size: int) -> tuple[QImage, QPainter]:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    return image, p


def _lotus(p: QPainter, cx: float, base: float, scale: float) -> None:
    """Five petals rising from (cx, base); ``scale`` is the middle petal's length / 0.56."""
    for angle, length, colour in PETALS:
        p.save()
        p.translate(cx, base)
        p.rotate(angle)
        h = scale * length
        petal = QPainterPath(QPointF(0, 0))
        petal.cubicTo(QPointF(-h * 0.38, -h * 0.4), QPointF(-h * 0.2, -h * 0.9), QPointF(0, -h))
        petal.cubicTo(QPointF(h * 0.2, -h * 0.9), QPointF(h * 0.38, -h * 0.4), QPointF(0, 0))
        p.fillPath(petal, QColor(colour))
        p.restore()


def draw(size: int) -> QImage:
    """The kiosk: the lotus on a dark rounded square."""
    image, p = _canvas(size)
    p.setBrush(QColor(NAVY))
    p.drawRoundedRect(QRectF(0, 0, size, size), size * 0.22, size * 0.22)
    _lotus(p, size / 2, size * 0.72, size)
    p.end()
    return image


def draw_studio(size: int) -> QImage:
    """Kiosk Studio: a light square, on it the kiosk's dark slide with the lotus, and a
    pencil across its corner."""
    image, p = _canvas(size)
    p.setBrush(QColor(CREAM))
    p.drawRoundedRect(QRectF(0, 0, size, size), size * 0.22, size * 0.22)
    p.setBrush(QColor(NAVY))
    p.drawRoundedRect(QRectF(size * 0.1, size * 0.2, size * 0.72, size * 0.52),
                      size * 0.06, size * 0.06)
    _lotus(p, size * 0.46, size * 0.64, size * 0.72)
    p.translate(size * 0.66, size * 0.8)  # where the pencil's wood begins
    p.rotate(45)
    w, n, body = size * 0.085, size * 0.16, size * 0.32  # half width, tip, body lengths
    p.setBrush(QColor("#2f7d6d"))
    p.drawRoundedRect(QRectF(-w, -body, 2 * w, body), w * 0.3, w * 0.3)
    p.setBrush(QColor("#e8c9a0"))
    p.drawPolygon(QPolygonF([QPointF(-w, 0), QPointF(w, 0), QPointF(0, n)]))
    p.setBrush(QColor(NAVY))
    p.drawPolygon(QPolygonF([QPointF(-w * 0.35, n * 0.65), QPointF(w * 0.35, n * 0.65),
                             QPointF(0, n)]))
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def ico_bytes(pictures: list[bytes], sizes: tuple[int, ...]) -> bytes:
    """An .ico file holding each PNG picture (its size in ``sizes``; 256 is written 0)."""
    head = struct.pack("<HHH", 0, 1, len(pictures))
    offset = len(head) + 16 * len(pictures)
    entries, data = b"", b""
    for size, picture in zip(sizes, pictures, strict=True):
        side = size % 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(picture), offset)
        offset += len(picture)
        data += picture
    return head + entries + data


def write(stem: str, drawing: Callable[[int], QImage]) -> list[Path]:
    png, ico = ASSETS / f"{stem}.png", ASSETS / f"{stem}.ico"
    drawing(256).save(str(png))
    ico.write_bytes(ico_bytes([png_bytes(drawing(s)) for s in ICO_SIZES], ICO_SIZES))
    return [png, ico]


def main() -> int:
    QGuiApplication(sys.argv)
    for path in write("icon", draw) + write("icon-studio", draw_studio):
        print(f"{path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
