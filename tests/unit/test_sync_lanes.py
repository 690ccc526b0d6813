"""The runner's own rules: every way out in a lane of its own, a refusal that stops its way
out until staff act, a lease that a wrong clock cannot make eternal, and what `kiosk sync`
says of a delivery another process made. No Qt here."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.messages.store import MessageStore
from kiosk.platform.clock import ManualClock
from kiosk.sync.folder import FolderTarget
from kiosk.sync.outbox import Batch, Outbox
from kiosk.sync.runner import LEASE_MARGIN_S, SyncRunner
from kiosk.sync.status import describe
from kiosk.sync.targets import Outcome, Result, Target

YEAR = 365 * 86_400.0


class Stuck(Target):
    """A way out that hangs until the test lets it go (a mail server dripping bytes)."""

    name = "webhook"

    def __init__(self) -> None:
        self.entered, self.release = threading.Event(), threading.Event()

    def deliver(self, batch: Batch, kiosk_id: str) -> Outcome:
        self.entered.set()
        self.release.wait(30)
        return Outcome(Result.RETRY, "the server took too long to answer")


class Watched(FolderTarget):
    """The folder way out, telling the test when it has written a batch."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.wrote = threading.Event()

    def deliver(self, batch: Batch, kiosk_id: str) -> Outcome:
        outcome = super().deliver(batch, kiosk_id)
        self.wrote.set()
        return outcome


class Refuser(Target):
    """Refuses the first batch it gets, takes everything after that."""

    def __init__(self, name: str = "webhook") -> None:
        self.name = name
        self.got: list[list[str]] = []

    def deliver(self, batch: Batch, kiosk_id: str) -> Outcome:
        self.got.append([m.id for m in batch.messages])
        if len(self.got) == 1:
            return Outcome(Result.REJECTED, "the server refused the batch: 401 wrong token")
        return Outcome(Result.DELIVERED, "200")


def settings(tmp_path: Path, shared: Path) -> Path:
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"kiosk_id: booth-1\nsync:\n  folder:\n    path: {json.dumps(str(shared))}\n",
                      encoding="utf-8")
    return config


def test_a_stuck_way_out_never_holds_back_the_folder(tmp_path: Path) -> None:
    store = MessageStore(tmp_path / "data", "booth-1")
    ids = [store.add({"message": f"hope {i}"}) for i in range(3)]
    shared = tmp_path / "shared"
    shared.mkdir()
    stuck, folder = Stuck(), Watched(shared)
    runner = SyncRunner(store, [stuck, folder], "booth-1", clock=ManualClock())
    round_ = threading.Thread(target=runner.run_once, daemon=True)
    round_.start()
    try:
        assert stuck.entered.wait(10)
        # The folder gets its batch while the other way out still hangs.
        assert folder.wrote.wait(10), "the folder waited for the stuck way out"
        assert round_.is_alive() and not stuck.release.is_set()
        written = [json.loads(line)["id"] for file in shared.glob("*.jsonl")
                   for line in file.read_text(encoding="utf-8").splitlines()]
        assert sorted(written) == sorted(ids)
    finally:
        stuck.release.set()
        round_.join(10)
    assert runner.states["folder"].delivered == 3
    assert runner.states["webhook"].pending == 3 and runner.states["webhook"].failures == 1


def test_one_lane_at_a_time_for_each_target(tmp_path: Path) -> None:
    """run_target serves the app's driver: a lane each, running beside the others."""
    store = MessageStore(tmp_path / "data", "booth-1")
    store.add({"message": "hope"})
    shared = tmp_path / "shared"
    shared.mkdir()
    stuck, folder = Stuck(), FolderTarget(shared)
    runner = SyncRunner(store, [stuck, folder], "booth-1", clock=ManualClock())
    lane = threading.Thread(target=runner.run_target, args=("webhook",), daemon=True)
    lane.start()
    try:
        assert stuck.entered.wait(10)
        assert runner.run_target("folder") == 1  # while the other lane hangs
        assert json.loads((shared / "booth-1.status.json").read_text())["waiting"] == 1
    finally:
        stuck.release.set()
        lane.join(10)


