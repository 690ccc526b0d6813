"""Video slides: the poster first, then the video's frames with its subtitles in the language
on screen; how long the slide lasts; a finger, a language change and the idle return during
playback; the poster alone where the video cannot play."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.content import Deck, load_deck
from kiosk.setup.config import Settings
from kiosk.ui.player.blend import changed_rect
from kiosk.ui.player.canvas import Canvas
from kiosk.ui.player.media_engine import finish
from kiosk.ui.player.player import Player
from kiosk.ui.player.slides import render_slide
from kiosk.ui.player.video_layout import picture_rect, subtitle
from kiosk.visit.session import Mode
from tests.media_files import EN_CUES, KM_CUES, ffmpeg, video_deck

#: Qt Multimedia converting frames in software where no GPU is at hand (offscreen, CI).
pytestmark = pytest.mark.qt_log_ignore(r"No RHI backend\. Using CPU conversion")

W, H = 640, 360  # the test video's size: the player shows it unscaled
POSTER = (0x33, 0x66, 0x99)  # the colour of video_deck's poster


# ---------------------------------------------------------------- helpers
def deck_of(folder: Path) -> Deck:
    loaded = load_deck(folder)
    assert loaded.deck is not None, loaded
    return loaded.deck


def shown(widget: Player) -> QImage:
    """The frame on screen, as a person sees it."""
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def cue_alone(deck: Deck, language: str, text: str, size: QSize,
              video: tuple[int, int] = (W, H)) -> tuple[QImage, QRect]:
    """``text`` painted as a subtitle, alone on the deck's background (the video slide's
    layout at ``size``), and where its box is."""
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor(deck.theme.background))
    plain = image.copy()
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing
                           | QPainter.RenderHint.TextAntialiasing)
    c = Canvas(deck, deck.slides[1], language, size, painter)
    subtitle(c, text, picture_rect(QSize(*video), c))
    painter.end()
    box = changed_rect(image, plain)
    assert box is not None
    return image, box


def difference(a: QImage, b: QImage, box: QRect) -> float:
    """The share of the pixels in ``box`` that differ between ``a`` and ``b`` (by more than
    a trace, the three colours counted together)."""
    a, b = (i.convertToFormat(QImage.Format.Format_RGB32) for i in (a, b))
    line, ours, theirs = a.bytesPerLine(), bytes(a.constBits()), bytes(b.constBits())
    differ = 0
    for y in range(box.top(), box.bottom() + 1):
        start = y * line + box.left() * 4
        row, other = ours[start:start + box.width() * 4], theirs[start:start + box.width() * 4]
        if row != other:
            differ += sum(1 for i in range(0, len(row), 4)
                          if abs(row[i] - other[i]) + abs(row[i + 1] - other[i + 1])
                          + abs(row[i + 2] - other[i + 2]) > 12)
    return differ / max(1, box.width() * box.height())


def near(pixel: int, rgb: tuple[int, int, int], tolerance: int = 30) -> bool:
    c = QColor(pixel)
    return all(abs(a - b) <= tolerance for a, b in zip((c.red(), c.green(), c.blue()), rgb,
                                                        strict=True))


def media_players() -> list[QObject]:
    """The media players alive (made for a video or a voice, not yet deleted by Qt)."""
    roots = [QApplication.instance(), *QApplication.allWidgets()]
    return [o for root in roots if root is not None for o in root.findChildren(QObject)
            if o.metaObject().className() == "QMediaPlayer"]


def let_media_go(qtbot, player: Player | None = None) -> None:  # type: ignore[no-untyped-def]
    """Stop ``player``'s video and voice and have Qt delete every media player now: one
    deleted later, while a test's waiting holds Python's lock (QTest.qWait), could wait for
    ever (kiosk.ui.player.media_engine)."""
    if player is not None:
        player.media.stop_now()
    finish()
    qtbot.waitUntil(lambda: not media_players(), timeout=10_000)


@pytest.fixture(autouse=True)
def _media_let_go(qtbot):  # type: ignore[no-untyped-def]
    yield
    let_media_go(qtbot)


@pytest.fixture
def screen_player(player: Player) -> Player:
    """The test player at the video's own size (its frames are shown unscaled)."""
    player.resize(W, H)
    return player


