"""Fades drawn as one blend over what the screen already holds, never wrong where it shows."""

from __future__ import annotations

import operator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.content import load_deck
from kiosk.ui.player.player import Player
from kiosk.ui.tasks import TaskRunner
from tests.decks import write_deck

SLIDES = """\
- {type: text, id: words, heading: Words on the background, body: A few more words.}
- {type: image, id: red, image: red.png}
- {type: image, id: blue, image: blue.png}
"""
W, H = 320, 180
SCREEN = W * H


class Overlay(QWidget):
    """A see-through panel over the player, like the invitation."""

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), QColor(0, 200, 0, 120))


@pytest.fixture
def stage(kiosk_app, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A window holding a player (held still by a tiny speed) under a see-through panel."""
    folder = write_deck(tmp_path / "deck", SLIDES,
                        images={"red.png": (220, 20, 20), "blue.png": (20, 20, 220)})
    window = QWidget()
    window.resize(W, H)
    player = Player(TaskRunner(), speed=0.001, parent=window)
    player.setGeometry(window.rect())
    overlay = Overlay(window)
    overlay.setGeometry(200, 120, 80, 40)
    qtbot.addWidget(window)
    window.show()
    player.set_autoplay(False)
    player.set_deck(load_deck(folder).deck)
    qtbot.waitUntil(lambda: player.index == 0 and player.frames.plain() is not None)
    yield window, player, overlay
    player.wait_for_workers()


def on_screen(window: QWidget) -> QImage:
    """What the window's backing store holds: what the screen shows."""
    store = window.backingStore()
    assert store is not None
    device = store.paintDevice()
    assert isinstance(device, QImage)
    return device.convertToFormat(QImage.Format.Format_RGB32)


def from_scratch(window: QWidget) -> QImage:
    """The same window painted anew into a picture (every layer drawn in full)."""
    return window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def largest_difference(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    return max(map(abs, map(operator.sub, bytes(a.constBits()), bytes(b.constBits()))))


def step_through(qtbot, window: QWidget, player: Player, target: int  # type: ignore[no-untyped-def]
                 ) -> list[tuple[int, int]]:
    """Fade to ``target`` in ten held steps; each step's (pixels blended on screen, largest
    difference from the frame drawn from scratch)."""
    player.go_to(target, "fade")
    qtbot.waitUntil(lambda: player.transitioning)
    steps = []
    for k in range(1, 11):
        player.hold_transition(k / 10)
        before = player.blender.blended_px
        player.repaint()
        blended = player.blender.blended_px - before
        steps.append((blended, largest_difference(on_screen(window), from_scratch(window))))
    qtbot.waitUntil(lambda: player.index == target and not player.transitioning)
    return steps


def test_every_step_of_a_fade_shows_what_a_fresh_drawing_would(stage, qtbot) -> None:
    window, player, _ = stage
    for target in (1, 2, 0):  # words to a photo, photo to photo, photo to words
        steps = step_through(qtbot, window, player, target)
        assert max(diff for _, diff in steps) <= 3, steps  # a rounding, unseen
        assert steps[-1][1] == 0, steps  # and the last frame exactly
        player.repaint()
        assert largest_difference(on_screen(window), from_scratch(window)) == 0


def test_a_fade_frame_blends_one_screen_not_a_copy_and_a_blend(stage, qtbot) -> None:
    window, player, overlay = stage
    covered = overlay.width() * overlay.height()
    steps = step_through(qtbot, window, player, 2 if player.index == 1 else 1)
    # Drawn from scratch, a frame is a copy of one screen and a blend of another. Moving on
    # from the last frame is one blend, plus the panel's small area drawn in full.
    moving_on = [blended for blended, _ in steps[1:-1]]
    assert all(blended <= SCREEN + covered for blended in moving_on), steps
    assert sum(moving_on) < 0.6 * len(moving_on) * 2 * SCREEN, steps


def test_a_slide_standing_still_is_not_drawn_again(stage, qtbot) -> None:
    window, player, overlay = stage
    player.repaint()
    before = player.blender.blended_px
    player.repaint()  # nothing moved: only what lies under the panel is drawn again
    assert player.blender.blended_px - before == overlay.width() * overlay.height()
    assert largest_difference(on_screen(window), from_scratch(window)) == 0


def test_moving_the_panel_or_resizing_draws_the_frame_anew(stage, qtbot) -> None:
    window, player, overlay = stage
    player.go_to(1, "cut")
    qtbot.waitUntil(lambda: player.index == 1)
    player.go_to(2, "fade")  # two photos: a crossfade from end to end
    qtbot.waitUntil(lambda: player.transitioning)
    player.hold_transition(0.3)
    player.repaint()
    overlay.move(20, 20)  # what covers the player changed mid-fade
    player.hold_transition(0.6)
    player.repaint()
    assert largest_difference(on_screen(window), from_scratch(window)) <= 3
    window.resize(W - 40, H - 20)  # the frames are stretched until painted for the new size
    player.resize(window.size())
    player.hold_transition(0.8)
    player.repaint()
    assert largest_difference(on_screen(window), from_scratch(window)) <= 3


def test_a_fade_step_that_would_change_no_pixel_is_not_drawn(stage, qtbot) -> None:
    """The eased start of a fade moves the opacity by less than a level of 255: nothing to
    draw (nor to send to the screen) until it does."""
    _, player, _ = stage
    player.go_to(1, "cut")
    qtbot.waitUntil(lambda: player.index == 1)
    player.repaint()  # the slide is on screen
    steps: list[int] = []
    player.transition_step.connect(lambda: steps.append(1))
    player.go_to(2, "fade")  # two photos: a crossfade
    qtbot.waitUntil(lambda: player.transitioning)
    player.hold_transition(0.05)  # eased: an opacity of 0.0005
    assert not steps
    player.hold_transition(0.3)  # 0.108: a frame
    assert len(steps) == 1
    player.repaint()
    player.hold_transition(0.3 + 0.0005)  # the same frame, give or take nothing
    assert len(steps) == 1
    player.hold_transition(1.0)  # the last frame always comes
    assert len(steps) == 2


def test_no_step_is_drawn_just_before_a_frame_drawn_in_full(stage, qtbot) -> None:
    """Half-way through a fade that passes through the bare background, and at its end, the
    frame is drawn in full: a step a moment before it would be drawn over at once."""
    _, player, _ = stage
    steps: list[int] = []
    player.transition_step.connect(lambda: steps.append(1))
    player.go_to(1, "fade")  # words to a photo: through the bare background
    qtbot.waitUntil(lambda: player.transitioning)
    ms = player._anim.duration()
    for fraction, drawn in ((0.3, 1), (0.5 - 100 / ms, 2), (0.5 - 10 / ms, 2), (0.6, 3),
                            (1 - 100 / ms, 4), (1 - 10 / ms, 4), (1.0, 5)):
        player.hold_transition(fraction)
        assert len(steps) == drawn, fraction


def test_where_two_frames_differ_is_found_to_the_pixel_pair() -> None:
    from PySide6.QtCore import QRect

    from kiosk.ui.player.blend import changed_rect

    plain = QImage(W, H, QImage.Format.Format_RGB32)
    plain.fill(QColor("#123456"))
    assert changed_rect(plain, plain.copy()) is None
    words = plain.copy()
    painter = QPainter(words)
    painter.fillRect(QRect(41, 30, 100, 20), QColor("white"))
    painter.fillRect(QRect(60, 120, 3, 3), QColor("white"))
    painter.end()
    # two pixels a word: the left edge may move one pixel left, the right one right
    assert changed_rect(words, plain) == QRect(40, 30, 102, 93)
    assert changed_rect(words, QImage(10, 10, QImage.Format.Format_RGB32)) == words.rect()


def test_a_fade_between_two_slides_of_words_blends_only_where_their_words_are(
        kiosk_app, qtbot, tmp_path: Path) -> None:
    """Both are painted on the bare background: through it, each half of the fade lays
    only the rectangle of words over the screen, and every step is still exact."""
    folder = write_deck(tmp_path / "deck", """\
- {type: text, id: one, heading: One, body: A few words.}
- {type: text, id: two, heading: Two, body: A few other words.}
""")
    window = QWidget()
    window.resize(W, H)
    player = Player(TaskRunner(), speed=0.001, parent=window)
    player.setGeometry(window.rect())
    qtbot.addWidget(window)
    window.show()
    player.set_autoplay(False)
    player.set_deck(load_deck(folder).deck)
    qtbot.waitUntil(lambda: player.index == 0 and player.frames.plain() is not None)
    # every frame asked for so far has arrived (one painted before the bare background was
    # known, handed over after keep_only, would be blended in full)
    qtbot.waitUntil(lambda: not player.frames.painting)
    player.frames.keep_only(set())  # painted again, now on the bare background
    player.go_to(0, "cut")
    qtbot.waitUntil(lambda: player.frames.get(0) is not None)
    player.frames.request(1)
    qtbot.waitUntil(lambda: player.frames.get(1) is not None)
    player.repaint()
    steps = step_through(qtbot, window, player, 1)
    assert max(diff for _, diff in steps) <= 3, steps
    assert steps[-1][1] == 0, steps
    # each step lays the words' rectangle; the one step from the first half to the second
    # (from the old words to the new) is drawn from the bare background up, in full
    small = [blended for blended, _ in steps if blended < SCREEN / 10]
    assert len(small) >= len(steps) - 2, steps
    player.wait_for_workers()


def test_where_a_frame_differs_is_given_in_the_screen_s_own_units(kiosk_app) -> None:
    """On a screen of two pixels to the point, a frame painted at twice the size says where
    its words are in points, rounded outwards; a frame it knows nothing of is whole."""
    from PySide6.QtCore import QRect

    from kiosk.ui.player.frames import FrameCache

    cache = FrameCache(TaskRunner())
    frame = QImage(2 * W, 2 * H, QImage.Format.Format_RGB32)
    frame.setDevicePixelRatio(2.0)
    assert cache.changed(frame) == QRect(0, 0, W, H)
    cache._changes[frame.cacheKey()] = QRect(41, 30, 101, 20)
    assert cache.changed(frame) == QRect(20, 15, 51, 10)
    cache._changes[frame.cacheKey()] = QRect()  # (nowhere)
    assert cache.changed(frame).isEmpty()  # the same as the bare background
