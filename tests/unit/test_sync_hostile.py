"""Sync against a hostile network: redirects, drips, floods, bad settings, pulled sticks and
several senders at once. Real servers on 127.0.0.1; no Qt here."""

from __future__ import annotations

import contextlib
import json
import os
import ssl
import subprocess
import sys
import threading
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from kiosk.messages.store import MessageStore
from kiosk.platform.clock import ManualClock
from kiosk.setup.config import load_settings
from kiosk.sync.folder import FolderTarget
from kiosk.sync.outbox import Outbox
from kiosk.sync.runner import SyncRunner
from kiosk.sync.targets import Result, WebhookTarget
from tests.decks import ROOT

TOKEN, SECRET = "token-123", "secret-456"


class Recorder(BaseHTTPRequestHandler):
    """Records every request it gets (method, path, headers, message ids) and answers as told:
    ``plan`` maps a path to (status, headers, body)."""

    log: ClassVar[list[dict[str, Any]]]
    plan: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]]
    delay: ClassVar[float] = 0.0

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length", "0") or 0)
        body = self.rfile.read(length) if length else b""
        ids: list[str] = []
        if body:
            with contextlib.suppress(ValueError, KeyError, TypeError):
                ids = [m["id"] for m in json.loads(body)["messages"]]
        if self.delay:
            time.sleep(self.delay)  # a slow receiver, so that senders overlap
        self.log.append({"method": self.command, "path": self.path, "ids": ids,
                         "headers": {k.lower(): v for k, v in self.headers.items()}})
        status, headers, answer = self.plan.get(self.path, (200, {}, b'{"ok": true}'))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST = do_PUT = _any

    def log_message(self, format: str, *args: Any) -> None:
        pass


def start(handler: type[BaseHTTPRequestHandler], tls: ssl.SSLContext | None = None
          ) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def recorder(plan: dict[str, tuple[int, dict[str, str], bytes]] | None = None,
             delay: float = 0.0) -> type[Recorder]:
    return type("R", (Recorder,), {"log": [], "plan": plan or {}, "delay": delay})


@pytest.fixture
def servers() -> Iterator[list[ThreadingHTTPServer]]:
    started: list[ThreadingHTTPServer] = []
    yield started
    for server in started:
        server.shutdown()
        server.server_close()


def make_store(folder: Path, count: int) -> tuple[MessageStore, list[str]]:
    store = MessageStore(folder, kiosk_id="booth-1")
    return store, [store.add({"message": f"hope {i}"}) for i in range(count)]


# ---------------------------------------------------------------- 1. redirects
@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_redirect_is_never_followed_and_holds_the_batch(code: int, scheme: str,
                                                          servers, tmp_path: Path) -> None:
    elsewhere = recorder()
    other = start(elsewhere)
    servers.append(other)
    where = f"http://127.0.0.1:{other.server_port}/stolen"
    origin = recorder({"/kiosk": (code, {"Location": where}, b"moved")})
    tls, client = None, None
    if scheme == "https":  # HTTPS to plain HTTP: the worst case
        trustme = pytest.importorskip("trustme")
        ca = trustme.CA()
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1").configure_cert(tls)
        client = ssl.create_default_context()
        ca.configure_trust(client)
    server = start(origin, tls)
    servers.append(server)
    store, _ = make_store(tmp_path, 25)
    url = f"{scheme}://127.0.0.1:{server.server_port}/kiosk"
    runner = SyncRunner(store, [WebhookTarget(url, TOKEN, SECRET, timeout=5, context=client)],
                        "booth-1", batch_size=10, clock=ManualClock())
    runner.run_once()
    assert elsewhere.log == []  # nothing, not even a header, went to the other address
    assert len(origin.log) == 1 and all(r["path"] == "/kiosk" for r in origin.log)
    state = runner.states["webhook"]  # held at the first refusal: nothing more goes there
    assert state.delivered == 0 and state.rejected == 10 and state.pending == 15
    assert store.count("synced") == 0 and store.count("rejected") == 10
    assert where in state.last_refusal and "settings" in state.last_refusal


# ---------------------------------------------------------------- 2. refused, then resent
def test_refused_messages_are_resent_when_staff_ask(servers, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    handler = recorder({"/kiosk": (401, {}, b"token rotated")})
    server = start(handler)
    servers.append(server)
    data = tmp_path / "data"
    make_store(data, 7)[0].close()
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"kiosk_id: booth-1\nsync:\n  webhook:\n    url: http://127.0.0.1:"
                      f"{server.server_port}/kiosk\n    token: {TOKEN}\n")
    args = ["sync", "--config", str(config), "--data-dir", str(data)]
    assert main(args) == 1  # refused messages are not "done"
    out = capsys.readouterr().out
    assert "7 refused (the server refused the batch: 401 token rotated)" in out
    assert "--retry-refused" in out
    requests = len(handler.log)
    assert main(args) == 1 and len(handler.log) == requests  # held, not resent by itself
    capsys.readouterr()
    handler.plan.clear()  # the organisation fixed its receiver
    assert main([*args, "--retry-refused"]) == 0
    assert "7 delivered, 0 waiting" in capsys.readouterr().out
    assert sum(len(r["ids"]) for r in handler.log) == 14  # once refused, once delivered