def on_video(qtbot, widget: Player, frames: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Wait until the video slide is on screen (and, with ``frames``, its video shows)."""
    qtbot.waitUntil(lambda: widget.index == 1 and not widget.transitioning, timeout=10_000)
    if frames:
        qtbot.waitUntil(lambda: widget.media.frame() is not None, timeout=10_000)


# ---------------------------------------------------------------- playing
def test_the_poster_comes_first_then_the_video_plays(media, screen_player: Player, qtbot,
                                                     tmp_path: Path) -> None:
    deck = deck_of(video_deck(tmp_path / "deck", seconds=3.0, narration=False))
    at_arrival: list[QImage] = []
    screen_player.slide_changed.connect(
        lambda index: at_arrival.append(shown(screen_player)) if index == 1 else None)
    screen_player.set_deck(deck)
    on_video(qtbot, screen_player)
    assert near(at_arrival[0].pixel(W // 2, H // 2), POSTER)  # the still, until a frame comes
    first = shown(screen_player)
    position = screen_player.media.video.position_ms  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: screen_player.media.video.position_ms  # type: ignore[union-attr]
                    > position + 400, timeout=5000)
    later = shown(screen_player)
    assert not near(first.pixel(W // 2, H // 2), POSTER)  # the video's own picture
    assert difference(first, later, QRect(0, 0, W, H)) > 0.05  # it moves


def test_each_cue_is_on_screen_at_its_time_and_none_between(media, screen_player: Player, qtbot,
                                                            tmp_path: Path) -> None:
    deck = deck_of(video_deck(tmp_path / "deck", seconds=6.0, narration=False))
    screen_player.set_deck(deck)
    on_video(qtbot, screen_player)
    video = screen_player.media.video
    assert video is not None
    first, first_box = cue_alone(deck, "en", EN_CUES[0][2], QSize(W, H))
    second, second_box = cue_alone(deck, "en", EN_CUES[1][2], QSize(W, H))

    qtbot.waitUntil(lambda: video.cue_text == EN_CUES[0][2], timeout=5000)
    assert 500 <= video.position_ms < 2500
    assert difference(shown(screen_player), first, first_box) < 0.01

    qtbot.waitUntil(lambda: 2600 <= video.position_ms < 2950, timeout=5000)
    between = shown(screen_player)
    assert video.cue_text == ""
    assert difference(between, first, first_box) > 0.2
    assert difference(between, second, second_box) > 0.2

    qtbot.waitUntil(lambda: video.cue_text == EN_CUES[1][2], timeout=5000)
    assert 3000 <= video.position_ms < 5000
    assert difference(shown(screen_player), second, second_box) < 0.01


def test_an_untimed_video_lasts_the_video(media, player: Player, qtbot, tmp_path: Path) -> None:
    deck = deck_of(video_deck(tmp_path / "deck", seconds=2.0, narration=False))
    arrived: dict[int, float] = {}
    player.slide_changed.connect(lambda index: arrived.setdefault(index, time.monotonic()))
    player.set_deck(deck)  # (its other slides last 4 s / 40: a tenth of a second)
    with qtbot.waitSignal(player.slide_changed, timeout=10_000,
                          check_params_cb=lambda index: index == 2):
        pass
    assert arrived[2] - arrived[1] >= 1.9  # the video's two seconds, not the slide's time
    assert player.still_seconds is not None  # the next slide counts its time again


def test_a_timed_looping_video_loops_until_its_duration(media, player: Player, qtbot,
                                                        tmp_path: Path) -> None:
    deck = deck_of(video_deck(tmp_path / "deck", seconds=2.0, narration=False,
                              loop=True, extra={"duration": 14}))
    player.speed = 4.0  # the video's 14 s last 3.5 s
    arrived: dict[int, float] = {}
    player.slide_changed.connect(lambda index: arrived.setdefault(index, time.monotonic()))
    player.set_deck(deck)
    on_video(qtbot, player)
    video = player.media.video
    assert video is not None
    qtbot.waitUntil(lambda: video.position_ms > 1500, timeout=5000)
    qtbot.waitUntil(lambda: video.position_ms < 500, timeout=5000)  # round again
    with qtbot.waitSignal(player.slide_changed, timeout=5000,
                          check_params_cb=lambda index: index == 2):
        pass
    assert 3.0 <= arrived[2] - arrived[1] <= 5.0


# ---------------------------------------------------------------- the still
def first_frame_poster(folder: Path) -> None:
    """Make the video slide's poster the video's own first frame."""
    subprocess.run([ffmpeg(), "-v", "error", "-y", "-i", str(folder / "video" / "well.mp4"),
                    "-frames:v", "1", str(folder / "images" / "well.png")], check=True)
    text = (folder / "deck.yaml").read_text(encoding="utf-8")
    (folder / "deck.yaml").write_text(text.replace("images/well.jpg", "images/well.png"),
                                      encoding="utf-8")


@pytest.mark.parametrize("size", [(W, H), (270, 480)], ids=["landscape", "portrait"])
def test_the_poster_and_the_first_frame_are_laid_out_alike(media, player: Player, qtbot,
                                                           tmp_path: Path,
                                                           size: tuple[int, int]) -> None:
    folder = video_deck(tmp_path / "deck", seconds=2.0, narration=False)
    first_frame_poster(folder)
    deck = deck_of(folder)
    player.resize(*size)
    player.set_autoplay(False)
    player.set_deck(deck)
    qtbot.waitUntil(lambda: player.index == 0)
    still: list[QImage] = []  # the slide as it comes in, before the video's first frame
    player.slide_changed.connect(lambda _index: still.append(shown(player)))
    first: list[QImage] = []
    player.media.frame_ready.connect(lambda: first.append(shown(player)) if not first else None)
    player.go_to(1, "cut")
    qtbot.waitUntil(lambda: bool(first), timeout=5000)
    still, playing = still[:1], first[0]
    whole = QRect(0, 0, *size)
    assert difference(still[0], playing, whole) < 0.03  # no jump: picture, caption, credit


def test_the_caption_scrim_hugs_its_words(kiosk_app, tmp_path: Path) -> None:
    deck = deck_of(video_deck(tmp_path / "deck", seconds=2.0, narration=False))
    frame = render_slide(deck, deck.slides[1], "en", QSize(1920, 1080))
    row = 140  # through the caption "A new well", at the top left
    assert not near(frame.pixel(130, row), POSTER, 10)  # darkened round its words
    assert near(frame.pixel(1500, row), POSTER, 2)  # the rest of the row untouched


def test_without_the_media_extra_the_poster_stays_its_time(
        player: Player, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.ui import media
    from kiosk.ui.player.video import VideoPlayback

    monkeypatch.setattr(media, "available", lambda: False)
    deck = deck_of(video_deck(tmp_path / "deck", seconds=2.0, narration=False))
    playback = VideoPlayback(deck, deck.slides[1], "en", QSize(W, H))
    with qtbot.waitSignal(playback.failed) as said:
        playback.play()
    assert "media" in said.args[0] and playback.frame() is None

    player.resize(W, H)
    player.set_deck(deck)
    on_video(qtbot, player, frames=False)
    assert near(shown(player).pixel(W // 2, H // 2), POSTER)
    assert player.still_seconds == pytest.approx(deck.slides[1].duration - 0.3, abs=0.05)
    qtbot.waitUntil(lambda: player.index == 2, timeout=2000)  # the loop goes on
    assert player.media.frame() is None


def test_a_video_that_cannot_play_leaves_its_poster_its_time(media, player: Player, qtbot,
                                                            tmp_path: Path) -> None:
    folder = video_deck(tmp_path / "deck", seconds=2.0, narration=False)
    (folder / "video" / "well.mp4").write_bytes(b"\0" * 4096)  # not a video any more
    player.resize(W, H)
    player.speed = 8.0  # the poster's 4 s last half a second
    failed: list[str] = []

    def arrived(index: int) -> None:
        if index == 1 and player.media.video is not None:
            player.media.video.failed.connect(failed.append)

    player.slide_changed.connect(arrived)
    player.set_deck(deck_of(folder))
    qtbot.waitUntil(lambda: bool(failed), timeout=5000)
    assert "cannot be played" in failed[0] and player.index == 1
    assert near(shown(player).pixel(W // 2, H // 2), POSTER)
    assert player.still_seconds == pytest.approx(4.0, abs=0.2)  # counted from the failure
    qtbot.waitUntil(lambda: player.index == 2, timeout=3000)  # the loop goes on
    qtbot.waitUntil(lambda: player.index == 1, timeout=5000)
    assert player.media.video is None  # (not tried again each time round)


# ---------------------------------------------------------------- a visitor
@pytest.fixture
def video_kiosk(make_kiosk, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    deck = deck_of(video_deck(tmp_path / "deck", seconds=6.0, narration=False))
    kiosk, clock = make_kiosk(deck, Settings(cursor_hide_seconds=0.05), size=(768, 432))
    yield kiosk, clock
    let_media_go(qtbot, kiosk.player)  # (before the kiosk is closed)


def playing_kiosk(qtbot, kiosk):  # type: ignore[no-untyped-def]
    """Wait until the video plays, then touch the screen: a visitor browses."""
    player = kiosk.player
    on_video(qtbot, player)
    QTest.mouseClick(player, Qt.MouseButton.LeftButton, pos=QPoint(384, 216))
    assert kiosk.session.mode is Mode.BROWSE
    return player


def test_a_swipe_during_playback_moves_the_video_and_moves_on(media, video_kiosk, qtbot
                                                              ) -> None:
    kiosk, clock = video_kiosk
    player = playing_kiosk(qtbot, kiosk)
    QTest.mousePress(player, Qt.MouseButton.LeftButton, pos=QPoint(700, 216))
    for x in range(650, 150, -50):
        clock.advance(0.03)
        QTest.mouseMove(player, QPoint(x, 216))
    frame = player.media.frame()
    assert frame is not None and player.drag_offset < -300
    pulled = shown(player)
    dx = player.drag_offset
    moved = QImage(768, 432, QImage.Format.Format_RGB32)
    painter = QPainter(moved)
    painter.drawImage(QPointF(dx, 0), frame)  # the video's frame, moved with the finger
    painter.end()
    assert difference(pulled, moved, QRect(0, 0, 767 + int(dx), 432)) < 0.01
    clock.advance(0.03)
    QTest.mouseRelease(player, Qt.MouseButton.LeftButton, pos=QPoint(150, 216))
    qtbot.waitUntil(lambda: player.index == 2, timeout=5000)
    assert player.media.video is None  # stopped


def test_a_drag_that_springs_back_resumes_the_video(media, video_kiosk, qtbot) -> None:
    kiosk, clock = video_kiosk
    player = playing_kiosk(qtbot, kiosk)
    video = player.media.video
    QTest.mousePress(player, Qt.MouseButton.LeftButton, pos=QPoint(400, 216))
    for x in range(390, 330, -10):
        clock.advance(0.1)
        QTest.mouseMove(player, QPoint(x, 216))
    held = video.position_ms
    clock.advance(0.1)
    QTest.mouseRelease(player, Qt.MouseButton.LeftButton, pos=QPoint(330, 216))
    qtbot.waitUntil(lambda: video.position_ms > held + 300, timeout=3000)
    assert player.index == 1 and player.media.video is video


def test_a_language_change_keeps_the_place_and_switches_subtitles(media, video_kiosk, qtbot
                                                                   ) -> None:
    kiosk, _clock = video_kiosk
    player = playing_kiosk(qtbot, kiosk)
    video = player.media.video
    qtbot.waitUntil(lambda: video.cue_text == EN_CUES[0][2], timeout=5000)
    before = video.position_ms
    QTest.mouseClick(kiosk.window.controls.language_button, Qt.MouseButton.LeftButton)
    assert kiosk.session.language == "km"
    assert player.media.video is video and video.position_ms >= before  # not from the start
    qtbot.waitUntil(lambda: video.cue_text == KM_CUES[0][2] and not player.transitioning
                    and player.media.frame() is not None, timeout=5000)
    assert video.position_ms < 2500
    khmer, box = cue_alone(player.deck, "km", KM_CUES[0][2], QSize(768, 432))
    assert difference(shown(player), khmer, box) < 0.02


def test_the_idle_return_stops_the_video(media, video_kiosk, qtbot) -> None:
    kiosk, clock = video_kiosk
    player = playing_kiosk(qtbot, kiosk)
    video = player.media.video
    stopped: list[bool] = []
    video.destroyed.connect(lambda: stopped.append(True))
    clock.advance(kiosk.settings.idle_seconds + kiosk.settings.warning_seconds + 1)
    kiosk.journey.on_tick()
    assert kiosk.session.mode is Mode.ATTRACT
    assert player.media.video is None  # stopped as the kiosk went back to the start
    qtbot.waitUntil(lambda: player.index == 0 and bool(stopped), timeout=5000)