def test_the_first_refusal_stops_the_way_out_until_staff_resend(tmp_path: Path) -> None:
    store = MessageStore(tmp_path / "data", "booth-1")
    first = [store.add({"message": f"early {i}"}) for i in range(5)]
    refuser = Refuser()
    clock = ManualClock()
    runner = SyncRunner(store, [refuser], "booth-1", batch_size=2, clock=clock)
    runner.run_once()
    assert refuser.got == [first[:2]]  # the receiver refused: nothing more was sent
    later = [store.add({"message": f"later {i}"}) for i in range(3)]
    runner.wake()
    clock.now += 3600
    assert not runner.due()  # a refusal waits for staff, whatever the clock says
    runner.run_once(force=True)
    assert refuser.got == [first[:2]]
    state = runner.states["webhook"]
    assert state.held and state.rejected == 2 and state.pending == 6
    assert "until staff send the refused messages again" in describe(state)
    # A restart (a new runner on the same store) still holds it.
    again = SyncRunner(store, [refuser], "booth-1", batch_size=2, clock=clock)
    assert again.states["webhook"].held and not again.due()
    again.run_once(force=True)
    assert refuser.got == [first[:2]]
    assert again.retry_refused() == 1  # staff fixed the cause
    again.run_once()
    delivered = [m for batch in refuser.got[1:] for m in batch]
    assert delivered[:2] == first[:2] and sorted(delivered) == sorted(first + later)
    assert again.states["webhook"].rejected == 0 and not again.states["webhook"].held


@pytest.mark.parametrize("ahead", [YEAR, 2 * (60 + LEASE_MARGIN_S)])
def test_a_lease_from_a_wrong_clock_is_stale(tmp_path: Path, ahead: float,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A sender killed while the clock read a year ahead (or before it was set back) leaves a
    lease that ends further ahead than one lease length: the next sync takes it over."""
    data, shared = tmp_path / "data", tmp_path / "shared"
    shared.mkdir()
    store = MessageStore(data, "booth-1")
    ids = [store.add({"message": f"hope {i}"}) for i in range(4)]
    assert Outbox(store).take_lease("folder", "killed/1", 60 + LEASE_MARGIN_S,
                                    time.time() + ahead)
    store.close()
    assert main(["sync", "--once", "--config", str(settings(tmp_path, shared)),
                 "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "another sync" not in out and "4 delivered, 0 waiting" in out
    written = [json.loads(line)["id"] for file in shared.glob("*.jsonl")
               for line in file.read_text(encoding="utf-8").splitlines()]
    assert sorted(written) == sorted(ids)


def test_a_running_lease_still_keeps_a_second_sender_out(tmp_path: Path) -> None:
    store = MessageStore(tmp_path, "booth-1")
    outbox, now = Outbox(store), time.time()
    assert outbox.take_lease("folder", "kiosk/1", 120, now)
    assert not outbox.take_lease("folder", "sync/2", 120, now + 60)  # within its length
    assert outbox.take_lease("folder", "sync/2", 120, now + 121)  # expired


def test_kiosk_sync_tells_when_the_kiosk_last_delivered(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    """The kiosk delivered everything; `kiosk sync` afterwards says when, not "never"."""
    data, shared = tmp_path / "data", tmp_path / "shared"
    shared.mkdir()
    store = MessageStore(data, "booth-1")
    for i in range(28):
        store.add({"message": f"hope {i}"})
    kiosk = SyncRunner(store, [FolderTarget(shared)], "booth-1", clock=ManualClock())
    assert kiosk.run_once() == {"folder": 28}
    store.close()
    assert main(["sync", "--config", str(settings(tmp_path, shared)),
                 "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "folder: 28 delivered, 0 waiting; last success " in out
    assert "last success never" not in out
    assert time.strftime("%H:") in out or time.strftime("%Y-%m-%d") in out


@pytest.mark.parametrize("waiting", [0, 2])
def test_kiosk_sync_is_never_all_done_while_a_way_out_is_broken(
        tmp_path: Path, waiting: int, capsys: pytest.CaptureFixture[str]) -> None:
    """The only way out has an error in its settings (a line break inside an address): it is
    not used, and `kiosk sync` exits non-zero naming the line, even with nothing waiting."""
    data = tmp_path / "data"
    store = MessageStore(data, "booth-1")
    for i in range(waiting):
        store.add({"message": f"hope {i}"})
    store.close()
    config = tmp_path / "kiosk.yaml"
    config.write_text('kiosk_id: booth-1\nsync:\n  email:\n    host: 127.0.0.1\n'
                      '    security: plain\n    from: booth@example.org\n    to:\n'
                      '      - "office@example.org\\nBcc: x@example.org"\n', encoding="utf-8")
    assert main(["sync", "--once", "--config", str(config), "--data-dir", str(data)]) == 1
    printed = capsys.readouterr()
    assert f"{config}:8:" in printed.err and "not used" in printed.err
    assert "no sync target is set" not in printed.out
