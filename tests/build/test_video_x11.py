"""A video slide on a real X screen (Xvfb with a window manager, Qt's xcb plugin): the
installed `kiosk` plays a 10-second 1080p video in its loop, its frames moving and each
subtitle cue on screen at its time; a swipe during playback moves on; the idle return
takes the kiosk back to its first slide, the video stopped; and it ends cleanly when the
booth shuts down while a video plays."""

from __future__ import annotations

import struct
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage

from tests.build.test_real_screen import H, W, _end, _kiosk_command, _run, _until
from tests.build.test_real_screen import screen as screen  # (the fixture)
from tests.gui.test_video_slide import cue_alone, difference
from tests.media_files import video_deck, write_vtt

#: The cues of the test video (10 s): far enough apart to be told apart by a few grabs.
EN = [(1.0, 3.5, "We met them in Phnom Penh."), (5.0, 8.5, "They asked us to stay.")]
KM = [(1.0, 3.5, "យើង​បាន​ជួប​ពួកគេ​នៅ​ភ្នំពេញ។"), (5.0, 8.5, "ពួកគេ​បាន​សុំ​ឱ្យ​យើង​នៅ។")]
#: How far off a grab's time may be (a grab every few tenths of a second, the video's start
#: seen at the first grab after it).
SLACK = 0.4
SLIDE_S = 3  # every other slide's time


def xwd(env: dict[str, str]) -> QImage:
    """The X screen's pixels now, read with xwd (a twentieth of a second: fast enough to
    follow a playing video)."""
    raw = subprocess.run(["xwd", "-root", "-silent"], env=env, capture_output=True,
                         check=True, timeout=30).stdout
    head = struct.unpack(">25I", raw[:100])
    size, width, height, order, bits, line, colours = (head[0], head[4], head[5], head[7],
                                                      head[11], head[12], head[19])
    assert bits == 32 and order == 0, head  # (B, G, R, x: Qt's RGB32 on this machine)
    start = size + colours * 12
    return QImage(raw[start:start + line * height], width, height, line,
                  QImage.Format.Format_RGB32).copy()


@dataclass
class Seen:
    at: float  # seconds since the video's first frame was seen
    image: QImage
    cue: int  # the cue whose box is on screen (-1: none)


def _deck(folder: Path) -> Path:
    """video_deck with a 10-s 1920x1080 video, its cues spread over it, slides of 3 s."""
    video_deck(folder, seconds=10.0, size=(1920, 1080), narration=False)
    write_vtt(folder / "video" / "well-en.vtt", EN)
    write_vtt(folder / "video" / "well-km.vtt", KM)
    deck = yaml.safe_load((folder / "deck.yaml").read_text(encoding="utf-8"))
    deck["duration"] = SLIDE_S
    (folder / "deck.yaml").write_text(yaml.safe_dump(deck, allow_unicode=True),
                                      encoding="utf-8")
    return folder


def _watch(env: dict[str, str], references: list[tuple[QImage, QRect]],
           seconds: float = 25.0) -> list[Seen]:
    """Grab the screen until the video has shown both cues and gone past the second one's
    start; each grab with the cue whose box it shows."""
    seen: list[Seen] = []
    first: float | None = None
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        image, now = xwd(env), time.monotonic()
        if first is None:
            if not _is_video(image):
                continue  # the welcome slide, or the poster before the first frame
            first = now
        cue = next((i for i, (ref, box) in enumerate(references)
                    if difference(image, ref, box) < 0.08), -1)
        seen.append(Seen(now - first, image, cue))
        if now - first > EN[1][0] + 1.5:
            return seen
        time.sleep(0.03)  # (another process's screen: nothing to wait on but time)
    pytest.fail(f"the video did not play through its cues: {[(s.at, s.cue) for s in seen]}")


