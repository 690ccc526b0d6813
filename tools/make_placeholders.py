"""Draw the stand-in illustrations of the default deck (content/images/*.jpg).

They stand where the organisation's own photos belong (see `placeholder:` in deck.yaml):
calm, flat illustrations, nothing graphic. Run: python tools/make_placeholders.py
"""

from __future__ import annotations

import math
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QRadialGradient,
)

W, H = 2400, 1600
OUT = Path(__file__).resolve().parent.parent / "content" / "images"


def sky(p: QPainter, stops: list[tuple[float, str]]) -> None:
    g = QLinearGradient(0, 0, 0, H)
    for at, colour in stops:
        g.setColorAt(at, QColor(colour))
    p.fillRect(0, 0, W, H, g)


def sun(p: QPainter, x: float, y: float, r: float, colour: str) -> None:
    glow = QRadialGradient(QPointF(x, y), r * 4)
    c = QColor(colour)
    c.setAlpha(110)
    glow.setColorAt(0, c)
    c.setAlpha(0)
    glow.setColorAt(1, c)
    p.setPen(Qt.NoPen)
    p.setBrush(glow)
    p.drawEllipse(QPointF(x, y), r * 4, r * 4)
    p.setBrush(QColor(colour))
    p.drawEllipse(QPointF(x, y), r, r)


def hills(p: QPainter, base: float, amp: float, colour: str, seed: int) -> None:
    rng = random.Random(seed)
    path = QPainterPath(QPointF(0, H))
    phase = [rng.uniform(0, 6) for _ in range(3)]
    for i in range(0, W + 40, 40):
        y = base + sum(amp / (k + 1) * math.sin(i / (300 + 180 * k) + phase[k]) for k in range(3))
        path.lineTo(i, y)
    path.lineTo(W, H)
    p.fillPath(path, QColor(colour))


def palm(p: QPainter, x: float, ground: float, height: float, colour: str) -> None:
    """A sugar palm: a thin trunk and a round crown of fronds."""
    p.setPen(Qt.NoPen)
    p.setBrush(QColor(colour))
    top = ground - height
    p.drawRect(QRectF(x - height * 0.012, top, height * 0.024, height))
    for k in range(14):
        angle = math.pi * (k / 13) + math.pi
        tip = QPointF(x + math.cos(angle) * height * 0.16, top + math.sin(angle) * height * 0.10)
        frond = QPainterPath(QPointF(x, top))
        ctrl = QPointF(x + math.cos(angle) * height * 0.08, top - height * 0.06)
        frond.quadTo(ctrl, tip)
        frond.quadTo(QPointF(ctrl.x(), ctrl.y() + height * 0.05), QPointF(x, top + 4))
        p.drawPath(frond)
    p.drawEllipse(QPointF(x, top), height * 0.05, height * 0.05)


def paddies(p: QPainter, top: float, colours: list[str]) -> None:
    y = top
    band = 40.0
    i = 0
    while y < H:
        p.fillRect(QRectF(0, y, W, band), QColor(colours[i % len(colours)]))
        y += band
        band *= 1.22
        i += 1


def sunrise_fields(p: QPainter) -> None:
    sky(p, [(0, "#2b3a55"), (0.45, "#c9866b"), (0.62, "#f2c27b")])
    sun(p, W * 0.66, H * 0.56, 70, "#fff1c9")
    hills(p, H * 0.6, 30, "#5b5d72", 3)
    paddies(p, H * 0.64, ["#6f7a55", "#7d8a5e", "#66714e", "#8a9766"])
    for x, h in ((W * 0.14, 560), (W * 0.22, 470), (W * 0.83, 620), (W * 0.9, 500)):
        palm(p, x, H * 0.66, h, "#2a2c33")


def memorial(p: QPainter) -> None:
    sky(p, [(0, "#8c9bab"), (0.7, "#d9d6cc"), (1, "#e8e2d3")])
    hills(p, H * 0.7, 24, "#7c8a7f", 7)
    p.setPen(Qt.NoPen)
    p.setBrush(QColor("#e9e3d6"))
    cx, ground = W * 0.5, H * 0.76
    p.drawRect(QRectF(cx - 260, ground - 60, 520, 60))
    p.drawRect(QRectF(cx - 200, ground - 120, 400, 60))
    p.setBrush(QColor("#f3efe6"))
    p.drawRect(QRectF(cx - 120, ground - 560, 240, 440))
    for k in range(5):
        w, y = 300 - k * 50, ground - 560 - k * 70
        roof = QPainterPath(QPointF(cx - w / 2 - 40, y))
        roof.lineTo(cx + w / 2 + 40, y)
        roof.lineTo(cx + w / 2 - 20, y - 70)
        roof.lineTo(cx - w / 2 + 20, y - 70)
        roof.closeSubpath()
        p.fillPath(roof, QColor("#b98a4a" if k % 2 else "#a8783d"))
    spire = QPainterPath(QPointF(cx - 30, ground - 910))
    spire.lineTo(cx + 30, ground - 910)
    spire.lineTo(cx, ground - 1080)
    p.fillPath(spire, QColor("#b98a4a"))
    p.fillRect(QRectF(0, ground, W, H - ground), QColor("#8f9a83"))
    p.fillRect(QRectF(cx - 70, ground, 140, H - ground), QColor("#cfc6b2"))
    for x in (W * 0.1, W * 0.2, W * 0.8, W * 0.9):
        p.setBrush(QColor("#55634f"))
        p.drawEllipse(QPointF(x, ground - 230), 170, 210)
        p.fillRect(QRectF(x - 12, ground - 60, 24, 70), QColor("#4a4136"))


