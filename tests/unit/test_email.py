"""E-mail as a way out, against a real SMTP server on 127.0.0.1 (aiosmtpd) with STARTTLS on a
test certificate and a password: digests arrive and parse, their CSV carries every message,
a temporary refusal is tried again as the same e-mail, a permanent one is held."""

from __future__ import annotations

import asyncio
import csv
import email
import io
import socket
import ssl
from collections.abc import Iterator
from email.policy import default
from pathlib import Path
from typing import Any

import pytest

aiosmtpd = pytest.importorskip("aiosmtpd")
trustme = pytest.importorskip("trustme")

from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import AuthResult  # noqa: E402

from kiosk.messages.export import safe_cell  # noqa: E402
from kiosk.messages.store import MessageStore  # noqa: E402
from kiosk.platform.clock import ManualClock  # noqa: E402
from kiosk.sync.email import EmailTarget, message_id  # noqa: E402
from kiosk.sync.outbox import Outbox  # noqa: E402
from kiosk.sync.runner import SyncRunner  # noqa: E402
from kiosk.sync.targets import Result  # noqa: E402

CLIENT_TIMEOUT = 0.4
WORDS = ["We pray for you", "សូមព្រះប្រទានពរ", "함께 기도할게요 🙏", "=1+1", "+44 20 7946 0000",
         "Line one\nline two, with a comma"]


class Mailbox:
    """Keeps what arrives; ``answer`` makes the server refuse for a while."""

    def __init__(self) -> None:
        self.received: list[email.message.EmailMessage] = []
        self.answer: str | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.answer is not None:
            return self.answer
        self.received.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server() -> Iterator[tuple[Mailbox, int, ssl.SSLContext]]:
    ca = trustme.CA()
    served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(served)
    trusting = ssl.create_default_context()
    ca.configure_trust(trusting)

    def password(_server: Any, _session: Any, _envelope: Any, _mechanism: str,
                 data: Any) -> AuthResult:
        return AuthResult(success=(data.login, data.password) == (b"booth", b"s3cret"),
                          handled=False)  # a refusal is answered 535, as a real server does

    box, port = Mailbox(), _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port, tls_context=served,
                            require_starttls=True, authenticator=password,
                            auth_require_tls=True)
    controller.start()
    try:
        yield box, port, trusting
    finally:
        controller.stop()


OFFICE = "email to office@example.org"


def target(port: int, context: ssl.SSLContext, digest_minutes: float = 60) -> EmailTarget:
    return EmailTarget("127.0.0.1", port, "starttls", "booth", "s3cret", "kiosk@example.org",
                       "office@example.org", "Booth messages", digest_minutes * 60, timeout=10,
                       context=context)


def filled_store(tmp_path: Path) -> MessageStore:
    store = MessageStore(tmp_path / "data", "booth-1")
    for i, words in enumerate(WORDS):
        store.add({"message": words, "topic": "prayer", "name": f"Visitor {i}",
                   "email": f"v{i}@example.org", "contact_ok": i % 2 == 0})
    return store


def test_a_digest_arrives_readable_with_every_message_in_its_csv(server, tmp_path: Path) -> None:
    box, port, context = server
    store = filled_store(tmp_path)
    runner = SyncRunner(store, [target(port, context)], "booth-1", clock=ManualClock())
    assert runner.run_once() == {OFFICE: len(WORDS)}
    assert len(box.received) == 1
    mail = box.received[0]
    assert mail["Subject"] == f"Booth messages: {len(WORDS)} new message(s) from booth-1"
    assert mail["To"] == "office@example.org"
    text = mail.get_body(("plain",)).get_content()
    assert text.index("Visitor 5") < text.index("Visitor 0")  # newest first
    assert "May be contacted at: v0@example.org" in text
    assert "v1@example.org" not in text  # visitor 1 did not agree to be contacted
    assert "함께 기도할게요 🙏" in mail.get_body(("html",)).get_content()
    attachment = next(mail.iter_attachments())
    rows = list(csv.DictReader(io.StringIO(attachment.get_content())))
    messages = {row["message"] for row in rows}
    assert messages == {safe_cell(w) for w in WORDS}  # formula-looking text is made safe
    assert len(rows) == len(WORDS)


