"""The slide types: one function a type lays a slide out on a :class:`Canvas` and, when the
canvas has a painter, paints it, all sizes from the canvas's unit. :data:`PAINTERS` names
them by type; :func:`kiosk.ui.player.slides.paint_slide` paints a slide with its own, on the
deck's background, and :func:`kiosk.ui.player.slides.settle` lays it out without painting.
Like all painting of slides, this runs on worker threads as well as the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage

from kiosk.content.loader import native_digit_languages
from kiosk.content.model import Slide
from kiosk.content.text import has_italics
from kiosk.ui.common.images import Decoder, decode
from kiosk.ui.common.qr import draw_qr
from kiosk.ui.common.style import QR_LIGHT
from kiosk.ui.common.text_layout import LaidText, TextStyle, ink
from kiosk.ui.player.canvas import CENTER, LEFT, Canvas
from kiosk.ui.player.video_layout import USUAL_SHAPE, picture_rect, video_words
from kiosk.visit import words


def _title(c: Canvas) -> None:
    full = QRectF(0, 0, c.w, c.h)
    if c.slide.image():
        c.photo(full, focus=c.slide.fields.get("focus", (0.5, 0.5)))
        c.shade(full, 0.5, 215)  # the words have a scrim of their own
    width = c.w - 2 * c.margin if c.portrait else c.w * 0.66
    head_style, sub_style = c.style("display"), c.style("lead", color=c.theme.text)
    subtitle = c.tr("subtitle")
    sub = c.lay("subtitle", subtitle, sub_style, width, 200 * c.u) if subtitle else None
    head = c.lay("heading", c.tr("heading"), head_style, width, c.h * 0.42)
    bottom = c.footer_bottom - 40 * c.u
    below = head.height + (c.overhang(head) + 36 * c.u + sub.height if sub else 0)
    y = bottom - below
    if c.slide.image():
        c.scrim(QRectF(c.margin, y - 44 * c.u, max(head.width, sub.width if sub else 0),
                       bottom - y + 44 * c.u), 190)
    c.put(head, c.margin, y, head_style)
    c.rule_over(head, c.margin, y, 36 * c.u)
    if sub:
        c.put(sub, c.margin, y + below - sub.height, sub_style)
    if c.tr("credit"):
        c.footer(c.tr("credit"), on_photo=True)


def _text(c: Canvas) -> None:
    has_image = c.slide.image() is not None
    x, width, top, bottom = c.margin, min(c.w - 2 * c.margin, 1400 * c.u), c.top, c.bottom
    focus = c.slide.fields.get("focus", (0.5, 0.5))
    if has_image and c.portrait:
        c.photo(QRectF(0, 0, c.w, c.h * 0.36), focus=focus)
        top = c.h * 0.36 + 60 * c.u
    elif has_image:
        split = c.w * 0.56
        c.photo(QRectF(split, 0, c.w - split, c.h), focus=focus)
        width = split - c.margin - 90 * c.u
    else:
        x = (c.w - width) / 2
    if not (has_image and c.portrait):
        c.chapter_label()
    heading_style, body_style = c.style("heading"), c.style("body")
    area = bottom - top
    heading = c.lay("heading", c.tr("heading"), heading_style, width, area * 0.4)
    gap = 40.0 * c.u
    over = c.overhang(heading)
    body = c.lay("body", c.tr("body"), body_style, width,
                 area - heading.height - over - 2 * gap)
    total = heading.height + over + 2 * gap + body.height
    y = top + max(0.0, (area - total) / 2)
    c.put(heading, x, y, heading_style)
    rule = c.rule_under(heading, x, y, gap * 0.6)
    c.put(body, x, rule + gap * 1.4, body_style)
    c.footer(c.tr("credit"), width=width if has_image and not c.portrait else None)


def slide_photo(slide: Slide, language: str, size: QSize, decoder: Decoder = decode
                ) -> QImage | None:
    """An image slide's photo decoded for the whole frame, as :func:`_image` lays it."""
    path = slide.image(language) if slide.type == "image" else None
    return None if path is None else decoder(path, size, *_placing(slide))


def _placing(slide: Slide) -> tuple[str, tuple[float, float]]:
    return slide.fields["fit"], slide.fields["focus"]


