"""Short video, sound and subtitle files made for tests (nothing large lives in the
repository): encoded by the ffmpeg binary that the imageio-ffmpeg test dependency ships."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml


def ffmpeg() -> str:
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def _run(*args: str) -> None:
    subprocess.run([ffmpeg(), "-v", "error", "-y", *args], check=True, timeout=120)


def make_video(path: Path, seconds: float = 2.0, size: tuple[int, int] = (640, 360),
               fps: int = 25, audio: bool = True, codec: str = "h264") -> Path:
    """A moving test picture (a counter and colour bars) of ``seconds``; with a tone when
    ``audio``. ``codec``: h264 (MP4), vp9 (WebM), hevc, or mpeg4."""
    width, height = size
    source = ["-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate={fps}:"
                                   f"duration={seconds}"]
    if audio:
        source += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    video = {"h264": ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "30",
                      "-pix_fmt", "yuv420p"],
             "vp9": ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8",
                     "-b:v", "500k"],
             "hevc": ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=0"],
             "mpeg4": ["-c:v", "mpeg4"]}[codec]
    sound = ([] if not audio else
             ["-c:a", "libopus" if path.suffix == ".webm" else "aac", "-shortest"])
    path.parent.mkdir(parents=True, exist_ok=True)
    _run(*source, *video, *sound, str(path))
    return path


def make_audio(path: Path, seconds: float = 1.0, freq: int = 440) -> Path:
    """A tone of ``seconds`` (M4A/AAC, MP3, WAV or OGG, by the file's suffix)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _run("-f", "lavfi", "-i", f"sine=frequency={freq}:duration={seconds}", str(path))
    return path


def stamp(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes):02d}:{rest:06.3f}"


def write_vtt(path: Path, cues: list[tuple[float, float, str]]) -> Path:
    """A WebVTT file with ``cues`` (start, end, text)."""
    lines = ["WEBVTT", ""]
    for start, end, text in cues:
        lines += [f"{stamp(start)} --> {stamp(end)}", text, ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


EN_CUES = [(0.5, 2.5, "We met them in Phnom Penh."), (3.0, 5.0, "They asked us to stay.")]
KM_CUES = [(0.5, 2.5, "យើង​បាន​ជួប​ពួកគេ​នៅ​ភ្នំពេញ។"), (3.0, 5.0, "ពួកគេ​បាន​សុំ​ឱ្យ​យើង​នៅ។")]


def video_deck(folder: Path, seconds: float = 6.0, size: tuple[int, int] = (640, 360),
               narration: bool = True, loop: bool = False, extra: dict | None = None) -> Path:
    """A content folder: a text slide (with narration), a video slide with English and Khmer
    subtitles and a poster, and a quote; languages en and km."""
    from PySide6.QtGui import QColor, QImage

    make_video(folder / "video" / "well.mp4", seconds, size)
    write_vtt(folder / "video" / "well-en.vtt", EN_CUES)
    write_vtt(folder / "video" / "well-km.vtt", KM_CUES)
    poster = QImage(640, 360, QImage.Format.Format_RGB32)
    poster.fill(QColor("#336699"))
    (folder / "images").mkdir(parents=True, exist_ok=True)
    poster.save(str(folder / "images" / "well.jpg"))
    video: dict = {"type": "video", "id": "well", "video": "video/well.mp4",
                   "poster": "images/well.jpg", "caption": {"en": "A new well", "km": "អណ្តូងថ្មី"},
                   "subtitles": {"en": "video/well-en.vtt", "km": "video/well-km.vtt"},
                   "loop": loop, **(extra or {})}
    welcome: dict = {"type": "text", "id": "welcome",
                     "heading": {"en": "Welcome", "km": "សូមស្វាគមន៍"},
                     "body": {"en": "A story of hope.", "km": "រឿងនៃក្តីសង្ឃឹម។"}}
    if narration:
        make_audio(folder / "audio" / "welcome-en.m4a", 2.0, 440)
        make_audio(folder / "audio" / "welcome-km.m4a", 2.0, 330)
        welcome["narration"] = {"en": "audio/welcome-en.m4a", "km": "audio/welcome-km.m4a"}
    deck = {"title": {"en": "Wells", "km": "អណ្តូង"}, "languages": ["en", "km"],
            "duration": 4, "transition_seconds": 0.3,
            "sources": [{"id": "field", "title": "Field report", "publisher": "The mission"}],
            "slides": [welcome, video,
                       {"type": "quote", "id": "thanks", "quote": {"en": "Water is life.",
                                                                   "km": "ទឹកគឺជាជីវិត។"},
                        "by": "A villager", "source": "field"}]}
    (folder / "deck.yaml").write_text(yaml.safe_dump(deck, allow_unicode=True), encoding="utf-8")
    return folder
