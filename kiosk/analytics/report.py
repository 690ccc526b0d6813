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
from kiosk.analytics.figures import Events, days_words, dwell_by_slide, funnel, gave_up, glance

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
       max-width: 180mm; font-size: 11pt; }
h1 { font-size: 20pt; margin: 0 0 2mm; } h2 { font-size: 13pt; margin: 6mm 0 1mm; }
p.note { color: #444; margin: 0 0 2mm; font-size: 9.5pt; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(30mm, 1fr));
           gap: 3mm; margin: 4mm 0; }
.figures div { border: 0.4mm solid #1b1b1b; padding: 2mm 3mm; font-size: 9.5pt; }
.figures b { display: block; font-size: 16pt; white-space: nowrap; }
section { break-inside: avoid; page-break-inside: avoid; }
svg { width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 9.5pt; } td, th { border-bottom: 0.2mm solid #999;
  padding: 1mm 3mm 1mm 0; text-align: left; } td.n { text-align: right; }
"""


def new_chart(kind: type[Any], title: str, height: int = 300, **options: Any) -> Any:
    return kind(style=STYLE, width=900, height=height, title=title, js=[],
                disable_xml_declaration=True, show_legend=options.pop("show_legend", False),
                print_values=options.pop("print_values", True), margin=12, **options)


def svg(drawn: Any) -> str:
    """The chart as inline SVG, without the script pygal adds for its browser tooltips."""
    return re.sub(r"<script.*?</script>", "", str(drawn.render(is_unicode=True)), flags=re.S)


def minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 60 else f"{seconds:.0f} s"


def visits_per_hour(events: Events) -> str:
    hours = Counter(datetime.fromtimestamp(v["started_at"]).hour for v in events.visits)
    shown = range(min(hours, default=9), max(hours, default=17) + 1)
    chart = new_chart(pygal.Bar, "Visits per hour of the day", x_labels=[f"{h}:00" for h in shown])
    chart.add("Visits", [hours.get(h, 0) for h in shown])
    return svg(chart)


def visit_lengths(events: Events) -> str:
    chart = new_chart(pygal.Bar, "How long visits lasted", x_labels=[b[2] for b in LENGTHS])
    chart.add("Visits", [sum(1 for v in events.visits if lo <= v["duration_s"] < hi)
                         for lo, hi, _ in LENGTHS])
    return svg(chart)


def journey(events: Events, slides: list[tuple[str, str]]) -> str:
    stages = funnel(events, slides[0][0] if slides else None)
    stages.reverse()  # a horizontal chart draws its first bar at the bottom
    chart = new_chart(pygal.HorizontalBar, "From the loop to a message", height=260,
                       x_labels=[s[0] for s in stages])
    chart.add("Count", [s[1] for s in stages])
    return svg(chart)


def dwell(events: Events, slides: list[tuple[str, str]]) -> str:
    found = dwell_by_slide(events.visits)
    order = list(enumerate(slides or [(s, s) for s in found], 1))[::-1]  # first on top
    chart = new_chart(pygal.HorizontalBar, "Seconds visitors spent on each slide (median), in "
                       "deck order", height=max(300, 34 * len(order) + 90), truncate_label=-1,
                       x_labels=[_short(f"{n}. {title}") for n, (_, title) in order])
    chart.add("Median seconds", [round(statistics.median(found[s]), 1) if found.get(s) else None
                                 for _, (s, _) in order])
    return svg(chart)


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
    chart = new_chart(pygal.HorizontalBar, "Languages visitors chose", height=220,
                       x_labels=[language_name(c[0]) for c in counts])
    chart.add("Visits", [c[1] for c in counts])
    return svg(chart)


def proof_of_play(events: Events) -> str:
    """Per hour for a day or two; per day (in hours) for a longer event."""
    days = {p[0][:10] for p in events.plays} | {
        datetime.fromtimestamp(g[0]).strftime("%Y-%m-%d") for g in events.gaps}
    by_day = len(days) > 2
    width, unit = (10, 3600) if by_day else (13, 60)
    played: dict[str, float] = {}
    for hour, _slide, _n, seconds in events.plays:
        played[hour[:width]] = played.get(hour[:width], 0.0) + seconds
    gaps: dict[str, float] = {}
    for start, seconds, _kind in events.gaps:
        key = datetime.fromtimestamp(start).strftime("%Y-%m-%dT%H")[:width]
        gaps[key] = gaps.get(key, 0.0) + seconds
    keys = sorted(set(played) | set(gaps))
    labels = [k[5:10] if by_day else (k[11:] + ":00" if len(days) <= 1 else
                                      f"{k[5:10]} {k[11:]}h") for k in keys]
    title = ("Hours the loop played each day, and gaps" if by_day else
             "Minutes the loop played each hour, and gaps")
    chart = new_chart(pygal.StackedBar, title, show_legend=True, print_values=False,
                       legend_at_bottom=True, x_labels=labels,
                       x_label_rotation=-45 if len(keys) > 24 else 0,
                       show_minor_x_labels=len(keys) <= 24,
                       x_labels_major_every=max(1, len(keys) // 12))
    chart.add("Played", [round(played.get(k, 0.0) / unit, 2) for k in keys])
    chart.add("Nothing on screen", [round(gaps.get(k, 0.0) / unit, 2) for k in keys])
    return svg(chart)


def table(rows: list[tuple[Any, ...]], heads: tuple[str, ...]) -> str:
    """A table: words in the first column, figures (right-aligned) in the others."""
    def cells(row: tuple[Any, ...]) -> str:
        return "".join(f"<td{' class=n' if n else ''}>{html.escape(str(v))}</td>"
                       for n, v in enumerate(row))
    head = "".join(f"<th>{html.escape(h)}</th>" for h in heads)
    return f"<table><tr>{head}</tr>" + "".join(f"<tr>{cells(r)}</tr>" for r in rows) + \
        "</table>"


def page(title: str, parts: list[str]) -> str:
    """The whole HTML file: one page, its style inside, nothing to fetch."""
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>"
            f"{html.escape(title)}</title><style>{CSS}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")


def render(events: Events, booth: str, slides: list[tuple[str, str]],
           fields: dict[str, str] | None = None) -> str:
    """The report. ``slides`` are (id, title) in deck order; ``fields`` names form fields."""
    day = glance(events)
    days = days_words(events.since, events.until)
    titles = dict(slides)
    last_slides, left_fields = gave_up(events.visits)
    boxes = [("Visits", day["visits"]), ("Median visit", minutes(day["median_visit_s"])),
             ("Messages sent", day["messages"]), ("Loop played", minutes(day["loop_played_s"])),
             ("Nothing on screen", minutes(day["loop_gaps_s"]))]
    starts = Counter(h[1] for h in events.health)
    parts = [
        f"<h1>What the booth learned: {html.escape(booth)}, {days}</h1>",
        "<p class=note>Recorded on the kiosk with no personal data: no message text, no "
        "names, no touches' positions.</p>",
        "<div class=figures>" + "".join(f"<div>{k}<b>{v}</b></div>" for k, v in boxes)
        + "</div>",
        f"<section>{visits_per_hour(events)}</section>",
        f"<section>{visit_lengths(events)}</section>",
        f"<section>{journey(events, slides)}</section>",
        f"<section>{dwell(events, slides)}</section>",
        "<section><h2>Where visitors walked away</h2><p class=note>The last slide of visits "
        "that ended with no touch for a while, and the field where an unsent message was "
        "left.</p>" + table([(_short(titles.get(s, s), 60), n)
                              for s, n in last_slides.most_common(5)], ("Last slide", "Visits"))
        + "<br>" + table([((fields or {}).get(f, f), n) for f, n in
                           left_fields.most_common(5)], ("Message form left at", "Visits"))
        + "</section>",
        f"<section>{languages(events)}</section>",
        f"<section>{proof_of_play(events)}</section>",
        "<section><h2>Health</h2>" + table(
            [("Start-ups", starts["start"]), ("Restarts after a crash or power cut",
                                              starts["restart_after_crash"]),
             ("Errors the kiosk went on from", starts["error"]),
             ("Sync rounds that delivered or met a problem", starts["sync"])],
            ("", "Count")) + "</section>",
    ]
    return page(f"Event report: {booth}, {days}", parts)
