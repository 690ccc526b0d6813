"""The alerts' e-mail: plain words, one e-mail to every recipient of the e-mail way out through
its server, a refusal said in words; and what a hostile shared folder can put in it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest

from kiosk.sync.alert_mail import LISTED, NotSent, email_sender
from kiosk.sync.alerts import Thresholds, watch_once
from kiosk.sync.fleet_key import new_key, parse_key
from kiosk.sync.targets import Outcome, Result

KEY = parse_key(new_key())
T0 = datetime(2026, 3, 14, 10, 0, tzinfo=UTC)
TAKEN = Outcome(Result.DELIVERED)


class Server:
    """The e-mail way out for one recipient, as the settings make it (its server's words)."""

    def __init__(self, recipient: str, answer: Outcome = TAKEN) -> None:
        self.sender, self.recipient, self.answer = "booths@example.org", recipient, answer
        self.sent: list[tuple[EmailMessage, list[str]]] = []

    def send_mail(self, mail: EmailMessage, recipients: list[str]) -> Outcome:
        self.sent.append((mail, recipients))
        return self.answer


def test_one_plain_email_to_every_recipient_through_one_server() -> None:
    first, second = Server("ann@example.org"), Server("bob@example.org")
    email_sender([first, second])("Booth st-marks: silent for 6 h", "Last heard from: ...\n")
    assert second.sent == [] and len(first.sent) == 1
    mail, recipients = first.sent[0]
    assert recipients == ["ann@example.org", "bob@example.org"]
    assert mail["Subject"] == "Booth st-marks: silent for 6 h"
    assert (mail["From"], mail["To"]) == ("booths@example.org",
                                          "ann@example.org, bob@example.org")
    assert mail["Auto-Submitted"] == "auto-generated" and mail["Message-ID"]
    assert mail.get_content_type() == "text/plain"
    assert mail.get_content() == "Last heard from: ...\n"


@pytest.mark.parametrize("answer", [
    Outcome(Result.RETRY, "the mail server took too long to answer"),
    Outcome(Result.REJECTED, "the mail server refused the e-mail: 550 no such user")])
def test_an_email_the_server_did_not_take_is_said_in_words(answer: Outcome) -> None:
    with pytest.raises(NotSent, match=answer.detail):
        email_sender([Server("ann@example.org", answer)])("Booth st-marks is back", "")


def test_without_an_email_way_out_there_is_no_sender() -> None:
    with pytest.raises(ValueError, match="no e-mail is set up"):
        email_sender([])


def _status(folder: Path, name: str, kiosk_id: str) -> None:
    (folder / f"{name}.status.json").write_text(json.dumps(
        {"kiosk_id": kiosk_id, "updated_at": T0.isoformat(), "refused": 5}))


def test_what_a_stranger_writes_in_the_folder_stays_one_line_of_plain_words(
        tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    _status(folder, "evil", "evil\r\nBcc: all@example.org\x1b[31m\u202e")
    server = Server("ann@example.org")
    watch_once(folder, KEY, tmp_path / "office", None, None, Thresholds(), T0,
               email_sender([server]))
    mail = server.sent[0][0]
    assert mail["Subject"] == "Booth evil  Bcc: all@example.org: status not signed"
    assert mail["Bcc"] is None and "\x1b" not in mail.get_content()


def test_a_folder_full_of_forged_status_files_makes_one_email_of_sane_length(
        tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    for number in range(LISTED + 20):
        _status(folder, f"forged-{number:03}", f"forged-{number:03}")
    sent: list[tuple[str, str]] = []
    for minutes in (0, 15):
        watch_once(folder, KEY, tmp_path / "office", None, None, Thresholds(),
                   T0 + timedelta(minutes=minutes), lambda s, b: sent.append((s, b)))
    assert len(sent) == 1
    subject, body = sent[0]
    assert subject == f"Booth forged-000: status not signed (and {LISTED + 19} more)"
    assert body.count("status not signed") == LISTED and "... and 20 more." in body
