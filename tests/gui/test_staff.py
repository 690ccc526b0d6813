"""Staff mode as staff meet it: the hidden gesture, the PIN pad, the panel and its actions."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

import kiosk.staff.pin as staff_module
from kiosk.content import load_deck
from kiosk.messages.store import MessageStore
from kiosk.platform import paths
from kiosk.setup.config import Settings
from kiosk.staff.pin import StaffAuth
from kiosk.ui.staff.staff_flow import StaffFlow
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.visit.journey import Journey
from kiosk.ui.window import KioskWindow
from kiosk.visit.session import Mode
from tests.conftest import open_kiosk
from tests.decks import tear_down

W, H = 768, 432
PIN = "2468"


@pytest.fixture(autouse=True)
def quick_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staff_module, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})


def build(qtbot, tmp_path: Path, with_pin: bool = True):  # type: ignore[no-untyped-def]
    deck = load_deck(paths.bundled_content_dir()).deck
    auth = StaffAuth(tmp_path / "data")
    if with_pin and not auth.has_pin:
        auth.set_pin(PIN)
    settings = Settings(kiosk_id="booth-7", cursor_hide_seconds=600, staff_hold_seconds=0.15,
                        staff_lock_seconds=120)
    kiosk, clock = open_kiosk(qtbot, deck, settings, tmp_path / "data", (W, H))
    kiosk.set_store(MessageStore(tmp_path / "data", "booth-7"))
    exits: list[int] = []
    kiosk.on_exit = exits.append
    return kiosk.window, kiosk.journey, kiosk.staff, clock, exits, kiosk.runner


@pytest.fixture
def booth(kiosk_app, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    parts = build(qtbot, tmp_path)
    yield parts
    close(parts)


def close(parts) -> None:  # type: ignore[no-untyped-def]
    window, journey, _flow, _clock, _exits, runner = parts
    tear_down(journey, window, runner)


def hold_corner(window: KioskWindow, journey: Journey, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Press in the corner and keep holding until the hold is recognised, then let go."""
    handle = window.windowHandle()
    with qtbot.waitSignal(journey.corner.triggered, timeout=3000):
        QTest.mousePress(handle, Qt.MouseButton.LeftButton, pos=QPoint(12, 12))
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=QPoint(12, 12))


def type_pin(flow: StaffFlow, pin: str) -> None:
    for digit in pin:
        QTest.mouseClick(flow.pad.keys[digit], Qt.MouseButton.LeftButton)
    QTest.mouseClick(flow.pad.keys["ok"], Qt.MouseButton.LeftButton)


def open_panel(booth, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, journey, flow, *_ = booth
    hold_corner(window, journey, qtbot)
    assert flow.pad.isVisible()
    qtbot.waitUntil(lambda: not flow.pad.busy, timeout=3000)
    type_pin(flow, PIN)
    qtbot.waitUntil(lambda: window.staff.isVisible(), timeout=3000)


def test_corner_hold_then_pin_opens_the_panel(booth, qtbot) -> None:
    window, journey, flow, *_ = booth
    hold_corner(window, journey, qtbot)
    assert flow.pad.isVisible() and journey.session.mode is Mode.STAFF
    assert "●" not in flow.pad.dots.text()
    qtbot.waitUntil(lambda: not flow.pad.busy, timeout=3000)
    type_pin(flow, PIN)
    qtbot.waitUntil(lambda: window.staff.isVisible(), timeout=3000)
    assert not flow.pad.isVisible()
    assert window.staff.counts["total"].text() == "0"


def test_swipes_and_taps_never_open_it(booth, qtbot) -> None:
    window, journey, flow, *_ = booth
    handle = window.windowHandle()
    hold = journey.corner.timer  # a stopped hold can never fire: no need to wait and see
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, pos=QPoint(12, 12))  # a tap
    assert not hold.isActive()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, pos=QPoint(14, 14))  # a swipe
    assert hold.isActive()
    for x in range(30, 400, 40):
        QTest.mouseMove(handle, QPoint(x, 20))
    assert not hold.isActive()  # it left the corner
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=QPoint(400, 20))
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, pos=QPoint(12, 12))  # too short
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=QPoint(12, 12))
    assert not hold.isActive()
    assert not flow.pad.isVisible() and journey.session.mode is not Mode.STAFF


