"""A receiver for the kiosk's webhook on the standard library, for the sync tests (which make
it misbehave on cue). Organisations start from docs/receivers/receiver.py instead.

    python -m tests.receiver --port 8080 --token T --secret S --out messages.jsonl

It checks the bearer token and the signature (rejecting one older than 5 minutes), and keeps
each message once by its id: a batch sent twice (after a lost answer) is harmless.
Serve it behind HTTPS (a reverse proxy) on the internet.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kiosk.sync.targets import verify


class Receiver:
    """The receiving logic, apart from HTTP: check, deduplicate, keep."""

    def __init__(self, token: str = "", secret: str = "", out: Path | None = None) -> None:
        self.token, self.secret, self.out = token, secret, out
        self.messages: dict[str, dict[str, Any]] = {}
        self.requests = 0
        self.lock = threading.Lock()
        if out is not None and out.exists():
            for line in out.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    message = json.loads(line)
                    self.messages[message["id"]] = message

    def handle(self, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.requests += 1
        if self.token and headers.get("authorization") != f"Bearer {self.token}":
            return 401, {"error": "wrong or missing token"}
        if self.secret and not verify(self.secret, headers.get("kiosk-signature", ""), body,
                                      time.time()):
            return 401, {"error": "bad or expired signature"}
        try:
            batch = json.loads(body)
            messages = batch["messages"]
            assert isinstance(messages, list) and all("id" in m for m in messages)
        except (ValueError, KeyError, AssertionError, TypeError):
            return 400, {"error": "not a batch of messages"}
        new = 0
        with self.lock:
            for message in messages:
                if message["id"] in self.messages:
                    continue  # sent again after a lost answer: already kept
                self.messages[message["id"]] = message
                new += 1
                if self.out is not None:
                    with self.out.open("a", encoding="utf-8") as handle:
                        handle.write(json.dumps(message, ensure_ascii=False) + "\n")
        return 200, {"accepted": new, "duplicates": len(messages) - new}


class Handler(BaseHTTPRequestHandler):
    receiver: Receiver

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, answer = self.receiver.handle(headers, body)
        self.reply(status, answer)

    def reply(self, status: int, answer: dict[str, Any], extra: dict[str, str] | None = None
              ) -> None:
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


def serve(receiver: Receiver, host: str = "127.0.0.1", port: int = 0,
          handler: type[Handler] = Handler) -> ThreadingHTTPServer:
    """Start serving in a background thread; returns the server (``server.server_port``)."""
    bound = type("BoundHandler", (handler,), {"receiver": receiver})
    server = ThreadingHTTPServer((host, port), bound)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--token", default="")
    parser.add_argument("--secret", default="")
    parser.add_argument("--out", type=Path, default=Path("messages.jsonl"))
    args = parser.parse_args()
    server = serve(Receiver(args.token, args.secret, args.out), args.host, args.port)
    print(f"receiving on http://{args.host}:{server.server_port}/ into {args.out}")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
