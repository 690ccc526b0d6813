"""Each recipient on its own, through `kiosk sync` against aiosmtpd on 127.0.0.1: an address
the server refuses is held for staff by address while the others are served once each; a
temporary refusal is tried again; a bad address in the settings stops the e-mail altogether;
what the single e-mail target of earlier versions sent is never sent again."""

from __future__ import annotations

import csv
import email
import io
import socket
from collections.abc import Iterator
from email.policy import default
from pathlib import Path
from typing import Any

import pytest

aiosmtpd = pytest.importorskip("aiosmtpd")

from aiosmtpd.controller import Controller  # noqa: E402

from kiosk.cli import main  # noqa: E402
from kiosk.messages.store import MessageStore  # noqa: E402
from kiosk.sync.outbox import Outbox  # noqa: E402

OFFICE, GONE = "office@example.org", "gone@example.org"


class Picky:
    """Takes every e-mail, except for the addresses in ``refuse`` (answered as given there
    at RCPT); keeps what each address received."""

    def __init__(self) -> None:
        self.refuse: dict[str, str] = {}
        self.inbox: dict[str, list[email.message.EmailMessage]] = {}

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        mail = email.message_from_bytes(envelope.content, policy=default)
        for address in envelope.rcpt_tos:
            self.inbox.setdefault(address, []).append(mail)
        return "250 OK"

    def words(self, address: str) -> list[str]:
        """The messages ``address`` received, one entry each time."""
        return [row["message"] for mail in self.inbox.get(address, [])
                for row in csv.DictReader(io.StringIO(
                    next(mail.iter_attachments()).get_content().lstrip("\ufeff")))]


@pytest.fixture
def smtp() -> Iterator[tuple[Picky, int]]:
    box = Picky()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


def booth(tmp_path: Path, port: int, to: str, words: list[str]) -> list[str]:
    """A kiosk.yaml e-mailing ``to`` (YAML list lines) and a store holding ``words``;
    the `kiosk sync` arguments."""
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"""\
kiosk_id: booth-1
sync:
  email:
    host: 127.0.0.1
    port: {port}
    security: plain
    from: booth@example.org
    to:
{to}
""", encoding="utf-8")
    store = MessageStore(tmp_path / "data", "booth-1")
    for each in words:
        store.add({"message": each})
    store.close()
    return ["sync", "--once", "--config", str(config), "--data-dir", str(tmp_path / "data")]


def line_for(out: str, address: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(f"email to {address}:"))


def test_a_refused_recipient_is_held_by_address_the_others_served_once(
        smtp: tuple[Picky, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    box, port = smtp
    box.refuse[GONE] = "550 5.1.1 No such user"
    args = booth(tmp_path, port, f"      - {OFFICE}\n      - {GONE}", ["one", "two", "three"])
    assert main(args) == 1  # not everything was delivered
    out = capsys.readouterr().out
    assert line_for(out, OFFICE).startswith(f"email to {OFFICE}: 3 delivered, 0 waiting")
    refused = line_for(out, GONE)
    assert "0 delivered" in refused and "3 refused" in refused
    assert f"the mail server refused {GONE}: 550 5.1.1 No such user" in refused
    assert sorted(box.words(OFFICE)) == ["one", "three", "two"] and GONE not in box.inbox
    assert main(args) == 1  # again: the refusal stays held, the office gets nothing twice
    assert "3 refused" in line_for(capsys.readouterr().out, GONE)
    assert len(box.inbox[OFFICE]) == 1
    box.refuse.clear()  # staff fixed the address on the server, then resend
    assert main([*args, "--retry-refused"]) == 0
    assert sorted(box.words(GONE)) == ["one", "three", "two"] and len(box.inbox[OFFICE]) == 1


def test_a_temporary_refusal_of_one_recipient_is_tried_again(
        smtp: tuple[Picky, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    box, port = smtp
    box.refuse[GONE] = "450 4.2.1 Mailbox busy"
    args = booth(tmp_path, port, f"      - {OFFICE}\n      - {GONE}", ["one", "two"])
    assert main(args) == 1
    waiting = line_for(capsys.readouterr().out, GONE)
    assert "2 waiting" in waiting and "try later" in waiting and "refused" not in waiting
    box.refuse.clear()
    assert main(args) == 0
    assert sorted(box.words(GONE)) == ["one", "two"]
    assert sorted(box.words(OFFICE)) == ["one", "two"]  # once, not again with the retry


@pytest.mark.parametrize("entry", [
    '"gone@example.org\\nBcc: evil@example.org"',  # a line break inside an address
    '"office@example.org, pastor@example.org"',  # two addresses in one entry
    '"The office <office@example.org>"',
    "not-an-address"])
def test_a_bad_recipient_stops_the_email_and_names_its_line(
        entry: str, smtp: tuple[Picky, int], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    box, port = smtp
    args = booth(tmp_path, port, f"      - {OFFICE}\n      - {entry}", ["one"])
    assert main(args) != 0
    err = capsys.readouterr().err
    assert f"{tmp_path / 'kiosk.yaml'}:10:" in err and "error" in err
    assert box.inbox == {}  # not even to the good address: never used half-set


def test_what_the_single_email_target_sent_is_not_sent_again(
        smtp: tuple[Picky, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A booth updated from the version with one e-mail target (``email``) for all its
    recipients: two messages it delivered, one it had refused, one new."""
    box, port = smtp
    pastor = "pastor@example.org"
    args = booth(tmp_path, port, f"      - {OFFICE}\n      - {pastor}",
                 ["sent before", "also sent", "refused before"])
    store = MessageStore(tmp_path / "data", "booth-1")
    outbox = Outbox(store)
    sent = outbox.next_batch("email", 2)
    assert sent is not None
    outbox.delivered(sent.id)
    refused = outbox.next_batch("email", 1)
    assert refused is not None
    outbox.rejected(refused.id, "the mail server refused the e-mail: 554 spam")
    store.add({"message": "new"})
    store.close()
    assert main(args) == 1  # the refusal is kept for each, and holds each until staff act
    out = capsys.readouterr().out
    for address in (OFFICE, pastor):
        assert line_for(out, address).startswith(f"email to {address}: 2 delivered, 1 waiting")
        assert "1 refused (the mail server refused the e-mail: 554 spam)" in line_for(
            out, address)
    assert box.inbox == {}
    assert main([*args[:1], *args[2:], "--retry-refused"]) == 0  # (without --once)
    for address in (OFFICE, pastor):
        assert sorted(box.words(address)) == ["new", "refused before"]  # nothing twice
    again = Outbox(MessageStore(tmp_path / "data", "booth-1"))
    assert again.adopt("email", [f"email to {OFFICE}", "email to new@example.org"]) == 0
