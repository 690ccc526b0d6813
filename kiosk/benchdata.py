"""Many messages at once, for benchmarks and tests (not a durable save each). No Qt here."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kiosk.store import DB_FILE, MessageStore

PRAYER = "We are praying for you. " * 8


def fill_store(folder: Path, count: int, text: str = PRAYER,
               fields: Iterable[dict[str, Any]] | None = None) -> None:
    """Add ``count`` messages of ``text`` (or the given ``fields``, written as they are, not
    cleaned: old or foreign data) to the store in ``folder``, in one quick transaction."""
    MessageStore(folder, "bench").close()
    rows = fields if fields is not None else ({"message": text, "name": "Ana"}
                                              for _ in range(count))
    db = sqlite3.connect(folder / DB_FILE)
    db.executemany(
        "INSERT INTO messages (id, created_at, kiosk_id, language, content_version, fields)"
        " VALUES (?, '2026-11-21T10:00:00.000Z', 'bench', 'en', '1', ?)",
        ((str(uuid.uuid4()), json.dumps(f)) for f in rows))
    db.commit()
    db.close()
