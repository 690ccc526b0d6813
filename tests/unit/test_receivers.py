"""The receiver in docs/receivers, exercised for real: the kiosk's webhook target delivers to
it over HTTP on 127.0.0.1; it verifies with the standardwebhooks library and keeps each
message once, however often a batch is sent."""

from __future__ import annotations

import base64
import importlib.util
import secrets
import sqlite3
import threading
from pathlib import Path

import pytest

pytest.importorskip("flask")
pytest.importorskip("standardwebhooks")

from werkzeug.serving import make_server

from kiosk.messages.store import MessageStore
from kiosk.sync.outbox import Outbox
from kiosk.sync.targets import Result, WebhookTarget
from tests.decks import ROOT


def load_receiver():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("receiver", ROOT / "docs/receivers/receiver.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_documented_receiver_verifies_and_stores_each_message_once(tmp_path: Path) -> None:
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    database = tmp_path / "received.sqlite3"
    app = load_receiver().create_app(secret, str(database))
    server = make_server("127.0.0.1", 0, app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/kiosk/messages"
    try:
        store = MessageStore(tmp_path / "data", "booth-1")
        ids = [store.add({"message": f"hope {i} សង្ឃឹម 🙏"}) for i in range(5)]
        batch = Outbox(store).next_batch("webhook", 10)
        assert batch is not None
        hook = WebhookTarget(url, secret=secret)
        assert hook.deliver(batch, "booth-1").result is Result.DELIVERED
        assert hook.deliver(batch, "booth-1").result is Result.DELIVERED  # a resend
        stranger = WebhookTarget(url, secret="whsec_" + base64.b64encode(b"x" * 32).decode())
        outcome = stranger.deliver(batch, "booth-1")
        assert outcome.result is Result.REJECTED and "401" in outcome.detail
    finally:
        server.shutdown()
    with sqlite3.connect(database) as db:
        stored = [row[0] for row in db.execute("SELECT id FROM messages ORDER BY id")]
    assert stored == sorted(ids)  # each once, though the batch came twice
