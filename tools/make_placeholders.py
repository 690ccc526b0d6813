"""Draw the stand-in pictures of the default deck (content/images/*.jpg).

They stand where the organisation's own photos belong (see `placeholder:` in deck.yaml). On
this subject a cartoon of a memorial or a slum would be an insult, so they show no place and
no person: light, water, dusk and a lotus, out of focus the way a photograph's background is,
with film grain, at 4K. Run: python tools/make_placeholders.py
"""

from __future__ import annotations

import math
import os
import random
import sys
from collections.abc import Callable
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

W, H = 3840, 2160
OUT = Path(__file__).resolve().parent.parent / "content" / "images"
Layer = Callable[[QPainter, float, float], None]


def colour(hex_: str, alpha: int = 255) -> QColor:
    c = QColor(hex_)
    c.setAlpha(alpha)
    return c


def gradient(p: QPainter, stops: list[tuple[float, str]], top: float = 0,
             bottom: float = H) -> None:
    g = QLinearGradient(0, top, 0, bottom)
    for at, hex_ in stops:
        g.setColorAt(at, QColor(hex_))
    p.fillRect(QRectF(0, top, W, bottom - top), g)


def blurred(p: QPainter, draw: Layer, shrink: int) -> None:
    """Draw a layer small and lay it over the picture scaled up smoothly: out of focus, as a
    lens shows what is far behind what it looks at."""
    w, h = W // shrink, H // shrink
    small = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    small.fill(Qt.GlobalColor.transparent)
    q = QPainter(small)
    q.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw(q, w, h)
    q.end()
    p.save()
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    p.drawImage(QRectF(0, 0, W, H), small)
    p.restore()


