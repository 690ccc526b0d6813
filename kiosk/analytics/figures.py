"""Figures from the analytics database: a day at a glance for the staff panel, the data of
an event report, and the aggregates a booth shares with its organisation. No Qt here."""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from kiosk.analytics.play import hour_of
from kiosk.analytics.store import reading
from kiosk.analytics.visits import ABANDONED, NO_FORM, SENT


@dataclass
class Events:
    """What was recorded between two moments (wall-clock seconds)."""

    since: float
    until: float
    visits: list[dict[str, Any]] = field(default_factory=list)
    plays: list[tuple[str, str, int, float]] = field(default_factory=list)  # hour, slide, n, s
    gaps: list[tuple[float, float, str]] = field(default_factory=list)
    health: list[tuple[float, str, str]] = field(default_factory=list)


VISIT_COLUMNS = ("id", "started_at", "duration_s", "language", "larger_text", "form",
                 "abandoned_at", "ended_by", "jumps", "slides")


def load(folder: Path, since: float, until: float) -> Events:
    found = Events(since, until)
    with reading(folder) as db:
        for row in db.execute(f"SELECT {', '.join(VISIT_COLUMNS)} FROM visits "
                              "WHERE started_at >= ? AND started_at < ? ORDER BY started_at",
                              (since, until)):
            visit = dict(zip(VISIT_COLUMNS, row, strict=True))
            visit["slides"] = json.loads(visit["slides"] or "[]")
            found.visits.append(visit)
        found.plays = list(db.execute(
            "SELECT hour, slide, shown, seconds FROM plays WHERE hour >= ? AND hour < ? "
            "ORDER BY hour", (hour_of(since), hour_of(until))))
        found.gaps = list(db.execute("SELECT started_at, seconds, kind FROM gaps WHERE "
                                     "started_at >= ? AND started_at < ?", (since, until)))
        found.health = list(db.execute("SELECT at, kind, detail FROM health WHERE at >= ? AND "
                                       "at < ? ORDER BY at", (since, until)))
    return found


def days_words(since: float, until: float) -> str:
    """The days from ``since`` to before ``until``: "21 Nov 2026" or "21 Nov 2026 – 22 Nov
    2026"."""
    first, last = (datetime.fromtimestamp(t).strftime("%d %b %Y") for t in (since, until - 1))
    return first if first == last else f"{first} – {last}"


def day_bounds(now: float) -> tuple[float, float]:
    """The local day ``now`` falls in."""
    start = datetime.combine(datetime.fromtimestamp(now).date(), time())
    return start.timestamp(), (start + timedelta(days=1)).timestamp()


def glance(events: Events, top: int = 3) -> dict[str, Any]:
    """A day at a glance: visits, median length, messages, the slides that held visitors
    longest, and how the loop played."""
    lengths = [v["duration_s"] for v in events.visits]
    dwell = dwell_by_slide(events.visits)
    held = sorted(dwell, key=lambda s: -statistics.median(dwell[s]))[:top]
    played = sum(p[3] for p in events.plays)
    frozen_or_blank = sum(g[1] for g in events.gaps)
    return {
        "visits": len(lengths),
        "median_visit_s": round(statistics.median(lengths), 1) if lengths else 0.0,
        "messages": sum(1 for v in events.visits if v["form"] == SENT),
        "longest_dwell": [(s, round(statistics.median(dwell[s]), 1)) for s in held],
        "loop_played_s": round(played, 1),
        "loop_gaps_s": round(frozen_or_blank, 1),
        "loop_gaps": len(events.gaps),
        "restarts_after_crash": sum(1 for h in events.health if h[1] == "restart_after_crash"),
        "errors": sum(1 for h in events.health if h[1] == "error"),
    }


def dwell_by_slide(visits: list[dict[str, Any]]) -> dict[str, list[float]]:
    """Each slide's dwell times in visits (a slide seen twice in a visit counts twice)."""
    found: dict[str, list[float]] = defaultdict(list)
    for visit in visits:
        for slide, seconds in visit["slides"]:
            found[slide].append(float(seconds))
    return found


def funnel(events: Events, first_slide: str | None) -> list[tuple[str, int]]:
    """Loop cycles played → visits → form opened → message sent."""
    cycles = sum(p[2] for p in events.plays if p[1] == first_slide) if first_slide else 0
    opened = sum(1 for v in events.visits if v["form"] != NO_FORM)
    return [("Loop cycles played", cycles), ("Visits", len(events.visits)),
            ("Message form opened", opened),
            ("Message sent", sum(1 for v in events.visits if v["form"] == SENT))]


def gave_up(visits: list[dict[str, Any]]) -> tuple[Counter[str], Counter[str]]:
    """Where visitors walked away: the last slide of visits ended by the idle reset, and the
    form field of forms left unsent."""
    slides = Counter(v["slides"][-1][0] for v in visits
                     if v["ended_by"] == "idle" and v["slides"] and v["form"] != ABANDONED)
    fields = Counter(v["abandoned_at"] or "(no field touched)" for v in visits
                     if v["form"] == ABANDONED)
    return slides, fields


def daily(events: Events) -> dict[str, dict[str, Any]]:
    """Per local day: the aggregates a booth shares (never a single visit)."""
    days: dict[str, Events] = defaultdict(lambda: Events(events.since, events.until))
    for visit in events.visits:
        days[datetime.fromtimestamp(visit["started_at"]).strftime("%Y-%m-%d")].visits.append(
            visit)
    for play in events.plays:
        days[play[0][:10]].plays.append(play)
    for gap in events.gaps:
        days[datetime.fromtimestamp(gap[0]).strftime("%Y-%m-%d")].gaps.append(gap)
    return {day: glance(found) for day, found in sorted(days.items())}


SHARED_DAYS = 14


def shared(folder: Path, now: float, days: int = SHARED_DAYS) -> dict[str, Any]:
    """What a booth's status file carries: each of its last ``days`` days at a glance."""
    start = day_bounds(now - (days - 1) * 86_400)[0]
    return {"analytics": daily(load(folder, start, day_bounds(now)[1]))}


def day_line(folder: Path, now: float) -> str:
    """Today at the booth in one sentence, for the e-mail digest."""
    day = glance(load(folder, *day_bounds(now)))
    loop = ("the loop played with no gaps" if not day["loop_gaps"] else
            f"the loop had {day['loop_gaps']} gap(s), {day['loop_gaps_s']:.0f} s in all")
    return (f"At the booth today: {day['visits']} visit(s), half of them longer than "
            f"{day['median_visit_s']:.0f} s; {day['messages']} message(s) left; {loop}.")