def test_keyboard_shortcut_opens_the_pad(booth, qtbot) -> None:
    window, _journey, flow, *_ = booth
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert flow.pad.isVisible()


def test_wrong_pins_lock_out_across_a_restart(kiosk_app, qtbot, tmp_path: Path) -> None:
    parts = build(qtbot, tmp_path)
    window, journey, flow, *_ = parts
    hold_corner(window, journey, qtbot)
    qtbot.waitUntil(lambda: not flow.pad.busy, timeout=3000)
    for tries_left in (4, 3, 2, 1):
        type_pin(flow, "0000")
        qtbot.waitUntil(lambda: not flow.pad.busy, timeout=3000)
        assert f"{tries_left} more tr" in flow.pad.message.text()
    type_pin(flow, "0000")
    qtbot.waitUntil(lambda: "Try again in 30 s" in flow.pad.message.text(), timeout=3000)
    type_pin(flow, PIN)  # even the right PIN waits
    qtbot.waitUntil(lambda: not flow.pad.busy, timeout=3000)
    assert not window.staff.isVisible()
    close(parts)
    again = build(qtbot, tmp_path)  # the kiosk restarted
    window, journey, flow, *_ = again
    hold_corner(window, journey, qtbot)
    qtbot.waitUntil(lambda: "Try again in" in flow.pad.message.text(), timeout=3000)
    close(again)


def test_without_a_pin_the_pad_offers_the_first_steps(kiosk_app, qtbot, tmp_path: Path
                                                      ) -> None:
    parts = build(qtbot, tmp_path, with_pin=False)
    window, journey, flow, *_ = parts
    hold_corner(window, journey, qtbot)
    qtbot.waitUntil(lambda: flow.pad.close_kiosk_button.isVisible(), timeout=3000)
    assert flow.pad.title.text() == "Choose a staff PIN" and flow.pad.keys["1"].isEnabled()
    assert not window.staff.isVisible()
    close(parts)


def test_the_panel_locks_itself(booth, qtbot) -> None:
    window, journey, _flow, clock, *_ = booth
    open_panel(booth, qtbot)
    clock.now += 119
    journey.on_tick()
    assert window.staff.isVisible()
    clock.now += 2
    journey.on_tick()
    assert journey.session.mode is Mode.ATTRACT and not window.staff.isVisible()


def test_export_to_a_folder(booth, qtbot, tmp_path: Path) -> None:
    window, _journey, flow, *_ = booth
    for i in range(3):
        flow.store.add({"message": f"hello {i}"})
    open_panel(booth, qtbot)
    usb = tmp_path / "usb"
    usb.mkdir()
    panel = window.staff
    panel.set_drives([("KINGSTON", str(usb))])
    QTest.mouseClick(panel.findChild(type(panel.export_button), "format-xlsx"),
                     Qt.MouseButton.LeftButton)
    QTest.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved" in panel.export_status.text(), timeout=5000)
    files = list(usb.glob("kiosk-messages-booth-7-*.xlsx"))
    assert len(files) == 1 and panel.export_path.full == str(files[0])
    assert "Saved 3 messages in" in panel.export_status.text()
    shown = panel.export_path.text()  # one line: a long path loses its middle, not its ends
    assert shown == str(files[0]) or (shown.startswith(str(files[0])[:4])
                                      and shown.endswith(".xlsx") and "…" in shown)
    assert flow.store.summary()["exported"] == 3


