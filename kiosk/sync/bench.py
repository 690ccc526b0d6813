"""What `kiosk bench` measures of the fleet's messages: collecting many booths' batches into
one file. No Qt here."""

from __future__ import annotations

from pathlib import Path

from kiosk.messages.benchdata import fill_store
from kiosk.messages.store import MessageStore


def measure_collect(booths: int, each: int, rounds: int = 3) -> float:
    """Median seconds for `kiosk collect` to merge ``booths`` booths of ``each`` messages
    (delivered as batch files by the folder target) and write them as one CSV."""
    import statistics
    import tempfile
    import time

    from kiosk.messages.export import export
    from kiosk.sync.fleet import collect
    from kiosk.sync.folder import FolderTarget
    from kiosk.sync.runner import SyncRunner

    with tempfile.TemporaryDirectory() as place:
        shared = Path(place) / "messages"
        shared.mkdir()
        for n in range(booths):
            folder = Path(place) / f"booth-{n}"
            fill_store(folder, each)
            store = MessageStore(folder, f"booth-{n}")
            runner = SyncRunner(store, [FolderTarget(shared)], f"booth-{n}", batch_size=500)
            while runner.run_once(force=True).get("folder"):
                pass
            store.close()
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            written = export(collect(shared).messages, Path(place) / "all.csv", "csv")
            times.append(time.perf_counter() - start)
            if written != booths * each:
                raise RuntimeError(f"collect found {written} of {booths * each} messages")
    return statistics.median(times)