# ---------------------------------------------------------------- 3. bounded requests
class Dripper(BaseHTTPRequestHandler):
    """Answers a byte at a time, slowly, in the status line or in the body."""

    where: ClassVar[str] = "body"
    stop = threading.Event()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        head = b"HTTP/1.1 200 OK\r\nContent-Length: 200\r\n\r\n"
        if self.where == "body":
            self.wfile.write(head)
            head = b"x" * 200
        for byte in head:
            if self.stop.wait(0.05):
                return
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.mark.parametrize("where", ["status", "body"])
def test_the_timeout_bounds_the_whole_request(where: str, servers, tmp_path: Path) -> None:
    handler = type("D", (Dripper,), {"where": where, "stop": threading.Event()})
    server = start(handler)
    servers.append(server)
    store, _ = make_store(tmp_path, 3)
    target = WebhookTarget(f"http://127.0.0.1:{server.server_port}/", timeout=0.5)
    begun = time.monotonic()
    outcome = target.deliver(Outbox(store).next_batch("webhook", 10), "booth-1")
    took = time.monotonic() - begun
    handler.stop.set()
    assert outcome.result is Result.RETRY and "too long" in outcome.detail
    assert took < 5.0  # the drip alone lasts 10 s or more; the request gave up at 0.5 s


