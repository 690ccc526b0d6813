"""A second process for a long export: while this one writes the first half of the messages,
it writes the later half into a file of its own, joined on after (about a third quicker on
two cores). Where it cannot start, fails or stalls, this process writes that half itself: the
file is the same either way. No Qt here.

The helper is `kiosk --export-part` (:func:`kiosk.messages.store_export.serve_part`): it
reads its job, one JSON object, on its input, and writes a line for each thousand messages
written and then its answer, one JSON object, on its output."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kiosk.platform.command import kiosk_command

log = logging.getLogger(__name__)

#: The option that makes `kiosk` an export's helper (read first thing by :mod:`kiosk.cli`).
PART_OPTION = "--export-part"


@dataclass(frozen=True)
class PartWritten:
    """What a helper wrote: how many messages, their ids (when they are to be marked), rows
    it could not read, whether it found damage, and whether a message had a field the
    export's columns have not (the export starts again with every field's)."""

    count: int
    ids: list[str]
    unreadable: int
    damaged: bool
    other_columns: bool


class Helper:
    """A running helper: :meth:`start` it, read :attr:`done` along the way, :meth:`finish`,
    :meth:`copy_into` the file, and always :meth:`close`.

    Its file is private to this user, in the system's temporary folder, and has no name
    once the helper has opened it (where the system allows it: not Windows): a process
    killed half-way leaves no copy of the messages behind."""

    def __init__(self, process: subprocess.Popen[bytes], part: Path, reading: IO[bytes],
                 job: dict[str, Any]) -> None:
        self.part = part
        self.done = 0  # messages written so far, as it last said
        self.heard = time.monotonic()  # when it last said something
        self._reading = reading  # (the file, open since before the helper started)
        self._process = process
        self._answer: Any = None
        self._reader = threading.Thread(target=self._talk, args=(job,), daemon=True,
                                        name="export-helper")
        self._reader.start()

    @classmethod
    def start(cls, job: dict[str, Any], command: list[str] | None = None) -> Helper | None:
        """A helper at work on ``job`` (what ``serve_part`` takes, but the file it writes);
        None where none can start (this process then writes it all)."""
        try:
            handle, name = tempfile.mkstemp(prefix="kiosk-export-", suffix=".part")
            reading = os.fdopen(handle, "rb")  # (closed by close())
        except OSError as exc:
            log.warning("export in one process: no temporary file (%s)", exc)
            return None
        try:
            process = subprocess.Popen(
                [*(command or kiosk_command()), PART_OPTION], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
        except OSError as exc:
            reading.close()
            Path(name).unlink(missing_ok=True)
            log.warning("export in one process: the helper did not start (%s)", exc)
            return None
        made = os.fstat(reading.fileno())  # (the helper writes this file, no other)
        return cls(process, Path(name), reading,
                   {**job, "out": name, "out_id": [made.st_dev, made.st_ino]})

    def _talk(self, job: dict[str, Any]) -> None:
        """(its own thread) The job sent; then what the helper says, read as it says it. Its
        first word (0 written) says it has its file open: the file's name goes."""
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        try:
            with stdin:
                stdin.write(json.dumps(job).encode("utf-8"))
            for line in stdout:
                self.heard = time.monotonic()
                if line.startswith(b"{"):
                    self._answer = json.loads(line)
                elif line.strip().isdigit():
                    if line.strip() == b"0":
                        with contextlib.suppress(OSError):  # (Windows: it keeps its name)
                            self.part.unlink()
                    self.done = int(line)
        except (OSError, ValueError) as exc:
            log.warning("the export's helper could not be read (%s)", exc)

    def finish(self, quiet: float = 10.0, tick: Callable[[], None] = lambda: None
               ) -> PartWritten | None:
        """What the helper wrote, once it is done: None if it failed, or said nothing for
        ``quiet`` seconds (it says something every thousand messages: it is stopped).
        ``tick()`` is called every 0.2 s meanwhile (progress)."""
        while True:
            try:
                code = self._process.wait(0.2)
                break
            except subprocess.TimeoutExpired:
                if time.monotonic() - self.heard > quiet:
                    log.warning("the export's helper said nothing for %.0f s: stopped", quiet)
                    self.close()
                    self.done = 0  # (this process writes its half: it counts it again)
                    return None
                tick()
        self._reader.join(5)
        answer = self._answer
        try:
            if code != 0 or "error" in answer:
                raise ValueError(answer.get("error") if isinstance(answer, dict) else None)
            return PartWritten(int(answer["count"]), [str(i) for i in answer["ids"]],
                               int(answer["unreadable"]), bool(answer["damaged"]),
                               bool(answer["other_columns"]))
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("the export's helper failed (exit %s): %s", code, exc)
            self.done = 0
            return None

    def copy_into(self, out: IO[bytes], skip: int = 0) -> None:
        """The helper's file written to ``out``, but for its first ``skip`` bytes."""
        self._reading.seek(skip)
        shutil.copyfileobj(self._reading, out, 1 << 20)

    def close(self) -> None:
        """The helper stopped if it still runs, and its file deleted."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._reader.join(5)
        for pipe in (self._process.stdin, self._process.stdout):
            if pipe is not None:
                pipe.close()
        self._reading.close()
        self.part.unlink(missing_ok=True)


def open_part(order: dict[str, Any]) -> IO[bytes]:
    """(the helper) The file the export made for it, opened to write: not a link, and the
    very file the export made (``out_id``), not one put in its place under its name (a
    shared temporary folder)."""
    handle = os.open(order["out"], os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_BINARY", 0))
    found = os.fstat(handle)
    if [found.st_dev, found.st_ino] != order["out_id"]:
        os.close(handle)
        raise ValueError("the export's file was replaced")
    os.ftruncate(handle, 0)
    return os.fdopen(handle, "wb")
