"""Where the kiosk's log lines go: stderr, and for the running kiosk rotating files too.
No Qt here."""

from __future__ import annotations

import contextlib
import io
import logging
import os
from pathlib import Path

from kiosk.platform import paths

LOG_BYTES = 1_000_000  # a log file starts afresh at this size
LOG_BACKUPS = 5  # older files kept (kiosk.log.1 the newest)


class SizedLog(logging.FileHandler):
    """A log file that starts afresh past ``max_bytes``, keeping ``backups`` older ones, as
    the standard library's RotatingFileHandler does: that one's module imports socket and
    pickle, 10 ms on the way to the first slide."""

    def __init__(self, path: Path, max_bytes: int = LOG_BYTES, backups: int = LOG_BACKUPS
                 ) -> None:
        super().__init__(path, encoding="utf-8")
        self.max_bytes, self.backups = max_bytes, backups

    def _open(self) -> io.TextIOWrapper:
        """The file, for this account only: a log line may quote a mail server's answer or
        an address, as the message database's files are (0600)."""
        stream = super()._open()
        with contextlib.suppress(OSError):  # a file system without modes: as it is
            os.chmod(self.baseFilename, 0o600)
        return stream

    def emit(self, record: logging.LogRecord) -> None:
        if self.stream is not None and self.stream.tell() >= self.max_bytes:
            self._start_afresh()
        super().emit(record)  # (reopens the file when it was closed)

    def _start_afresh(self) -> None:
        if self.stream is not None:
            self.stream.close()
        self.stream = None
        base = Path(self.baseFilename)
        names = [base, *(base.with_name(f"{base.name}.{n}") for n in range(1, self.backups + 1))]
        try:
            names[-1].unlink(missing_ok=True)
            for newer, older in zip(reversed(names[:-1]), reversed(names[1:]), strict=True):
                if newer.exists():
                    os.replace(newer, older)  # kiosk.log.4 -> .5, ..., kiosk.log -> .1
        except OSError:  # held open elsewhere (Windows): the same file goes on growing
            pass


def setup_logging(verbose: bool, to_file: bool, name: str = "kiosk.log") -> Path | None:
    """Log to stderr, and for the running kiosk (or studio) also to size-bounded rotating
    files named ``name`` in the log folder."""
    level = logging.DEBUG if verbose else logging.INFO
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    root.setLevel(level)
    if not root.handlers:
        stream = logging.StreamHandler()
        stream.setFormatter(fmt)
        root.addHandler(stream)
    if not to_file:
        return None
    folder = paths.log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = SizedLog(folder / name)
    except OSError as exc:
        logging.getLogger(__name__).warning("no log file in %s: %s", folder, exc)
        return None
    handler.setFormatter(fmt)
    root.addHandler(handler)
    return folder / name
