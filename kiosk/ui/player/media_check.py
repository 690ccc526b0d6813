"""`kiosk validate` opens each video and narration file as the player will (Qt Multimedia, the
media extra) and says what would go wrong at a booth: a file that does not open, a kind of
video a booth may not play, a picture larger than any screen, a file too large to copy, a
subtitle after the video's end, a voice longer than its slide. Without the extra it says once
what the booth does instead."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer, QUrl

from kiosk.content import Deck, Slide
from kiosk.content.problems import Problem, Problems, Where
from kiosk.ui import media

#: The largest booth screen (4K), either way round: a larger video only costs decoding.
LARGEST = (3840, 2160)
#: A video file larger than this is slow to copy to a booth and may stutter on a small PC.
LARGEST_FILE = 500 * 1024 * 1024
#: How long a file may take to open (they open in a few milliseconds).
OPEN_MS = 5000
#: The kinds of video every booth plays (Qt's names); the others in plain words.
PLAYS = frozenset({"H264", "VP9", "VP8"})
CODECS = {"H265": "H.265 (HEVC)", "AV1": "AV1", "MPEG4": "MPEG-4 Part 2", "MPEG2": "MPEG-2",
          "MPEG1": "MPEG-1", "WMV": "Windows Media Video", "Theora": "Theora",
          "MotionJPEG": "Motion JPEG"}
#: Why a file does not open, by Qt's error, in plain words ({what}: a video, a sound file).
WHY = {"FormatError": "it is damaged, or it is not really {what}",
       "ResourceError": "it cannot be read",
       "AccessDeniedError": "the kiosk is not allowed to read it",
       "Timeout": f"it did not open within {OPEN_MS // 1000} s"}


@dataclass(frozen=True)
class Facts:
    """What opening a file told: why it does not open ('' when it does; a key of WHY, else
    Qt's words), its length, whether it has pictures and sound, its kind of video (Qt's name),
    its picture's size and the file's."""

    error: str = ""
    seconds: float = 0.0
    has_video: bool = False
    has_audio: bool = False
    codec: str = ""
    size: tuple[int, int] = (0, 0)
    bytes: int = 0


def media_problems(deck: Deck) -> list[Problem]:
    """The problems of the deck's videos and narration at a booth. Opens each file once, one
    after the other, each in a short local event loop: for a command (no event loop running)
    or a worker thread."""
    problems = Problems()
    if not media.available():
        _without_extra(deck, problems)
        return problems.sorted()
    said: set[Path] = set()  # (a file used twice is opened once, its failure said once)
    for slide in deck.slides:
        if slide.type == "video" and slide.fields.get("video"):
            _check_video(slide, said, problems)
        for language, path in (slide.fields.get("narration") or {}).items():
            _check_narration(deck, slide, language, path, said, problems)
    return problems.sorted()


def _without_extra(deck: Deck, problems: Problems) -> None:
    """One warning for each video slide, and one for the deck's narration."""
    for slide in deck.slides:
        if slide.type == "video":
            problems.warning(_at(slide, "video"), f"video slides need the media extra "
                                                  f"({media.EXTRA}): this booth shows the poster")
    voiced = next((s for s in deck.slides if s.fields.get("narration")), None)
    if voiced is not None:
        problems.warning(_at(voiced, "narration"), f"narration needs the media extra "
                                                   f"({media.EXTRA}): this booth is silent")


#: A video larger than this (four 4K screens) is refused: decoding it takes gigabytes.
MOST_PIXELS = 4 * 3840 * 2160


def _facts_of(path: Path) -> Facts:
    try:
        stat = path.stat()
    except OSError:  # (gone since the deck was read)
        return Facts(error="ResourceError")
    return replace(_probe_cached(path, stat.st_size, stat.st_mtime_ns), bytes=stat.st_size)


def _check_video(slide: Slide, said: set[Path], problems: Problems) -> None:
    path: Path = slide.fields["video"]
    where = _at(slide, "video")
    facts, first = _facts_of(path), path not in said
    said.add(path)
    if facts.error or not facts.has_video:
        if first:
            problems.error(where, _not_open(path, facts, "a video", "MP4 (H.264)")
                           if facts.error else f"{path.name} has no picture in it, only "
                           "sound: use a video, or give the sound as the slide's 'narration:'")
        return
    width, height = facts.size
    if width * height > MOST_PIXELS:
        if first:
            problems.error(where, f"{path.name} is {width}x{height}: far too large for a "
                                  "booth, which would run out of memory; save it at 1920x1080")
        return
    for message in _file_warnings(path, facts) if first else ():
        problems.warning(where, message)
    if slide.timed and not slide.fields.get("loop") and facts.seconds > slide.duration + 0.5:
        problems.warning(where, f"{path.name} is {_length(facts.seconds)}, the slide is set to "
                                f"show for {_length(slide.duration)}: its end is cut (remove "
                                "'duration:' to play it to the end)")
    _check_cues(slide, facts.seconds, problems)


