"""E-mail against a hostile mail host (a captive portal, a spoofed name): raw sockets on
127.0.0.1 that flood a reply with lines, send one giant line, or drip a byte at a time, and a
name lookup that hangs. Each ends the delivery in bounded memory and time, as "try later"."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.messages.store import MessageStore
from kiosk.sync.email import EmailTarget
from kiosk.sync.outbox import Batch, Outbox
from kiosk.sync.request import Watchdog
from kiosk.sync.targets import Outcome, Result, WebhookTarget

trustme = pytest.importorskip("trustme")

DEADLINE = 0.5  # the whole exchange; a drip below comes every 0.1 s
SLACK = 2.0  # a correctness bound, not a benchmark
Play = Callable[[socket.socket, threading.Event], None]


@contextlib.contextmanager
def raw_server(play: Play) -> Iterator[int]:
    """A TCP server on 127.0.0.1 that plays ``play`` to each connection; its port."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn, contextlib.suppress(OSError):  # the kiosk hung up: as it should
                play(conn, stop)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def read_line(conn: socket.socket) -> bytes:
    line = b""
    while not line.endswith(b"\n"):
        got = conn.recv(1)
        if not got:
            break
        line += got
    return line


def drip(conn: socket.socket, stop: threading.Event, data: bytes, drips: int = 60) -> None:
    """One byte every 0.1 s: no single read ever times out, the exchange never ends."""
    for i in range(drips):
        if stop.wait(0.1):
            return
        conn.sendall(data[i % len(data):][:1])


def until_starttls(conn: socket.socket) -> None:
    """A well-behaved greeting and EHLO that offers STARTTLS, up to its 220."""
    conn.sendall(b"220 mail.example.org ESMTP\r\n")
    read_line(conn)  # EHLO
    conn.sendall(b"250-mail.example.org\r\n250 STARTTLS\r\n")
    read_line(conn)  # STARTTLS
    conn.sendall(b"220 go ahead\r\n")


