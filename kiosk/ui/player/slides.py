"""Painting slides into images: each slide laid out by the painter of its type
(:mod:`kiosk.ui.player.slide_types`) on the deck's background, with its logo.

Everything here runs on worker threads as well as the GUI thread: it paints only on QImage.
The same code lays out text without painting to tell validation which texts do not fit, and
(:func:`settle`) how far a slide's text steps down so that every word fits its line.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize
from PySide6.QtGui import QImage, QPainter

from kiosk.content.model import Deck, Slide
from kiosk.ui.common.images import Decoder, decode
from kiosk.ui.player.canvas import LOGO_HEIGHT, Canvas
from kiosk.ui.player.slide_types import PAINTERS, has_words, slide_photo


def paint_logo(c: Canvas) -> None:
    """The deck's logo, top right."""
    logo = c.theme.logo
    if logo is None or c.painter is None:
        return
    side = round(LOGO_HEIGHT * c.u)
    image = c.decoder(logo, QSize(side * 3, side), "fit", (0.5, 0.5))
    c.painter.drawImage(QPointF(c.w - c.margin - image.width(), c.top - 70 * c.u), image)


def has_plain_background(slide: Slide) -> bool:
    """Whether ``slide`` is drawn on the deck's own background (no photo behind it): two such
    slides share everything but their words."""
    return slide.type not in ("image", "video") and slide.image() is None


def paints_on_plain(slide: Slide, size: QSize, plain: QImage | None) -> bool:
    """Whether ``slide`` at ``size`` is painted on a copy of ``plain`` (its words only)."""
    return plain is not None and plain.size() == size and has_plain_background(slide)



def crossfades(slide: Slide, language: str, fallback: str) -> bool:
    """Whether a fade may lay ``slide`` straight over another such slide: a photo with no
    words of its own, cropped to the screen (a picture shown whole, a page or a poster,
    usually holds words in its pixels)."""
    return (slide.type == "image" and slide.fields["fit"] == "fill"
            and not has_words(slide, language, fallback))


def fades_through_plain(deck: Deck, one: int, other: int, language: str) -> bool:
    """Whether a fade between slides ``one`` and ``other`` passes through the bare background
    (:func:`render_plain`), so words never cross words: always, but between two photos
    without words (those crossfade)."""
    count = len(deck.slides)
    if not (0 <= one < count and 0 <= other < count):
        return False
    fallback = deck.default_language
    return not (crossfades(deck.slides[one], language, fallback)
                and crossfades(deck.slides[other], language, fallback))


def render_plain(deck: Deck, size: QSize) -> QImage:
    """The deck's background with its logo and no words: what a fade between two plain slides
    passes through, so their texts never show over each other."""
    image = QImage(size, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        painter.setRenderHints(QPainter.RenderHint.Antialiasing
                               | QPainter.RenderHint.SmoothPixmapTransform)
        canvas = Canvas(deck, deck.slides[0], deck.default_language, size, painter)
        canvas.background()
        paint_logo(canvas)
    finally:
        painter.end()
    return image


#: How much of its usual size a slide's text has at each step down, tried in turn when one of
#: its words is wider than its line even at the smallest size of its own text (a long name,
#: a web address, larger text on a narrow screen). At the last, such a word is cut in two.
STEPS = (1.0, 0.88, 0.77, 0.68)


def steps(text_scale: float = 1.0) -> tuple[float, ...]:
    """The steps tried with text ``text_scale`` times its usual size: :data:`STEPS`, then,
    with larger text on, the usual steps below the last of those, so the text reaches the
    usual smallest size: a word that fits whole without larger text fits whole with it."""
    lowest = STEPS[-1] * text_scale
    return STEPS + tuple(step / text_scale for step in STEPS if step < lowest)


@dataclass
class Settled:
    """A slide laid out (not painted) at the step where every word fits its line."""

    step: float  # 1.0: the usual size
    canvas: Canvas  # the layout at that step: what does not fit even so (``misfits``)
    wide: list[str]  # the texts with a word too wide at the usual size (why it stepped down)


def settle(deck: Deck, slide: Slide, language: str, size: QSize,
           text_scale: float = 1.0) -> Settled:
    """Lay ``slide`` out at each of :func:`steps` in turn until no word is wider than its
    line (or the last step is reached)."""
    wide: list[str] = []
    for step in steps(text_scale):
        canvas = Canvas(deck, slide, language, size, text_scale=text_scale, step=step)
        PAINTERS[slide.type](canvas)
        wide = wide or canvas.cut
        if not canvas.cut:
            break
    return Settled(step, canvas, wide)


def render_slide(deck: Deck, slide: Slide, language: str, size: QSize,
                 text_scale: float = 1.0, plain: QImage | None = None,
                 decoder: Decoder = decode) -> QImage:
    """The slide as an opaque image of ``size``. Raises ImageError if its photo is unusable.
    ``plain`` (:func:`render_plain`'s frame, when there is one) saves painting the background
    again under a slide of words; ``decoder`` reads its photos."""
    return paint_slide(deck, slide, language, size, text_scale=text_scale, plain=plain,
                       decoder=decoder)[0]


def paint_slide(deck: Deck, slide: Slide, language: str, size: QSize,
                hide: frozenset[str] = frozenset(), text_scale: float = 1.0,
                plain: QImage | None = None, decoder: Decoder = decode
                ) -> tuple[QImage, dict[str, QRectF]]:
    """The slide, and where each of its texts went; texts named in ``hide`` are placed but
    not drawn (what lies under a caption can then be measured)."""
    step = settle(deck, slide, language, size, text_scale).step
    reuse = paints_on_plain(slide, size, plain)
    photo = slide_photo(slide, language, size, decoder)
    whole = (photo is not None and photo.size() == size
             and photo.format() == QImage.Format.Format_RGB32)
    if whole and photo is not None:
        image = photo  # a photo that fills the frame is painted on, not copied into one
    elif reuse and plain is not None:
        image = plain.copy()
        image.setDevicePixelRatio(1.0)  # painted in pixels, as a new image would be
    else:
        image = QImage(size, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        painter.setRenderHints(QPainter.RenderHint.Antialiasing
                               | QPainter.RenderHint.TextAntialiasing
                               | QPainter.RenderHint.SmoothPixmapTransform)
        canvas = Canvas(deck, slide, language, size, painter, hide=hide, text_scale=text_scale,
                        step=step, decoded=photo, photo_is_frame=whole, decoder=decoder)
        if not reuse and slide.type != "image":  # (the plain frame already holds the
            canvas.background()  # background and the logo; a photo brings its own)
        PAINTERS[slide.type](canvas)
        if slide.type != "image" and not reuse:
            paint_logo(canvas)
    finally:
        painter.end()
    return image, canvas.placed
