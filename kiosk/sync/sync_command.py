"""`kiosk sync`: deliver what waits now, test the targets, or send refused batches again."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kiosk.messages.store import MessageStore, StoreError
from kiosk.setup.config import load_settings
from kiosk.sync.from_settings import check_delivery, runner_from
from kiosk.sync.runner import SyncRunner
from kiosk.sync.status import describe


def sync_command(config: Path, data_dir: Path, test: bool = False, once: bool = False,
                 retry_refused: bool = False) -> int:
    if test:
        ok, said = check_delivery(config)
        print(said)
        return 0 if ok else 1
    settings, problems = load_settings(config)
    for problem in problems:
        print(problem, file=sys.stderr)
    # A way out with an error in its settings is not used: never "all done" while one is.
    broken = any(p.is_error for p in problems)
    if broken:
        print("a way out whose settings have an error is not used: fix the line(s) above",
              file=sys.stderr)
    try:
        store = MessageStore(data_dir, settings.name)
    except StoreError as exc:
        print(f"cannot open the messages in {data_dir}: {exc}", file=sys.stderr)
        return 1
    runner = runner_from(settings.sync, store, settings.name)
    if runner is None:
        if not broken:
            print(f"no sync target is set in {config}; {store.count()} message(s) wait for "
                  "'kiosk export'")
        return 0 if store.count() == 0 and not broken else 1
    try:
        if retry_refused:
            print(f"sending {runner.retry_refused()} refused batch(es) again")
        sync_rounds(runner, once=once)
    except StoreError as exc:
        print(f"sync stopped: the message store: {exc}", file=sys.stderr)
        return 1
    left = 0
    for state in runner.states.values():
        print(describe(state))
        left += state.pending + state.rejected
    if any(s.rejected for s in runner.states.values()):
        print("refused messages are kept; fix the cause, then run 'kiosk sync --retry-refused'"
              " (or 'Send refused messages again' on the staff panel)")
    return 0 if left == 0 and not broken else 1


def sync_rounds(runner: SyncRunner, once: bool, patience: float = 300.0) -> None:
    """Deliver until nothing waits or no progress is made. While another sender (the running
    kiosk, another `kiosk sync`) holds a target, wait for it rather than give up."""
    deadline = time.monotonic() + patience
    for _ in range(1 if once else 10_000):
        sent = runner.run_once(force=True)
        states = runner.states.values()
        if any(s.busy_elsewhere for s in states) and time.monotonic() < deadline:
            time.sleep(0.2)  # the other sender is delivering; look again shortly
            continue
        if not any(sent.values()) or not any(s.pending for s in states):
            break
