"""The player: auto-advance and loop, transitions, broken images, hot reload."""

from __future__ import annotations

import logging
import weakref
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from kiosk.content import load_deck
from kiosk.ui.player.deck_control import DeckControl
from kiosk.ui.player.player import Player
from kiosk.ui.player.watcher import ContentWatcher
from kiosk.ui.tasks import TaskRunner
from tests.decks import write_deck

RED, BLUE, GREEN = (220, 20, 20), (20, 20, 220), (20, 200, 20)

COLOUR_SLIDES = """\
- {type: image, id: red, image: red.png, duration: 2}
- {type: image, id: blue, image: blue.png, duration: 2}
- {type: image, id: green, image: green.png, duration: 2}
"""


@pytest.fixture
def colour_deck(tmp_path: Path):  # type: ignore[no-untyped-def]
    return write_deck(tmp_path / "deck", COLOUR_SLIDES,
                      images={"red.png": RED, "blue.png": BLUE, "green.png": GREEN})


def grab(widget: Player) -> QImage:
    return widget.grab().toImage()


def near(pixel: int, rgb: tuple[int, int, int], tolerance: int = 40) -> bool:
    c = QColor(pixel)
    return all(abs(a - b) <= tolerance for a, b in zip((c.red(), c.green(), c.blue()), rgb,
                                                        strict=True))


def test_advances_on_its_timer_and_loops(player: Player, qtbot, colour_deck: Path) -> None:
    seen: list[int] = []
    player.slide_changed.connect(seen.append)
    player.set_deck(load_deck(colour_deck).deck)
    qtbot.waitUntil(lambda: len(seen) >= 5, timeout=5000)
    assert seen[:5] == [0, 1, 2, 0, 1]


def test_fade_blends_both_frames_then_completes(player: Player, qtbot, colour_deck: Path
                                                ) -> None:
    player.set_autoplay(False)
    player.set_deck(load_deck(colour_deck).deck)
    qtbot.waitUntil(lambda: player.index == 0)
    assert near(grab(player).pixel(160, 30), RED)
    player.speed = 0.001  # hold the transition so it can be looked at halfway
    player.go_to(1, "fade")
    qtbot.waitUntil(lambda: player.transitioning)
    player.hold_transition(0.5)
    mid = QColor(grab(player).pixel(160, 30))
    assert mid.red() > 60 and mid.blue() > 60, mid.getRgb()  # red and blue mixed
    player.hold_transition(1.0)
    qtbot.waitUntil(lambda: player.index == 1 and not player.transitioning)
    assert near(grab(player).pixel(160, 30), BLUE)


def test_slide_moves_both_frames_then_completes(player: Player, qtbot, colour_deck: Path
                                                ) -> None:
    player.set_autoplay(False)
    player.set_deck(load_deck(colour_deck).deck)
    qtbot.waitUntil(lambda: player.index == 0)
    player.speed = 0.001
    player.go_to(1, "slide")
    qtbot.waitUntil(lambda: player.transitioning)
    player.hold_transition(0.5)
    image = grab(player)
    assert near(image.pixel(40, 30), RED) and near(image.pixel(280, 30), BLUE)
    with qtbot.waitSignal(player.slide_changed, timeout=2000) as blocker:
        player.hold_transition(1.0)
    assert blocker.args == [1]
    assert near(grab(player).pixel(40, 30), BLUE)


def test_broken_image_is_skipped_and_logged(player: Player, qtbot, colour_deck: Path,
                                            caplog: pytest.LogCaptureFixture) -> None:
    deck = load_deck(colour_deck).deck
    (colour_deck / "blue.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")  # after validation
    seen: list[int] = []
    player.slide_changed.connect(seen.append)
    with caplog.at_level(logging.WARNING):
        player.set_deck(deck)
        qtbot.waitUntil(lambda: len(seen) >= 4, timeout=5000)
    assert seen[:4] == [0, 2, 0, 2]
    assert any("(blue) skipped" in r.getMessage() for r in caplog.records)
    assert near(grab(player).pixel(160, 30), RED) or near(grab(player).pixel(160, 30), GREEN)


def test_when_no_slide_can_be_shown_a_notice_appears(player: Player, qtbot, colour_deck: Path
                                                     ) -> None:
    deck = load_deck(colour_deck).deck
    for name in ("red.png", "blue.png", "green.png"):
        (colour_deck / name).unlink()
    player.set_deck(deck)
    qtbot.waitUntil(lambda: player.deck is None, timeout=3000)
    image = grab(player)
    assert len({image.pixel(x, y) for x in range(0, 320, 8) for y in range(0, 180, 8)}) > 3