def city(p: QPainter) -> None:
    sky(p, [(0, "#24324a"), (0.55, "#7d6c86"), (0.7, "#d99c74")])
    sun(p, W * 0.3, H * 0.6, 50, "#ffe0b0")
    rng = random.Random(11)
    x = 0.0
    while x < W:
        w = rng.uniform(60, 180)
        h = rng.uniform(80, 330)
        p.fillRect(QRectF(x, H * 0.64 - h, w, h + 4), QColor("#3b3a4c"))
        x += w + rng.uniform(0, 20)
    p.fillRect(QRectF(0, H * 0.64, W, H * 0.36), QColor("#4a5a70"))
    for k in range(18):
        y = H * 0.66 + k * 28
        p.fillRect(QRectF(W * 0.3 - 90 + k * 3, y, 180 - k * 6, 6), QColor(255, 214, 160, 90))
    p.setBrush(QColor("#2a2a36"))
    for i in range(9):
        hx, hy = 80 + i * 260, H * 0.78 + (i % 2) * 40
        p.fillRect(QRectF(hx, hy, 200, 110), QColor("#2f2f3d"))
        roof = QPainterPath(QPointF(hx - 20, hy))
        roof.lineTo(hx + 220, hy)
        roof.lineTo(hx + 100, hy - 70)
        p.fillPath(roof, QColor("#26252f"))
        for s in range(4):
            p.fillRect(QRectF(hx + 10 + s * 58, hy + 110, 10, 140), QColor("#26252f"))
        p.fillRect(QRectF(hx + 80, hy + 40, 40, 36), QColor(255, 200, 130, 160))


def lotus(p: QPainter) -> None:
    sky(p, [(0, "#1d3440"), (0.6, "#2f5560"), (1, "#3f6b70")])
    for k in range(10):
        y = H * 0.6 + k * 60
        p.fillRect(QRectF(0, y, W, 3), QColor(255, 255, 255, 25))
    for cx, cy, s in ((W * 0.2, H * 0.78, 0.7), (W * 0.82, H * 0.83, 0.6)):
        p.setBrush(QColor("#3c7d5a"))
        p.setPen(Qt.NoPen)
        p.drawEllipse(QPointF(cx, cy), 300 * s, 60 * s)
    cx, cy = W * 0.5, H * 0.62
    p.setBrush(QColor("#3c7d5a"))
    p.drawEllipse(QPointF(cx, cy + 120), 420, 80)
    for k, (angle, length, colour) in enumerate(
        [(-70, 330, "#f4c6cf"), (-35, 360, "#f7d3da"), (0, 380, "#fbe3e7"), (35, 360, "#f7d3da"),
         (70, 330, "#f4c6cf"), (-18, 300, "#fdeef0"), (18, 300, "#fdeef0")]
    ):
        p.save()
        p.translate(cx, cy + 90)
        p.rotate(angle)
        petal = QPainterPath(QPointF(0, 0))
        petal.cubicTo(QPointF(-120, -length * 0.4), QPointF(-60, -length * 0.9),
                      QPointF(0, -length))
        petal.cubicTo(QPointF(60, -length * 0.9), QPointF(120, -length * 0.4), QPointF(0, 0))
        p.fillPath(petal, QColor(colour))
        p.restore()
        del k


SCENES = {
    "sunrise-fields.jpg": sunrise_fields,
    "choeung-ek-memorial.jpg": memorial,
    "phnom-penh-evening.jpg": city,
    "lotus-dawn.jpg": lotus,
}


def main() -> int:
    QGuiApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draw in SCENES.items():
        image = QImage(W, H, QImage.Format_RGB32)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.Antialiasing)
        draw(painter)
        painter.end()
        image.save(str(OUT / name), "JPG", 86)
        print(OUT / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
