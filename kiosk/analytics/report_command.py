"""`kiosk report`: the event report as one HTML file. No Qt here."""

from __future__ import annotations

import sqlite3
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk.analytics.figures import load
from kiosk.analytics.store import DB_FILE, reading
from kiosk.content import Deck, load_deck
from kiosk.content.model import Slide
from kiosk.content.text import pick
from kiosk.export import write_atomically


def slide_titles(deck: Deck | None) -> list[tuple[str, str]]:
    """(id, heading) of each slide in deck order, in the deck's first language."""
    if deck is None:
        return []
    lang = deck.default_language

    def name(slide: Slide) -> str:
        for key in ("heading", "title", "caption", "quote"):
            if found := slide.text(key, lang, lang):
                return found
        if slide.type == "stat":
            return f"{slide.text('figure', lang, lang)} {slide.text('label', lang, lang)}"
        return slide.id
    return [(s.id, " ".join(name(s).split())) for s in deck.slides]


def field_labels(deck: Deck | None) -> dict[str, str]:
    if deck is None or deck.form is None:
        return {}
    lang = deck.default_language
    return {f.key: pick(f.label, lang, lang) for f in deck.form.fields}


def period(data_dir: Path, since: str | None, until: str | None) -> tuple[float, float]:
    """From the start of ``since`` to the end of ``until`` (dates, both included). Without
    ``since``: the day of the latest visit (or today); without ``until``: ``since``'s day."""
    if since is None:
        with reading(data_dir) as db:
            latest = db.execute("SELECT max(started_at) FROM visits").fetchone()[0]
        first = datetime.fromtimestamp(latest).date() if latest else date.today()
    else:
        first = date.fromisoformat(since)
    last = date.fromisoformat(until) if until else first
    start = datetime.combine(first, datetime.min.time())
    end = datetime.combine(last + timedelta(days=1), datetime.min.time())
    return start.timestamp(), end.timestamp()


def make_report(data_dir: Path, out: Path, since: str | None, until: str | None,
                deck: Deck | None, booth: str) -> int:
    """Write the report; the number of visits in it. Raises ValueError for a wrong date and
    OSError when the file cannot be written."""
    from kiosk.analytics.report import render  # pygal, only when a report is made

    start, end = period(data_dir, since, until)
    if end <= start:
        raise ValueError("--until is before --since")
    events = load(data_dir, start, end)
    page = render(events, booth, slide_titles(deck), field_labels(deck))
    write_atomically(out, page.encode("utf-8"))
    return len(events.visits)


def report_command(data_dir: Path, out: str, since: str | None, until: str | None,
                   content: Path, booth: str) -> int:
    if not (data_dir / DB_FILE).exists():
        print(f"nothing has been recorded in {data_dir} (is analytics off in kiosk.yaml?)",
              file=sys.stderr)
        return 1
    try:
        count = make_report(data_dir, Path(out), since, until, load_deck(content).deck, booth)
    except ValueError as exc:
        print(f"cannot make the report: {exc} (dates are YYYY-MM-DD)", file=sys.stderr)
        return 2
    except sqlite3.DatabaseError as exc:
        print(f"the analytics in {data_dir} cannot be read ({exc}); the kiosk sets the "
              "damaged file aside and starts a new one when it next starts", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{out} could not be written: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"event report with {count} visit(s) written to {out}")
    return 0