def test_deck_with_only_errors_shows_the_problem_screen(player: Player, qtbot,
                                                        tmp_path: Path) -> None:
    folder = write_deck(tmp_path, "- {type: stat, figure: '1', label: no source}\n")
    control = DeckControl(player)
    with qtbot.waitSignal(control.refused):
        control.on_loaded(load_deck(folder))
    assert player.deck is None and player.has_frame


def test_hot_reload_keeps_the_place_and_refuses_broken_edits(player: Player, qtbot,
                                                             colour_deck: Path) -> None:
    player.set_autoplay(False)
    runner = TaskRunner()
    control = DeckControl(player)
    watcher = ContentWatcher(colour_deck, runner, debounce_ms=20)
    watcher.loaded.connect(control.on_loaded)
    with qtbot.waitSignal(control.applied, timeout=3000):
        watcher.start()
    player.go_to(2)
    qtbot.waitUntil(lambda: player.index == 2)

    deck_file = colour_deck / "deck.yaml"
    text = deck_file.read_text()
    edited = text.replace("- {type: image, id: red", "- {type: title, id: new, heading: New}\n"
                                                      "  - {type: image, id: red")
    with qtbot.waitSignal(control.applied, timeout=3000) as applied:
        deck_file.write_text(edited)
    assert [s.id for s in applied.args[0].slides] == ["new", "red", "blue", "green"]
    qtbot.waitUntil(lambda: player.index == 3)  # still on 'green', now the fourth slide
    assert player.deck.slides[player.index].id == "green"

    with qtbot.waitSignal(control.refused, timeout=3000):
        deck_file.write_text(edited + "  - {type: stat, figure: '9', label: no source}\n")
    assert player.deck is applied.args[0]  # the last good deck keeps playing
    runner.wait(2000)


def test_next_frame_is_painted_before_its_turn_off_the_gui_thread(player: Player, qtbot,
                                                                   colour_deck: Path,
                                                                   monkeypatch) -> None:
    from PySide6.QtCore import QThread

    import kiosk.ui.player.frames as frames

    threads: list[bool] = []
    real = frames.render_slide

    def spy(*args):  # type: ignore[no-untyped-def]
        threads.append(QThread.currentThread() is kiosk_thread)
        return real(*args)

    kiosk_thread = QThread.currentThread()
    monkeypatch.setattr(frames, "render_slide", spy)
    player.set_autoplay(False)
    player.set_deck(load_deck(colour_deck).deck)
    qtbot.waitUntil(lambda: player.index == 0)
    qtbot.waitUntil(lambda: player.frames.get(1) is not None)  # ready while 0 still shows
    assert player.index == 0
    assert threads and not any(threads), "slides must be painted on worker threads"