class Flood(BaseHTTPRequestHandler):
    """Answers 400 with a body of 400 MB (sent until the client hangs up)."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(400)
        self.send_header("Content-Length", str(400 * 1024 * 1024))
        self.end_headers()
        chunk = b"no! " * 16384
        try:
            for _ in range(400 * 1024 * 1024 // len(chunk)):
                self.wfile.write(chunk)
        except OSError:
            pass

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_a_huge_answer_is_read_only_in_part(servers, tmp_path: Path) -> None:
    server = start(Flood)
    servers.append(server)
    store, _ = make_store(tmp_path, 3)
    target = WebhookTarget(f"http://127.0.0.1:{server.server_port}/", timeout=10)
    batch = Outbox(store).next_batch("webhook", 10)
    tracemalloc.start()
    outcome = target.deliver(batch, "booth-1")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert outcome.result is Result.REJECTED and outcome.detail.startswith(
        "the server refused the batch: 400 no! no!")
    assert len(outcome.detail) < 400
    assert peak < 4 * 1024 * 1024  # 64 KiB read at most, not 400 MB


def test_retry_after_is_capped_by_the_backoff_cap(servers, tmp_path: Path) -> None:
    server = start(recorder({"/": (503, {"Retry-After": "999999999"}, b"busy")}))
    servers.append(server)
    store, _ = make_store(tmp_path, 3)
    clock = ManualClock(50.0)
    runner = SyncRunner(store, [WebhookTarget(f"http://127.0.0.1:{server.server_port}/",
                                              timeout=5)], "booth-1", backoff_cap=120,
                        clock=clock)
    runner.run_once()
    state = runner.states["webhook"]
    assert state.schedule == [120.0] and state.next_attempt == 170.0


# ---------------------------------------------------------------- 4. transport settings
def settings_problems(tmp_path: Path, webhook: str) -> list[str]:
    config = tmp_path / "kiosk.yaml"
    config.write_text("kiosk_id: booth-1\nsync:\n  webhook:\n" + webhook, encoding="utf-8")
    settings, problems = load_settings(config)
    return [str(p) for p in problems], settings  # type: ignore[return-value]


def test_http_is_refused_except_on_this_computer(tmp_path: Path) -> None:
    problems, settings = settings_problems(tmp_path, "    url: http://receiver.mission.org/k\n"
                                                     f"    token: {TOKEN}\n")
    assert len(problems) == 1 and ":4:10: error:" in problems[0]
    assert "http://" in problems[0] and "https://" in problems[0]
    assert settings.sync is None or settings.sync.webhook_url is None  # nothing sent in clear
    for url in ("http://127.0.0.1:8080/k", "http://localhost/k", "http://[::1]:9/k",
                "https://receiver.mission.org/k"):
        problems, settings = settings_problems(tmp_path, f"    url: {url}\n")
        assert problems == [] and settings.sync.webhook_url == url


@pytest.mark.parametrize(("value", "found"), [
    ('"line\\nbreak"', "a line break"), ("tökén", "'ö' (U+00F6)"), ("токен", "U+0442"),
])
@pytest.mark.parametrize("key", ["token", "secret"])
def test_a_token_that_cannot_go_in_a_header_is_a_settings_error(
        key: str, value: str, found: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    problems, settings = settings_problems(
        tmp_path, f"    url: https://receiver.mission.org/k\n    {key}: {value}\n")
    assert len(problems) == 1 and ":5:" in problems[0] and found in problems[0]
    assert settings.sync is None or settings.sync.webhook_url is None  # never sent half-set
    data = tmp_path / "data"
    make_store(data, 1)[0].close()
    code = main(["sync", "--config", str(tmp_path / "kiosk.yaml"), "--data-dir", str(data)])
    err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err.err + err.out and found in err.err


# ---------------------------------------------------------------- 5. the folder target
def test_a_missing_folder_is_never_created(tmp_path: Path) -> None:
    store, _ = make_store(tmp_path / "data", 5)
    stick = tmp_path / "media" / "stick" / "messages"
    clock = ManualClock()
    runner = SyncRunner(store, [FolderTarget(stick)], "booth-1", clock=clock)
    for _ in range(5):
        runner.run_once()
        clock.now += 60
    assert not stick.exists() and not stick.parent.exists()
    assert runner.states["folder"].offline and runner.states["folder"].pending == 5


def test_a_stick_pulled_mid_delivery_is_offline_not_recreated(tmp_path: Path,
                                                              monkeypatch) -> None:
    store, _ = make_store(tmp_path / "data", 5)
    stick = tmp_path / "stick"
    stick.mkdir()
    target = FolderTarget(stick)
    real = FolderTarget._clear_leftovers

    def pulled(self: FolderTarget, kiosk_id: str) -> None:
        real(self, kiosk_id)
        stick.rmdir()  # pulled out just after the kiosk saw it was there

    monkeypatch.setattr(FolderTarget, "_clear_leftovers", pulled)
    outcome = target.deliver(Outbox(store).next_batch("folder", 10), "booth-1")
    assert outcome.result is Result.OFFLINE and "went away" in outcome.detail
    assert not stick.exists()


def test_odd_things_in_the_folder_never_escape_a_run(tmp_path: Path) -> None:
    store, ids = make_store(tmp_path / "data", 6)
    share = tmp_path / "share"
    share.mkdir()
    (share / ".booth-1-x.part").mkdir()  # a folder named like a temporary file
    (share / ".booth-1-y.part").write_text("left by a kill")
    target = FolderTarget(share)
    batch = Outbox(store).next_batch("folder", 3)
    target.file_for(batch, "booth-1").mkdir()  # a folder where the batch's file goes
    clock = ManualClock()
    runner = SyncRunner(store, [target], "booth-1", batch_size=3, clock=clock)
    runner.run_once()  # no exception out of the run
    state = runner.states["folder"]
    assert state.pending == 6 and "cannot write" in state.last_error
    assert (share / ".booth-1-x.part").is_dir() and not (share / ".booth-1-y.part").exists()
    target.file_for(batch, "booth-1").rmdir()
    clock.now = state.next_attempt
    runner.run_once()
    assert state.delivered == 6
    lines = [json.loads(x) for f in share.glob("*.jsonl") for x in f.read_text().splitlines()]
    assert sorted(m["id"] for m in lines) == sorted(ids)


# ---------------------------------------------------------------- 6. several senders
def test_four_syncers_at_once_share_the_work(servers, tmp_path: Path) -> None:
    handler = recorder(delay=0.02)
    server = start(handler)
    servers.append(server)
    data = tmp_path / "data"
    store, ids = make_store(data, 300)
    store.close()
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"kiosk_id: booth-1\nsync:\n  webhook:\n    url: http://127.0.0.1:"
                      f"{server.server_port}/kiosk\n  batch_size: 10\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "kiosk", "sync", "--config", str(config), "--data-dir",
               str(data)]
    children = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [child.communicate(timeout=120) for child in children]
    for child, (out, err) in zip(children, results, strict=True):
        assert "Traceback" not in err and "UNIQUE" not in err, err
        assert child.returncode == 0, out + err
    received = Counter(i for request in handler.log for i in request["ids"])
    assert set(received) == set(ids)  # every message arrived
    twice = [i for i, n in received.items() if n > 1]
    assert len(twice) <= 10  # at most the one batch in flight when a lease ran out
    counts = Outbox(MessageStore(data)).counts("webhook")
    assert counts == {"delivered": 300, "rejected": 0, "pending": 0}
