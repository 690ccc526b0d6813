"""The last start's first slide, on screen while the kiosk starts.

A booth switched on in the morning plays the same deck as the evening before. After each start
the kiosk keeps its first frame (compressed: some 160 kB for a slide of words) in
its cache folder, with a key made of what decides those pixels: the kiosk's version, the
content folder's files (names, sizes, times), the settings file and the screen. At the next
start, before the kiosk loads its own modules, a window shows that frame if the key still
matches; the kiosk builds itself behind it and its own window comes over it once its first
slide is ready, the same picture. A frame that came out different (another font on the
computer, say) is kept again, and a deck whose first slide depends on the hour (opening hours,
``show:`` rules) or comes from a fleet keeps none. Only what draws a picture is imported here
(not even Qt's namespace of enums, 15 ms: the kiosk's own modules load behind the frame).
"""

from __future__ import annotations

import json
import logging
import os
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QSize, QTimer, SignalInstance
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QScreen
from PySide6.QtWidgets import QWidget

from kiosk import __version__

log = logging.getLogger(__name__)

FRAME_FILE = "start-frame.bin"
#: The longest a frame may be kept (pixels a side); anything larger is not kept.
LARGEST = 8192
#: The kiosk's window comes over the frame at the latest this long after it starts building.
FALLBACK_MS = 3000
#: The kiosk starts building this long after the frame's window was shown, if it was not
#: painted by then.
PAINT_WAIT_MS = 1000


def frame_key(folder: Path, settings: Path, size: QSize, ratio: float,
              played: Sequence[Path] = ()) -> str:
    """What decides the first slide's pixels, as a short digest (a few stat calls; a
    checksum, not a cryptographic hash: hashlib's OpenSSL would cost 3 ms to load).
    ``played``: what else decides them (a fleet booth's store of installed slides, and the
    folder it played from), each a file or a folder."""
    parts = [f"{__version__}\n{folder}\n{size.width()}x{size.height()}@{ratio}\n".encode()]
    try:
        parts.append(settings.read_bytes())
    except OSError:
        parts.append(b"(no settings file)")
    for top in (folder, *played):
        parts.append(f"{top}\n".encode())
        if os.path.isfile(top):
            parts.append(_stamp(str(top), "."))
        for here, folders, files in os.walk(top):
            folders[:] = sorted(name for name in folders if not name.startswith("."))
            for name in sorted(files):
                parts.append(_stamp(os.path.join(here, name), os.path.relpath(here, top)))
    data = b"\0".join(parts)
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


def _stamp(path: str, where: str) -> bytes:
    try:
        stat = os.stat(path)
    except OSError:
        return b""
    return f"{where}/{os.path.basename(path)} {stat.st_size} {stat.st_mtime_ns}\n".encode()


