"""A booth of a fleet leaves the office a small picture of its screen: at most every 15
minutes, and only while the slides play by themselves, never a visitor's screen or the
message form; the setting fleet.screenshots turns it off."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from kiosk.platform.clock import ManualClock
from kiosk.visit.session import Mode
from tests.gui.test_fleet_booth import BOOTH, Fleet, booth, fleet, visit, visitor_leaves

__all__ = ["booth", "fleet"]  # the fixtures, shared

QUARTER_HOUR = 15 * 60


def test_a_picture_of_the_loop_at_most_every_quarter_hour_never_of_a_visit(
        booth, fleet: Fleet, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = booth()
    shots, clock = kiosk.screens, kiosk.session.clock
    assert shots is not None and isinstance(clock, ManualClock)
    picture = fleet.folder / "screens" / f"{BOOTH}.jpg"
    with qtbot.waitSignal(shots.written, timeout=10_000):
        assert shots.tick()
    image = QImage(str(picture))
    assert (image.width(), image.height()) == (480, 270)  # small, the screen's proportions
    assert image.pixelColor(240, 135).isValid()
    clock.advance(QUARTER_HOUR - 1)
    assert not shots.tick()  # not yet
    visit(kiosk)
    clock.advance(1)
    assert not shots.tick()  # a visitor's screen: never
    QTest.mouseClick(kiosk.window.controls.message_button, Qt.MouseButton.LeftButton)
    assert kiosk.session.mode is Mode.FORM and kiosk.window.form.isVisible()
    assert not shots.tick()  # the message form: never
    QTest.mouseClick(kiosk.window.form.cancel_button, Qt.MouseButton.LeftButton)
    visitor_leaves(kiosk)
    qtbot.waitUntil(lambda: not kiosk.window.idle.isVisible(), timeout=3000)
    with qtbot.waitSignal(shots.written, timeout=10_000):
        assert shots.tick()  # the slides play by themselves again
    assert not shots.tick()


def test_pictures_of_the_screen_can_be_turned_off(
        booth, fleet: Fleet) -> None:  # type: ignore[no-untyped-def]
    kiosk = booth("  screenshots: false\n")
    assert kiosk.screens is None and kiosk.fleet is not None
    assert not (fleet.folder / "screens" / f"{BOOTH}.jpg").exists()