def test_a_failing_result_handler_is_logged_not_raised(kiosk_app, qtbot,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    runner = TaskRunner()
    delivered: list[int] = []

    def explode(_value: object) -> None:
        delivered.append(1)
        raise ValueError("boom")

    with caplog.at_level(logging.ERROR):
        runner.run(lambda: 42, done=explode)
        qtbot.waitUntil(lambda: delivered == [1])
    assert any("background result failed" in r.getMessage() for r in caplog.records)


def test_python_collects_cycles_on_the_gui_thread_only(kiosk_app) -> None:
    import gc

    from kiosk.ui.platform.gc_thread import GuiThreadCollector

    assert not gc.isenabled()  # no collection on whichever worker thread allocates
    collector = next(c for c in kiosk_app.children() if isinstance(c, GuiThreadCollector))
    assert collector.timer.isActive()
    class Node:
        pass

    node = Node()
    node.me = node  # type: ignore[attr-defined]  # a reference cycle only the collector frees
    gone = weakref.ref(node)
    del node
    assert gone() is not None  # not freed by reference counting
    kept = [[] for _ in range(collector.threshold[0] + 10)]  # enough new objects to collect
    collector.check()  # what the timer does, on the GUI thread
    assert gone() is None
    del kept


def test_start_up_problems_are_for_staff_and_the_valid_slides_play_at_once(
        player: Player, qtbot, tmp_path: Path) -> None:
    folder = write_deck(tmp_path, """\
        - {type: image, id: red, image: red.png}
        - {type: stat, figure: '9', label: no source}
        """, images={"red.png": RED})
    control = DeckControl(player)
    control.startup_problems = ["kiosk.yaml:2:1: error: unknown key 'idle'"]
    control.on_loaded(load_deck(folder))
    assert player.deck is not None  # no notice stands before the slides
    news = control.summary[0]
    assert news.needs_attention and news.settings == ("kiosk.yaml:2:1: error: unknown key 'idle'",)
    qtbot.waitUntil(lambda: player.index == 0, timeout=3000)
    assert near(grab(player).pixel(160, 30), RED)


def test_a_slide_s_duration_counts_from_the_start_of_its_fade(player: Player, qtbot,
                                                              colour_deck: Path) -> None:
    """duration: 2 with 0.5-s fades is a new slide every 2 s, as in slide software: the
    first slide (no fade) stays 2 s, each faded-in one 1.5 s more."""
    player.speed = 1.0  # real durations; the fade is finished by hand, not waited for
    player.set_deck(load_deck(colour_deck).deck)
    qtbot.waitUntil(lambda: player.index == 0 and player.dwell_ms > 0)
    assert player.dwell_ms == 2000
    player.next()
    qtbot.waitUntil(lambda: player.transitioning)
    with qtbot.waitSignal(player.slide_changed):
        player.hold_transition(1.0)
    assert player.dwell_ms == 1500


def test_the_first_slide_is_painted_before_anything_else(kiosk_app, qtbot, colour_deck: Path,
                                                         monkeypatch) -> None:
    """At start, the workers paint the first slide alone; the next slide and the bare
    background wait until it is on screen (they would only slow it down)."""
    player = Player(TaskRunner(), speed=40.0)
    player.resize(320, 180)
    qtbot.addWidget(player)
    asked: list[tuple[object, ...]] = []
    frames = player.frames
    real_request, real_plain = frames.request, frames.request_plain
    monkeypatch.setattr(frames, "request", lambda i: (asked.append(("frame", i)),
                                                      real_request(i)))
    monkeypatch.setattr(frames, "request_plain", lambda: (asked.append(("plain",)),
                                                          real_plain()))
    player.first_frame_painted.connect(lambda: asked.append(("on screen",)))
    player.show()
    player.set_deck(load_deck(colour_deck).deck)
    qtbot.waitUntil(lambda: ("plain",) in asked and player.frames.get(1) is not None)
    shown = asked.index(("on screen",))
    assert set(asked[:shown]) == {("frame", 0)}, asked
    assert ("frame", 1) in asked[shown:] and ("plain",) in asked[shown:], asked
    player.wait_for_workers()


def test_a_player_let_go_is_freed_at_once_with_its_frames(kiosk_app, qtbot,
                                                          colour_deck: Path) -> None:
    """No reference cycle keeps a player (and its whole-screen frames) until Python's cycle
    collector happens to run: the benchmark's players, a reloaded preview."""
    import gc

    def play_then_let_go() -> weakref.ref[Player]:
        player = Player(TaskRunner(), speed=40.0)
        player.resize(320, 180)
        player.use_gpu()  # (refused here: no OpenGL on the offscreen platform)
        player.show()
        player.set_deck(load_deck(colour_deck).deck)
        qtbot.waitUntil(lambda: player.has_frame and player.frames.get(1) is not None)
        player.repaint()
        player.set_autoplay(False)
        player.wait_for_workers()
        player.hide()
        return weakref.ref(player)

    was_on = gc.isenabled()  # (off once the kiosk's collector exists: it must stay so)
    gc.disable()
    try:
        assert play_then_let_go()() is None
    finally:
        if was_on:
            gc.enable()


def test_a_stopped_watcher_loads_nothing_more(qtbot, colour_deck: Path) -> None:  # type: ignore[no-untyped-def]
    """A kiosk closing right after its deck was edited: the load under way, and the one
    the edit asked for, reach nothing (they reached a deleted player: a traceback)."""
    runner = TaskRunner()
    watcher = ContentWatcher(colour_deck, runner, debounce_ms=20)
    loads: list[object] = []
    watcher.loaded.connect(lambda *given: loads.append(given))
    with qtbot.waitSignal(watcher.loaded, timeout=3000):
        watcher.start()
    watcher.reload_now()  # (a load under way)
    (colour_deck / "deck.yaml").write_text((colour_deck / "deck.yaml").read_text() + "\n")
    watcher.stop()
    runner.wait(3000)
    with qtbot.assertNotEmitted(watcher.loaded, wait=100):  # (the edit's debounce is 20 ms)
        qtbot.wait(0)
    assert len(loads) == 1
    watcher.reload_now()
    runner.wait(3000)
    assert len(loads) == 1
