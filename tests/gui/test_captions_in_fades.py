"""Words on photos keep apart in a fade, as words on the background do: a fade between two
captioned photos never shows both captions at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QSize
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter

from kiosk.content import Deck, load_deck
from kiosk.ui.player import frames
from kiosk.ui.player.player import Player
from kiosk.ui.player.slides import fades_through_plain, paint_slide
from kiosk.ui.tasks import TaskRunner
from tests.decks import write_deck

CAPTIONED = """\
- {type: image, id: dawn, image: dawn.png, caption: Dawn over the river as the boats go out.}
- {type: image, id: dusk, image: dusk.png, caption: Dusk in the village as children walk home.}
"""
STEPS = 20  # frames looked at along the fade


def photo(path: Path, start: tuple[int, int, int], end: tuple[int, int, int]) -> None:
    """A photo-like picture: a soft diagonal gradient."""
    image = QImage(1200, 800, QImage.Format.Format_RGB32)
    gradient = QLinearGradient(QPointF(0, 0), QPointF(1200, 800))
    gradient.setColorAt(0, QColor(*start))
    gradient.setColorAt(1, QColor(*end))
    painter = QPainter(image)
    painter.fillRect(image.rect(), gradient)
    painter.end()
    assert image.save(str(path))


@pytest.fixture
def captioned(kiosk_app, tmp_path: Path) -> Deck:  # type: ignore[no-untyped-def]
    folder = write_deck(tmp_path / "deck", CAPTIONED)
    photo(folder / "dawn.png", (200, 150, 90), (90, 120, 170))
    photo(folder / "dusk.png", (60, 140, 90), (170, 90, 140))
    deck = load_deck(folder).deck
    assert deck is not None
    return deck


def fade_frames(qtbot, monkeypatch, deck: Deck, size: QSize,  # type: ignore[no-untyped-def]
                unwritten: str | None) -> list[bytes]:
    """What the screen shows before a fade from the first slide to the second, at each
    twentieth of its way and after it (RGB32 pixels). The caption of the slide ``unwritten``
    is laid out as usual but not drawn: the difference is that caption's share of a frame."""
    def render(deck: Deck, slide, language: str, pixels: QSize,  # type: ignore[no-untyped-def]
               scale: float = 1.0, plain: QImage | None = None) -> QImage:
        hide = frozenset({"caption"}) if slide.id == unwritten else frozenset()
        return paint_slide(deck, slide, language, pixels, hide=hide, text_scale=scale,
                           plain=plain)[0]

    monkeypatch.setattr(frames, "render_slide", render)
    player = Player(TaskRunner(), speed=0.001)  # a fade held at each step to be looked at
    player.resize(size)
    qtbot.addWidget(player)
    player.show()
    player.set_autoplay(False)
    player.set_deck(deck)
    qtbot.waitUntil(lambda: player.index == 0 and player.frames.plain() is not None
                    and player.frames.get(1) is not None, timeout=5000)

    def shot() -> bytes:
        image = player.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        assert image.bytesPerLine() == image.width() * 4
        return bytes(image.constBits())

    shots = [shot()]
    player.go_to(1, "fade")
    qtbot.waitUntil(lambda: player.transitioning)
    for step in range(1, STEPS):
        player.hold_transition(step / STEPS)
        shots.append(shot())
    player.hold_transition(1.0)
    qtbot.waitUntil(lambda: player.index == 1 and not player.transitioning)
    shots.append(shot())
    player.wait_for_workers()
    player.close()
    return shots


def strokes(written: bytes, unwritten: bytes) -> list[int]:
    """Where a caption's letters are: the pixels (byte offsets) it changes clearly."""
    return [i for i in range(0, len(written), 4)
            if max(abs(written[i + c] - unwritten[i + c]) for c in range(3)) > 48]


def share(written: bytes, unwritten: bytes, where: list[int]) -> float:
    """How strongly a caption shows: the mean change its letters make, in levels."""
    return sum(max(abs(written[i + c] - unwritten[i + c]) for c in range(3))
               for i in where) / len(where)


@pytest.mark.parametrize("size", [QSize(640, 360), QSize(360, 640)])
def test_a_fade_between_two_captioned_photos_never_shows_both_captions(  # type: ignore[no-untyped-def]
        qtbot, monkeypatch, captioned: Deck, size: QSize) -> None:
    shown = fade_frames(qtbot, monkeypatch, captioned, size, None)
    without_old = fade_frames(qtbot, monkeypatch, captioned, size, "dawn")
    without_new = fade_frames(qtbot, monkeypatch, captioned, size, "dusk")
    old_letters = strokes(shown[0], without_old[0])
    new_letters = strokes(shown[-1], without_new[-1])
    assert len(old_letters) > 200 and len(new_letters) > 200  # both captions are there
    old_full = share(shown[0], without_old[0], old_letters)
    new_full = share(shown[-1], without_new[-1], new_letters)
    seen = []
    for step in range(1, STEPS):
        old = share(shown[step], without_old[step], old_letters) / old_full
        new = share(shown[step], without_new[step], new_letters) / new_full
        seen.append((step, round(old, 2), round(new, 2)))
        assert not (old > 0.05 and new > 0.05), seen  # never one caption over the other
    assert seen[0][1] > 0.5 and seen[-1][2] > 0.5, seen  # a fade: out, then in; not a cut


def test_only_photos_without_words_of_their_own_crossfade(kiosk_app,  # type: ignore[no-untyped-def]
                                                          tmp_path: Path) -> None:
    """Two photos with no words cross straight; any other fade passes through the bare
    background: a caption, a credit or a source is words, and a picture shown whole (a page
    of a presentation, a poster) usually holds words in its pixels."""
    folder = write_deck(tmp_path / "deck", """\
- {type: image, id: light, image: a.png}
- {type: image, id: water, image: a.png}
- {type: image, id: credited, image: a.png, credit: A friend}
- {type: image, id: cited, image: a.png, source: un}
- {type: image, id: page, image: a.png, fit: fit}
- {type: image, id: captioned, image: a.png, caption: Words}
""", images={"a.png": (90, 110, 130)})
    deck = load_deck(folder).deck
    assert deck is not None
    assert not fades_through_plain(deck, 0, 1, "en")
    for other in range(2, 6):
        assert fades_through_plain(deck, 0, other, "en"), deck.slides[other].id