def test_purge_asks_with_the_count(booth, qtbot) -> None:
    window, _journey, flow, *_ = booth
    store = flow.store
    message_id = store.add({"message": "old and exported"})
    store.mark_exported([message_id])
    old = [("UPDATE messages SET created_at = '2000-01-01T00:00:00.000Z'", ())]
    store.write(old)
    store.add({"message": "kept: not exported"})
    store.write(old)
    open_panel(booth, qtbot)
    panel = window.staff
    QTest.mouseClick(panel.purge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.confirm.isVisible(), timeout=3000)
    assert "Delete 1 message that" in panel.confirm.text.text()
    QTest.mouseClick(panel.confirm.yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Deleted 1" in panel.purge_text.text(), timeout=3000)
    assert [m.fields["message"] for m in store.messages()] == ["kept: not exported"]


def test_only_the_panel_exits(booth, qtbot) -> None:
    window, _journey, _flow, _clock, exits, _ = booth
    assert window.close() is False and exits == []
    open_panel(booth, qtbot)
    panel = window.staff
    QTest.mouseClick(panel.exit_button, Qt.MouseButton.LeftButton)
    assert panel.confirm.isVisible() and exits == []
    QTest.mouseClick(panel.confirm.yes, Qt.MouseButton.LeftButton)
    assert exits == [0]


def test_staff_get_in_on_a_full_disk_and_see_why(booth, qtbot, monkeypatch,
                                                 tmp_path: Path) -> None:
    window, _journey, flow, *_ = booth
    flow.auth.spare = tmp_path / "spare-lockout.json"  # the temporary folder stays clean

    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(staff_module, "write_atomically", full)
    open_panel(booth, qtbot)  # the right PIN still opens the panel
    assert window.staff.store_problems.isVisible()
    assert "No space left" in window.staff.store_problems.text()


def test_a_disk_that_keeps_no_lockout_makes_the_pad_wait_and_say_why(booth, qtbot,
                                                                     monkeypatch) -> None:
    """Nowhere to keep the count of wrong PINs (a read-only data disk and temporary folder):
    after a start the pad waits a full lockout, and says so in words, not "too many"."""
    window, journey, flow, *_ = booth

    def read_only(*_args: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(staff_module, "write_atomically", read_only)
    monkeypatch.setattr(staff_module, "write_spare", read_only)
    hold_corner(window, journey, qtbot)
    qtbot.waitUntil(lambda: not flow.pad.busy, timeout=3000)
    type_pin(flow, PIN)  # the right PIN, but a lockout from before the start may exist
    qtbot.waitUntil(lambda: "cannot keep count" in flow.pad.message.text(), timeout=3000)
    assert not window.staff.isVisible() and "Try again in 30 s" in flow.pad.message.text()


def test_a_pad_check_that_fails_gives_the_pad_back(booth, qtbot, monkeypatch) -> None:
    window, journey, flow, *_ = booth
    hold_corner(window, journey, qtbot)
    qtbot.waitUntil(lambda: not flow.pad.busy, timeout=3000)

    def broken(_pin: str) -> None:
        raise RuntimeError("the staff file vanished")

    monkeypatch.setattr(flow.auth, "check", broken)
    type_pin(flow, PIN)
    qtbot.waitUntil(lambda: not flow.pad.busy, timeout=3000)  # never busy for ever
    assert "could not be checked" in flow.pad.message.text()
    assert not window.staff.isVisible()


def test_store_problems_reach_the_panel(booth, qtbot, tmp_path: Path) -> None:
    window, _journey, flow, *_ = booth
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "messages.sqlite3").write_bytes(b"not a database " * 400)
    flow.set_store(MessageStore(tmp_path / "broken", "booth-7"))
    open_panel(booth, qtbot)
    assert window.staff.store_problems.isVisible()
    assert "damaged" in window.staff.store_problems.text()


def test_refused_messages_are_sent_again_from_the_panel(booth, qtbot, tmp_path: Path) -> None:
    from kiosk.sync.runner import SyncRunner
    from kiosk.sync.targets import Outcome, Result, Target
    from kiosk.ui.staff.sync_driver import SyncDriver

    window, _journey, flow, *_ = booth

    class Receiver(Target):
        name = "webhook"
        answer = Result.REJECTED

        def __init__(self) -> None:
            self.got: list[str] = []

        def deliver(self, batch, kiosk_id):  # type: ignore[no-untyped-def]
            if self.answer is Result.DELIVERED:
                self.got += [m.id for m in batch.messages]
            return Outcome(self.answer, "the server refused the batch: 401 wrong token")

    receiver = Receiver()
    ids = [flow.store.add({"message": f"m{i}"}) for i in range(3)]
    runner = SyncRunner(flow.store, [receiver], "booth-7")
    runner.run_once()
    driver = SyncDriver(runner, TaskRunner(threads=1), 3_600_000)
    flow.set_sync(driver)
    open_panel(booth, qtbot)
    panel = window.staff
    qtbot.waitUntil(lambda: panel.counts["rejected"].text() == "3", timeout=3000)
    assert panel.retry_button.isVisible() and "401 wrong token" in panel.targets.text()
    receiver.answer = Result.DELIVERED  # the organisation fixed its token
    with qtbot.waitSignal(driver.finished, timeout=5000):
        QTest.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.counts["synced"].text() == "3", timeout=3000)
    assert sorted(receiver.got) == sorted(ids) and not panel.retry_button.isVisible()
    assert "Delivered 3 now" in panel.sync_status.text()


