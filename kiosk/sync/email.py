"""E-mail as a way out: waiting messages gathered into one digest e-mail (plain text, HTML and
the same messages as a CSV attachment), sent with the standard library's SMTP client.

One target a recipient (``email to <address>``): each address gets its own e-mail of its own
batches. A 5xx answer to one address (at RCPT) holds that address's messages as refused until
staff send them again; a 4xx there is tried again; the other addresses get theirs once each.

A batch is one e-mail. Its ``Message-ID`` comes from the batch id, so a batch sent again after
a lost answer is the same e-mail to the receiving server. A 4xx answer or a network error is
tried again later; a 5xx answer holds the batch as refused, with the server's words.

Every exchange is bounded, so no server (a captive portal, a spoofed name) can hold a round or
fill the memory: all of it (name lookup, connection, greeting, EHLO, STARTTLS, login, the
e-mail, goodbye) happens within ``timeout`` (the webhook's :class:`Watchdog`), and each reply
is read only up to a number of lines and bytes.
"""

from __future__ import annotations

import contextlib
import html
import io
import smtplib
import socket
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

from kiosk.messages.export import columns, write_csv
from kiosk.sync.outbox import Batch
from kiosk.sync.request import DeadlineExceeded, LookupTooSlow, Watchdog, dial, readable
from kiosk.sync.targets import Outcome, Result
from kiosk.sync.tls import client_context

SECURITY = ("starttls", "ssl", "plain")
LOOPBACK = ("127.0.0.1", "::1", "localhost")
#: Most messages one digest e-mail carries (a busy day is several e-mails, not one huge one).
DIGEST_SIZE = 500
#: The most of one reply the kiosk reads: lines, bytes a line, bytes in all. A real server's
#: longest reply (to EHLO) is about a dozen lines of under 100 bytes (RFC 5321: at most 512).
MAX_REPLY_LINES = 100
MAX_REPLY_LINE = 2048
MAX_REPLY_BYTES = 32 * 1024


class ReplyTooLong(smtplib.SMTPException):
    """A reply of the server went past the bounds above."""


def message_id(batch_id: str, kiosk_id: str) -> str:
    """The same for every try of a batch: a resent e-mail is recognised as the same one."""
    return f"<{batch_id}.{kiosk_id}@awareness-kiosk.invalid>"


def digest(batch: Batch, kiosk_id: str, sender: str, recipients: list[str],
           subject: str, footer: str = "") -> EmailMessage:
    """The e-mail for a batch: newest message first, plain text and HTML, CSV attached;
    ``footer`` (the day at the booth in figures) closes it."""
    newest = sorted(batch.messages, key=lambda m: m.created_at, reverse=True)
    mail = EmailMessage()
    mail["Subject"] = f"{subject}: {len(newest)} new message(s) from {kiosk_id}"
    mail["From"], mail["To"] = sender, ", ".join(recipients)
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = message_id(batch.id, kiosk_id)
    mail["Auto-Submitted"] = "auto-generated"
    blocks = [_lines(m.created_at, m.fields) for m in newest]
    mail.set_content(f"{len(newest)} message(s) left at the booth '{kiosk_id}', newest first."
                     "\n\n" + "\n\n---\n\n".join("\n".join(b) for b in blocks) + "\n"
                     + (f"\n{footer}\n" if footer else ""))
    items = "".join("<li>" + "<br>".join(html.escape(line) for line in b) + "</li>"
                    for b in blocks)
    mail.add_alternative(f"<p>{len(newest)} message(s) left at the booth "
                         f"<b>{html.escape(kiosk_id)}</b>, newest first.</p><ol>{items}</ol>"
                         + (f"<p>{html.escape(footer)}</p>" if footer else ""),
                         subtype="html")
    sheet = io.BytesIO()
    write_csv(newest, columns(newest, None), sheet)
    mail.add_attachment(sheet.getvalue(), maintype="text", subtype="csv",
                        filename=f"messages-{kiosk_id}-{batch.id[:8]}.csv",
                        params={"charset": "utf-8"})
    return mail


