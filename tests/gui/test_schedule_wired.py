"""The kiosk as the app builds it follows the deck's opening hours (a booth closed today
sleeps), and the studio's preview plays every slide at any hour."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from kiosk.content import load_deck
from kiosk.setup.config import Settings
from tests.decks import write_deck


def closed_deck(folder: Path) -> Path:
    today = date.today()  # (and the days around it: the test may run at midnight)
    days = ", ".join(str(today + timedelta(days=d)) for d in (-1, 0, 1))
    return write_deck(folder, "- {type: title, heading: Hello}\n",
                      head=f"title: T\nopening_hours: {{closed: [{days}]}}\n")


def test_the_app_wires_the_schedule_and_the_preview_does_not(kiosk_app, qtbot, tmp_path: Path
                                                              ) -> None:  # type: ignore[no-untyped-def]
    from kiosk.ui.compose import build_kiosk
    from tests.conftest import close_kiosk

    deck = load_deck(closed_deck(tmp_path / "d")).deck
    assert deck is not None and deck.opening_hours is not None
    settings = Settings(cursor_hide_seconds=600, analytics=False)
    booth = build_kiosk(settings, tmp_path / "booth", kiosk_mode=False)
    preview = build_kiosk(settings, tmp_path / "preview", kiosk_mode=False, schedule=False)
    try:
        assert booth.schedule is not None and preview.schedule is None
        booth.show_deck(deck)
        qtbot.waitUntil(lambda: booth.schedule is not None and booth.schedule.asleep,
                        timeout=10_000)
        with qtbot.waitSignal(preview.player.slide_changed, timeout=10_000):
            preview.show_deck(deck)  # it plays, closed or not
    finally:
        close_kiosk(booth)
        close_kiosk(preview)
