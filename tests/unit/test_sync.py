"""Sync against a real HTTP server on 127.0.0.1 that misbehaves on cue. No Qt here."""

from __future__ import annotations

import contextlib
import json
import random
import socket
import ssl
import struct
import threading
import time
from pathlib import Path
from typing import ClassVar

import pytest

from kiosk.messages.store import MessageStore
from kiosk.platform.clock import ManualClock
from kiosk.sync.folder import FolderTarget
from kiosk.sync.outbox import Outbox
from kiosk.sync.runner import SyncRunner
from kiosk.sync.targets import Result, WebhookTarget, sign, verify
from tests.receiver import Handler, Receiver, serve

TOKEN, SECRET = "token-123", "secret-456"
CLIENT_TIMEOUT = 0.4


class FaultyHandler(Handler):
    """Plays the next fault in ``faults`` for each request, then behaves."""

    faults: ClassVar[list[str]] = []
    lock = threading.Lock()

    def do_POST(self) -> None:
        with self.lock:
            fault = self.faults.pop(0) if self.faults else ""
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        headers = {k.lower(): v for k, v in self.headers.items()}
        if fault == "timeout":
            time.sleep(CLIENT_TIMEOUT + 0.3)  # answer after the kiosk gave up
            self.receiver.requests += 1
            return self._cut()
        if fault in ("reset", "store-then-drop"):
            if fault == "store-then-drop":
                self.receiver.handle(headers, body)  # stored, but the answer is lost
            return self._cut()
        if fault.startswith(("500", "503", "429", "400")):
            code, _, retry = fault.partition(":")
            self.receiver.requests += 1
            extra = {"Retry-After": retry} if retry else None
            return self.reply(int(code), {"error": f"injected {code}"}, extra)
        status, answer = self.receiver.handle(headers, body)
        self.reply(status, answer)

    def _cut(self) -> None:
        """Close with a TCP reset, before any answer."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()


@pytest.fixture
def receiver():  # type: ignore[no-untyped-def]
    FaultyHandler.faults = []
    recv = Receiver(TOKEN, SECRET)
    server = serve(recv, handler=FaultyHandler)
    yield recv, f"http://127.0.0.1:{server.server_port}/kiosk", server
    server.shutdown()
    server.server_close()


def make_store(folder: Path, count: int) -> tuple[MessageStore, list[str]]:
    store = MessageStore(folder, kiosk_id="booth-1")
    return store, [store.add({"message": f"hope {i} សង្ឃឹម 🙏"}) for i in range(count)]


def drain(runner: SyncRunner, clock: ManualClock, rounds: int = 40) -> None:
    """Run until nothing waits, moving the clock to each next try instead of sleeping."""
    for _ in range(rounds):
        runner.run_once()
        state = runner.states["webhook"]
        if state.pending == 0:
            return
        clock.now = max(clock.now, state.next_attempt)


def test_every_fault_then_every_message_exactly_once(receiver, tmp_path: Path) -> None:
    recv, url, _ = receiver
    store, ids = make_store(tmp_path, 230)
    FaultyHandler.faults = ["500", "503:7", "429", "timeout", "reset", "store-then-drop"]
    clock = ManualClock(100.0)
    runner = SyncRunner(store, [WebhookTarget(url, TOKEN, SECRET, timeout=CLIENT_TIMEOUT)],
                        "booth-1", batch_size=50, backoff_cap=600, clock=clock,
                        rng=random.Random(7))
    drain(runner, clock)
    state = runner.states["webhook"]
    assert state.pending == 0 and state.delivered == 230 and state.rejected == 0
    assert sorted(recv.messages) == sorted(ids)  # every message, once each, none lost
    assert recv.messages[ids[0]]["fields"]["message"] == "hope 0 សង្ឃឹម 🙏"
    assert recv.messages[ids[0]]["kiosk_id"] == "booth-1"
    # The schedule: 500 -> jitter under 2 s, 503 -> exactly its Retry-After, 429 -> under 8 s,
    # timeout -> under 16 s, reset -> under 32 s, dropped answer -> under 64 s.
    delays = state.schedule
    assert len(delays) == 6 and delays[1] == 7.0
    for k, delay in enumerate(delays):
        if k != 1:
            assert 0 <= delay <= min(600, 2 * 2**k), (k, delay)
    assert state.last_error is None and state.last_success is not None


def test_backoff_ceiling_doubles_up_to_the_cap() -> None:
    from kiosk.sync.backoff import backoff_delay, parse_retry_after

    rng = random.Random(1)
    for attempt in range(12):
        ceiling = min(60, 2 * 2**attempt)
        samples = [backoff_delay(attempt, 60, rng=rng) for _ in range(200)]
        assert max(samples) <= ceiling and max(samples) > ceiling * 0.8
    assert parse_retry_after("120", 0) == 120
    when = time.time() + 30
    http_date = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(when))
    assert 25 <= parse_retry_after(http_date, time.time()) <= 31
    assert parse_retry_after("soon", 0) is None


def test_a_refused_batch_is_held_not_lost_and_can_be_retried(receiver, tmp_path: Path) -> None:
    recv, url, _ = receiver
    store, ids = make_store(tmp_path, 120)
    FaultyHandler.faults = ["400"]
    clock = ManualClock()
    runner = SyncRunner(store, [WebhookTarget(url, TOKEN, SECRET, timeout=CLIENT_TIMEOUT)],
                        "booth-1", batch_size=50, clock=clock)
    runner.run_once()
    state = runner.states["webhook"]
    # The first refusal stops this way out: nothing more goes to a receiver that refuses.
    assert state.rejected == 50 and state.delivered == 0 and state.pending == 70
    assert state.held and recv.messages == {}
    assert "400" in state.last_refusal and "injected" in state.last_refusal
    assert "injected 400" in Outbox(store).rejected_batches("webhook")[0][1]
    assert store.count() == 120  # never deleted
    assert len(Outbox(store).rejected_batches("webhook")) == 1
    requests = recv.requests
    runner.run_once(force=True)
    assert recv.requests == requests  # not retried in a loop, not even when forced
    assert runner.retry_refused() == 1  # staff: "retry"
    runner.run_once()
    assert sorted(recv.messages) == sorted(ids)
    assert list(recv.messages)[:50] == ids[:50]  # the refused batch goes first


def test_signature_and_token(receiver, tmp_path: Path) -> None:
    recv, url, _ = receiver
    body = b'{"kiosk_id":"k","batch_id":"b","messages":[]}'
    header = sign(SECRET, int(time.time()), body)
    assert verify(SECRET, header, body, time.time())
    assert not verify(SECRET, header, body + b" ", time.time())
    assert not verify(SECRET, header, body, time.time() + 301)  # too old
    assert not verify("other", header, body, time.time())
    store, _ = make_store(tmp_path, 3)
    wrong = WebhookTarget(url, TOKEN, "not-the-secret", timeout=CLIENT_TIMEOUT)
    outcome = wrong.deliver(Outbox(store).next_batch("webhook", 10), "booth-1")
    assert outcome.result is Result.REJECTED and "401" in outcome.detail
    assert recv.messages == {}


def test_an_untrusted_certificate_is_not_sent_to(tmp_path: Path) -> None:
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    recv = Receiver(TOKEN, SECRET)
    server = serve(recv, handler=Handler)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(server_context)
    server.socket = server_context.wrap_socket(server.socket, server_side=True)
    url = f"https://127.0.0.1:{server.server_port}/kiosk"
    try:
        store, ids = make_store(tmp_path, 5)
        untrusting = WebhookTarget(url, TOKEN, SECRET, timeout=2)  # the system's trust only
        outcome = untrusting.deliver(Outbox(store).next_batch("webhook", 10), "booth-1")
        assert outcome.result is Result.RETRY and "certificate" in outcome.detail
        assert recv.messages == {}
        client_context = ssl.create_default_context()
        ca.configure_trust(client_context)
        trusting = WebhookTarget(url, TOKEN, SECRET, timeout=2, context=client_context)
        assert trusting.deliver(Outbox(store).next_batch("webhook", 10), "booth-1").result is (
            Result.DELIVERED)
        assert sorted(recv.messages) == sorted(ids)
    finally:
        server.shutdown()
        server.server_close()


def test_folder_target_writes_one_file_a_batch(tmp_path: Path) -> None:
    store, ids = make_store(tmp_path / "data", 7)
    out = tmp_path / "usb"
    target = FolderTarget(out)
    clock = ManualClock()
    runner = SyncRunner(store, [target], "booth-1", batch_size=5, clock=clock)
    runner.run_once()
    assert runner.states["folder"].offline and runner.states["folder"].last_error is None
    out.mkdir()  # the stick is plugged in
    clock.now += 31
    runner.run_once()
    files = sorted(out.glob("*.jsonl"))
    assert len(files) == 2 and all(f.name.startswith("booth-1-") for f in files)
    lines = [json.loads(line) for f in files for line in f.read_text().splitlines()]
    assert sorted(m["id"] for m in lines) == sorted(ids)
    # Writing the same batch again gives the same file.
    batch = next(b for b in [Outbox(store).next_batch("again", 5)] if b)
    first = target.file_for(batch, "booth-1")
    target.deliver(batch, "booth-1")
    before = first.read_bytes()
    target.deliver(batch, "booth-1")
    assert first.read_bytes() == before


def test_folder_target_survives_a_kill_between_write_and_rename(tmp_path: Path,
                                                                monkeypatch) -> None:
    import kiosk.files

    store, _ids = make_store(tmp_path / "data", 4)
    out = tmp_path / "share"
    out.mkdir()
    runner = SyncRunner(store, [FolderTarget(out)], "booth-1", batch_size=10)

    def killed(*_args: object) -> None:
        raise SystemExit("killed between write and rename")

    real_replace = kiosk.files.os.replace
    monkeypatch.setattr(kiosk.files.os, "replace", killed)
    with pytest.raises(SystemExit):
        runner.run_once()
    monkeypatch.setattr(kiosk.files.os, "replace", real_replace)
    assert not list(out.glob("*.jsonl"))  # nothing half-written under a final name
    runner.run_once()  # the next run delivers the batch
    files = list(out.glob("*.jsonl"))
    assert len(files) == 1 and len(files[0].read_text().splitlines()) == 4
    assert not list(out.glob(".*.part"))
    assert runner.states["folder"].delivered == 4


def test_sync_command(receiver, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    recv, url, server = receiver
    _, ids = make_store(tmp_path / "data", 12)
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"kiosk_id: booth-1\nsync:\n  webhook:\n    url: {url}\n"
                      f"    token: {TOKEN}\n    secret: {SECRET}\n  batch_size: 5\n")
    args = ["sync", "--config", str(config), "--data-dir", str(tmp_path / "data")]
    assert main(args) == 0
    assert "webhook: 12 delivered, 0 waiting" in capsys.readouterr().out
    assert sorted(recv.messages) == sorted(ids)
    MessageStore(tmp_path / "data").add({"message": "one more"})
    server.shutdown()
    server.server_close()
    assert main([*args, "--once"]) == 1  # the receiver is gone: it waits, and says so
    out = capsys.readouterr().out
    assert "1 waiting" in out and "cannot reach the server" in out


def test_requests_are_signed_by_the_standard_webhooks_specification(tmp_path: Path) -> None:
    """A receiver verifies with the standardwebhooks library, not with code copied from us."""
    import base64
    import secrets
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    standard = pytest.importorskip("standardwebhooks")
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    seen: list[tuple[dict[str, str], bytes]] = []

    class Keep(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            seen.append((dict(self.headers.items()), body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Keep)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        store, ids = make_store(tmp_path, 3)
        batch = Outbox(store).next_batch("webhook", 10)
        assert batch is not None
        hook = WebhookTarget(f"http://127.0.0.1:{server.server_port}/in", TOKEN, secret)
        assert hook.deliver(batch, "booth-1").result is Result.DELIVERED
    finally:
        server.shutdown()
        server.server_close()
    headers, body = seen[0]
    payload = standard.Webhook(secret).verify(body, headers)  # raises if the signature is wrong
    assert [m["id"] for m in payload["messages"]] == ids
    assert headers["webhook-id"] == headers["Idempotency-Key"] == batch.id
    with pytest.raises(standard.WebhookVerificationError):
        standard.Webhook(secret).verify(body + b" ", headers)
