"""The office's watch over its booths, through a real mail server on this computer: a booth
silent for longer than allowed gets exactly one e-mail, and one more when it is back, to
every recipient in one exchange."""

from __future__ import annotations

import email
import socket
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from kiosk.sync.alert_mail import email_sender
from kiosk.sync.alerts import Thresholds, watch_once
from kiosk.sync.fleet import write_status
from kiosk.sync.from_settings import email_targets

T0 = datetime(2026, 3, 14, 10, 0, tzinfo=UTC)


class Inbox:
    def __init__(self) -> None:
        self.got: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        mail = email.message_from_bytes(envelope.content, policy=default)
        assert isinstance(mail, EmailMessage)
        self.got.append((list(envelope.rcpt_tos), mail))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_a_silent_booth_gets_one_email_and_one_when_it_is_back(tmp_path: Path) -> None:
    port = free_port()
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        targets = email_targets({"host": "127.0.0.1", "port": port, "security": "plain",
                                 "from": "booths@example.org",
                                 "to": ["ann@example.org", "bob@example.org"]})
        send = email_sender(targets)
        shared = tmp_path / "shared"
        shared.mkdir()
        write_status(shared, "st-marks", {"updated_at": T0.isoformat()})
        at = T0
        while at <= T0 + timedelta(hours=8):  # a round every 15 minutes
            if at == T0 + timedelta(hours=7):
                write_status(shared, "st-marks", {"updated_at": at.isoformat()})
            watch_once(shared, None, tmp_path / "office", None, None,
                       Thresholds(silent_hours=6), at, send)
            at += timedelta(minutes=15)
    finally:
        server.stop()
    assert [mail["Subject"] for _, mail in inbox.got] == ["Booth st-marks: silent for 6 h",
                                                          "Booth st-marks is back"]
    assert inbox.got[0][0] == ["ann@example.org", "bob@example.org"]  # one exchange
