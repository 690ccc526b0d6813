"""Every way out has the shape the runner drives, and the runner follows each one's own batch
size, deadline (its lease) and wait between deliveries."""

from __future__ import annotations

from pathlib import Path

from kiosk.messages.store import MessageStore
from kiosk.platform.clock import ManualClock
from kiosk.setup.config import load_settings
from kiosk.sync.apps_script import AppsScriptTarget
from kiosk.sync.email import DIGEST_SIZE, EmailTarget
from kiosk.sync.folder import FolderTarget
from kiosk.sync.from_settings import runner_from
from kiosk.sync.outbox import Batch
from kiosk.sync.runner import LEASE_MARGIN_S, SyncRunner
from kiosk.sync.targets import DEFAULT_TIMEOUT_S, Outcome, Result, Target, WebhookTarget

WALL = 1_000.0
SHEET = "https://script.google.com/macros/s/AKfy-sheet/exec"


def built(tmp_path: Path, url: str) -> list[Target]:
    """The ways out as the app builds them from a settings file."""
    shared = tmp_path / "shared"
    shared.mkdir(parents=True)
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"""\
kiosk_id: booth-1
sync:
  webhook:
    url: {url}
    timeout_seconds: 12
  folder:
    path: {shared}
  email:
    host: smtp.hope.invalid
    from: booth@example.org
    to: [office@example.org, pastor@example.org]
    digest_minutes: 5
""", encoding="utf-8")
    settings, problems = load_settings(config)
    assert problems == []
    runner = runner_from(settings.sync, MessageStore(tmp_path / "data", "booth-1"), "booth-1")
    assert runner is not None
    return runner.targets


def shape(target: Target) -> tuple[type, float, int | None, float]:
    assert isinstance(target, Target) and isinstance(target.name, str)
    assert isinstance(target.timeout, float | int) and target.timeout > 0
    assert target.batch_size is None or isinstance(target.batch_size, int)
    assert isinstance(target.interval, float | int)
    return type(target), target.timeout, target.batch_size, target.interval


def test_every_way_out_the_settings_build_has_the_runners_shape(tmp_path: Path) -> None:
    assert [shape(t) for t in built(tmp_path, "https://hope.invalid/in")] == [
        (WebhookTarget, 12, None, 0),
        (FolderTarget, DEFAULT_TIMEOUT_S, None, 0),
        (EmailTarget, 30, DIGEST_SIZE, 300),
        (EmailTarget, 30, DIGEST_SIZE, 300)]
    sheet = built(tmp_path / "sheet", SHEET)[0]
    assert shape(sheet) == (AppsScriptTarget, 12, None, 0)


class Plain(Target):
    """A way out that takes the defaults; notes each batch's size and the lease it ran under."""

    name = "odd"

    def __init__(self, store: MessageStore) -> None:
        self.store = store
        self.sizes: list[int] = []
        self.leases: list[float] = []

    def deliver(self, batch: Batch, kiosk_id: str) -> Outcome:
        self.sizes.append(len(batch.messages))
        self.leases += [row[0] for row in self.store.read(
            "SELECT expires FROM sync_leases WHERE target = ?", (self.name,))]
        return Outcome(Result.DELIVERED, "200")


class Odd(Plain):
    """Values of its own, none of them the runner's."""

    batch_size = 3
    timeout = 7.0
    interval = 45.0


def filled(tmp_path: Path, count: int) -> MessageStore:
    store = MessageStore(tmp_path / "data", "booth-1")
    for i in range(count):
        store.add({"message": f"hope {i}"})
    return store


def test_the_runner_follows_a_way_outs_own_batch_size_deadline_and_wait(tmp_path: Path
                                                                         ) -> None:
    store, clock = filled(tmp_path, 7), ManualClock()
    odd = Odd(store)
    runner = SyncRunner(store, [odd], "booth-1", batch_size=100, clock=clock,
                        wall=lambda: WALL)
    assert runner.run_once() == {"odd": 3}  # one batch of its size, then its wait
    assert odd.sizes == [3] and odd.leases == [WALL + 7.0 + LEASE_MARGIN_S]
    assert runner.states["odd"].schedule == [45.0] and runner.states["odd"].pending == 4
    clock.now = 44.0
    assert not runner.due()
    clock.now = 45.0
    assert runner.run_once() == {"odd": 3} and odd.sizes == [3, 3]


def test_a_way_out_that_takes_the_defaults_gets_the_runners(tmp_path: Path) -> None:
    store = filled(tmp_path, 7)
    plain = Plain(store)
    runner = SyncRunner(store, [plain], "booth-1", batch_size=4, clock=ManualClock(),
                        wall=lambda: WALL)
    assert runner.run_once() == {"odd": 7}  # no wait between batches
    assert plain.sizes == [4, 3] and runner.states["odd"].schedule == []
    assert plain.leases == [WALL + DEFAULT_TIMEOUT_S + LEASE_MARGIN_S] * 2
