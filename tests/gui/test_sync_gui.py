"""Sync runs beside the slides without stealing their frames."""

from __future__ import annotations

import gc
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QThread, QTimer

from kiosk.content import load_deck
from kiosk.messages.benchdata import fill_store
from kiosk.messages.store import MessageStore
from kiosk.sync.runner import SyncRunner
from kiosk.sync.targets import WebhookTarget
from kiosk.ui.player.player import Player
from kiosk.ui.staff.sync_driver import SyncDriver
from kiosk.ui.tasks import TaskRunner
from tests.decks import write_deck

SLOW_RECEIVER = """
import http.server, json, sys, time
got = open(sys.argv[1], "a", encoding="utf-8")
class Slow(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(0.01)  # a receiver across the Wi-Fi: the sync lasts half a second or more
        for message in json.loads(body)["messages"]:
            got.write(message["id"] + "\\n")
        got.flush()
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Slow)
print(server.server_port, flush=True)
server.serve_forever()
"""


def frame_gaps(qtbot, player: Player, until) -> list[float]:  # type: ignore[no-untyped-def]
    """Run transitions back to back until ``until()``; the gaps between their frames."""
    last: list[float] = []
    gaps: list[float] = []

    def tick() -> None:
        now = time.perf_counter()
        if last and player.transitioning:
            gaps.append(now - last[0])
        last[:] = [now]

    def keep_moving() -> None:
        if not player.transitioning:
            last.clear()
            player.next()

    player.transition_step.connect(tick)
    mover = QTimer()
    mover.setInterval(20)
    mover.timeout.connect(keep_moving)
    mover.start()
    try:
        qtbot.waitUntil(until, timeout=60_000)
    finally:
        mover.stop()
        player.transition_step.disconnect(tick)
    return sorted(gaps)


def test_the_slides_keep_moving_while_5000_messages_sync(kiosk_app, qtbot, request,
                                                         tmp_path: Path) -> None:
    """The sync runs off the GUI thread and the slides move on all through it: frames are
    drawn between its first batch and its last. (How long a frame may wait is the bench's
    to measure: a test that times fails on a busy machine, or allows so much that it proves
    nothing.)"""
    # The test runner's own heap (every test before this one) would make the kiosk's
    # GUI-thread cycle collection slow in a way no kiosk process is: set it aside.
    gc.collect()
    gc.freeze()
    request.addfinalizer(gc.unfreeze)
    (tmp_path / "data").mkdir()
    fill_store(tmp_path / "data", 5000)
    store = MessageStore(tmp_path / "data")
    received = tmp_path / "received.txt"
    server = subprocess.Popen([sys.executable, "-c", SLOW_RECEIVER, str(received)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
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
        player.set_autoplay(False)
        drawn = [0]  # frames drawn so far, and how many had been drawn as each batch went

        def count_frame() -> None:
            drawn[0] += 1

        player.transition_step.connect(count_frame)
        at_batch: list[int] = []
        target = WebhookTarget(f"http://127.0.0.1:{port}/", "t", "s", 10)
        real_deliver = target.deliver

        def deliver(*args):  # type: ignore[no-untyped-def]
            at_batch.append(drawn[0])
            return real_deliver(*args)

        target.deliver = deliver  # type: ignore[method-assign]

        threads: list[bool] = []
        runner = SyncRunner(store, [target], "booth", batch_size=100)
        real_run = runner.run_target

        def run_target(name: str) -> int:
            threads.append(QThread.currentThread() is player.thread())
            return real_run(name)

        runner.run_target = run_target  # type: ignore[method-assign]
        driver = SyncDriver(runner, TaskRunner(1), interval_ms=60_000)
        done: list[dict[str, int]] = []
        driver.finished.connect(done.append)
        driver.start()
        frame_gaps(qtbot, player, lambda: bool(done))
        player.transition_step.disconnect(count_frame)
        frames.wait(2000)
    finally:
        server.terminate()
        server.wait(10)
        if server.stdout is not None:
            server.stdout.close()
        store.close()
    assert done == [{"webhook": 5000}] and len(received.read_text().splitlines()) == 5000
    assert threads == [False], "sync must run off the GUI thread"
    # 50 batches, each waiting on the receiver: a player held up by the sync draws nothing
    # from the first to the last (a transition step comes every few milliseconds otherwise)
    assert len(at_batch) == 50
    assert at_batch[-1] - at_batch[0] >= 10, at_batch


def test_a_hanging_way_out_never_holds_back_the_others(kiosk_app, qtbot, tmp_path: Path
                                                       ) -> None:
    """The app's driver gives each way out a lane: the folder gets a new message at once while
    the web address hangs until its deadline, and the staff panel's "Sync now" hears back when
    both lanes have finished."""
    import threading

    from kiosk.sync.folder import FolderTarget
    from kiosk.sync.targets import Outcome, Result, Target

    class Hanging(Target):
        name = "webhook"

        def __init__(self) -> None:
            self.entered, self.release = threading.Event(), threading.Event()

        def deliver(self, batch, kiosk_id):  # type: ignore[no-untyped-def]
            self.entered.set()
            self.release.wait(30)
            return Outcome(Result.RETRY, "the server took too long to answer")

    store = MessageStore(tmp_path / "data", "booth")
    shared = tmp_path / "shared"
    shared.mkdir()
    hanging = Hanging()
    runner = SyncRunner(store, [hanging, FolderTarget(shared)], "booth")
    driver = SyncDriver(runner, TaskRunner(threads=2), interval_ms=3_600_000)
    lanes: list[dict[str, int]] = []
    settled: list[dict[str, int]] = []
    driver.finished.connect(lanes.append)
    driver.settled.connect(settled.append)
    try:
        store.add({"message": "hope"})
        with qtbot.waitSignal(driver.finished, timeout=10_000):
            driver.sync_now()
        assert lanes == [{"folder": 1}] and hanging.entered.is_set()
        assert not hanging.release.is_set() and settled == []  # still hanging
        store.add({"message": "more hope"})
        with qtbot.waitSignal(driver.finished, timeout=10_000):
            driver.sync_now()  # the new message goes out too, past the hanging lane
        assert lanes == [{"folder": 1}, {"folder": 1}] and settled == []
        with qtbot.waitSignal(driver.settled, timeout=10_000):
            hanging.release.set()
        assert settled[-1]["folder"] == 2 and runner.states["webhook"].pending == 2
    finally:
        hanging.release.set()
        driver.tasks.wait(10_000)
        store.close()