def test_a_temporary_refusal_is_tried_again_as_the_same_email(server, tmp_path: Path) -> None:
    box, port, context = server
    store = filled_store(tmp_path)
    runner = SyncRunner(store, [target(port, context)], "booth-1", clock=ManualClock())
    box.answer = "451 Mailbox busy, try later"
    assert runner.run_once() == {OFFICE: 0}
    state = runner.states[OFFICE]
    assert "try later" in (state.last_error or "") and state.pending == len(WORDS)
    batch_id = store.read("SELECT batch_id FROM batch_messages LIMIT 1")[0][0]
    box.answer = None
    assert runner.run_once(force=True) == {OFFICE: len(WORDS)}
    assert box.received[0]["Message-ID"].strip() == message_id(batch_id, "booth-1")


def test_a_permanent_refusal_is_held_with_the_servers_words(server, tmp_path: Path) -> None:
    box, port, context = server
    store = filled_store(tmp_path)
    runner = SyncRunner(store, [target(port, context)], "booth-1", clock=ManualClock())
    box.answer = "554 Message refused as spam"
    runner.run_once()
    state = runner.states[OFFICE]
    assert state.rejected == len(WORDS) and "554 Message refused as spam" in (
        state.last_refusal or "")


def test_a_wrong_password_is_said_and_held(server, tmp_path: Path) -> None:
    _box, port, context = server
    store = filled_store(tmp_path)
    wrong = target(port, context)
    wrong.password = "wrong"
    runner = SyncRunner(store, [wrong], "booth-1", clock=ManualClock())
    runner.run_once()
    assert runner.states[OFFICE].rejected == len(WORDS)
    assert "535" in (runner.states[OFFICE].last_refusal or "")


def test_plain_smtp_is_refused_to_any_other_computer(tmp_path: Path) -> None:
    mail = EmailTarget("mail.example.org", 25, "plain", "", "", "a@example.org",
                       "b@example.org", "x", 60)
    outcome = mail.deliver(Outbox(filled_store(tmp_path)).next_batch(mail.name, 10), "b-1")
    assert outcome.result is Result.RETRY and "only allowed to this computer" in outcome.detail


def test_a_busy_day_is_a_handful_of_emails_each_message_in_one(server, tmp_path: Path) -> None:
    """1,000 messages over an eight-hour day, a 60-minute digest: at most one e-mail an hour
    (and the first at once), every message in exactly one of them."""
    box, port, context = server
    store = MessageStore(tmp_path / "data", "booth-1")
    clock = ManualClock()
    runner = SyncRunner(store, [target(port, context)], "booth-1", clock=clock)
    day, total = 8 * 3600, 1000
    for i in range(total):
        store.add({"message": f"message {i}"})
        clock.now = day * (i + 1) / total
        if runner.due():
            runner.run_once()
    clock.now += 3600
    runner.run_once()  # the evening's last digest
    ids = [row["id"] for mail in box.received
           for row in csv.DictReader(io.StringIO(
               next(mail.iter_attachments()).get_content().lstrip("\ufeff")))]
    assert len(ids) == total and len(set(ids)) == total
    assert len(box.received) <= day // 3600 + 2
    print(f"{len(box.received)} e-mails for {total} messages over 8 hours")


def test_kiosk_sync_test_sends_a_test_email(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    box, port = Mailbox(), _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)  # plain: this computer only
    controller.start()
    try:
        config = tmp_path / "kiosk.yaml"
        config.write_text(f"""\
kiosk_id: booth-3
sync:
  email:
    host: 127.0.0.1
    port: {port}
    security: plain
    from: booth@example.org
    to: [office@example.org]
""", encoding="utf-8")
        assert main(["sync", "--test", "--config", str(config)]) == 0
    finally:
        controller.stop()
    assert "A test e-mail was sent to office@example.org." in capsys.readouterr().out
    assert len(box.received) == 1 and "booth-3" in box.received[0]["Subject"]


