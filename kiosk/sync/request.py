"""One bounded HTTP request: no redirect followed, a deadline for all of it, a capped answer.

Python's own ``http.client`` is used on purpose: it never follows a redirect (so no header can
reach another host), and it lets us close the socket when the deadline passes. The server's
name is looked up within that deadline too (:func:`dial`, which e-mail uses as well): a name
lookup that hangs holds nothing. Neither urllib3 nor httpx bounds a whole request (their
timeouts are per socket operation, so a server that drips a byte a second holds them for
ever); a watchdog would be needed with them too.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from kiosk.messages.message import one_line
from kiosk.sync.tls import client_context

#: The most of an answer's body the kiosk reads (only to show its first words to staff).
MAX_ANSWER_BYTES = 64 * 1024
#: Name lookups that may hang at once: a resolver stuck that often is refused at once.
_LOOKUPS = threading.BoundedSemaphore(8)


class DeadlineExceeded(TimeoutError):
    """The whole request took longer than its timeout."""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes  # at most MAX_ANSWER_BYTES

    def text(self, limit: int = 300) -> str:
        """The start of the body as one line of readable text."""
        return readable(self.body, limit)


def readable(said: bytes | str, limit: int = 300) -> str:
    """The start of what a server said as one line of readable text (no control character
    reaches a terminal or the staff panel)."""
    words = said[: limit * 4]
    text = one_line(words.decode("utf-8", "replace") if isinstance(words, bytes) else words,
                    limit * 4)
    return " ".join(text.split())[:limit]


class LookupTooSlow(DeadlineExceeded):
    """The server's name was not found (or not refused) within the deadline."""


class _Connected(Protocol):
    """A connection that keeps its socket in ``sock`` (http.client's and smtplib's do)."""

    @property
    def sock(self) -> socket.socket | None: ...


class Watchdog:
    """A deadline for a whole exchange: :meth:`left` says how much of it remains, and when it
    passes the connection's socket is shut, whatever the connection is waiting for."""

    def __init__(self, connection: _Connected, seconds: float) -> None:
        self.connection, self.seconds = connection, seconds
        self.fired = False
        self.ends = time.monotonic() + seconds
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Watchdog:
        self.ends = time.monotonic() + self.seconds
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def left(self) -> float:
        """Seconds until the deadline; DeadlineExceeded once it has passed."""
        remaining = self.ends - time.monotonic()
        if remaining <= 0 or self.fired:
            raise DeadlineExceeded(f"no complete answer within {self.seconds:g} s")
        return remaining

    @property
    def expired(self) -> bool:
        """The deadline has passed, whether the timer has fired yet or a socket's own timeout
        (the same length, started later) got there first."""
        return self.fired or time.monotonic() >= self.ends

    def _fire(self) -> None:
        self.fired = True
        sock = self.connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                # the plain socket's shutdown: wakes a blocked read, even inside TLS
                socket.socket.shutdown(sock, socket.SHUT_RDWR)


def lookup(host: str, port: int) -> list[tuple[Any, ...]]:
    """The addresses of ``host`` (the system's resolver; may take as long as it likes)."""
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def resolve(host: str, port: int, seconds: float) -> list[tuple[Any, ...]]:
    """:func:`lookup` on a thread of its own, waited for at most ``seconds``: a resolver that
    hangs raises LookupTooSlow and holds nothing (its thread ends when the resolver does)."""
    if not _LOOKUPS.acquire(blocking=False):
        raise LookupTooSlow("earlier name lookups are still stuck")
    found: list[tuple[Any, ...]] = []
    failed: list[Exception] = []
    done = threading.Event()

    def look() -> None:
        try:
            found.extend(lookup(host, port))
        except Exception as exc:  # handed to the waiting side
            failed.append(exc)
        finally:
            _LOOKUPS.release()
            done.set()

    threading.Thread(target=look, daemon=True, name="name-lookup").start()
    if not done.wait(seconds):
        raise LookupTooSlow(f"the name {host} was not found within {seconds:.1f} s")
    if failed:
        raise failed[0]
    return found


def dial(host: str, port: int, timeout: float, watchdog: Watchdog) -> socket.socket:
    """A TCP connection to ``host``, its name looked up and each address tried within the
    watchdog's deadline (each socket operation after that is bounded by ``timeout``)."""
    error: OSError = OSError(f"no address for {host}")
    for family, kind, proto, _name, address in resolve(host, port, watchdog.left()):
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(min(timeout, watchdog.left()))
            sock.connect(address)
        except OSError as exc:
            sock.close()
            if isinstance(exc, DeadlineExceeded):
                raise
            error = exc
            continue
        sock.settimeout(timeout)
        return sock
    raise error


class _Http(http.client.HTTPConnection):
    """Connects through :func:`dial`, within the deadline of its ``watchdog``."""

    watchdog: Watchdog

    def connect(self) -> None:
        self.sock = dial(self.host, self.port, self.timeout or 30.0, self.watchdog)


class _Https(http.client.HTTPSConnection):
    """The same over TLS: the socket :func:`dial` made, wrapped for this host name."""

    watchdog: Watchdog

    def __init__(self, host: str, port: int | None, timeout: float,
                 context: ssl.SSLContext | None) -> None:
        self.tls = context or client_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)

    def connect(self) -> None:
        sock = dial(self.host, self.port, self.timeout or 30.0, self.watchdog)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


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
    connection: _Http | _Https
    if parts.scheme == "https":
        connection = _Https(host, parts.port, timeout, context)
    else:
        connection = _Http(host, parts.port, timeout=timeout)
    with Watchdog(connection, timeout) as watchdog:
        connection.watchdog = watchdog
        try:
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read(MAX_ANSWER_BYTES)
            if watchdog.fired:  # cut off mid-answer: as good as no answer
                raise DeadlineExceeded(f"no complete answer within {timeout:g} s")
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()},
                          data)
        except (OSError, http.client.HTTPException) as exc:
            if watchdog.expired and not isinstance(exc, DeadlineExceeded):
                raise DeadlineExceeded(f"no complete answer within {timeout:g} s") from exc
            raise
        finally:
            connection.close()
