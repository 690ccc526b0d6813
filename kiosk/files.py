"""Files written whole or not at all, for every part of the kiosk that writes one (settings,
decks, exports, the fleet's folder). No Qt here."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from stat import S_ISREG
from typing import IO


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[IO[bytes]]:
    """A binary file that appears under ``path`` only once it is complete and on the disk: it
    is written beside it under a hidden name, flushed, synced, then renamed into place, so a
    pulled USB stick never leaves a half file under the final name. The folder must exist:
    it is never created (a pulled stick must not become a folder on the kiosk's own disk)."""
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, "the folder does not exist", str(path.parent))
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable where the platform allows it
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(folder)
    except OSError:
        pass
    finally:
        os.close(folder)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (see :func:`atomic_output`)."""
    with atomic_output(path) as out:
        out.write(data)


#: How old the part file of a write that never finished must be to be swept away (a write
#: under way is never that old).
STALE_PART_S = 3600.0


def sweep_parts(folder: Path, names: str, now: float | None = None) -> int:
    """Delete the hidden part files that writes of files named like ``names`` (a glob) in
    ``folder`` left when cut off (a power cut, a killed process), once an hour old; how many.
    A USB stick shows them on Windows, and an export's hold visitors' messages."""
    now = time.time() if now is None else now
    swept = 0
    try:
        found = list(folder.glob(f".{names}.*.part"))
    except OSError:
        return 0
    for part in found:
        try:
            stat = part.lstat()
            if stat.st_mtime < now - STALE_PART_S and S_ISREG(stat.st_mode):
                part.unlink()
                swept += 1
        except OSError:
            continue
    return swept
