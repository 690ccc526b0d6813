"""Many messages at once, for benchmarks and tests (not a durable save each). No Qt here."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.messages.store import DB_FILE, MessageStore

PRAYER = "We are praying for you. " * 8


def fill_store(folder: Path, count: int, text: str = PRAYER,
               fields: Iterable[dict[str, Any]] | None = None, season_days: int = 0) -> None:
    """Add ``count`` messages of ``text`` (or the given ``fields``, written as they are, not
    cleaned: old or foreign data) to the store in ``folder``, in one quick transaction.
    ``season_days``: spread them evenly over that many days from 1 September 2026 (else all
    at 21 November 2026, 10:00 UTC)."""
    MessageStore(folder, "bench").close()
    rows = fields if fields is not None else ({"message": text, "name": "Ana"}
                                              for _ in range(count))
    start = datetime(2026, 9, 1, tzinfo=UTC) if season_days else datetime(2026, 11, 21, 10,
                                                                          tzinfo=UTC)
    step = timedelta(days=season_days) / max(count, 1)
    db = sqlite3.connect(folder / DB_FILE)
    db.executemany(
        "INSERT INTO messages (id, created_at, kiosk_id, language, content_version, fields)"
        " VALUES (?, ?, 'bench', 'en', '1', ?)",
        ((str(uuid.uuid4()), _iso(start + n * step), _as_stored(f))
         for n, f in enumerate(rows)))
    db.commit()
    db.close()


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _as_stored(fields: dict[str, Any]) -> str:
    """The fields' JSON as the store writes it (UTF-8 as it is), or with escapes where the
    text holds what UTF-8 cannot carry (a lone surrogate half, in foreign data)."""
    text = json.dumps(fields, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(fields)
    return text


#: Pieces of a season's messages: Khmer, Korean, Arabic, accented Latin, emoji (joined ones
#: and flags too), commas everywhere.
_PIECES = (
    "We are praying for you and for the girls of Cambodia, every week. ",
    "សូមអធិស្ឋានសម្រាប់ពួកគេ ", "យើងស្រឡាញ់អ្នក, សង្ឃឹម និងសេចក្តីស្រឡាញ់ ",
    "ព្រះគង់នៅជាមួយអ្នក ", "우리는 당신을 위해 기도합니다, 힘내세요 ", "نصلي من أجلكم، السلام عليكم ",
    "Oramos por ustedes, niñas, ¡ánimo! ", "Nous prions pour vous, chères sœurs, cet été. ",
    "Que Dios las bendiga, São Paulo está com vocês. ", "Grüße aus Zürich, Øyvind & Åsa. ",
    "🙏 ", "❤️ ", "👩‍👧 ", "🇰🇭 ", "🕊️ ", "🌸🌸 ", "1,000 thanks, 2 hearts. ",
)
#: What a third of the messages also hold: quotes and line breaks.
_QUOTED = ('She said: "never alone".\n', '"សង្ឃឹម" means "hope".\n', '"Amen."\n\n',
           '— "Ana"\n', '«Gracias», dijo "Sokha".\n')
#: Starts that a spreadsheet could take for a formula.
_FORMULA_LIKE = ("=)", "+1 from our church ", "- from Ana: ", "@everyone ", "=SUM(A1:A9) ")
_NAMES = ("Ana", "María José", "សុខា", "김민지", "فاطمة", "Seán O'Brien, Jr.", '"Bo" Lee',
          "=cmd", "-", "Zoë")
_TOPICS = ("prayer", "encouragement", "help", None)


def season_fields(count: int, length: int = 1000, seed: int = 2026
                  ) -> Iterator[dict[str, Any]]:
    """``count`` messages' fields as a season's booths gather them, the same for the same
    ``seed``: a message of ``length`` characters in several scripts (one in eight starting
    like a formula, one in three with quotes and line breaks), a name, maybe an email, a
    topic and a tick."""
    rng = random.Random(seed)
    for n in range(count):
        pieces = [rng.choice(_FORMULA_LIKE)] if n % 8 == 0 else []
        if n % 3 == 0:
            pieces.append(rng.choice(_QUOTED))
        size = sum(map(len, pieces))
        while size < length:
            piece = rng.choice(_QUOTED if n % 3 == 0 and rng.random() < 0.2 else _PIECES)
            pieces.append(piece)
            size += len(piece)
        name = rng.choice(_NAMES)
        yield {"message": "".join(pieces)[:length], "name": name,
               "email": f"friend{n}@example.org" if n % 4 == 0 else None,
               "topic": rng.choice(_TOPICS), "contact_ok": n % 4 == 0}


_PEAK_PROBE = """
import atexit, runpy, sys

def peak():
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                print("peak-kb", line.split()[1], file=sys.stderr, flush=True)
    except OSError:
        pass
    try:  # a process it started (an export's helper): the largest of them
        import resource
        print("peak-kb", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
              file=sys.stderr, flush=True)
    except (ImportError, OSError):
        pass

atexit.register(peak)
sys.argv = ["kiosk", *sys.argv[1:]]
runpy.run_module("kiosk", run_name="__main__", alter_sys=True)
"""


def run_measured(args: list[str], env: dict[str, str] | None = None, timeout: float = 300
                 ) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run `kiosk ARGS` in its own process; its result and its own peak resident memory in
    MB, or that of a process it started where larger (Linux's VmHWM of that process alone,
    not of the one it was started from; NaN where the system does not say)."""
    done = subprocess.run([sys.executable, "-c", _PEAK_PROBE, *args], capture_output=True,
                          text=True, env=env, timeout=timeout)
    peaks, kept = [], []
    for line in done.stderr.splitlines(keepends=True):
        if line.startswith("peak-kb "):
            peaks.append(float(line.split()[1]) / 1024)
        else:
            kept.append(line)
    done.stderr = "".join(kept)
    return done, max(peaks, default=float("nan"))