def test_a_store_that_cannot_open_is_tried_again_and_the_panel_says_so(booth, qtbot,
                                                                        tmp_path: Path) -> None:
    from kiosk.ui.store_opener import StoreOpener

    window, _journey, flow, _clock, _exits, runner = booth
    blocker = tmp_path / "stick"
    blocker.write_text("a file where the data folder should be")  # it cannot be made
    opener = StoreOpener(blocker / "data", "booth-7", runner, first_retry_ms=50,
                         max_retry_ms=100)
    opener.opened.connect(flow.set_store)
    opener.failed.connect(flow.store_failed)
    flow.store = None
    with qtbot.waitSignal(opener.failed, timeout=3000):
        opener.start()
    open_panel(booth, qtbot)
    assert "Messages cannot be saved right now" in window.staff.store_problems.text()
    assert "tries again" in window.staff.store_problems.text()
    blocker.unlink()  # the disk has room again
    with qtbot.waitSignal(opener.opened, timeout=3000):
        pass  # the next try, by itself: no restart
    assert flow.store is not None and flow.store.add({"message": "saved at last"})
    assert flow.store.path.parent == blocker / "data"
    assert not window.staff.store_problems.isVisible()  # the panel no longer warns


def test_a_physical_keyboard_types_the_pin(booth, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, journey, flow, *_ = booth
    handle = window.windowHandle()

    def type_digits(digits: str) -> None:  # through the window, as a keyboard's keys come
        for digit in digits:
            QTest.keyClick(handle, Qt.Key(Qt.Key.Key_0 + int(digit)))

    QTest.keyClick(handle, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not flow.pad.busy, timeout=3000)
    type_digits("9" + PIN)
    assert flow.pad.dots.text() == "●" * 5
    QTest.keyClick(handle, Qt.Key.Key_Backspace)  # the 9 was a slip: take one back ...
    QTest.keyClick(handle, Qt.Key.Key_Home)
    assert flow.pad.pin == "9" + PIN[:-1]  # ... from the end, as on any keyboard
    type_digits(PIN[-1])
    QTest.keyClick(handle, Qt.Key.Key_Escape)  # Esc cancels the pad (and only the pad)
    assert not flow.pad.isVisible() and journey.session.mode is not Mode.STAFF
    QTest.keyClick(handle, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not flow.pad.busy, timeout=3000)
    type_digits(PIN)
    QTest.keyClick(handle, Qt.Key.Key_Return)
    qtbot.waitUntil(window.staff.isVisible, timeout=3000)


def test_a_servers_words_show_as_they_are_on_the_panel(booth, qtbot) -> None:
    """A refusal quotes the receiver; markup in it is shown as text, never drawn (no image
    fetched, no link to click)."""
    window, *_ = booth
    open_panel(booth, qtbot)
    said = 'webhook: 2 refused (401 <img src="http://127.0.0.1:9/x.png"><a href="x">sign in</a>)'
    window.staff.set_targets([said])
    assert window.staff.targets.textFormat() == Qt.TextFormat.PlainText
    assert window.staff.targets.text() == said


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"])
def test_the_panel_header_stands_as_far_from_the_cards_as_they_stand_apart(
        booth, qtbot, size: tuple[int, int]) -> None:
    """In portrait the header's two lines (kiosk, slides version) sat on the first card."""
    window = booth[0]
    open_panel(booth, qtbot)
    window.resize(*size)
    panel = window.staff
    qtbot.waitUntil(lambda: panel.size().toTuple() == size, timeout=3000)
    panel.outer.activate()  # (laid out now, not at the next turn of the event loop)
    header = max(w.mapTo(panel, QPoint(0, w.height())).y()  # (the first row below each)
                 for w in (panel.title, panel.subtitle, panel.lock_button))
    cards = [panel.messages_card, panel.export_card] + (
        [panel.today.card] if size[1] > size[0] else [])
    first = min(card.mapTo(panel, card.rect().topLeft()).y() for card in cards)
    assert first - header >= panel.cards.spacing() > 0


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"])
def test_no_two_controls_of_the_panel_overlap_when_every_card_is_full(
        booth, qtbot, tmp_path: Path, size: tuple[int, int]) -> None:
    """Seen on a real X screen: in portrait, with a warning on the slides card and an
    export's result, the export card's rows were squeezed into each other."""
    from PySide6.QtWidgets import QApplication, QPushButton

    window, _journey, flow, *_ = booth
    flow.store.add({"message": "hello"})
    open_panel(booth, qtbot)
    window.resize(*size)
    panel = window.staff
    (tmp_path / "usb").mkdir()
    panel.set_drives([("KINGSTON", str(tmp_path / "usb"))])  # a stick: a row of two
    qtbot.waitUntil(lambda: panel.size().toTuple() == size, timeout=3000)
    panel.outer.activate()  # (laid out now: the button is pressed where it is)
    QTest.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)  # (its result: 2 lines)
    qtbot.waitUntil(lambda: "Saved" in panel.export_status.text(), timeout=5000)
    problems = [f"deck.yaml line {n}: a problem with this slide's words" for n in range(5)]
    panel.set_content("Slides read: 18. Errors: 3. Warnings: 2.",  # (as many as it shows)
                      "The slides have problems: fix them before the booth opens.",
                      problems, problems)
    assert panel.slides.list_button.isVisible() and all(
        line.isVisible() for line in panel.slides.problems)
    for _ in range(3):  # (the cards, then the scrolled body, then the panel: laid out now)
        QApplication.processEvents()
    placed = [(b.text(), QRect(b.mapTo(panel, QPoint(0, 0)), b.size()))
              for b in panel.findChildren(QPushButton) if b.isVisible()]
    overlapping = [(a, b) for i, (a, one) in enumerate(placed) for b, other in placed[i + 1:]
                   if one.intersects(other)]
    assert not overlapping
    # Taller than the screen, the cards scroll: the last button is reached with the bar.
    bar, view = panel.card_scroll.verticalScrollBar(), panel.card_scroll.viewport()
    last = panel.reload_button
    for _ in range(10):
        if QRect(last.mapTo(view, QPoint(0, 0)), last.size()).bottom() < view.height():
            break
        assert bar.isVisible(), "a button below the screen, and nothing to scroll with"
        QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=QPoint(bar.width() // 2,
                                                                   bar.height() - 4))
    else:
        raise AssertionError("the bar never brought the last button into view")