def test_kiosk_sync_test_fails_when_a_target_does_not_take_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    config = tmp_path / "kiosk.yaml"
    config.write_text(f"sync:\n  folder:\n    path: {tmp_path / 'unplugged'}\n",
                      encoding="utf-8")
    assert main(["sync", "--test", "--config", str(config)]) == 1
    assert "The folder cannot be used" in capsys.readouterr().out


class FaultyMailbox(Mailbox):
    """Plays the next fault for each e-mail, then behaves; keeps one e-mail per Message-ID,
    as a mail client shows a resent e-mail once."""

    def __init__(self, faults: list[str]) -> None:
        super().__init__()
        self.faults = faults
        self.by_id: dict[str, email.message.EmailMessage] = {}

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        fault = self.faults.pop(0) if self.faults else ""
        mail = email.message_from_bytes(envelope.content, policy=default)
        if fault == "timeout":
            await asyncio.sleep(CLIENT_TIMEOUT + 0.3)  # answer after the kiosk gave up
        elif fault in ("reset", "store-then-drop"):
            if fault == "store-then-drop":
                self.by_id[mail["Message-ID"]] = mail  # kept, but the answer is lost
            server.transport.abort()
            return "250 OK"
        elif fault:
            return fault
        self.received.append(mail)
        self.by_id[mail["Message-ID"]] = mail
        return "250 OK"



def test_every_fault_then_every_message_in_exactly_one_email(tmp_path: Path) -> None:
    """The sync fault suite, for e-mail: busy, closing, timed out, cut, and an e-mail kept by
    the server whose answer was lost. Every message arrives, in one e-mail each, and the
    e-mail sent again after the lost answer is the same e-mail (its Message-ID)."""
    box = FaultyMailbox(["451 4.3.2 Busy", "421 4.7.0 Closing", "timeout", "reset",
                         "store-then-drop"])
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        store = MessageStore(tmp_path / "data", "booth-1")
        ids = [store.add({"message": f"hope {i} សង្ឃឹម 🙏"}) for i in range(1200)]
        mail = EmailTarget("127.0.0.1", port, "plain", "", "", "kiosk@example.org",
                           "office@example.org", "Booth", 3600, timeout=CLIENT_TIMEOUT)
        clock = ManualClock(100.0)
        runner = SyncRunner(store, [mail], "booth-1", backoff_cap=600, clock=clock)
        for _ in range(40):
            runner.run_once()
            if runner.states[mail.name].pending == 0:
                break
            clock.now = max(clock.now, runner.states[mail.name].next_attempt)
    finally:
        controller.stop()
    state = runner.states[mail.name]
    assert state.pending == 0 and state.delivered == 1200 and state.rejected == 0
    assert len(state.schedule) >= 5  # each fault was met and waited out
    delivered = [row["id"] for one in box.by_id.values()
                 for row in csv.DictReader(io.StringIO(
                     next(one.iter_attachments()).get_content().lstrip("\ufeff")))]
    assert sorted(delivered) == sorted(ids)  # every message, in one e-mail, none twice
    assert len(box.by_id) == 3  # 1,200 messages in digests of at most 500


def test_the_digest_closes_with_the_day_at_the_booth(server, tmp_path: Path) -> None:
    from datetime import date, datetime

    from kiosk.analytics.figures import day_line
    from kiosk.analytics.sample import fill_days

    box, port, context = server
    fill_days(tmp_path / "data", [("welcome", 8.0), ("why", 12.0)], 1, date(2026, 11, 21),
              visits_per_day=25)
    mail = target(port, context)
    evening = datetime(2026, 11, 21, 20).timestamp()
    mail.footer = lambda: day_line(tmp_path / "data", evening)
    runner = SyncRunner(filled_store(tmp_path), [mail], "booth-1", clock=ManualClock())
    runner.run_once()
    text = box.received[0].get_body(("plain",)).get_content()
    assert "At the booth today: 25 visit(s)" in text
    assert "At the booth today: 25 visit(s)" in box.received[0].get_body(("html",)).get_content()
