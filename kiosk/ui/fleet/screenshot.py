"""A small picture of the booth's screen for the office: at most every 15 minutes, and only
while the slides play by themselves, never a visitor's screen, the message form or the staff
panel. Grabbed on the GUI thread, made small and written on a worker, whole or not at all,
to ``<fleet>/screens/<kiosk id>.jpg``."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QImageWriter
from PySide6.QtWidgets import QWidget

from kiosk.files import write_atomically
from kiosk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

#: At most one picture this often.
EVERY_S = 15 * 60
#: Whether one is due is checked this often.
CHECK_MS = 60_000
#: The picture's width (its height keeps the screen's proportions), and its JPEG quality.
WIDTH = 480
QUALITY = 75
#: The window's layers that belong to a visitor or to staff: no picture while one shows.
PRIVATE = ("form", "thanks", "idle", "chapters", "pin_pad", "staff")


def loop_only(window: QWidget, loop: Callable[[], bool]) -> Callable[[], bool]:
    """Whether the screen shows only the slides playing by themselves: ``loop`` says the
    kiosk is in its loop, and none of the window's visitor's or staff layers shows."""
    def shows() -> bool:
        layers = (getattr(window, name, None) for name in PRIVATE)
        return loop() and not any(layer is not None and layer.isVisible() for layer in layers)

    return shows


class Screenshots(QObject):
    """Pictures of ``window`` into ``folder`` as ``<kiosk_id>.jpg``, when ``quiet`` says the
    slides play by themselves; ``clock`` spaces them (seconds)."""

    written = Signal(object)  # the picture's Path, once written

    def __init__(self, window: QWidget, quiet: Callable[[], bool], folder: Path, kiosk_id: str,
                 clock: Callable[[], float] = time.monotonic, runner: TaskRunner | None = None,
                 every_s: float = EVERY_S, check_ms: int = CHECK_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window, self.quiet, self.clock, self.every_s = window, quiet, clock, every_s
        self.path = Path(folder) / f"{kiosk_id}.jpg"
        # (a thread of its own: a slow shared folder never holds up the slides)
        self.runner = runner or TaskRunner(threads=1)
        self._last: float | None = None
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.runner.wait(5000)

    def tick(self) -> bool:
        """Take a picture if one is due and only the slides show; whether one was taken."""
        now = self.clock()
        if self._busy or not self.window.isVisible() or not self.quiet():
            return False
        if self._last is not None and now - self._last < self.every_s:
            return False
        self._last, self._busy = now, True
        image, path = self.window.grab().toImage(), self.path
        self.runner.run(lambda: _write(image, path), done=self._written, failed=self._failed)
        return True

    def _written(self, path: Path) -> None:
        self._busy = False
        self.written.emit(path)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        log.warning("the picture of the screen could not be written to %s: %s", self.path,
                    error)


def _write(image: QImage, path: Path) -> Path:
    """``image`` made small, as JPEG, into ``path`` (its folder made if the fleet has none
    yet); on a worker."""
    small = image.scaledToWidth(min(WIDTH, image.width()),
                                Qt.TransformationMode.SmoothTransformation)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"jpg"))
    writer.setQuality(QUALITY)
    if not writer.write(small):
        raise OSError(f"the picture could not be made ({writer.errorString()})")
    path.parent.mkdir(exist_ok=True)
    write_atomically(path, bytes(buffer.data().data()))
    return path
