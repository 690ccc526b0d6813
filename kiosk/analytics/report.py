"""The event report: one self-contained HTML file (charts as inline SVG drawn by pygal, no
script, no network) that opens in any browser, prints on A4 and reads in black and white.
No Qt here."""

from __future__ import annotations

import html
import re
import statistics
from collections import Counter
from datetime import datetime
from typing import Any

from babel import Locale, UnknownLocaleError

from kiosk.analytics.charting import Style, pygal
from kiosk.analytics.figures import Events, dwell_by_slide, funnel, gave_up, glance

INK = "#1b1b1b"
#: Greys that stay apart when printed in black and white.
STYLE = Style(background="white", plot_background="white", foreground=INK,
              foreground_strong=INK, foreground_subtle="#d0d0d0", colors=("#a8a8a8", "#1b1b1b"),
              value_colors=(INK, INK),
              font_family="DejaVu Sans, Arial, sans-serif", label_font_size=13,
              major_label_font_size=13, value_font_size=12, legend_font_size=13,
              title_font_size=16, tooltip_font_size=12)
LENGTHS = ((0, 15, "under 15 s"), (15, 30, "15–30 s"), (30, 60, "30 s–1 min"),
           (60, 120, "1–2 min"), (120, 300, "2–5 min"), (300, 10**9, "over 5 min"))
CSS = """
@page { size: A4; margin: 14mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; color: #1b1b1b; margin: 0 auto;
       max-width: 190mm; font-size: 11pt; }
h1 { font-size: 20pt; margin: 0 0 2mm; } h2 { font-size: 13pt; margin: 6mm 0 1mm; }
p.note { color: #444; margin: 0 0 2mm; font-size: 9.5pt; }
.figures { display: flex; flex-wrap: wrap; gap: 3mm; margin: 4mm 0; }
.figures div { border: 0.4mm solid #1b1b1b; padding: 2mm 3mm; flex: 1; font-size: 9.5pt; }
.figures b { display: block; font-size: 18pt; }
section { break-inside: avoid; page-break-inside: avoid; }
svg { width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 9.5pt; } td, th { border-bottom: 0.2mm solid #999;
  padding: 1mm 3mm 1mm 0; text-align: left; } td.n { text-align: right; }
"""


def _chart(kind: type[Any], title: str, height: int = 300, **options: Any) -> Any:
    return kind(style=STYLE, width=900, height=height, title=title, js=[],
                disable_xml_declaration=True, show_legend=options.pop("show_legend", False),
                print_values=options.pop("print_values", True), margin=12, **options)


def _svg(chart: Any) -> str:
    """The chart as inline SVG, without the script pygal adds for its browser tooltips."""
    return re.sub(r"<script.*?</script>", "", str(chart.render(is_unicode=True)), flags=re.S)


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 60 else f"{seconds:.0f} s"


def visits_per_hour(events: Events) -> str:
    hours = Counter(datetime.fromtimestamp(v["started_at"]).hour for v in events.visits)
    shown = range(min(hours, default=9), max(hours, default=17) + 1)
    chart = _chart(pygal.Bar, "Visits per hour of the day", x_labels=[f"{h}:00" for h in shown])
    chart.add("Visits", [hours.get(h, 0) for h in shown])
    return _svg(chart)


def visit_lengths(events: Events) -> str:
    chart = _chart(pygal.Bar, "How long visits lasted", x_labels=[b[2] for b in LENGTHS])
    chart.add("Visits", [sum(1 for v in events.visits if lo <= v["duration_s"] < hi)
                         for lo, hi, _ in LENGTHS])
    return _svg(chart)


def journey(events: Events, slides: list[tuple[str, str]]) -> str:
    stages = funnel(events, slides[0][0] if slides else None)
    stages.reverse()  # a horizontal chart draws its first bar at the bottom
    chart = _chart(pygal.HorizontalBar, "From the loop to a message", height=260,
                   x_labels=[s[0] for s in stages])
    chart.add("Count", [s[1] for s in stages])
    return _svg(chart)


def dwell(events: Events, slides: list[tuple[str, str]]) -> str:
    found = dwell_by_slide(events.visits)
    order = list(enumerate(slides or [(s, s) for s in found], 1))[::-1]  # first on top
    chart = _chart(pygal.HorizontalBar, "Seconds visitors spent on each slide (median), in "
                   "deck order", height=max(300, 34 * len(order) + 90), truncate_label=-1,
                   x_labels=[_short(f"{n}. {title}") for n, (_, title) in order])
    chart.add("Median seconds", [round(statistics.median(found[s]), 1) if found.get(s) else None
                                 for _, (s, _) in order])
    return _svg(chart)


