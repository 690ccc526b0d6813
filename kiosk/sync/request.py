"""One bounded HTTP request: no redirect followed, a deadline for all of it, a capped answer.

Python's own ``http.client`` is used on purpose: it never follows a redirect (so no header can
reach another host), and it lets us close the socket when the deadline passes. Neither urllib3
nor httpx bounds a whole request (their timeouts are per socket operation, so a server that
drips a byte a second holds them for ever); a watchdog would be needed with them too.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

#: The most of an answer's body the kiosk reads (only to show its first words to staff).
MAX_ANSWER_BYTES = 64 * 1024


class DeadlineExceeded(TimeoutError):
    """The whole request took longer than its timeout."""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes  # at most MAX_ANSWER_BYTES

    def text(self, limit: int = 300) -> str:
        """The start of the body as one line of readable text."""
        words = self.body[: limit * 4].decode("utf-8", "replace")
        words = "".join(ch if ch.isprintable() else " " for ch in words)
        return " ".join(words.split())[:limit]


class _Watchdog:
    """Closes the connection's socket when the deadline passes, whatever it is waiting for."""

    def __init__(self, connection: http.client.HTTPConnection, seconds: float) -> None:
        self.connection = connection
        self.fired = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def _fire(self) -> None:
        self.fired = True
        sock = self.connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                # the plain socket's shutdown: wakes a blocked read, even inside TLS
                socket.socket.shutdown(sock, socket.SHUT_RDWR)


def post(url: str, body: bytes, headers: dict[str, str], timeout: float,
         context: ssl.SSLContext | None = None) -> Answer:
    """POST ``body`` to ``url``: see :func:`request`."""
    return request("POST", url, body, headers, timeout, context)


def request(method: str, url: str, body: bytes | None, headers: dict[str, str],
            timeout: float, context: ssl.SSLContext | None = None) -> Answer:
    """Send one request and return the answer, whatever its status (3xx included).

    Raises DeadlineExceeded when the whole exchange takes longer than ``timeout`` seconds,
    and OSError (socket.gaierror, ssl.SSLError, ConnectionError, ...) or
    http.client.HTTPException when the network or the server fails."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(host, parts.port, timeout=timeout,
                                                 context=context)
    else:
        connection = http.client.HTTPConnection(host, parts.port, timeout=timeout)
    with _Watchdog(connection, timeout) as watchdog:
        try:
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read(MAX_ANSWER_BYTES)
            if watchdog.fired:  # cut off mid-answer: as good as no answer
                raise DeadlineExceeded(f"no complete answer within {timeout:g} s")
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()},
                          data)
        except (OSError, http.client.HTTPException) as exc:
            if watchdog.fired:
                raise DeadlineExceeded(f"no complete answer within {timeout:g} s") from exc
            raise
        finally:
            connection.close()
