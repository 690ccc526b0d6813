"""What a visitor sees first, measured: the loop's invitation is big enough to read across a
room and never covers slide text."""

from __future__ import annotations

import pytest

from kiosk.content import load_deck
from kiosk.platform import paths
from kiosk.setup.config import Settings
from kiosk.ui.common.metrics import INVITATION_CAP, controls_strip
from kiosk.visit.session import Mode


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 720)])
def test_the_invitation_reads_from_across_a_room(make_kiosk, size) -> None:  # type: ignore[no-untyped-def]
    deck = load_deck(paths.bundled_content_dir()).deck
    kiosk, _clock = make_kiosk(deck, Settings(cursor_hide_seconds=600), size=size)
    assert kiosk.session.mode is Mode.ATTRACT
    hint = kiosk.window.controls.hint
    assert hint.isVisible()
    width, height = size
    assert INVITATION_CAP >= 0.025
    assert hint.cap_height() >= 0.025 * height  # capitals 2.5% of the screen's height
    strip_top = height - controls_strip(width, height)  # slides draw no text below this
    box = hint.geometry()
    assert box.top() >= strip_top and box.bottom() < height
    assert box.left() >= 0 and box.right() < width
    hint._ripple.setCurrentTime(700)  # a ripple, half-way: the icon visibly moves
    assert 0.3 < hint.phase < 0.7
    kiosk.session.interact()  # a visitor touched: the invitation gives way to the controls
    assert not hint.isVisible()


def test_a_ripple_frame_draws_the_ring_and_no_icon_anew(make_kiosk, monkeypatch  # type: ignore[no-untyped-def]
                                                         ) -> None:
    """The ring spreads round the hand on each ripple frame; the hand is the one drawn at
    first, not the icon font laid out again (that cost more than the ring, each frame of a
    fade beneath included)."""
    from kiosk.ui.journey import invitation

    deck = load_deck(paths.bundled_content_dir()).deck
    kiosk, _clock = make_kiosk(deck, Settings(cursor_hide_seconds=600), size=(1920, 1080))
    hint = kiosk.window.controls.hint
    still = hint.grab().toImage()
    drawn: list[str] = []
    real_icon = invitation.icon
    monkeypatch.setattr(invitation, "icon", lambda *a, **k: drawn.append(a[0]) or real_icon(
        *a, **k))
    hint._ripple.setCurrentTime(700)
    frames = [hint.grab().toImage() for _ in range(3)]
    assert drawn == []  # three ripple frames, no icon drawn anew
    area = hint._ring_area().intersected(hint.rect())
    changed = sum(frames[0].pixel(x, y) != still.pixel(x, y)
                  for x in range(area.left(), area.right(), 2)
                  for y in range(area.top(), area.bottom(), 2))
    assert changed > 100  # the ring is there
    assert frames[0] == frames[2]


def test_the_invitation_keeps_its_words_together(kiosk_app) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFontMetricsF

    from kiosk.ui.common.fonts import font
    from kiosk.ui.journey.invitation import balanced

    metrics = QFontMetricsF(font("Noto Sans", 70))
    lines = balanced("Touch the screen to explore", metrics, 720)
    assert len(lines) == 2 and len(lines[-1].split()) > 1  # never one word alone




def _worst_contrast(deck, slide, size, name: str, colour: str) -> float | None:  # type: ignore[no-untyped-def]
    """The lowest contrast between ``colour`` and any pixel under the text ``name`` (drawn
    without that text, so only what lies beneath it is measured)."""
    from PySide6.QtGui import QColor

    from kiosk.content.contrast import ratio
    from kiosk.ui.player.slides import paint_slide

    image, placed = paint_slide(deck, slide, "en", size, hide=frozenset({name}))
    rect = placed.get(name)
    if rect is None:
        return None
    step = max(2, round(rect.height() / 12))
    seen = {image.pixel(x, y)
            for y in range(max(0, int(rect.top())), min(image.height(), int(rect.bottom())), step)
            for x in range(max(0, int(rect.left())), min(image.width(), int(rect.right())), step)}
    return min(ratio(colour, QColor(p).name()) for p in seen)


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (3840, 2160)])
def test_words_on_photos_read_on_the_pixels_under_them(kiosk_app, size) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSize

    deck = load_deck(paths.bundled_content_dir()).deck
    assert deck is not None
    measured = 0
    for slide in (s for s in deck.slides if s.image() is not None):
        t = deck.theme
        for name, colour in (("caption", t.text), ("heading", t.text), ("subtitle", t.text),
                             ("source", t.muted)):
            worst = _worst_contrast(deck, slide, QSize(*size), name, colour)
            if worst is not None:
                measured += 1
                assert worst >= 4.5, f"{slide.id} {name} at {size}: {worst:.2f}:1"
    assert measured >= 8  # the welcome title, the photo captions, their sources