@pytest.fixture(scope="module")
def tls() -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(the server's context, a client context trusting it)."""
    ca = trustme.CA()
    served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(served)
    trusting = ssl.create_default_context()
    ca.configure_trust(trusting)
    return served, trusting


def prepare(tmp_path: Path, port: int, security: str, context: ssl.SSLContext | None = None,
            host: str = "127.0.0.1", timeout: float = DEADLINE) -> tuple[EmailTarget, Batch]:
    store = MessageStore(tmp_path / "data", "booth-1")
    for i in range(3):
        store.add({"message": f"hope {i}"})
    mail = EmailTarget(host, port, security, "", "", "booth@example.org", "office@example.org",
                       "Booth", 3600, timeout=timeout, context=context)
    batch = Outbox(store).next_batch(mail.name, 10)
    assert batch is not None
    return mail, batch


def timed(mail: EmailTarget, batch: Batch) -> tuple[Outcome, float]:
    begun = time.monotonic()
    outcome = mail.deliver(batch, "booth-1")
    return outcome, time.monotonic() - begun


# ---------------------------------------------------------------- replies without end
LINE = b"220-" + b"x" * 500 + b"\r\n"


def endless_greeting(conn: socket.socket, stop: threading.Event) -> None:
    for _ in range(20_000):  # 10 MB of continuation lines, unless the kiosk hangs up first
        if stop.is_set():
            return
        conn.sendall(LINE)


def endless_after_starttls(served: ssl.SSLContext) -> Play:
    def play(conn: socket.socket, stop: threading.Event) -> None:
        until_starttls(conn)
        with served.wrap_socket(conn, server_side=True) as secure:
            read_line(secure)  # the EHLO again, now inside TLS
            endless_greeting(secure, stop)
    return play


def giant_line(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"220 ")
    for _ in range(1000):  # 1 MB on one line
        if stop.is_set():
            return
        conn.sendall(b"y" * 1024)


@pytest.mark.parametrize(("security", "server"), [
    ("plain", "greeting"), ("starttls", "greeting"), ("starttls", "after STARTTLS"),
    ("plain", "giant line"), ("starttls", "giant line")])
def test_a_reply_without_end_is_cut_off_in_bounded_memory(
        security: str, server: str, tls: tuple[ssl.SSLContext, ssl.SSLContext],
        tmp_path: Path) -> None:
    """smtplib alone keeps every continuation line (the greeting comes before STARTTLS, so
    anyone answering on the mail host's address can), and calls a line too long a 500, which
    would hold the messages as refused."""
    served, trusting = tls
    play = {"greeting": endless_greeting, "after STARTTLS": endless_after_starttls(served),
            "giant line": giant_line}[server]
    with raw_server(play) as port:
        mail, batch = prepare(tmp_path, port, security, trusting, timeout=10)
        mail.deliver(batch, "booth-1")  # once to warm up (imports, the TLS context)
        tracemalloc.start()
        try:
            outcome = mail.deliver(batch, "booth-1")
            _now, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    print(f"{security}, {server}: peak {peak / 1024:.0f} KiB, {outcome.detail}")
    assert peak < 1024 * 1024  # the flood is 10 MB (the giant line 1 MB)
    assert outcome.result is Result.RETRY
    assert outcome.detail == "the mail server's answer was too long"


# ---------------------------------------------------------------- a byte at a time
def drip_greeting(conn: socket.socket, stop: threading.Event) -> None:
    drip(conn, stop, b"220-" + b"z" * 100)


def drip_ehlo(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"220 mail.example.org ESMTP\r\n")
    read_line(conn)
    drip(conn, stop, b"250-" + b"z" * 100)


#: A TLS handshake record that announces 16 KiB and then comes a byte at a time.
TLS_RECORD = b"\x16\x03\x03\x40\x00" + b"\x02" * 100


def drip_tls(conn: socket.socket, stop: threading.Event) -> None:
    drip(conn, stop, TLS_RECORD)  # the answer to the kiosk's hello, never finished


def drip_after_starttls(conn: socket.socket, stop: threading.Event) -> None:
    until_starttls(conn)
    drip(conn, stop, TLS_RECORD)


@pytest.mark.parametrize(("security", "play"), [
    ("plain", drip_greeting), ("plain", drip_ehlo), ("ssl", drip_tls),
    ("starttls", drip_after_starttls)], ids=["greeting", "ehlo", "ssl", "starttls"])
def test_a_drip_ends_at_the_deadline(security: str, play: Play,
                                     tls: tuple[ssl.SSLContext, ssl.SSLContext],
                                     tmp_path: Path) -> None:
    """Every read gets a byte within its own timeout, so only a deadline for the whole
    exchange ends it (the drip alone lasts 6 s)."""
    with raw_server(play) as port:
        outcome, took = timed(*prepare(tmp_path, port, security, tls[1]))
    assert took < DEADLINE + SLACK
    assert outcome.result is Result.RETRY
    assert outcome.detail == "the mail server took too long to answer"


@pytest.mark.parametrize("way", ["email", "webhook"])
def test_a_handshake_that_times_out_first_is_still_too_slow(
        way: str, tls: tuple[ssl.SSLContext, ssl.SSLContext], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """TLS times out its handshake as a whole, after the same seconds as the deadline: on a
    busy machine that timeout can beat the watchdog's timer thread. The booth still reads
    "took too long", not "cannot reach" (the timer here is made to do nothing)."""
    monkeypatch.setattr(Watchdog, "_fire", lambda self: None)
    with raw_server(drip_tls) as port:
        mail, batch = prepare(tmp_path, port, "ssl", tls[1])
        hook = WebhookTarget(f"https://127.0.0.1:{port}/in", timeout=DEADLINE,
                             context=tls[1])
        begun = time.monotonic()
        outcome = (mail if way == "email" else hook).deliver(batch, "booth-1")
        took = time.monotonic() - begun
    assert took < DEADLINE + SLACK
    assert outcome.result is Result.RETRY
    assert "took too long" in outcome.detail


def test_a_name_lookup_that_hangs_ends_at_the_deadline(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The resolver may hang for far longer than the deadline (a dead DNS server): the
    delivery does not wait for it."""
    release = threading.Event()

    def hanging(*_args: object, **_kwargs: object) -> list[object]:
        release.wait(6)
        raise socket.gaierror("no answer")

    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    try:
        outcome, took = timed(*prepare(tmp_path, 587, "starttls", host="mail.example.org"))
    finally:
        release.set()
    assert took < DEADLINE + SLACK
    assert outcome.result is Result.RETRY and "name cannot be found" in outcome.detail