def _short(text: str, most: int = 44) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def language_name(code: str) -> str:
    """The language's name in English, for staff (their fonts may lack the script)."""
    try:
        return str(Locale.parse(code).get_display_name("en"))
    except (ValueError, TypeError, UnknownLocaleError):
        return code


def languages(events: Events) -> str:
    counts = Counter(v["language"] for v in events.visits).most_common()[::-1]
    chart = _chart(pygal.HorizontalBar, "Languages visitors chose", height=220,
                   x_labels=[language_name(c[0]) for c in counts])
    chart.add("Visits", [c[1] for c in counts])
    return _svg(chart)


def proof_of_play(events: Events) -> str:
    played: dict[str, float] = {}
    for hour, _slide, _n, seconds in events.plays:
        played[hour] = played.get(hour, 0.0) + seconds
    gaps: dict[str, float] = {}
    for start, seconds, _kind in events.gaps:
        key = datetime.fromtimestamp(start).strftime("%Y-%m-%dT%H")
        gaps[key] = gaps.get(key, 0.0) + seconds
    hours = sorted(set(played) | set(gaps))
    one_day = len({h[:10] for h in hours}) <= 1

    def label(h: str) -> str:
        return h[11:] + ":00" if one_day else h[5:10] + " " + h[11:] + "h"

    chart = _chart(pygal.StackedBar, "Minutes the loop played each hour, and gaps",
                   show_legend=True, print_values=False, legend_at_bottom=True,
                   x_labels=[label(h) for h in hours], x_label_rotation=-45 if len(hours) > 24
                   else 0, show_minor_x_labels=len(hours) <= 24,
                   x_labels_major_every=max(1, len(hours) // 12))
    chart.add("Played", [round(played.get(h, 0.0) / 60, 1) for h in hours])
    chart.add("Nothing on screen", [round(gaps.get(h, 0.0) / 60, 1) for h in hours])
    return _svg(chart)


def _table(rows: list[tuple[str, Any]], heads: tuple[str, str]) -> str:
    body = "".join(f"<tr><td>{html.escape(str(a))}</td><td class=n>{html.escape(str(b))}</td>"
                   "</tr>" for a, b in rows)
    return f"<table><tr><th>{heads[0]}</th><th>{heads[1]}</th></tr>{body}</table>"


def render(events: Events, booth: str, slides: list[tuple[str, str]],
           fields: dict[str, str] | None = None) -> str:
    """The report. ``slides`` are (id, title) in deck order; ``fields`` names form fields."""
    day = glance(events)
    since, until = (datetime.fromtimestamp(t).strftime("%d %b %Y") for t in (
        events.since, events.until - 1))
    titles = dict(slides)
    last_slides, left_fields = gave_up(events.visits)
    boxes = [("Visits", day["visits"]), ("Median visit", _minutes(day["median_visit_s"])),
             ("Messages sent", day["messages"]), ("Loop played", _minutes(day["loop_played_s"])),
             ("Nothing on screen", _minutes(day["loop_gaps_s"]))]
    starts = Counter(h[1] for h in events.health)
    parts = [
        f"<h1>What the booth learned: {html.escape(booth)}</h1>",
        f"<p class=note>{since}{'' if since == until else ' – ' + until}. Recorded on the "
        "kiosk with no personal data: no message text, no names, no touches' positions.</p>",
        "<div class=figures>" + "".join(f"<div>{k}<b>{v}</b></div>" for k, v in boxes)
        + "</div>",
        f"<section>{visits_per_hour(events)}</section>",
        f"<section>{visit_lengths(events)}</section>",
        f"<section>{journey(events, slides)}</section>",
        f"<section>{dwell(events, slides)}</section>",
        "<section><h2>Where visitors walked away</h2><p class=note>The last slide of visits "
        "that ended with no touch for a while, and the field where an unsent message was "
        "left.</p>" + _table([(_short(titles.get(s, s), 60), n)
                              for s, n in last_slides.most_common(5)], ("Last slide", "Visits"))
        + "<br>" + _table([((fields or {}).get(f, f), n) for f, n in
                           left_fields.most_common(5)], ("Message form left at", "Visits"))
        + "</section>",
        f"<section>{languages(events)}</section>",
        f"<section>{proof_of_play(events)}</section>",
        "<section><h2>Health</h2>" + _table(
            [("Start-ups", starts["start"]), ("Restarts after a crash or power cut",
                                              starts["restart_after_crash"]),
             ("Errors the kiosk went on from", starts["error"]),
             ("Sync rounds that delivered or met a problem", starts["sync"])],
            ("", "Count")) + "</section>",
    ]
    return ("<!doctype html><html lang=en><head><meta charset=utf-8><title>Event report: "
            f"{html.escape(booth)}</title><style>{CSS}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")
