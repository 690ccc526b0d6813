"""`kiosk report`: the event report as one HTML file. No Qt here."""

from __future__ import annotations

import sqlite3
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk.analytics.figures import days_words, load
from kiosk.analytics.store import DB_FILE, reading
from kiosk.content import Deck, load_deck
from kiosk.content.model import Slide
from kiosk.content.text import pick
from kiosk.files import write_atomically


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


#: A pause this long without a visit ends an event. A report without dates covers the latest
#: event whole (a booth open past midnight, a three-day festival), never a touring booth's
#: earlier events, whose figures the database keeps for months.
EVENT_PAUSE_S = 2 * 86_400.0


def latest_event(data_dir: Path, before: float) -> tuple[float, float] | None:
    """The first and last visit of the latest event that began before ``before``: back from
    the last visit, visit by visit, until a pause longer than ``EVENT_PAUSE_S``."""
    first = last = None
    with reading(data_dir) as db:
        for (at,) in db.execute("SELECT started_at FROM visits WHERE started_at < ? ORDER BY "
                                "started_at DESC", (before,)):
            if first is not None and first - at > EVENT_PAUSE_S:
                break
            first, last = at, (last if last is not None else at)
    return None if first is None or last is None else (first, last)


def period(data_dir: Path, since: str | None, until: str | None) -> tuple[float, float]:
    """From the start of ``since`` to the end of ``until`` (dates, both included). Without
    ``since``: the first day of the latest event ending by ``until`` (see
    :func:`latest_event`; today when nothing was recorded); without ``until``: ``since``'s
    day, or the event's last day."""
    first = date.fromisoformat(since) if since else None
    last = date.fromisoformat(until) if until else None
    if first is None:
        before = _midnight(last + timedelta(days=1)) if last else float("inf")
        event = latest_event(data_dir, before)
        days = ([datetime.fromtimestamp(t).date() for t in event] if event
                else [last or date.today()] * 2)
        first, last = days[0], last or days[1]
    return _midnight(first), _midnight((last or first) + timedelta(days=1))


def _midnight(day: date) -> float:
    return datetime.combine(day, datetime.min.time()).timestamp()


def make_report(data_dir: Path, out: Path, since: str | None, until: str | None,
                deck: Deck | None, booth: str, span: tuple[float, float] | None = None) -> int:
    """Write the report; the number of visits in it. ``span``: the :func:`period` of the
    dates when already known. Raises ValueError for a wrong date and OSError when the file
    cannot be written."""
    from kiosk.analytics.report import render  # pygal, only when a report is made

    start, end = span or period(data_dir, since, until)
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
        start, end = period(data_dir, since, until)
        count = make_report(data_dir, Path(out), since, until, load_deck(content).deck, booth,
                            (start, end))
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
    which = "" if since or until else " (the latest event; --since and --until choose days)"
    print(f"event report for {days_words(start, end)}{which}: {count} visit(s), written to "
          f"{out}")
    return 0
