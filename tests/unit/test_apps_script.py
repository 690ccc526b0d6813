"""The Google Sheets receiver in docs/receivers, run for real: its Apps Script runs in Node with
stand-ins for Google's services, behind a server on 127.0.0.1 that answers as Google does (the
script runs, then a 302 to the page holding its answer). The kiosk delivers to it through its
own sync runner, with the answer lost on the way back, and every message is one row."""

from __future__ import annotations

import contextlib
import json
import random
import shutil
import subprocess
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from kiosk.messages.store import MessageStore
from kiosk.platform.clock import ManualClock
from kiosk.setup.sync_settings import SyncSettings
from kiosk.sync.apps_script import AppsScriptTarget, is_apps_script
from kiosk.sync.from_settings import targets_from
from kiosk.sync.outbox import Batch, Outbox
from kiosk.sync.runner import SyncRunner
from kiosk.sync.targets import Result, new_secret
from tests.decks import ROOT

NODE = shutil.which("node") or shutil.which("nodejs")
SCRIPT = ROOT / "docs/receivers/google-sheets.gs"
HOST = ROOT / "tests/apps_script_host.js"
WORDS = ["We pray for you", "សូមព្រះប្រទានពរ", "함께 기도할게요 🙏", "=1+1", "+44 20 7946 0000"]


class Google(BaseHTTPRequestHandler):
    """POST /macros/s/<id>/exec runs the script; GET /macros/echo gives its answer."""

    state: ClassVar[Path]
    faults: ClassVar[list[str]] = []
    answers: ClassVar[dict[str, bytes]] = {}
    posts: ClassVar[int] = 0

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        contents = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
        parameter = {k: v[0] for k, v in parse_qs(parts.query).items()}
        run = subprocess.run([str(NODE), str(HOST), str(SCRIPT), str(self.state)],
                             input=json.dumps({"parameter": parameter, "contents": contents}),
                             capture_output=True, text=True, timeout=30, check=True)
        key = uuid.uuid4().hex
        type(self).answers[key] = run.stdout.encode("utf-8")
        type(self).posts += 1
        self.send_response(302)
        self.send_header("Location", f"http://127.0.0.1:{self.server.server_address[1]}"
                                     f"/macros/echo?user_content_key={key}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        fault = self.faults.pop(0) if self.faults else ""
        if fault == "echo-cut":  # the script ran; its answer never reaches the kiosk
            self.close_connection = True
            self.connection.close()
            return
        key = parse_qs(urlsplit(self.path).query)["user_content_key"][0]
        status, body = (500, b"Server Error") if fault == "echo-500" else (
            200, self.answers.pop(key))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()


@pytest.fixture
def google(tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    if NODE is None:
        pytest.skip("Node.js is not installed: the Apps Script cannot be run here")
    secret = new_secret()
    state = tmp_path / "google.json"
    state.write_text(json.dumps({"properties": {"KIOSK_SECRET": secret}}), encoding="utf-8")
    Google.state, Google.faults, Google.answers, Google.posts = state, [], {}, 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Google)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/macros/s/AKfy-test/exec", secret, state
    finally:
        server.shutdown()
        server.server_close()


def sheet_target(url: str, secret: str) -> AppsScriptTarget:
    target = AppsScriptTarget(url, secret=secret, timeout=30)
    target.echo_hosts, target.echo_schemes = ("127.0.0.1",), ("http",)
    return target


def rows(state: Path) -> list[dict[str, str]]:
    grid = json.loads(state.read_text(encoding="utf-8"))["sheets"]["Messages"]
    return [dict(zip(grid[0], row, strict=False)) for row in grid[1:]]


def test_every_message_is_one_row_though_answers_are_lost(google, tmp_path: Path) -> None:
    url, secret, state = google
    store = MessageStore(tmp_path / "data", "booth-1")
    ids = [store.add({"message": WORDS[i % len(WORDS)], "topic": "prayer",
                      "contact_ok": i % 2 == 0}) for i in range(120)]
    Google.faults = ["echo-cut", "echo-500"]
    clock = ManualClock(100.0)
    runner = SyncRunner(store, [sheet_target(url, secret)], "booth-1", batch_size=50,
                        clock=clock, rng=random.Random(3))
    for _ in range(20):
        runner.run_once()
        if runner.states["webhook"].pending == 0:
            break
        clock.now = max(clock.now, runner.states["webhook"].next_attempt)
    status = runner.states["webhook"]
    assert status.delivered == 120 and status.rejected == 0
    assert Google.posts == 5  # three batches, two of them sent again
    sheet = rows(state)
    assert sorted(r["id"] for r in sheet) == sorted(ids)  # each message once
    first = sheet[0]
    assert first["kiosk"] == "booth-1" and first["topic"] == "prayer"
    assert first["contact_ok"] == "yes"
    assert {r["message"] for r in sheet} == {"We pray for you", "សូមព្រះប្រទានពរ",
                                             "함께 기도할게요 🙏", "'=1+1", "'+44 20 7946 0000"}


def one_batch(tmp_path: Path) -> Batch:
    store = MessageStore(tmp_path / "data", "booth-1")
    store.add({"message": "hope"})
    batch = Outbox(store).next_batch("webhook", 10)
    assert batch is not None
    return batch


def test_a_stranger_or_a_busy_sheet(google, tmp_path: Path) -> None:
    url, secret, state = google
    batch = one_batch(tmp_path)
    stranger = sheet_target(url, new_secret()).deliver(batch, "booth-1")
    assert stranger.result is Result.REJECTED and "signature does not match" in stranger.detail
    busy = json.loads(state.read_text(encoding="utf-8"))
    state.write_text(json.dumps({**busy, "busy": True}), encoding="utf-8")
    outcome = sheet_target(url, secret).deliver(batch, "booth-1")
    assert outcome.result is Result.RETRY and "the sheet is busy" in outcome.detail
    assert not json.loads(state.read_text(encoding="utf-8"))["sheets"]  # no row written


def test_the_redirect_is_followed_only_to_googles_answer_page(google, tmp_path: Path) -> None:
    url, secret, _state = google
    batch = one_batch(tmp_path)
    strict = AppsScriptTarget(url, secret=secret, timeout=30)  # answers only from Google
    outcome = strict.deliver(batch, "booth-1")
    assert outcome.result is Result.REJECTED and "sent the messages elsewhere" in outcome.detail
    assert Google.answers  # the answer page was never fetched from this other host


def test_an_apps_script_address_is_spoken_to_as_one() -> None:
    address = "https://script.google.com/macros/s/AKfycbx/exec"
    assert is_apps_script(address)
    assert not is_apps_script("http://script.google.com/macros/s/AKfycbx/exec")
    assert not is_apps_script("https://example.org/macros/s/AKfycbx/exec")
    found = targets_from(SyncSettings(webhook_url=address, webhook_secret=new_secret()))
    assert [type(t) for t in found] == [AppsScriptTarget]
