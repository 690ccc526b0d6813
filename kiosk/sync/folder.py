"""A folder as a way out: a synced folder, network share or USB stick gets one JSON Lines file a
batch (and, from the runner, this booth's status file). With a fleet key each line is signed
(:mod:`kiosk.sync.fleet_key`), so the office can tell it from a line someone else wrote."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from kiosk.files import write_atomically
from kiosk.sync.fleet_key import parse_key, signed
from kiosk.sync.outbox import Batch
from kiosk.sync.targets import DEFAULT_TIMEOUT_S, Outcome, Result


class FolderTarget:
    """A synced folder, network share or USB stick: one ``<kiosk>-<batch>.jsonl`` a batch."""

    name = "folder"
    timeout = DEFAULT_TIMEOUT_S  # a write has no deadline of its own
    batch_size: int | None = None  # the runner's
    interval = 0.0

    def __init__(self, path: Path, key: str = "") -> None:
        """``key``: the fleet key (``fleet_...``) that signs each line and the status file;
        ValueError if it is not one."""
        self.path = Path(path)
        self.key: bytes | None = parse_key(key) if key else None

    def file_for(self, batch: Batch, kiosk_id: str) -> Path:
        return self.path / f"{kiosk_id}-{batch.id}.jsonl"

    def deliver(self, batch: Batch, kiosk_id: str) -> Outcome:
        """Never creates the folder: a pulled stick must not become a folder on the kiosk's
        own disk that looks like a delivery."""
        if not self.path.is_dir():
            return Outcome(Result.OFFLINE, f"the folder {self.path} is not there (unplugged?)")
        lines = [json.dumps(signed(self.key, m.id, m.as_dict()), ensure_ascii=False)
                 for m in batch.messages]
        try:
            self._clear_leftovers(kiosk_id)
            write_atomically(self.file_for(batch, kiosk_id),
                             ("\n".join(lines) + "\n").encode("utf-8"))
        except OSError as exc:
            if not self.path.is_dir():
                return Outcome(Result.OFFLINE, f"the folder {self.path} went away")
            return Outcome(Result.RETRY, f"cannot write to {self.path}: {exc.strerror or exc}")
        return Outcome(Result.DELIVERED, os.fspath(self.file_for(batch, kiosk_id).name))

    def _clear_leftovers(self, kiosk_id: str) -> None:
        """Remove this kiosk's temporary files left by a kill mid-write (files only)."""
        for stale in self.path.glob(f".{kiosk_id}-*.part"):
            if stale.is_file() or stale.is_symlink():
                with contextlib.suppress(OSError):
                    stale.unlink()
