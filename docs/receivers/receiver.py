"""A receiver for the kiosk's messages, for an organisation with a small server.

It verifies each request with the Standard Webhooks library (not with code copied from the
kiosk) and stores each message once by its id, so a batch the kiosk sends again after a lost
answer changes nothing.

    pip install flask standardwebhooks
    export KIOSK_WEBHOOK_SECRET=whsec_...      # the same secret as in the kiosk's kiosk.yaml
    flask --app receiver run --host 0.0.0.0 --port 8080   # behind HTTPS (a reverse proxy)

The kiosk's kiosk.yaml then says:

    sync:
      webhook:
        url: https://your.server/kiosk/messages
        secret: whsec_...

PostgreSQL instead of SQLite: replace ``connect`` with
``lambda: psycopg.connect(os.environ["DATABASE_URL"])`` and ``?`` with ``%s`` in ``INSERT``;
the table and the ``ON CONFLICT (id) DO NOTHING`` work as they are.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from typing import Any

from flask import Flask, abort, request
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

TABLE = """CREATE TABLE IF NOT EXISTS messages (
    id TEXT PRIMARY KEY, kiosk_id TEXT, created_at TEXT, language TEXT, fields TEXT)"""
INSERT = ("INSERT INTO messages (id, kiosk_id, created_at, language, fields) "
          "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")


def create_app(secret: str | None = None, database: str | None = None) -> Flask:
    hook = Webhook(secret or os.environ["KIOSK_WEBHOOK_SECRET"])
    path = database or os.environ.get("KIOSK_MESSAGES_DB", "kiosk-messages.sqlite3")
    connect: Callable[[], Any] = lambda: sqlite3.connect(path)  # noqa: E731
    with connect() as db:
        db.execute(TABLE)
    app = Flask(__name__)

    @app.post("/kiosk/messages")
    def receive() -> dict[str, int]:
        body = request.get_data()
        try:
            payload = hook.verify(body, dict(request.headers))
        except WebhookVerificationError:
            abort(401)
        with connect() as db:
            for m in payload["messages"]:
                db.execute(INSERT, (m["id"], m["kiosk_id"], m["created_at"], m["language"],
                                    json.dumps(m["fields"], ensure_ascii=False)))
        return {"received": len(payload["messages"])}

    return app


app = create_app() if os.environ.get("KIOSK_WEBHOOK_SECRET") else None
