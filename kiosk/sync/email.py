"""E-mail as a way out: waiting messages gathered into one digest e-mail (plain text, HTML and
the same messages as a CSV attachment), sent with the standard library's SMTP client.

A batch is one e-mail. Its ``Message-ID`` comes from the batch id, so a batch sent again after
a lost answer is the same e-mail to the receiving server. A 4xx answer or a network error is
tried again later; a 5xx answer holds the batch as refused, with the server's words.
"""

from __future__ import annotations

import html
import io
import smtplib
import socket
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formatdate

from kiosk.export import columns, write_csv
from kiosk.sync.outbox import Batch
from kiosk.sync.targets import Outcome, Result

SECURITY = ("starttls", "ssl", "plain")
LOOPBACK = ("127.0.0.1", "::1", "localhost")
#: Most messages one digest e-mail carries (a busy day is several e-mails, not one huge one).
DIGEST_SIZE = 500


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


class EmailTarget:
    name = "email"

    def __init__(self, host: str, port: int, security: str, user: str, password: str,
                 sender: str, recipients: list[str], subject: str, digest_seconds: float,
                 timeout: float = 30, context: ssl.SSLContext | None = None) -> None:
        self.host, self.port, self.security = host, port, security
        self.user, self.password = user, password
        self.sender, self.recipients, self.subject = sender, recipients, subject
        self.interval = digest_seconds  # one e-mail at most this often (the runner keeps it)
        self.batch_size = DIGEST_SIZE
        self.timeout = timeout
        self.context = context or ssl.create_default_context()
        #: The day at the booth in one sentence (the app sets it when analytics is on).
        self.footer: Callable[[], str] | None = None

    def deliver(self, batch: Batch, kiosk_id: str) -> Outcome:
        mail = digest(batch, kiosk_id, self.sender, self.recipients, self.subject,
                      self._footer())
        try:
            with self._connect() as smtp:
                if self.user:
                    self._login(smtp)
                smtp.send_message(mail, self.sender, self.recipients)
        except smtplib.SMTPRecipientsRefused as exc:
            words = "; ".join(f"{who}: {code} {_text(why)}"
                              for who, (code, why) in exc.recipients.items())
            return Outcome(Result.REJECTED, f"the mail server refused the recipients ({words})")
        except smtplib.SMTPResponseException as exc:
            said = f"{exc.smtp_code} {_text(exc.smtp_error)}"
            if 400 <= exc.smtp_code < 500:
                return Outcome(Result.RETRY, f"the mail server said to try later: {said}")
            return Outcome(Result.REJECTED, f"the mail server refused the e-mail: {said}")
        except ssl.SSLCertVerificationError:
            return Outcome(Result.RETRY, "the mail server's certificate is not trusted")
        except socket.gaierror:
            return Outcome(Result.RETRY, "no network (the mail server's name cannot be found)")
        except (smtplib.SMTPException, OSError) as exc:
            return Outcome(Result.RETRY, f"cannot reach the mail server: "
                                         f"{exc or type(exc).__name__}")
        return Outcome(Result.DELIVERED, f"e-mailed to {', '.join(self.recipients)}")

    def _footer(self) -> str:
        if self.footer is None:
            return ""
        try:
            return self.footer()
        except Exception:  # figures are a courtesy: the messages go without them
            return ""

    def _connect(self) -> smtplib.SMTP:
        if self.security == "ssl":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                    context=self.context)
        if self.security == "plain" and self.host not in LOOPBACK:
            # never a password or a visitor's words in clear across a network
            raise smtplib.SMTPException("plain SMTP is only allowed to this computer")
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.security == "starttls":
            smtp.starttls(context=self.context)
        return smtp

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


def _text(said: bytes | str) -> str:
    return said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)
