"""Sync runs beside the slides without stealing their frames."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QThread, QTimer

from kiosk.benchdata import fill_store
from kiosk.content import load_deck
from kiosk.store import MessageStore
from kiosk.sync.runner import SyncRunner
from kiosk.sync.targets import WebhookTarget
from kiosk.ui.player.player import Player
from kiosk.ui.staff.sync_driver import SyncDriver
from kiosk.ui.tasks import TaskRunner
from tests.decks import write_deck

ROOT = Path(__file__).resolve().parent.parent


def frame_gaps(qtbot, player: Player, until) -> list[float]:  # type: ignore[no-untyped-def]
    """Run transitions back to back until ``until()``; the gaps between their frames."""
    last: list[float] = []
    gaps: list[float] = []

    def tick(_value: object) -> None:
        now = time.perf_counter()
        if last and player.transitioning:
            gaps.append(now - last[0])
        last[:] = [now]

    def keep_moving() -> None:
        if not player.transitioning:
            last.clear()
            player.next()

    player._anim.valueChanged.connect(tick)
    mover = QTimer()
    mover.setInterval(20)
    mover.timeout.connect(keep_moving)
    mover.start()
    try:
        qtbot.waitUntil(until, timeout=60_000)
    finally:
        mover.stop()
        player._anim.valueChanged.disconnect(tick)
    return sorted(gaps)


def test_no_frame_waits_more_than_50_ms_while_5000_messages_sync(kiosk_app, qtbot,
                                                                 tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    fill_store(tmp_path / "data", 5000)
    store = MessageStore(tmp_path / "data")
    received = tmp_path / "received.jsonl"
    server = subprocess.Popen(
        [sys.executable, "-m", "kiosk.sync.example_receiver", "--port", "0", "--token", "t",
         "--secret", "s", "--out", str(received)], stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        port = int(server.stdout.readline().split(":")[2].split("/")[0])  # type: ignore[union-attr]
        deck = load_deck(write_deck(tmp_path / "deck", """\
            - {type: image, id: a, image: a.png, transition: slide}
            - {type: image, id: b, image: b.png, transition: fade}
            """, images={"a.png": (200, 40, 40), "b.png": (40, 40, 200)})).deck
        frames = TaskRunner()
        player = Player(frames, speed=5.0)  # each transition ~180 ms, back to back
        player.resize(640, 360)
        qtbot.addWidget(player)
        player.show()
        player.set_deck(deck)
        qtbot.waitUntil(lambda: player.index == 0 and player.frames.get(1) is not None)
        player.autoplay = False
        # What this machine does with no sync at all: timers here jitter by tens of ms.
        start = time.perf_counter()
        quiet = frame_gaps(qtbot, player, lambda: time.perf_counter() - start > 1.5)

        threads: list[bool] = []
        runner = SyncRunner(store, [WebhookTarget(f"http://127.0.0.1:{port}/", "t", "s", 10)],
                            "booth", batch_size=100)
        real_run = runner.run_once

        def run_once(force: bool = False) -> dict[str, int]:
            threads.append(QThread.currentThread() is player.thread())
            return real_run(force)

        runner.run_once = run_once  # type: ignore[method-assign]
        driver = SyncDriver(runner, TaskRunner(1), interval_ms=60_000)
        done: list[dict[str, int]] = []
        driver.finished.connect(done.append)
        driver.start()
        busy = frame_gaps(qtbot, player, lambda: bool(done))
        start = time.perf_counter()  # and once more without sync, for a fair baseline
        quiet += frame_gaps(qtbot, player, lambda: time.perf_counter() - start > 1.0)
        quiet.sort()
        frames.wait(2000)
    finally:
        server.terminate()
        server.wait(10)
    assert done == [{"webhook": 5000}] and len(received.read_text().splitlines()) == 5000
    assert threads == [False], "sync must run off the GUI thread"
    assert len(busy) > 20, "the slides kept moving during the sync"
    report = (f"frame gaps during sync: p50 {busy[len(busy) // 2] * 1000:.0f} ms, max "
              f"{busy[-1] * 1000:.0f} ms; without sync: max {quiet[-1] * 1000:.0f} ms")
    print(report)
    # No frame waits more than 50 ms for the sync. Timer jitter this machine shows with no
    # sync running is not the sync's doing, so it is allowed on top.
    assert busy[-1] < max(0.050, quiet[-1] + 0.015), report