def _lines(created_at: str, fields: dict[str, object]) -> list[str]:
    """A message in words: when, what about, who (and their e-mail only if they agreed)."""
    lines = [f"{created_at}  {fields.get('topic') or ''}".rstrip()]
    if fields.get("name"):
        lines.append(f"From: {fields['name']}")
    if fields.get("email") and fields.get("contact_ok"):
        lines.append(f"May be contacted at: {fields['email']}")
    lines.append(str(fields.get("message") or ""))
    return lines


class _Client(smtplib.SMTP):
    """smtplib's client, bounded: it connects through :func:`dial` (the name looked up and
    the connection made within the watchdog's deadline, TLS checked against the name), and
    reads every reply (greeting, EHLO, after STARTTLS, ...) within the reply bounds."""

    def __init__(self, host: str, timeout: float, tls: ssl.SSLContext | None) -> None:
        super().__init__(local_hostname="localhost", timeout=timeout)  # set when connected
        self._host = host  # smtplib's STARTTLS checks the certificate against this name
        self.tls = tls  # security: ssl (TLS from the first byte)
        self.watchdog: Watchdog | None = None

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        assert self.watchdog is not None, "the exchange runs under a watchdog"
        raw = dial(host, port, timeout, self.watchdog)
        self.sock = raw  # the watchdog can shut it from now on, even mid-handshake
        self.local_hostname = _local_name(raw)
        return raw if self.tls is None else self.tls.wrap_socket(raw, server_hostname=host)

    def getreply(self) -> tuple[int, bytes]:
        """One reply, as smtplib reads it, but no longer than the bounds: past them the
        connection is closed and ReplyTooLong raised."""
        if self.file is None:
            if self.sock is None:
                raise smtplib.SMTPServerDisconnected("not connected")
            self.file = self.sock.makefile("rb")
        reader, size = self.file, 0
        lines: list[bytes] = []
        while True:
            line = self._line(reader)
            size += len(line)
            if (len(line) > MAX_REPLY_LINE or size > MAX_REPLY_BYTES
                    or len(lines) >= MAX_REPLY_LINES):
                self.close()
                raise ReplyTooLong("the mail server's answer was too long")
            lines.append(line[4:].strip(b" \t\r\n"))
            try:
                code = int(line[:3])
            except ValueError:
                return -1, b"\n".join(lines)
            if line[3:4] != b"-":
                return code, b"\n".join(lines)

    def _line(self, reader: Any) -> bytes:
        try:
            line: bytes = reader.readline(MAX_REPLY_LINE + 1)
        except OSError as exc:
            self.close()
            raise smtplib.SMTPServerDisconnected(f"the connection broke: {exc}") from exc
        if not line:
            self.close()
            raise smtplib.SMTPServerDisconnected("the connection closed")
        return line


def _local_name(sock: socket.socket) -> str:
    """What EHLO says this computer is, found without a name lookup: its name when that is a
    full one, else its address on the connection (RFC 5321, 4.1.3)."""
    name = socket.gethostname()
    if "." in name.strip(".") and all(c.isalnum() or c in ".-" for c in name) and name.isascii():
        return name
    address = str(sock.getsockname()[0])
    return f"[IPv6:{address}]" if ":" in address else f"[{address}]"


