"""`kiosk bench`'s measures of the messages: a durable save, opening a store of 100,000,
delivering them to a webhook on this machine, and `kiosk export` in each format. None of them
draws: the store, the sync and the export are the kiosk's core."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path


def measure_saves(count: int) -> list[float]:
    """Milliseconds for each durable save of a typical message."""
    from kiosk.messages.store import MessageStore

    with tempfile.TemporaryDirectory() as folder:
        store = MessageStore(Path(folder), "bench")
        times = []
        for i in range(count):
            start = time.perf_counter()
            store.add({"message": f"Praying for you all, message {i}. " * 6, "name": "Ana",
                       "email": None, "contact_ok": False, "topic": "prayer"})
            times.append((time.perf_counter() - start) * 1000)
        store.close()
    return times


def measure_open_100k() -> float:
    """Seconds to open a store that holds 100,000 messages (with its start-up check)."""
    from kiosk.messages.store import MessageStore

    with tempfile.TemporaryDirectory() as folder:
        from kiosk.messages.benchdata import fill_store

        fill_store(Path(folder), 100_000)
        start = time.perf_counter()
        store = MessageStore(Path(folder), "bench")
        assert store.count() == 100_000
        elapsed = time.perf_counter() - start
        store.close()
    return elapsed


def measure_sync(count: int) -> float:
    """Seconds to deliver ``count`` messages to a webhook on this machine (batches of 100):
    a sink that only counts what it is sent, so the kiosk's side is what is measured."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from kiosk.messages.store import MessageStore
    from kiosk.sync.runner import SyncRunner
    from kiosk.sync.targets import WebhookTarget

    received: set[str] = set()

    class Sink(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.update(m["id"] for m in json.loads(body)["messages"])
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    with tempfile.TemporaryDirectory() as folder:
        from kiosk.messages.benchdata import fill_store

        fill_store(Path(folder), count)
        server = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        store = MessageStore(Path(folder), "bench")
        target = WebhookTarget(f"http://127.0.0.1:{server.server_port}/", "token", "secret")
        runner = SyncRunner(store, [target], "bench", batch_size=100)
        start = time.perf_counter()
        runner.run_once(force=True)
        elapsed = time.perf_counter() - start
        server.shutdown()
        server.server_close()
        store.close()
        if len(received) != count:
            raise RuntimeError(f"sync delivered {len(received)} of {count}")
    return elapsed


def measure_export(count: int) -> dict[str, tuple[float, float]]:
    """For each format: seconds and peak resident MB of `kiosk export` in its own process
    (the peak of that process alone: /proc's VmHWM, not the parent it was forked from) for
    ``count`` messages of 1,000 characters in several scripts, as a season gathers them."""
    from kiosk.messages.benchdata import fill_store, run_measured, season_fields

    results = {}
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        data.mkdir()
        fill_store(data, count, fields=season_fields(count), season_days=120)
        if hasattr(os, "sync"):
            os.sync()  # the store on the disk first: no export waits for its writing
        for fmt in ("csv", "json", "xlsx"):
            start = time.perf_counter()
            done, peak = run_measured(["export", "--data-dir", str(data), "--format", fmt,
                                       "--out", str(Path(folder) / f"out.{fmt}")])
            if done.returncode != 0:
                raise RuntimeError(f"kiosk export --format {fmt} failed: {done.stderr}")
            results[fmt] = (time.perf_counter() - start, peak)
    return results
