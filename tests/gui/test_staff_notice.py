"""Problems in the deck or the settings are for staff: a kiosk started as the app starts it
plays the slides that can play (or a calm holding slide when none can), never a word of
the problems on a visitor's screen; staff read them on the panel, and the log has them."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.content import load_deck
from kiosk.ui.compose import Kiosk
from tests.conftest import close_kiosk
from tests.decks import line_of, png_bytes, write_deck
from tests.gui.test_staff import PIN, quick_hash, type_pin

__all__ = ["quick_hash"]  # the fast PIN hash, used here too

W, H = 768, 432
#: Words only staff may read: the problems, where they are, what to run.
STAFF_ONLY = ("error", "deck.yaml", "kiosk.yaml", "validate", "attention", "Staff",
              "default is used", "soon", "skipped", "cannot")
BLUE = """\
theme:
  background: "#0b2545"
  surface: "#13315c"
  raised: "#1d4e89"
  text: "#f2f5f7"
  muted: "#b4c2cf"
  accent: "#8ecae6"
"""


@pytest.fixture
def painted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text a slide painter lays on a frame, on whichever thread it paints."""
    from kiosk.ui.player import canvas, holding

    texts: list[str] = []
    for module in (canvas, holding):
        def spy(painter, laid, x, y, style, real=module.draw_text):  # type: ignore[no-untyped-def]
            texts.append(laid.layout.text().replace("\u200b", ""))
            real(painter, laid, x, y, style)

        monkeypatch.setattr(module, "draw_text", spy)
    return texts


@pytest.fixture
def start(kiosk_app, qtbot, tmp_path: Path) -> Iterator:  # type: ignore[no-untyped-def]
    """``start(folder, settings_text)``: the kiosk started as the app starts it (settings
    read from kiosk.yaml, the first slide before the visitor's side, the content watched),
    with a staff PIN set."""
    from kiosk.platform.clock import ManualClock
    from kiosk.setup.config import load_settings
    from kiosk.staff.pin import StaffAuth
    from kiosk.ui.compose import build_kiosk, start_when_shown

    built: list[Kiosk] = []

    def make(folder: Path, settings_text: str) -> Kiosk:
        config = tmp_path / "kiosk.yaml"
        config.write_text(settings_text, encoding="utf-8")
        StaffAuth(tmp_path / "data").set_pin(PIN)
        settings, problems = load_settings(config)
        kiosk = build_kiosk(settings, tmp_path / "data", kiosk_mode=True, clock=ManualClock(),
                            player_speed=40.0, journey_tick_ms=10_000, visitor_side=False)
        built.append(kiosk)
        kiosk.control.startup_problems = [f"{p} (the default is used)" for p in problems]
        start_when_shown(kiosk)
        kiosk.watch(folder)
        kiosk.window.resize(W, H)
        kiosk.window.show()
        qtbot.waitExposed(kiosk.window)
        qtbot.waitUntil(lambda: kiosk.visitor_started, timeout=10_000)
        return kiosk

    yield make
    for kiosk in built:
        close_kiosk(kiosk)


def on_screen(window: QWidget) -> list[str]:
    """The words of every label and button a person can see in the window."""
    return [w.text() for w in window.findChildren(QWidget)
            if isinstance(w, (QLabel, QAbstractButton)) and w.isVisible() and w.text()]


def staff_only(texts: list[str]) -> list[str]:
    return [t for t in texts if any(word in t for word in STAFF_ONLY)]