def _text_visibility(frame, slide, plain) -> float:  # type: ignore[no-untyped-def]
    """How much of ``slide``'s own words show in ``frame``: over the pixels where the slide
    differs from the bare background, the median contrast between frame and background
    (1.0: nothing of the words shows)."""
    from PySide6.QtGui import QColor

    from kiosk.content.contrast import ratio

    values = []
    for y in range(0, plain.height(), 2):
        for x in range(0, plain.width(), 2):
            own, bare = slide.pixel(x, y), plain.pixel(x, y)
            if ratio(QColor(own).name(), QColor(bare).name()) >= 3.0:  # a stroke of a word
                values.append(ratio(QColor(frame.pixel(x, y)).name(), QColor(bare).name()))
    values.sort()
    return values[len(values) // 2] if values else 1.0


def test_a_fade_between_two_figures_never_shows_both_texts(player, qtbot) -> None:  # type: ignore[no-untyped-def]
    deck = load_deck(paths.bundled_content_dir()).deck
    assert deck is not None
    first = next(s.index for s in deck.slides if s.id == "the-dead")  # '2 to 3 million'
    second = next(s.index for s in deck.slides if s.id == "tuol-sleng")  # '17,000'
    player.set_autoplay(False)
    player.set_deck(deck)
    player.go_to(first, "cut")
    qtbot.waitUntil(lambda: player.index == first and player.frames.plain() is not None,
                    timeout=5000)
    old = player.grab().toImage()
    plain = player.frames.plain()
    player.speed = 0.001  # hold the fade so each of its frames can be looked at
    player.go_to(second, "fade")
    qtbot.waitUntil(lambda: player.transitioning, timeout=5000)
    frames = []
    for tenth in range(1, 10):
        player.hold_transition(tenth / 10)
        frames.append(player.grab().toImage())
    player.hold_transition(1.0)
    qtbot.waitUntil(lambda: player.index == second and not player.transitioning)
    new = player.grab().toImage()
    legible = 1.5  # words at this contrast or more on their background can be read
    for tenth, frame in enumerate(frames, 1):
        shown_old = _text_visibility(frame, old, plain)
        shown_new = _text_visibility(frame, new, plain)
        assert not (shown_old >= legible and shown_new >= legible), (tenth, shown_old,
                                                                    shown_new)
    assert _text_visibility(frames[0], old, plain) >= legible  # it is a fade, not a cut
    assert _text_visibility(frames[-1], new, plain) >= legible


def test_no_word_is_left_alone_on_a_last_line(kiosk_app) -> None:  # type: ignore[no-untyped-def]
    from kiosk.ui.common.text_layout import TextStyle, fit_text

    text = ("people died in four years, a quarter to a third of the country, from starvation, "
            "disease, exhaustion or execution.")
    style = TextStyle("Noto Sans", 56, "#ffffff")
    laid = fit_text(text, style, 1380, 1000)  # greedy wrapping leaves 'execution.' alone
    layout = laid.layout
    last = layout.lineAt(layout.lineCount() - 1)
    words = layout.text()[last.textStart():last.textStart() + last.textLength()].split()
    assert layout.lineCount() == 3 and len(words) > 1
    widths = [layout.lineAt(i).naturalTextWidth() for i in range(layout.lineCount())]
    assert max(widths) - min(widths) < 0.35 * max(widths)  # the lines are even


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_progress_dots_are_big_enough_to_see_and_the_row_to_touch(make_kiosk, size) -> None:  # type: ignore[no-untyped-def]
    deck = load_deck(paths.bundled_content_dir()).deck
    kiosk, _clock = make_kiosk(deck, Settings(cursor_hide_seconds=600), size=size)
    kiosk.session.interact()
    controls = kiosk.window.controls
    dots = controls.dots
    assert dots.isVisible() and dots.height() >= 64
    assert 2 * max(8.0, dots.height() * 0.11) >= 16  # as paintEvent draws them
    slots = dots.slots()
    assert len(slots) == len(deck.slides)
    text_left = 120 if size[0] > size[1] else 84  # where slide text may start (margin)
    for arrow in (controls.prev_button, controls.next_button):
        box = arrow.geometry()
        if size[0] > size[1]:  # in the side margins, clear of the text column
            assert box.right() < text_left or box.left() > size[0] - text_left
        else:  # below the slides' text, in the controls' strip
            assert box.top() >= size[1] - controls_strip(*size)


def test_a_caption_keeps_off_a_low_focal_point(kiosk_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSize

    from kiosk.ui.player.slides import paint_slide
    from tests.decks import write_deck

    folder = write_deck(tmp_path / "d", """\
- {type: image, id: low, image: p.png, caption: What matters is low, focus: [0.5, 0.85]}
- {type: image, id: mid, image: p.png, caption: What matters is in the middle}
""", images={"p.png": (90, 110, 130)})
    deck = load_deck(folder).deck
    assert deck is not None
    for slide, top_half in ((deck.slides[0], True), (deck.slides[1], False)):
        _image, placed = paint_slide(deck, slide, "en", QSize(1920, 1080))
        assert (placed["caption"].center().y() < 540) is top_half, slide.id
