"""A package's files as read from a folder anyone may write to: only regular files, never
through a link, never more than the size published, fingerprinted (SHA-256) as they are
read. No Qt here."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import IO

from kiosk.content.safe_read import what_it_is
from kiosk.fleet.manifest import Refusal, shown
from kiosk.sync import fleet_files
from kiosk.sync.fleet_files import Skip

CHUNK = 1 << 20


def pour(source: Path, out: IO[bytes] | None, cap: int) -> tuple[int, str]:
    """The size and SHA-256 of the regular file ``source`` (not a link), written to ``out``
    as it is read. :class:`Skip` when it is not a regular file, states more than ``cap``
    bytes or holds more when read (no more than ``cap`` + 1 bytes are read)."""
    digest, total = hashlib.sha256(), 0
    with fleet_files.open_regular(source, cap) as stream:
        while chunk := stream.read(min(CHUNK, cap + 1 - total)):
            total += len(chunk)
            if total > cap:
                raise Skip(f"larger than {cap:,} bytes (not read)")
            digest.update(chunk)
            if out is not None:
                out.write(chunk)
    return total, digest.hexdigest()


def copy_checked(source: Path, target: Path, size: int, sha256: str, name: str) -> None:
    """Copy ``source`` to the new file ``target`` (synced to the disk), checking as it is
    copied that it is the file published (``size``, ``sha256``): the folder it comes from
    may change meanwhile. :class:`Refusal` otherwise, with the copy removed."""
    try:
        with open(target, "xb") as out:
            got = pour(source, out, size)
            out.flush()
            os.fsync(out.fileno())
    except Skip as exc:
        target.unlink(missing_ok=True)
        raise Refusal(f"{name} is not the file that was published ({exc})") from None
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    if got != (size, sha256):
        target.unlink(missing_ok=True)
        raise Refusal(f"{name} is not the file that was published")


def look_at(folder: Path, path: str, folders: set[str]) -> os.stat_result | None:
    """What is at ``path`` inside ``folder`` (None: nothing yet), every folder on the way
    looked at too (``folders``: those found to be plain folders already). :class:`Refusal`
    for a link or anything else that is not a plain folder or a regular file."""
    parts = path.split("/")
    for depth in range(1, len(parts)):
        here = "/".join(parts[:depth])
        if here in folders:
            continue
        facts = _lstat(folder / here)
        if facts is None:
            return None
        if not stat.S_ISDIR(facts.st_mode):
            what = "a file" if stat.S_ISREG(facts.st_mode) else what_it_is(facts.st_mode)
            raise Refusal(f"{shown(here)} is {what}, not a folder")
        folders.add(here)
    facts = _lstat(folder / path)
    if facts is not None and not stat.S_ISREG(facts.st_mode):
        raise Refusal(f"{shown(path)} is {what_it_is(facts.st_mode)}, not a file (links "
                      "are not followed)")
    return facts


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise Refusal(f"{path.name} cannot be looked at ({exc.strerror or exc})") from None