def open_panel(kiosk: Kiosk, qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    """Ctrl+Alt+S, the PIN on the pad's keys: the panel."""
    flow = kiosk.staff
    assert flow is not None
    QTest.keyClick(kiosk.window.windowHandle(), Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: flow.pad.isVisible() and not flow.pad.busy, timeout=3000)
    type_pin(flow, PIN)
    qtbot.waitUntil(kiosk.window.staff.isVisible, timeout=3000)
    return kiosk.window.staff


def test_start_up_problems_reach_staff_and_the_log_never_a_visitor(
        start, painted: list[str], qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
        caplog: pytest.LogCaptureFixture) -> None:
    folder = write_deck(tmp_path / "deck", """\
        - {type: title, id: hello, heading: Hello there}
        - {type: text, id: why, heading: Why we are here, body: Clean water for every village.}
        - {type: stat, id: bad, figure: '9', label: a figure with no source}
        """)
    with caplog.at_level(logging.INFO):
        kiosk = start(folder, "kiosk_id: booth-3\nidle_seconds: soon\n")
        shown: set[int] = set()
        kiosk.player.slide_changed.connect(shown.add)
        qtbot.waitUntil(lambda: shown >= {0, 1}, timeout=10_000)  # the loop went round
    assert kiosk.player.deck is not None and len(kiosk.player.deck.slides) == 2
    assert {"Hello there", "Why we are here"} <= set(painted)
    assert staff_only(painted) == [] and staff_only(on_screen(kiosk.window)) == []
    logged = caplog.text
    assert "stat slide without 'source'" in logged and "need attention" in logged

    panel = open_panel(kiosk, qtbot)
    assert panel.attention.isVisible()
    assert "Some slides need attention" in panel.attention.text()
    assert "Some settings need attention" in panel.attention.text()
    assert listed(panel) == [
        "kiosk.yaml:2: expected a number, found text 'soon' (the default is used)",
        f"deck.yaml:{line_of(folder, 'id: bad')}: stat slide without 'source': a figure "
        "without a source is not shown; add the id of a source"]


def listed(panel: QWidget) -> list[str]:
    """The problems the panel's Slides card lists, a line each (as they are, not cut short)."""
    return [line.full for line in panel.problems if line.isVisible()]


def accent_on(image: QImage, colour: str) -> bool:
    """Whether the accent colour is anywhere down the middle of the picture."""
    x, wanted = image.width() // 2, QColor(colour)
    return any(QColor(image.pixel(x, y)) == wanted for y in range(image.height()))


def test_a_deck_where_no_slide_can_play_shows_a_calm_holding_slide(
        start, painted: list[str], qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
        caplog: pytest.LogCaptureFixture) -> None:
    folder = write_deck(tmp_path / "deck", """\
        - {type: stat, id: one, figure: '1', label: no source}
        - {type: quote, id: two, quote: Words without a source}
        - {type: image, id: three, image: not-there.jpg}
        """)
    with caplog.at_level(logging.INFO):
        kiosk = start(folder, "kiosk_id: booth-3\n")
    player = kiosk.player
    assert player.deck is None and player.holding is not None and player.has_frame
    assert painted == ["Test deck"]  # the deck's own title, not a word of its problems
    assert staff_only(on_screen(kiosk.window)) == []
    frame = player.grab().toImage()
    assert frame.size() == player.size()  # drawn again when the window took its size
    assert accent_on(frame, player.holding.theme.accent)  # not a blank screen
    assert not [r for r in caplog.records if r.exc_info]  # no traceback
    assert "no slide can be shown" in caplog.text

    panel = open_panel(kiosk, qtbot)
    assert "No slide can play" in panel.attention.text()
    first, second, more = listed(panel)  # four problems: two, and how many more
    assert first.startswith("deck.yaml:") and second.startswith("deck.yaml:")
    assert more == "… and 2 more: tap the list to see them all."


def test_slides_that_all_fail_on_screen_give_the_decks_own_holding_slide(
        kiosk_app, player, qtbot, painted: list[str], tmp_path: Path  # type: ignore[no-untyped-def]
        ) -> None:
    from kiosk.ui.player.deck_control import DeckControl

    head = "title: {en: Wells for the villages}\nlanguages: [en]\n" + BLUE
    folder = write_deck(tmp_path, "- {type: image, id: a, image: a.png}\n"
                                  "- {type: image, id: b, image: b.png}\n", head=head)
    for name in ("a.png", "b.png"):
        (folder / name).write_bytes(png_bytes(64, 36, (200, 40, 40)))
    result = load_deck(folder)
    for name in ("a.png", "b.png"):  # gone after they were checked
        (folder / name).unlink()
    control = DeckControl(player)
    with qtbot.waitSignal(player.nothing_plays, timeout=5000) as failed:
        control.on_loaded(result)
    assert player.deck is None and painted == ["Wells for the villages"]
    assert len(failed.args[0]) == 2 and failed.args[0][0].startswith("slide 1: ")
    frame = player.grab().toImage()
    assert QColor(frame.pixel(4, 4)) == QColor("#0b2545")  # the deck's background
    assert accent_on(frame, "#8ecae6")
    news = control.summary[0]
    assert news.holding and news.problems[:2] == tuple(failed.args[0])