@pytest.mark.parametrize(("language", "columns"), [("en", 4), ("km", 2)])
def test_the_days_figures_are_never_cut_in_portrait(booth, qtbot, language: str,
                                                    columns: int) -> None:
    """Seen in Khmer at 1080x1920: four figures in one line did not fit, and the loop's
    ("1 gap, 14 s") was cut after its comma. They go two a line where four do not fit."""
    window = booth[0]
    open_panel(booth, qtbot)
    window.resize(1080, 1920)
    panel = window.staff
    qtbot.waitUntil(lambda: panel.today.values["loop"].text() != "–", timeout=5000)  # (today's
    panel.set_look(panel.theme, language)  # figures so far, in; then as on a busy day)
    panel.today.set_glance({"visits": 141, "median_visit_s": 54, "messages": 11,
                            "loop_played_s": 3600, "loop_gaps": 1, "loop_gaps_s": 14,
                            "longest_dwell": [("why", 14.0)]}, {"why": "The years after"})
    qtbot.waitUntil(lambda: panel.size().toTuple() == (1080, 1920), timeout=3000)
    for _ in range(3):  # (the figures, the card, the panel: laid out now)
        QApplication.processEvents()
    card, today = panel.today.card, panel.today
    assert today.figures.columns == columns
    for key, value in today.values.items():
        for label in (value, today.captions[key]):
            assert label.width() >= label.sizeHint().width(), (key, label.text())
            assert card.rect().contains(QRect(label.mapTo(card, QPoint(0, 0)), label.size()))


