"""Where a video slide's picture and words go: the same for its poster (the still shown before
the video plays, or instead of it) and for each frame of the playing video, so the cut from
one to the other does not jump.

Everything here paints only on QImage (worker threads paint posters).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter

from kiosk.ui.common.fonts import font
from kiosk.ui.common.text_layout import TextStyle
from kiosk.ui.player.canvas import CENTER, Canvas, lines_rect

#: Subtitles' capital letters are this share of the screen's short side (its height on a
#: landscape screen, the same letters on a portrait one): read from three metres away.
SUBTITLE_CAP = 0.032
#: At most this many lines of subtitle: a longer cue is set smaller.
SUBTITLE_LINES = 2
#: The shape a video is taken to have while nothing tells its own (no poster).
USUAL_SHAPE = QSize(1920, 1080)


def fit_size(picture: QSize, box: QSize) -> QSize:
    """``picture`` scaled to fit inside ``box`` whole (as a poster is decoded to fit)."""
    scale = min(box.width() / picture.width(), box.height() / picture.height())
    return QSize(max(1, round(picture.width() * scale)), max(1, round(picture.height() * scale)))


def picture_rect(picture: QSize, c: Canvas) -> QRectF:
    """Where a picture of ``picture``'s shape is shown whole: as large as the screen allows,
    in its middle, on whole pixels."""
    size = fit_size(picture, c.size)
    return QRectF((c.size.width() - size.width()) // 2, (c.size.height() - size.height()) // 2,
                  size.width(), size.height())


def video_words(c: Canvas, picture: QRectF) -> None:
    """A video slide's caption, just above its picture (at the top of the screen when the
    picture fills it), and its credit in the footer: each on a scrim that hugs its lines
    where they lie over the picture."""
    caption = c.tr("caption")
    if caption:
        style = c.style("caption")
        laid = c.lay("caption", caption, style, min(c.w - 2 * c.margin, 1500 * c.u), c.h * 0.2)
        y = max(c.top, picture.top() - 40 * c.u - laid.height)
        words = lines_rect(laid).translated(c.margin, y)
        if words.intersects(picture):
            c.scrim(words)
        c.put(laid, c.margin, y, style)
    c.footer(c.tr("credit"), picture=picture)


def subtitle_style(c: Canvas) -> TextStyle:
    """The deck's body font, capitals :data:`SUBTITLE_CAP` of the screen, centred; larger
    with the visitor's larger text."""
    letters = QFontMetricsF(font(c.theme.body_font, 100)).capHeight() / 100
    size = SUBTITLE_CAP * min(c.w, c.h) / letters * c.text_scale
    return TextStyle(c.theme.body_font, size, c.theme.text, line_height=1.2,
                     min_size=size * 0.75, align=CENTER)


def subtitle(c: Canvas, text: str, picture: QRectF) -> None:
    """A subtitle cue on an opaque box of the deck's background colour, centred: under the
    picture when there is room for it there (a picture narrower than the screen's shape),
    else low on the picture, clear of the footer."""
    style = subtitle_style(c)
    width = min(c.w - 2 * c.margin, 1400 * c.u)
    one_line = c.fit(text, style, 1e6, 1e6).height
    laid = c.lay("subtitle", text, style, width,
                 one_line * (1 + style.line_height * (SUBTITLE_LINES - 1)) + 1)
    pad_x, pad_y = style.size * 0.45, style.size * 0.18
    lines = lines_rect(laid).adjusted(-pad_x, -pad_y, pad_x, pad_y)
    lowest = c.footer_bottom - 60 * c.u  # (room for the credit's line under it)
    bottom = picture.bottom() + 30 * c.u + lines.height()
    if bottom > lowest:
        bottom = lowest
    x, y = (c.w - width) / 2, bottom - lines.bottom()
    if c.painter is not None:
        c.painter.save()
        c.painter.setPen(Qt.PenStyle.NoPen)
        c.painter.setBrush(QColor(c.theme.background))
        c.painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        c.painter.drawRoundedRect(lines.translated(x, y), 10 * c.u, 10 * c.u)
        c.painter.restore()
    c.put(laid, x, y, style)