def glow(q: QPainter, x: float, y: float, r: float, hex_: str, alpha: int) -> None:
    g = QRadialGradient(QPointF(x, y), r)
    g.setColorAt(0, colour(hex_, alpha))
    g.setColorAt(0.55, colour(hex_, alpha // 3))
    g.setColorAt(1, colour(hex_, 0))
    q.setPen(Qt.PenStyle.NoPen)
    q.setBrush(g)
    q.drawEllipse(QPointF(x, y), r, r)


def bokeh(q: QPainter, rng: random.Random, count: int, w: float, box: QRectF,
          hues: list[str], size: tuple[float, float]) -> None:
    """Lights far out of focus: soft discs with a brighter rim, as a lens draws them."""
    for _ in range(count):
        x = rng.uniform(box.left(), box.right())
        y = rng.uniform(box.top(), box.bottom())
        r = rng.uniform(*size) * w
        hex_ = rng.choice(hues)
        q.setPen(Qt.PenStyle.NoPen)
        g = QRadialGradient(QPointF(x, y), r)
        g.setColorAt(0, colour(hex_, rng.randint(40, 90)))
        g.setColorAt(0.8, colour(hex_, rng.randint(60, 120)))
        g.setColorAt(1, colour(hex_, 0))
        q.setBrush(g)
        q.drawEllipse(QPointF(x, y), r, r)


def reflections(q: QPainter, rng: random.Random, w: float, h: float, horizon: float,
                hues: list[str], count: int) -> None:
    """Light broken into streaks on moving water below ``horizon``."""
    for _ in range(count):
        y = rng.uniform(horizon, h)
        depth = (y - horizon) / max(1.0, h - horizon)
        length = rng.uniform(0.02, 0.12) * w * (1 + depth)
        x = rng.gauss(w * 0.5, w * 0.22)
        q.setPen(Qt.PenStyle.NoPen)
        q.setBrush(colour(rng.choice(hues), rng.randint(12, 45)))
        q.drawRoundedRect(QRectF(x - length / 2, y, length, h * 0.0025 * (1 + 2 * depth)),
                          2, 2)


def vignette(p: QPainter, strength: int = 150) -> None:
    g = QRadialGradient(QPointF(W / 2, H * 0.45), max(W, H) * 0.75)
    g.setColorAt(0, colour("#000000", 0))
    g.setColorAt(0.6, colour("#000000", strength // 5))
    g.setColorAt(1, colour("#000000", strength))
    p.fillRect(QRectF(0, 0, W, H), g)


def grain(p: QPainter, seed: int, amount: int = 14) -> None:
    """Film grain: a tile of fine noise, light and dark, laid over everything."""
    rng = random.Random(seed)
    side = 256
    tile = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    for y in range(side):
        for x in range(side):
            a = rng.randint(0, amount)
            level = 255 if rng.random() < 0.5 else 0
            v = level * a // 255
            tile.setPixel(x, y, (a << 24) | (v << 16) | (v << 8) | v)
    p.save()
    p.fillRect(QRectF(0, 0, W, H), tile)
    p.restore()


# -------------------------------------------------------------------- the four pictures

def dawn_over_water(p: QPainter) -> None:
    """Welcome: first light over flooded fields, the far shore only a soft band."""
    rng = random.Random(11)
    gradient(p, [(0, "#1b2440"), (0.38, "#5a4a63"), (0.55, "#c98b6b"), (0.6, "#e9b586"),
                 (0.62, "#8f6b6a"), (1, "#141b2a")])

    def far(q: QPainter, w: float, h: float) -> None:
        glow(q, w * 0.76, h * 0.58, w * 0.22, "#ffd9a0", 210)
        q.setPen(Qt.PenStyle.NoPen)
        q.setBrush(colour("#2c2a3d", 230))
        shore = QPainterPath(QPointF(0, h * 0.6))
        for i in range(0, int(w) + 4, 4):
            shore.lineTo(i, h * 0.592 - (h * 0.01) * (1 + math.sin(i / (w * 0.07))))
        shore.lineTo(w, h * 0.612)
        shore.lineTo(0, h * 0.612)
        q.drawPath(shore)
        reflections(q, rng, w, h, h * 0.62, ["#ffd9a0", "#f0a878", "#b98aa0"], 160)

    blurred(p, far, 6)
    vignette(p, 170)
    grain(p, 11)


def candles_at_dusk(p: QPainter) -> None:
    """Remembrance: small flames far away in the dusk, nothing of the place itself."""
    rng = random.Random(23)
    gradient(p, [(0, "#0e1420"), (0.5, "#1c2230"), (0.75, "#2a2426"), (1, "#120f12")])

    def lights(q: QPainter, w: float, h: float) -> None:
        glow(q, w * 0.5, h * 0.72, w * 0.45, "#a8643a", 70)
        bokeh(q, rng, 70, w, QRectF(0, h * 0.45, w, h * 0.5),
              ["#ffb870", "#ffd49a", "#e98d4e"], (0.008, 0.03))

    blurred(p, lights, 4)

    def near(q: QPainter, w: float, h: float) -> None:
        bokeh(q, rng, 12, w, QRectF(0, h * 0.55, w, h * 0.5), ["#ffcf8a", "#f6a55a"],
              (0.04, 0.08))

    blurred(p, near, 8)
    vignette(p, 190)
    grain(p, 23, 16)


def river_at_blue_hour(p: QPainter) -> None:
    """The city: its evening lights far off over the river, out of focus."""
    rng = random.Random(37)
    gradient(p, [(0, "#0f1a2e"), (0.45, "#233553"), (0.56, "#39476a"), (0.58, "#1a2236"),
                 (1, "#0b111c")])

    def city(q: QPainter, w: float, h: float) -> None:
        glow(q, w * 0.45, h * 0.56, w * 0.5, "#d59a5e", 60)
        bokeh(q, rng, 90, w, QRectF(0, h * 0.5, w, h * 0.07),
              ["#ffd08a", "#fff0c8", "#f5a25d", "#9fc3ff"], (0.004, 0.012))
        reflections(q, rng, w, h, h * 0.585, ["#ffd08a", "#f5a25d", "#9fc3ff"], 220)

    blurred(p, city, 5)
    vignette(p, 170)
    grain(p, 37)


def lotus_at_dawn(p: QPainter) -> None:
    """Our answer: a lotus opening on still water, soft, in the morning light."""
    rng = random.Random(53)
    gradient(p, [(0, "#1d3b46"), (0.5, "#2c5560"), (1, "#0f2027")])

    def light(q: QPainter, w: float, h: float) -> None:
        glow(q, w * 0.7, h * 0.25, w * 0.5, "#f4d3b0", 90)
        bokeh(q, rng, 12, w, QRectF(w * 0.45, 0, w * 0.55, h * 0.5), ["#cfe8e4", "#f4d3b0"],
              (0.008, 0.025))
        reflections(q, rng, w, h, h * 0.55, ["#cfe8e4", "#f4d3b0"], 90)

    blurred(p, light, 6)

    def flower(q: QPainter, w: float, h: float) -> None:
        cx, base = w * 0.52, h * 0.62
        q.setPen(Qt.PenStyle.NoPen)
        q.setBrush(colour("#1f4a3c", 220))
        q.drawEllipse(QPointF(cx, base + h * 0.015), w * 0.16, h * 0.035)
        for angle, length, hex_ in ((-70, 0.2, "#d98ca0"), (70, 0.2, "#d98ca0"),
                                    (-40, 0.25, "#ecabbb"), (40, 0.25, "#ecabbb"),
                                    (-14, 0.29, "#f6cdd6"), (14, 0.29, "#f6cdd6"),
                                    (0, 0.31, "#fde7ec")):
            q.save()
            q.translate(cx, base)
            q.rotate(angle)
            s = h * length
            petal = QPainterPath(QPointF(0, 0))
            petal.cubicTo(QPointF(-s * 0.34, -s * 0.38), QPointF(-s * 0.2, -s * 0.88),
                          QPointF(0, -s))
            petal.cubicTo(QPointF(s * 0.2, -s * 0.88), QPointF(s * 0.34, -s * 0.38),
                          QPointF(0, 0))
            g = QLinearGradient(0, 0, 0, -s)
            g.setColorAt(0, colour(hex_, 255))
            g.setColorAt(1, colour("#fff6f8", 255))
            q.fillPath(petal, g)
            q.restore()
        glow(q, cx, base - h * 0.18, w * 0.12, "#fff4e8", 70)

    blurred(p, flower, 3)  # a little soft: the lens is on the light, not on the flower
    vignette(p, 160)
    grain(p, 53)


SCENES = {
    "sunrise-fields.jpg": dawn_over_water,
    "choeung-ek-memorial.jpg": candles_at_dusk,
    "phnom-penh-evening.jpg": river_at_blue_hour,
    "lotus-dawn.jpg": lotus_at_dawn,
}


def main() -> int:
    QGuiApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draw in SCENES.items():
        image = QImage(W, H, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        draw(painter)
        painter.end()
        image.save(str(OUT / name), "JPG", 84)
        print(OUT / name, (OUT / name).stat().st_size // 1024, "KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
