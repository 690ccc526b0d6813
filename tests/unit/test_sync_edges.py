"""Sync at its edges: a way out that failed waits out its pause, `kiosk sync` with no way out
set says whether anything is left waiting, and a damaged alerts memory says what was wrong.
No Qt here."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.messages.store import MessageStore
from kiosk.platform.clock import ManualClock
from kiosk.sync.alert_mail import DAMAGED_FILE, STATE_FILE, load
from kiosk.sync.folder import FolderTarget
from kiosk.sync.runner import SyncRunner


def test_a_way_out_that_failed_is_left_alone_until_its_pause_is_over(tmp_path: Path) -> None:
    store = MessageStore(tmp_path / "data", "booth-1")
    store.add({"message": "hope"})
    stick = tmp_path / "stick"  # not plugged in yet
    clock = ManualClock()
    target = FolderTarget(stick)
    tries: list[float] = []
    deliver = target.deliver

    def counted(*args):  # type: ignore[no-untyped-def]
        tries.append(clock())
        return deliver(*args)

    target.deliver = counted  # type: ignore[method-assign]
    runner = SyncRunner(store, [target], "booth-1", clock=clock)
    assert runner.run_once() == {"folder": 0} and tries == [0.0]
    stick.mkdir()
    pause = runner.states["folder"].next_attempt
    assert pause > 0
    assert runner.run_once() == {} and tries == [0.0]  # not due: not tried, not even once
    clock.advance(pause)
    assert runner.run_once() == {"folder": 1} and tries == [0.0, pause]
    assert runner.run_once(force=True) == {"folder": 0}  # asked for: tried at once
    store.close()


@pytest.mark.parametrize(("waiting", "code"), [(0, 0), (1, 1)])
def test_sync_with_no_way_out_set_fails_only_while_messages_wait(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], waiting: int, code: int) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text("kiosk_id: booth-1\n")
    store = MessageStore(tmp_path / "data", "booth-1")
    for i in range(waiting):
        store.add({"message": f"hope {i}"})
    store.close()
    assert main(["sync", "--config", str(config), "--data-dir", str(tmp_path / "data")]) == code
    assert f"{waiting} message(s) wait for 'kiosk export'" in capsys.readouterr().out


def test_a_damaged_alerts_memory_is_started_afresh_saying_what_was_wrong(
        tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_text('{"format": 1, "noticed": ', encoding="utf-8")
    memory = load(tmp_path)
    assert memory is not None and memory.note.startswith("started afresh")
    assert "Expecting value: line 1 column 26" in memory.note
    assert (tmp_path / DAMAGED_FILE).exists() and not (tmp_path / STATE_FILE).exists()