def _is_video(image: QImage) -> bool:
    """Whether the test picture (bars of strong colours) fills the screen."""
    colours = [QColor(image.pixel(x, H // 3)) for x in range(20, W, 40)]
    return len({c.hue() // 30 for c in colours if c.saturation() > 150 and c.value() > 120}) >= 4


def _alike(a: QImage, b: QImage, top: int, bottom: int) -> bool:
    """Whether ``a`` and ``b`` hold the same rows from ``top`` to ``bottom``."""
    line = a.bytesPerLine()
    return bytes(a.constBits())[top * line:bottom * line] == bytes(b.constBits())[
        top * line:bottom * line]


def test_a_video_slide_plays_on_a_real_x_screen(media, screen: dict[str, str], kiosk_app,
                                                tmp_path: Path) -> None:
    from kiosk.content import load_deck
    from kiosk.staff.pin import StaffAuth

    began = time.monotonic()
    folder = _deck(tmp_path / "deck")
    deck = load_deck(folder).deck
    assert deck is not None
    references = [cue_alone(deck, "en", text, QSize(W, H), video=(1920, 1080))
                  for _start, _end_s, text in EN]
    env = {**screen, "KIOSK_CONTENT": str(folder)}
    Path(env["KIOSK_CONFIG"]).write_text("idle_seconds: 5\nwarning_seconds: 3\n",
                                         encoding="utf-8")
    StaffAuth(Path(env["KIOSK_DATA_DIR"])).set_pin("2468")  # a booth set up: locked down
    log = (tmp_path / "kiosk.err").open("w+")
    kiosk = subprocess.Popen(_kiosk_command(), env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        _until("the first slide is painted", lambda: len({xwd(env).pixel(x, 300)
                                                          for x in range(0, W, 16)}) > 1)
        welcome = _settled(env)

        # The loop plays the video: its frames move, each cue is on screen at its time.
        seen = _watch(env, references)
        playing = [s for s in seen if s.at < EN[1][1]]
        above = QRect(0, 0, W, references[0][1].top())  # the picture over the subtitles
        assert difference(playing[0].image, playing[-1].image, above) > 0.05
        firsts = [next(s.at for s in seen if s.cue == cue) for cue in (0, 1)]
        said = [(round(s.at, 2), s.cue) for s in seen]
        assert EN[0][0] - SLACK <= firsts[0] <= EN[0][0] + SLACK, said
        assert EN[1][0] - SLACK <= firsts[1] <= EN[1][0] + SLACK, said
        gap = [s.cue for s in seen if EN[0][1] + SLACK < s.at < EN[1][0] - SLACK]
        assert gap and set(gap) == {-1}, said  # no cue between the two
        assert {s.cue for s in seen if s.at < EN[0][0] - SLACK} == {-1}, said  # nor before

        # A swipe during playback moves on (the video stops: the screen stands still).
        _run(env, "xdotool", "mousemove", str(W // 2), str(H // 3), "click", "1")
        _swipe(env, 1100, 150)
        assert not _is_video(_settled(env))  # the next slide, standing still
        _swipe(env, 150, 1100)  # back: the video plays again
        _until("the video plays again", lambda: _is_video(xwd(env)))

        # The idle return (5 s, then a 3 s countdown): back to the first slide, still.
        _until("the kiosk is back on its first slide",
               lambda: _alike(xwd(env), welcome, 0, H // 2), seconds=15)
        assert not _is_video(_settled(env))

        # The loop plays the video again; the booth shuts down meanwhile: the kiosk ends.
        _until("the loop plays the video again", lambda: _is_video(xwd(env)))
        kiosk.terminate()
        assert kiosk.wait(20) == 0 and "kiosk stopped (exit code 0)" in _said(log)
    finally:
        _end(kiosk)
        log.close()
    took = time.monotonic() - began
    assert took < 45, f"took {took:.0f} s"


def _swipe(env: dict[str, str], start: int, end: int) -> None:
    """A finger across the screen, from x ``start`` to ``end``."""
    step = 100 if end > start else -100
    _run(env, "xdotool", "mousemove", str(start), "300", "mousedown", "1",
         *[arg for x in range(start + step, end, step) for arg in ("mousemove", str(x), "300")],
         "mousemove", str(end), "300", "mouseup", "1")


def _settled(env: dict[str, str]) -> QImage:
    """The screen once two grabs a fifth of a second apart hold the same upper half (the
    invitation's ripple may move below)."""
    grabs = [xwd(env)]

    def still() -> bool:
        time.sleep(0.2)  # (another process's screen: nothing to wait on but time)
        grabs.append(xwd(env))
        return _alike(grabs[-2], grabs[-1], 0, H // 2)

    _until("the screen stands still", still)
    return grabs[-1]


def _said(log) -> str:  # type: ignore[no-untyped-def]
    log.flush()
    log.seek(0)
    return str(log.read())
