"""Made-up days of a busy booth, for the example report, the benchmark and tests: visits
arrive through the day with a midday peak, most stay under a minute, fewer reach each next
slide, some leave a message. No Qt here."""

from __future__ import annotations

import json
import math
import random
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk.analytics.play import by_hour
from kiosk.analytics.store import AnalyticsStore

#: Relative arrivals from 9:00 to 17:00 (a church fair: a late-morning and mid-afternoon peak).
HOURLY = (0.5, 0.9, 1.4, 1.5, 1.0, 0.8, 1.2, 1.3, 0.6)
LANGUAGES = (("en", 0.66), ("km", 0.16), ("ko", 0.11), ("es", 0.07))
FIELDS = (("message", 0.5), ("name", 0.3), ("email", 0.2))


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([w[0] for w in weighted], [w[1] for w in weighted])[0]


VisitRow = tuple[str, float, float, str, int, str, str | None, str, int, str]


def _visit(rng: random.Random, at: float, slides: list[tuple[str, float]]) -> VisitRow:
    seen: list[tuple[str, float]] = []
    index = rng.choice(range(min(3, len(slides))))
    while index < len(slides):
        slide, seconds = slides[index]
        seen.append((slide, round(rng.lognormvariate(math.log(seconds * 0.8), 0.5), 1)))
        if rng.random() > 0.84:
            break
        index += 1
    form = "none"
    if index >= len(slides) - 2 or rng.random() < 0.1:
        form = "sent" if rng.random() < 0.45 else ("abandoned" if rng.random() < 0.5 else "none")
    duration = math.fsum(d for _, d in seen) + (rng.uniform(40, 120) if form != "none" else 0.0)
    ended = "thank_you" if form == "sent" else ("home" if rng.random() < 0.12 else "idle")
    return (str(uuid.uuid4()), at, round(duration, 1), _pick(rng, LANGUAGES),
            int(rng.random() < 0.08), form, _pick(rng, FIELDS) if form == "abandoned" else None,
            ended, int(rng.random() < 0.25) * rng.randint(1, 3), json.dumps(seen))


def fill_days(folder: Path, slides: list[tuple[str, float]], days: int, last_day: date,
              visits_per_day: int = 300, seed: int = 1) -> int:
    """Record ``days`` days ending on ``last_day``; ``slides`` are (id, seconds) in deck
    order. Returns the number of visits."""
    rng = random.Random(seed)
    store = AnalyticsStore(folder)
    cycle = sum(s[1] for s in slides)
    total = 0
    for n in range(days):
        day = datetime.combine(last_day - timedelta(days=days - 1 - n), datetime.min.time())
        opening = (day + timedelta(hours=9)).timestamp()
        store.add_health(opening - 300, "start")
        starts = sorted(opening + 3600 * (rng.choices(range(len(HOURLY)), HOURLY)[0]
                                          + rng.random()) for _ in range(visits_per_day))
        rows: list[VisitRow] = []
        free = 0.0  # one screen: a visit starts once the one before it has ended
        for at in starts:
            row = _visit(rng, max(at, free + rng.uniform(5, 60)), slides)
            free = row[1] + row[2]
            rows.append(row)
        total += len(rows)
        store.db.executemany("INSERT INTO visits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        busy: dict[str, float] = {}
        for row in rows:
            for hour, part in by_hour(row[1], row[2]):
                busy[hour] = busy.get(hour, 0.0) + part
        closing = max(9 + len(HOURLY), datetime.fromtimestamp(free).hour + 1)
        for h in range(closing - 9):
            hour = (day + timedelta(hours=9 + h)).strftime("%Y-%m-%dT%H")
            loop = max(0.0, 3600 - busy.get(hour, 0.0))
            for slide, seconds in slides:
                store.add_play(hour, slide, round(loop / cycle), loop * seconds / cycle)
            store.add_health((day + timedelta(hours=9 + h, minutes=30)).timestamp(), "sync",
                             "folder: delivered")
        if (days - 1 - n) % 7 == 0:  # now and then the screen froze for a moment
            store.add_gap((day + timedelta(hours=15, minutes=20)).timestamp(), 14.0, "frozen")
    store.commit()
    store.close()
    return total