def _image(c: Canvas) -> None:
    full = QRectF(0, 0, c.w, c.h)
    c.photo(full, *_placing(c.slide), backdrop=c.theme.background)
    if not has_words(c.slide, c.language, c.deck.default_language):
        return  # a picture alone (a page of a presentation) is shown as it is, undarkened
    caption = c.tr("caption")
    c.shade(full, 0.45 if caption else 0.7, 240)
    if caption:
        style = c.style("caption")
        laid = c.lay("caption", caption, style, min(c.w - 2 * c.margin, 1500 * c.u), c.h * 0.25)
        low = c.slide.fields["focus"][1] > 0.62  # what matters is low: the words go on top
        y = c.top if low else c.footer_bottom - 50 * c.u - laid.height
        c.scrim(QRectF(c.margin, y, laid.width, laid.height))
        c.put(laid, c.margin, y, style)
    c.footer(c.tr("credit"), on_photo=True)


def _video(c: Canvas) -> None:
    """A video slide's still: its poster shown whole where the video plays, with the words
    the playing video has over it (:mod:`kiosk.ui.player.video_layout`)."""
    c.fill(QRectF(0, 0, c.w, c.h), c.theme.background)
    poster = c.slide.fields.get("poster")
    shape = USUAL_SHAPE
    if poster is not None and c.painter is not None:
        image = c.decoder(poster, c.size, "fit", (0.5, 0.5))
        shape = image.size()
        c.painter.drawImage(picture_rect(shape, c).topLeft(), image)
    video_words(c, picture_rect(shape, c))


def _quote(c: Canvas) -> None:
    """The words large under a big opening mark: in italics where the script has them, else
    upright beside an accent rule (Khmer or Hangul slanted by a program reads as a mistake)."""
    width = min(c.w - 2 * c.margin, 1450 * c.u)
    x = (c.w - width) / 2
    c.chapter_label()
    quote_style, by_style = c.style("quote"), c.style("by")
    upright = not has_italics(c.tr("quote"))
    indent = 56 * c.u if upright else 0.0
    top = c.top + 110 * c.u  # room for the big opening mark, below the chapter's name
    quote = c.lay("quote", c.tr("quote"), quote_style, width - indent, (c.bottom - top) * 0.78)
    by = c.lay("by", "— " + c.tr("by"), by_style, width - indent, 160 * c.u)
    total = quote.height + 50 * c.u + by.height
    y = top + max(0.0, (c.bottom - top - total) / 2)
    mark_style = c.style("figure", size=300 * c.u, align=LEFT)
    mark = c.fit("\u201c", mark_style, 300 * c.u, 400 * c.u)
    c.put(mark, x - 16 * c.u, y - 230 * c.u, mark_style)
    if upright:
        letters = ink(quote)
        c.fill(QRectF(x, y + letters.top(), 8 * c.u, letters.height()), c.theme.accent)
    c.put(quote, x + indent, y, quote_style)
    c.put(by, x + indent, y + quote.height + 50 * c.u, by_style)
    c.footer()


def _stat(c: Canvas) -> None:
    width = min(c.w - 2 * c.margin, 1500 * c.u)
    x = (c.w - width) / 2
    c.chapter_label()
    figure_style, label_style = c.style("figure"), c.style("label")
    area = c.bottom - c.top
    figure = c.lay("figure", c.tr("figure"), figure_style, width, area * 0.45)
    label = c.lay("label", c.tr("label"), label_style, width, area * 0.5)
    c.stack([(figure, figure_style), (30.0 * c.u, None), (label, label_style)], x, c.top,
            c.bottom)
    c.footer()


