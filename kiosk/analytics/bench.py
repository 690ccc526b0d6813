"""What `kiosk bench` measures of the booth's own counts: the window thread's share of each
recorded event, and a season's report. No Qt here."""

from __future__ import annotations

from pathlib import Path


def measure_events(count: int) -> list[float]:
    """Milliseconds the GUI thread spends on each recorded event (a slide shown, counted for
    the visit and for proof of play, and a touch), the recorder writing behind."""
    import tempfile
    import time

    from kiosk.analytics.play import PlayLog
    from kiosk.analytics.recorder import Recorder
    from kiosk.analytics.visits import VisitTracker
    from kiosk.visit.session import Session

    with tempfile.TemporaryDirectory() as place:
        recorder = Recorder(Path(place))
        session = Session()
        visits = VisitTracker(recorder.visit)
        plays = PlayLog(recorder.play, recorder.gap)
        session.subscribe(visits.on_session)
        plays.set_loop(True)
        times = []
        for i in range(count):
            start = time.perf_counter()
            if i % 50 == 0:
                session.interact()  # a touch: a visit begins
            visits.slide_shown(f"slide-{i % 18}")
            plays.slide_shown(f"slide-{i % 18}")
            if i % 50 == 49:
                visits.end("home")  # and ends: a visit record
            times.append((time.perf_counter() - start) * 1000)
        recorder.close(timeout=30)
    return times


def measure_report(days: int, visits_per_day: int = 300) -> float:
    """Seconds to write the event report over ``days`` days of a busy booth."""
    import tempfile
    import time
    from datetime import date, timedelta

    from kiosk.analytics.report_command import make_report
    from kiosk.analytics.sample import fill_days

    slides = [(f"slide-{n}", 10.0) for n in range(18)]
    last = date(2026, 11, 21)
    with tempfile.TemporaryDirectory() as place:
        folder = Path(place)
        fill_days(folder, slides, days, last, visits_per_day)
        start = time.perf_counter()
        make_report(folder, folder / "report.html", str(last - timedelta(days=days - 1)),
                    str(last), None, "bench")
        return time.perf_counter() - start