def _file_warnings(path: Path, facts: Facts) -> Iterator[str]:
    """What a booth may find hard in a video that opens."""
    if facts.codec not in PLAYS:
        kind = f"in {CODECS[facts.codec]}" if facts.codec in CODECS else "in a kind of video"
        yield f"{path.name} is {kind}, which a booth may not play: save it as MP4 (H.264)"
    width, height = facts.size
    if max(width, height) > max(LARGEST) or min(width, height) > min(LARGEST):
        yield (f"{path.name} is {width}x{height}: larger than any booth screen, it may stutter "
               "on a small PC; 1920x1080 is enough")
    if facts.bytes > LARGEST_FILE:
        yield (f"{path.name} is {facts.bytes / 1024 / 1024:.0f} MB: slow to copy to a booth, "
               "and it may stutter on a small PC; save it at 1920x1080 (a minute is about "
               "30 MB)")


def _check_cues(slide: Slide, seconds: float, problems: Problems) -> None:
    """A subtitle that begins after the video ends is never shown: said at its line."""
    for language, file in (slide.fields.get("subtitles") or {}).items():
        late = [cue for cue in slide.cues(language) if cue.start >= seconds]
        if not late:
            continue
        more = f" (and {len(late) - 1} more after it)" if len(late) > 1 else ""
        problems.warning(Where(_shown(slide, file), late[0].line),
                         f"this subtitle begins after the video ends (at {_stamp(seconds)}): "
                         f"it is never shown{more}")


def _check_narration(deck: Deck, slide: Slide, language: str, path: Path, said: set[Path],
                     problems: Problems) -> None:
    where = _at(slide, f"narration.{language}", "narration")
    facts = _facts_of(path)
    if facts.error or not facts.has_audio:
        if path not in said:
            problems.error(where, _not_open(path, facts, "a sound file", "M4A or MP3")
                           if facts.error else f"{path.name} has no sound in it")
        said.add(path)
        return
    shown = slide.duration_for(language)
    if slide.timed and facts.seconds > shown + 0.5:
        speaks = f" in '{language}'" if len(deck.languages) > 1 else ""
        problems.warning(where, f"the narration{speaks} is {_length(facts.seconds)}, the slide "
                                f"is set to show for {_length(shown)}: set 'duration: "
                                f"{math.ceil(facts.seconds + 1)}' so that the slide stays "
                                "while it speaks")


def _not_open(path: Path, facts: Facts, what: str, fix: str) -> str:
    why = WHY.get(facts.error, facts.error).replace("{what}", what)
    return (f"{path.name} cannot be played: {why}; copy it again from the original, or save "
            f"it again as {fix}")


def _at(slide: Slide, *fields: str) -> Where:
    return next((slide.field_at[f] for f in fields if f in slide.field_at), slide.where)


def _shown(slide: Slide, file: Path) -> str:
    """A file of the deck named as its problems name deck.yaml (beside it)."""
    root = Path(slide.where.path).parent
    try:
        return str(root / file.relative_to(root.resolve()))
    except ValueError:
        return str(file)


def _length(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole} s" if whole < 90 else f"{whole // 60} min {whole % 60:02d} s"


def _stamp(seconds: float) -> str:
    """A time as a subtitle file writes it: 01:05.250, or 1:00:05.250."""
    minutes, rest = divmod(round(seconds * 1000), 60_000)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:" * bool(hours) + f"{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


@functools.lru_cache(maxsize=256)
def _probe_cached(path: Path, _size: int, _mtime_ns: int) -> Facts:
    """(A file changed on disk is opened again: its size and time are in the key.)"""
    return probe(path)


def probe(path: Path) -> Facts:
    """Open ``path`` with Qt Multimedia and wait (a few milliseconds; at most OPEN_MS) until
    it has opened or failed. (Qt's notes are not listened to: a message handler set on two
    threads at once locks both.)"""
    from PySide6.QtMultimedia import QMediaPlayer

    status = QMediaPlayer.MediaStatus
    done = (status.LoadedMedia, status.InvalidMedia)
    player = QMediaPlayer()
    loop = QEventLoop()
    player.mediaStatusChanged.connect(lambda now: loop.quit() if now in done else None)
    player.errorOccurred.connect(lambda *_: loop.quit())
    timer = QTimer(singleShot=True, interval=OPEN_MS)
    timer.timeout.connect(loop.quit)
    try:
        player.setSource(QUrl.fromLocalFile(str(path)))
        if player.mediaStatus() not in done and player.error() is QMediaPlayer.Error.NoError:
            timer.start()
            loop.exec()
        return _facts(player)
    finally:
        timer.stop()
        player.setSource(QUrl())


def _facts(player: Any) -> Facts:
    # (QMediaFormat imported: PySide reads a video's kind as its enum only once it is)
    from PySide6.QtMultimedia import QMediaFormat, QMediaMetaData, QMediaPlayer  # noqa: F401

    if player.error() is not QMediaPlayer.Error.NoError:
        error = player.error().name
        return Facts(error=error if error in WHY else player.errorString() or error)
    if player.mediaStatus() is not QMediaPlayer.MediaStatus.LoadedMedia:
        return Facts(error="Timeout")
    tracks = player.videoTracks()
    data = tracks[0] if tracks else player.metaData()
    codec = data.value(QMediaMetaData.Key.VideoCodec)
    size = data.value(QMediaMetaData.Key.Resolution)
    return Facts(seconds=player.duration() / 1000, has_video=player.hasVideo(),
                 has_audio=player.hasAudio(), codec=codec.name if codec is not None else "",
                 size=(size.width(), size.height()) if size is not None else (0, 0))
