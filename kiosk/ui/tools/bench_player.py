"""`kiosk bench`'s measures of the slide player in this process: transition frames, a finger's
move to the frame that follows it, and resident memory over many transitions. The player
draws offscreen; the helpers here run the event loop until a step is done, for these measures
and the fleet's."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QSize

from kiosk.content import Deck
from kiosk.ui.app import application
from kiosk.ui.player.player import Player
from kiosk.ui.tasks import TaskRunner


def rss_mb() -> float:
    """Resident memory of this process now (Linux), else its peak."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, AttributeError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (2**20 if sys.platform == "darwin" else 1024)


def _wait(condition: Callable[[], bool], timeout_s: float = 30) -> None:
    """Run the application's event loop until ``condition`` holds (benchmark only)."""
    app = application()
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark step timed out")
        app.processEvents()
        time.sleep(0.001)


def _player(deck: Deck, size: QSize, speed: float = 1.0) -> tuple[Player, TaskRunner]:
    runner = TaskRunner()
    player = Player(runner, speed=speed)
    player.resize(size)
    player.show()
    player.set_deck(deck)
    _wait(lambda: player.index == 0)
    return player, runner


def _dispose(player: Player, runner: TaskRunner) -> None:
    """Let frames still being painted arrive before the player goes away."""
    player.set_autoplay(False)
    runner.wait()
    application().processEvents()
    player.close()


def measure_frames(deck: Deck, size: QSize, frames: int) -> list[float]:
    """Milliseconds to paint each transition frame, fades and slides alternating."""
    player, runner = _player(deck, size)
    player.autoplay = False
    times: list[float] = []
    count = len(deck.slides)
    for round_ in range(max(1, frames // 60)):
        target = (player.index + 1) % count
        player.frames.request(target)
        _wait(lambda: player.frames.get(target) is not None)  # noqa: B023 (used at once)
        player.go_to(target, "fade" if round_ % 2 == 0 else "slide")
        for step in range(60):
            player.hold_transition(step / 60)
            start = time.perf_counter()
            player.repaint()
            times.append((time.perf_counter() - start) * 1000)
        player.hold_transition(1.0)
        _wait(lambda: player.index == target and not player.transitioning)  # noqa: B023
    _dispose(player, runner)
    return times


def measure_touch(deck: Deck, size: QSize, moves: int) -> list[float]:
    """Milliseconds from a finger's move event arriving to the frame that follows it painted."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent

    from kiosk.ui.visit.touch import SwipeInput

    player, runner = _player(deck, size)
    player.autoplay = False
    swipe = SwipeInput(player)
    player.set_browsing(True)  # a visitor: the slides on both sides are kept ready
    count = len(deck.slides)
    _wait(lambda: all(player.frames.get(i % count) is not None for i in (1, -1)))
    app = application()
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier

    def send(kind: QEvent.Type, x: float, buttons: Qt.MouseButton) -> None:
        pos = QPointF(x, size.height() / 2)
        app.sendEvent(player, QMouseEvent(kind, pos, pos, left, buttons, none))

    times: list[float] = []
    middle = size.width() / 2
    send(QEvent.Type.MouseButtonPress, middle, left)
    send(QEvent.Type.MouseMove, middle - 40, left)  # past the slop: the slide follows now
    for i in range(moves):
        painted = player.paint_count
        start = time.perf_counter()
        send(QEvent.Type.MouseMove, middle - 40 - (i % 20) * 8, left)
        while player.paint_count == painted:
            app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    send(QEvent.Type.MouseButtonRelease, middle - 40, Qt.MouseButton.NoButton)
    del swipe
    _dispose(player, runner)
    return times


def measure_memory(deck: Deck, first: int, second: int) -> tuple[float, float]:
    """Resident MB after ``first`` transitions, and its growth by ``second`` transitions."""
    player, runner = _player(deck, QSize(1280, 720), speed=500.0)
    changes = [0]
    player.slide_changed.connect(lambda _i: changes.__setitem__(0, changes[0] + 1))
    _wait(lambda: changes[0] >= first, timeout_s=600)
    after_first = rss_mb()
    _wait(lambda: changes[0] >= second, timeout_s=1800)
    after_second = rss_mb()
    _dispose(player, runner)
    return after_first, after_second - after_first