def overflowing(booth, qtbot):  # type: ignore[no-untyped-def]
    """The panel at 1080x1920 with every card full: taller than the screen."""
    window = booth[0]
    open_panel(booth, qtbot)
    window.resize(1080, 1920)
    panel = window.staff
    problems = [f"deck.yaml line {n}: a problem with this slide's words" for n in range(5)]
    panel.set_content("Slides read: 18. Errors: 3. Warnings: 2.",
                      "The slides have problems: fix them before the booth opens.",
                      problems, problems)
    qtbot.waitUntil(lambda: panel.size().toTuple() == (1080, 1920), timeout=3000)
    for _ in range(3):  # (the cards, then the scrolled body, then the panel: laid out now)
        QApplication.processEvents()
    assert panel.card_scroll.verticalScrollBar().maximum() > 0
    return panel


def test_a_finger_drags_the_cards_and_a_tap_still_presses_at_once(booth, qtbot) -> None:  # type: ignore[no-untyped-def]
    """On a touchscreen the cards scroll under a finger, not only by their bar; a tap on a
    button is pressed at once, and a drag that starts on a button does not press it."""
    panel = overflowing(booth, qtbot)
    bar, view = panel.card_scroll.verticalScrollBar(), panel.card_scroll.viewport()
    days = panel.days
    QTest.mousePress(panel.minus, Qt.MouseButton.LeftButton)
    assert panel.minus.isDown()  # (at once: no wait to see whether it becomes a drag)
    QTest.mouseRelease(panel.minus, Qt.MouseButton.LeftButton)
    assert panel.days == days - 7
    # (a button in the test screen's 800x800: a drag's start is looked up on the screen)
    button = next(b for b in panel.card_scroll.findChildren(QPushButton) if b.isVisible()
                  and 100 < b.mapToGlobal(b.rect().center()).y() < 780)
    pressed: list[bool] = []
    button.clicked.connect(lambda: pressed.append(True))
    start = button.mapTo(view, button.rect().center())
    QTest.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 11):
        QTest.mouseMove(view, start - QPoint(0, 9 * step))
        QTest.qWait(10)  # (a finger moves over time: the flick reads its speed)
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, pos=start - QPoint(0, 90))
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=3000)
    assert pressed == [] and panel.days == days - 7  # the drag pressed nothing


def test_the_pin_pad_gives_no_hint_of_the_pins_length(booth, qtbot) -> None:  # type: ignore[no-untyped-def]
    """An empty pad showed four hollow dots, whatever the PIN's length (four to twelve
    digits): a dot for each digit typed, and none before."""
    window, journey, flow, *_ = booth
    hold_corner(window, journey, qtbot)
    qtbot.waitUntil(lambda: not flow.pad.busy, timeout=3000)
    assert flow.pad.dots.text() == ""
    for typed, digit in enumerate(PIN[:3], start=1):
        QTest.mouseClick(flow.pad.keys[digit], Qt.MouseButton.LeftButton)
        assert flow.pad.dots.text() == "●" * typed
    QTest.mouseClick(flow.pad.keys["back"], Qt.MouseButton.LeftButton)
    assert flow.pad.dots.text() == "●●"