def _sources(c: Canvas) -> None:
    """Numbered entries with hanging indents and space between them; two columns on a wide
    screen when the list is long; as large as the room allows (a portrait list fills it)."""
    heading_style = c.style("heading", size=72 * c.t)
    x, width = c.margin, c.w - 2 * c.margin
    words_heading = c.tr("heading") or words.text("sources_heading", c.language, c.deck.labels)
    heading = c.lay("heading", words_heading, heading_style, width, 200 * c.u)
    c.put(heading, x, c.top, heading_style)
    top = c.rule_under(heading, x, c.top, 24 * c.u) + 56 * c.u
    entries = []
    for s in c.deck.sources:
        tail = f", {s.year}" if s.year else ""
        publisher, title = s.entry(c.language, c.deck.default_language)
        entries.append(f"{publisher}. *{title}*{tail}.")
    columns = 2 if not c.portrait and len(entries) > 5 else 1
    per = -(-len(entries) // columns) if entries else 0
    gap = 80 * c.u
    col_width = (width - gap * (columns - 1)) / columns
    room = c.footer_bottom - top
    size = (58 if c.portrait else 34) * c.t  # the largest that fits is used
    while True:
        style = c.style("list", size=size, min_size=size)
        number_w = size * 2.2
        laid = [c.fit(e, style, col_width - number_w, c.h) for e in entries]
        spacing = size * 0.6
        tallest = max((sum(item.height for item in laid[i * per:(i + 1) * per])
                       + spacing * (len(laid[i * per:(i + 1) * per]) - 1)
                       for i in range(columns)), default=0.0)
        whole = all(item.whole_words for item in laid)
        if (tallest <= room and whole) or size * 0.94 < 18 * c.t:
            break
        size *= 0.94
    if not whole:
        c.note_fit("sources", next(item for item in laid if not item.whole_words))
    elif tallest > room:
        c.misfits.append(("sources", f"the sources do not fit at {c.size.width()}x"
                                     f"{c.size.height()}; shorten their titles"))
    number_style = c.style("list", size=size, min_size=size, bold=True, color=c.theme.accent)
    native = c.language in native_digit_languages(c.deck)  # ១. ២. on a Khmer deck's slide
    for i, item in enumerate(laid):
        column, row = divmod(i, per)
        left = x + column * (col_width + gap)
        if row == 0:
            y = top
        number = words.localize_digits(f"{i + 1}.", c.language) if native else f"{i + 1}."
        c.put(c.fit(number, number_style, number_w, c.h), left, y, number_style)
        c.put(item, left + number_w, y, style)
        y += item.height + spacing


def _call_to_action(c: Canvas) -> None:
    """The invitation: its words, and the QR code with its label clear of the controls'
    strip."""
    label_style = c.style("lead", size=36 * c.t, align=CENTER, color=c.theme.text)
    qr_side = (560 if c.portrait else 500) * c.u
    label_text = c.tr("url_label")
    label = (c.lay("url_label", label_text, label_style, qr_side + 200 * c.u, 120 * c.u)
             if label_text else None)
    under = label.height + 60 * c.u if label else 0.0  # the label under the code
    if c.portrait:
        x, width = c.margin, c.w - 2 * c.margin
        qr_top = min(c.h * 0.52, c.footer_bottom - 20 * c.u - under - qr_side)
        qr_box = QRectF((c.w - qr_side) / 2, qr_top, qr_side, qr_side)
        text_top, text_bottom = c.top, qr_top - 60 * c.u
    else:
        x, width = c.margin, c.w * 0.55 - c.margin
        qr_box = QRectF(c.w * 0.76 - qr_side / 2, (c.h - qr_side) / 2 - 30 * c.u, qr_side,
                        qr_side)
        text_top, text_bottom = c.top, c.bottom
    c.stack(_invitation(c, width, text_bottom - text_top), x, text_top, text_bottom)
    if c.painter is not None:
        pad = 26 * c.u
        c.painter.setPen(Qt.PenStyle.NoPen)
        c.painter.setBrush(QColor(QR_LIGHT))
        c.painter.drawRoundedRect(qr_box.adjusted(-pad, -pad, pad, pad), 24 * c.u, 24 * c.u)
        draw_qr(c.painter, c.slide.fields["url"], qr_box)
    if label:
        c.put(label, qr_box.center().x() - label.width / 2, qr_box.bottom() + 60 * c.u,
              label_style)


def _invitation(c: Canvas, width: float, room: float
                ) -> list[tuple[LaidText | float, TextStyle | None]]:
    """The invitation's heading and text, one under the other in ``room``: the heading has
    half of it, more with larger text on (so it grows as the text does), and never more
    than the text leaves."""
    heading_style, text_style = c.style("display", size=104 * c.t), c.style("lead")
    text = c.tr("text")
    lead = c.lay("text", text, text_style, width, room * 0.45) if text else None
    gap = 40.0 * c.u
    below = lead.height + gap if lead else 0.0
    heading = c.lay("heading", c.tr("heading"), heading_style, width,
                    min(room - below, room * 0.5 * c.text_scale))
    blocks: list[tuple[LaidText | float, TextStyle | None]] = [(heading, heading_style)]
    return blocks + ([(gap, None), (lead, text_style)] if lead else [])


PAINTERS: dict[str, Callable[[Canvas], None]] = {
    "title": _title, "text": _text, "image": _image, "quote": _quote, "stat": _stat,
    "sources": _sources, "call_to_action": _call_to_action, "video": _video,
}


def has_words(slide: Slide, language: str, fallback: str) -> bool:
    """Whether ``slide`` shows words of its own in ``language``: every slide but a photo
    without a caption, a credit or a source (a page of a presentation, a picture alone)."""
    if slide.type != "image":
        return True
    return bool(slide.sources or slide.text("caption", language, fallback)
                or slide.text("credit", language, fallback))