def kept_played(folder: Path) -> list[Path]:
    """What else decided the kept frame's pixels (``frame_key``'s ``played``), from its
    first line: its key is worked out with them."""
    try:
        with open(folder / FRAME_FILE, "rb") as file:
            played = json.loads(file.readline()).get("played", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [Path(p) for p in played if isinstance(p, str)] if isinstance(played, list) else []


def read_frame(folder: Path, key: str) -> tuple[QImage, bytes] | None:
    """The frame kept for ``key`` and the bytes it is drawn from (the image does not own
    them: keep them as long as it), or None (none kept, another key, a damaged file)."""
    try:
        with open(folder / FRAME_FILE, "rb") as file:
            head = json.loads(file.readline())
            if head.get("key") != key:
                return None
            width, height, line = int(head["width"]), int(head["height"]), int(head["line"])
            pixels = zlib.decompress(file.read())
    except (OSError, ValueError, KeyError, TypeError, zlib.error):
        return None
    if not (0 < width <= LARGEST and 0 < height <= LARGEST) or len(pixels) != line * height:
        return None
    image = QImage(pixels, width, height, line, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(float(head.get("ratio", 1.0)))
    return image, pixels  # (no copy: 8 MB at 1080p, 3 ms)


def write_frame(folder: Path, key: str, image: QImage, played: Sequence[Path] = ()) -> None:
    """Keep ``image`` for ``key`` (off the GUI thread: compressing takes ~10 ms), made with
    ``played``."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    head = {"key": key, "width": image.width(), "height": image.height(),
            "line": image.bytesPerLine(), "ratio": image.devicePixelRatio(),
            "played": [str(p) for p in played]}
    pixels = zlib.compress(bytes(image.constBits()), 1)
    folder.mkdir(parents=True, exist_ok=True)
    # (Not synced to the disk: a cache. A file a power cut leaves damaged is refused by
    # read_frame, and the kiosk starts as it would without one.)
    partial = folder / (FRAME_FILE + ".part")
    partial.write_bytes(json.dumps(head).encode() + b"\n" + pixels)
    os.replace(partial, folder / FRAME_FILE)


class FrameWindow(QWidget):
    """A frameless window filling ``screen`` with one picture."""

    def __init__(self, image: QImage, screen: QScreen) -> None:
        super().__init__()
        self.image = image
        self.painted: list[Callable[[], None]] = []  # called once, after the first paint
        self.setWindowTitle("Awareness kiosk")
        self.setGeometry(screen.geometry())
        self.showFullScreen()

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).drawImage(0, 0, self.image)
        waiting, self.painted = self.painted, []
        for then in waiting:
            QTimer.singleShot(0, then)  # (once this frame has gone to the screen)


class StartFrame:
    """The key of this start, and the window showing the frame kept for it (if any)."""

    def __init__(self, key: str, folder: Path, kept: tuple[QImage, bytes] | None,
                 screen: QScreen, key_of: Callable[[Sequence[Path]], str] | None = None,
                 played: Sequence[Path] = ()) -> None:
        """``key_of(played)``: this start's key, had it played from ``played`` too (a fleet
        booth's slides); ``played``: what this start's key was worked out with."""
        self.key, self.folder = key, folder
        self.key_of, self.played = key_of, list(played)
        self.image: QImage | None = kept[0] if kept is not None else None
        self._pixels = kept[1] if kept is not None else b""  # (what the image draws from)
        self.window = FrameWindow(self.image, screen) if self.image is not None else None
        if self.window is not None:
            log.info("showing the first slide of the last start while the kiosk starts")

    def when_painted(self, then: Callable[[], None], wait_ms: int | None = PAINT_WAIT_MS
                     ) -> None:
        """Call ``then`` once the frame is on screen (at once if there is none), or after
        ``wait_ms`` if it is not painted by then (a screen that never shows it)."""
        if self.window is None:
            then()
            return
        called: list[bool] = []

        def once() -> None:
            if not called:
                called.append(True)
                then()

        self.window.painted.append(once)
        if wait_ms is not None:
            QTimer.singleShot(wait_ms, once)

    def hand_over(self, ready: list[SignalInstance], painted: SignalInstance,
                  present: Callable[[], None], fallback_ms: int = FALLBACK_MS) -> None:
        """Call ``present`` (show the kiosk's window) when one of the ``ready`` signals fires,
        or after ``fallback_ms``; close the frame's window once ``painted`` fires, or
        ``fallback_ms`` after ``present``. Without a frame, ``present`` is called at once."""
        if self.window is None:
            present()
            return
        presented: list[bool] = []

        def show_kiosk(*_args: object) -> None:
            if not presented:
                presented.append(True)
                present()
                QTimer.singleShot(fallback_ms, self.close)

        for signal in ready:
            signal.connect(show_kiosk)
        painted.connect(lambda: QTimer.singleShot(0, self.close))
        QTimer.singleShot(fallback_ms, show_kiosk)

    def close(self) -> None:
        if self.window is not None:
            self.window.image = QImage()  # (its pixels may go before the window does)
            self.window.close()
            self.window.deleteLater()
            self.window = None

    def keep(self, image: QImage | None, run: Callable[[Callable[[], None]], None],
             played: Sequence[Path] = ()) -> None:
        """Keep ``image`` as the next start's frame unless the one shown was the same;
        ``run`` puts the writing on a worker. None: keep no frame (and drop the old one).
        ``played``: what else decided it (see ``frame_key``)."""
        played = list(played)
        same = (image is not None and self.image is not None and self.image == image
                and played == self.played)
        self.close()  # (the kiosk's own window shows the slide by now)
        self.image, self._pixels = None, b""  # (8 MB at 1080p given back)
        if image is None:
            (self.folder / FRAME_FILE).unlink(missing_ok=True)
            return
        if same:
            return
        folder, key, key_of, shown = self.folder, self.key, self.key_of, self.played
        if played == shown or key_of is None:
            run(lambda: write_frame(folder, key, image, shown))
        else:  # (its key: a walk through the folders, on the worker too)
            run(lambda: write_frame(folder, key_of(played), image, played))


def start_frame(content: Path, settings: Path, cache: Path, screen_index: int) -> StartFrame:
    """Look for the frame kept for this start and show it (needs the QApplication)."""
    from PySide6.QtGui import QGuiApplication

    screens = QGuiApplication.screens()
    screen = screens[screen_index] if 0 <= screen_index < len(screens) else screens[0]
    size, ratio = screen.size(), screen.devicePixelRatio()

    def key_of(played: Sequence[Path]) -> str:
        return frame_key(content, settings, size, ratio, played)

    played = kept_played(cache)
    key = key_of(played)
    return StartFrame(key, cache, read_frame(cache, key), screen, key_of, played)