class EmailTarget:
    """E-mail to one recipient (``email to <address>``): its own batches and digests."""

    def __init__(self, host: str, port: int, security: str, user: str, password: str,
                 sender: str, recipient: str, subject: str, digest_seconds: float,
                 timeout: float = 30, context: ssl.SSLContext | None = None) -> None:
        self.name = f"email to {recipient}"
        self.host, self.port, self.security = host, port, security
        self.user, self.password = user, password
        self.sender, self.recipient, self.subject = sender, recipient, subject
        self.interval = digest_seconds  # one e-mail at most this often (the runner keeps it)
        self.batch_size: int | None = DIGEST_SIZE
        self.timeout = timeout  # for the whole exchange, and for each read within it
        self.context = context or client_context()
        #: The day at the booth in one sentence (the app sets it when analytics is on).
        self.footer: Callable[[], str] | None = None

    def deliver(self, batch: Batch, kiosk_id: str) -> Outcome:
        return self.send_mail(digest(batch, kiosk_id, self.sender, [self.recipient],
                                     self.subject, self._footer()))

    def send_mail(self, mail: EmailMessage, recipients: list[str] | None = None) -> Outcome:
        """One e-mail through this way out's server, to ``recipients`` (its own by default),
        within the same bounds as a digest (the office's alerts use it)."""
        to = recipients or [self.recipient]
        client = _Client(self.host, self.timeout,
                         self.context if self.security == "ssl" else None)
        with Watchdog(client, self.timeout) as watchdog:
            client.watchdog = watchdog
            try:
                self._send(client, mail, to)
            except (smtplib.SMTPException, OSError) as exc:
                return _judge(exc, watchdog.expired)
            finally:
                client.close()
        return Outcome(Result.DELIVERED, f"e-mailed to {', '.join(to)}")

    def _footer(self) -> str:
        if self.footer is None:
            return ""
        try:
            return self.footer()
        except Exception:  # figures are a courtesy: the messages go without them
            return ""

    def _send(self, client: _Client, mail: EmailMessage, to: list[str]) -> None:
        """The exchange, from connection to goodbye (each failure raises)."""
        if self.security == "plain" and self.host not in LOOPBACK:
            # never a password or a visitor's words in clear across a network
            raise smtplib.SMTPException("plain SMTP is only allowed to this computer")
        code, said = client.connect(self.host, self.port)
        if code != 220:
            raise smtplib.SMTPConnectError(code, said)
        if self.security == "starttls":
            client.starttls(context=self.context)
        if self.user:
            self._login(client)
        client.send_message(mail, self.sender, to)
        with contextlib.suppress(smtplib.SMTPException, OSError):
            client.quit()  # the e-mail is taken: a slow or rude goodbye changes nothing

    def _login(self, smtp: smtplib.SMTP) -> None:
        """One try with one mechanism (PLAIN, else LOGIN): a wrong password is then a clear
        535, where smtplib's round of every mechanism may end in the server hanging up."""
        smtp.ehlo_or_helo_if_needed()
        offered = smtp.esmtp_features.get("auth", "").upper().split()
        smtp.user, smtp.password = self.user, self.password
        if "PLAIN" in offered or not offered:
            smtp.auth("PLAIN", smtp.auth_plain)
        else:
            smtp.auth("LOGIN", smtp.auth_login)


def _judge(exc: Exception, timed_out: bool) -> Outcome:
    """What a failed exchange means for the batch: only a 5xx answer holds it for staff."""
    if isinstance(exc, LookupTooSlow | socket.gaierror):
        return Outcome(Result.RETRY, "no network (the mail server's name cannot be found)")
    if timed_out or isinstance(exc, DeadlineExceeded):
        return Outcome(Result.RETRY, "the mail server took too long to answer")
    if isinstance(exc, ReplyTooLong):
        return Outcome(Result.RETRY, "the mail server's answer was too long")
    refused, later = "the e-mail", ""
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        who, (code, said) = next(iter(exc.recipients.items()))
        refused, later = who, f" for {who}"
        exc = smtplib.SMTPResponseException(code, said)
    if isinstance(exc, smtplib.SMTPResponseException):
        words = f"{exc.smtp_code} {readable(exc.smtp_error)}".strip()
        if 500 <= exc.smtp_code < 600:
            return Outcome(Result.REJECTED, f"the mail server refused {refused}: {words}")
        if 400 <= exc.smtp_code < 500:
            return Outcome(Result.RETRY, f"the mail server said to try later{later}: {words}")
        return Outcome(Result.RETRY, f"the mail server's answer made no sense: {words}")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return Outcome(Result.RETRY, "the mail server's certificate is not trusted")
    return Outcome(Result.RETRY, f"cannot reach the mail server: "
                                 f"{readable(str(exc)) or type(exc).__name__}")
