"""The fleet report `kiosk collect --report` writes: every booth's days at a glance, from the
aggregates in their status files (never a single visit). No Qt here."""

from __future__ import annotations

import html
import math
from datetime import datetime
from typing import Any

from kiosk.analytics.charting import pygal
from kiosk.analytics.report import minutes, new_chart, page, svg, table


def booth_days(statuses: dict[str, dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """Each booth's days (day -> figures), from the status files that carry them."""
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for kiosk, status in sorted(statuses.items()):
        days = status.get("analytics")
        if isinstance(days, dict):
            found[kiosk] = {d: f for d, f in days.items() if isinstance(f, dict)}
    return found


def _figure(figures: dict[str, Any], key: str) -> float:
    """One day's figure, or 0 for anything not a finite real number (the status files come
    from a shared folder anyone may write to)."""
    value = figures.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    try:
        number = float(value)
    except OverflowError:
        return 0.0
    return number if math.isfinite(number) else 0.0


def _sum(days: dict[str, dict[str, Any]], key: str) -> float:
    total = sum(_figure(f, key) for f in days.values())
    return total if math.isfinite(total) else 0.0


def render_fleet(statuses: dict[str, dict[str, Any]], now: datetime | None = None) -> str:
    booths = booth_days(statuses)
    when = (now or datetime.now()).strftime("%d %b %Y %H:%M")
    if not booths:
        return page("Booths at a glance", [
            "<h1>Booths at a glance</h1>", f"<p class=note>{when}. No booth has shared its "
            "figures yet: they come with each booth's status file (analytics on, a folder "
            "as a way out).</p>"])
    rows = []
    for kiosk, days in booths.items():
        visits = _sum(days, "visits")
        rows.append((kiosk, len(days), int(visits), int(_sum(days, "messages")),
                     minutes(_sum(days, "loop_played_s")), minutes(_sum(days, "loop_gaps_s")),
                     int(_sum(days, "restarts_after_crash")), int(_sum(days, "errors"))))
    chart = new_chart(pygal.HorizontalBar, "Visits and messages per booth",
                      height=max(220, 60 * len(rows) + 100), show_legend=True,
                      legend_at_bottom=True, x_labels=[r[0] for r in rows][::-1])
    chart.add("Visits", [r[2] for r in rows][::-1])
    chart.add("Messages", [r[3] for r in rows][::-1])
    daily = [(f"{day}  {kiosk}", int(_figure(f, "visits")), int(_figure(f, "messages")),
              minutes(_figure(f, "median_visit_s")))
             for kiosk, days in booths.items() for day, f in sorted(days.items())]
    totals = [("Booths", len(rows)), ("Visits", sum(r[2] for r in rows)),
              ("Messages sent", sum(r[3] for r in rows))]
    return page("Booths at a glance", [
        "<h1>Booths at a glance</h1>",
        f"<p class=note>{when}. From each booth's status file in the shared folder: figures "
        "per day, never a single visit or a visitor's words.</p>",
        "<div class=figures>" + "".join(f"<div>{k}<b>{v}</b></div>" for k, v in totals)
        + "</div>",
        f"<section>{svg(chart)}</section>",
        "<section><h2>Each booth</h2>" + table(
            rows, ("Booth", "Days", "Visits", "Messages", "Loop played", "Nothing on screen",
                   "Restarts after a crash", "Errors survived")) + "</section>",
        "<section><h2>Each day</h2>" + table(
            daily, ("Day and booth", "Visits", "Messages", "Median visit")) + "</section>",
        f"<p class=note>{html.escape(str(len(statuses) - len(rows)))} booth(s) shared no "
        "figures (analytics off, or an older kiosk).</p>" if len(statuses) > len(rows) else "",
    ])
