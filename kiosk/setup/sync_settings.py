"""Where messages go when a network is there (the settings' ``sync:`` section): its ways
out (a webhook, a folder, e-mail), the kinds of value they hold, and the SyncSettings read
from them. A way out with any error in it is not used: its messages wait. No Qt here."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from kiosk.content.kinds import (
    INVALID,
    Choice,
    Context,
    Field,
    ListOf,
    Number,
    Obj,
    Str,
    Url,
    default_of,
)
from kiosk.content.yamlpos import Path_
from kiosk.setup.keys import is_key, standard_key


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` names this computer (127.0.0.0/8, ::1 or localhost)."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class WebhookUrl(Url):
    """An https:// address; http:// only for a receiver on this computer (the token and the
    visitors' words must never cross a network in clear)."""

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        url = super().check(value, path, ctx)
        if url is INVALID:
            return url
        if any(ch.isspace() or not ch.isprintable() for ch in url):
            return ctx.error(path, "the address has a space, a line break or an invisible "
                                   "character in it: type it again")
        parts = urlsplit(url)
        if not parts.hostname:
            return ctx.error(path, f"'{url}' has no server name")
        if parts.scheme == "http" and not is_loopback(parts.hostname):
            return ctx.error(path, f"'{url}' starts with http://, so the token and the "
                                   "visitors' messages would travel in clear: use https://")
        return url


class HeaderText(Str):
    """Text that travels in an HTTP header or signs one: printable ASCII on one line."""

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        text = super().check(value, path, ctx)
        if text is INVALID:
            return text
        odd = next((ch for ch in text if not " " <= ch <= "~"), None)
        if odd is not None:
            shown = "a line break" if odd in "\r\n" else f"'{odd}' (U+{ord(odd):04X})"
            return ctx.error(path, f"may hold only plain ASCII letters, digits and signs on "
                                   f"one line; found {shown}")
        return text


class WebhookSecret(HeaderText):
    """A signing secret; a Standard Webhooks one (``whsec_``) is checked to be one here, not
    at each delivery."""

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        text = super().check(value, path, ctx)
        if text is INVALID or not text.startswith("whsec_"):
            return text
        try:
            standard_key(text)
        except ValueError as exc:
            return ctx.error(path, str(exc))
        return text


class Address(HeaderText):
    """One plain e-mail address, such as office@example.org."""

    PLAIN = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*")

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        text = super().check(value, path, ctx)
        if text is INVALID or self.PLAIN.fullmatch(text):
            return text
        return ctx.error(path, f"'{text}' is not one plain e-mail address (such as "
                               "office@example.org); give each address as an item of its own")


class Recipients(ListOf):
    """E-mail addresses, each once (a repeated one is said and dropped)."""

    def __init__(self) -> None:
        super().__init__(Address(), min_items=1)

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        items = super().check(value, path, ctx)
        if items is INVALID or INVALID in items:  # never sent to fewer than staff listed
            return INVALID
        seen: dict[str, str] = {}
        for i, item in enumerate(items):
            if item.lower() in seen:
                ctx.problems.warning(ctx.at((*path, i)), f"'{item}' is listed twice: it gets "
                                                         "one e-mail")
            seen.setdefault(item.lower(), item)
        return list(seen.values())


class Section(Obj):
    """A way out's settings: with any error in them, the way out is not used at all (its
    messages wait), rather than used half-set."""

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        before = sum(p.is_error for p in ctx.problems.items)
        checked = super().check(value, path, ctx)
        return INVALID if sum(p.is_error for p in ctx.problems.items) > before else checked


WEBHOOK = Section({
    "url": Field(WebhookUrl(), "the HTTPS address that receives the messages", required=True),
    "token": Field(HeaderText(), "sent as 'Authorization: Bearer <token>'"),
    "secret": Field(WebhookSecret(), "signs every request (Kiosk-Signature header)"),
    "timeout_seconds": Field(Number(1, 300, " s"), "how long to wait for an answer",
                             default=20.0),
}, "an HTTPS endpoint")

EMAIL = Section({
    "host": Field(HeaderText(), "the mail server (SMTP), such as smtp.gmail.com",
                  required=True),
    "port": Field(Number(1, 65535), "its port: 587 for starttls, 465 for ssl", default=587.0),
    "security": Field(Choice("starttls", "ssl", "plain"), "starttls or ssl; plain only to "
                      "this computer (127.0.0.1)", default="starttls"),
    "user": Field(HeaderText(), "the account's user name"),
    "password": Field(HeaderText(), "the account's password (an app password, for Gmail)"),
    "from": Field(HeaderText(), "the sender's address", required=True),
    "to": Field(Recipients(), "who receives the messages (one e-mail each)", required=True),
    "subject": Field(HeaderText(), "the e-mails' subject", default="Messages from the booth"),
    "digest_minutes": Field(Number(1, 1440, " min"), "one e-mail at most this often, "
                            "gathering the messages left meanwhile", default=60.0),
}, "e-mail through an SMTP server")

class FleetKeyText(HeaderText):
    """A fleet key as `kiosk fleet-key` prints it (never repeated in a problem: a secret)."""

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        text = super().check(value, path, ctx)
        if text is INVALID or is_key(text):
            return text
        return ctx.error(path, "is not a fleet key: make one with 'kiosk fleet-key' and copy "
                               "it whole")


FOLDER = Section({
    # (required, unless fleet.folder is set: then its messages folder; see settled())
    "path": Field(Str(), "a synced folder, network share or USB stick (with a fleet: the "
                  "fleet folder's messages folder, unless set here)"),
    "key": Field(FleetKeyText(), "the fleet key (from 'kiosk fleet-key'): signs what this "
                 "booth writes, so 'kiosk collect --key-file' can tell it from a forgery"),
}, "a folder")

SYNC = Obj({
    "webhook": Field(WEBHOOK, "deliver to an HTTPS endpoint"),
    "folder": Field(FOLDER, "deliver to a folder"),
    "email": Field(EMAIL, "deliver by e-mail, a digest at a time"),
    "batch_size": Field(Number(1, 1000), "messages a request at most", default=100.0),
    "backoff_cap_seconds": Field(Number(5, 86_400, " s"), "longest wait between tries",
                                 default=600.0),
    "interval_seconds": Field(Number(5, 86_400, " s"), "how often to look for waiting "
                              "messages", default=60.0),
}, "where messages go when a network is there")


@dataclass(frozen=True)
class SyncSettings:
    webhook_url: str | None = None
    webhook_token: str = ""
    webhook_secret: str = ""
    webhook_timeout: float = default_of(WEBHOOK.fields, "timeout_seconds")
    folder: str | None = None
    folder_key: str = ""  # the fleet key that signs the folder's files
    email: dict[str, Any] | None = None  # the checked email section, when complete
    batch_size: int = int(default_of(SYNC.fields, "batch_size"))
    backoff_cap: float = default_of(SYNC.fields, "backoff_cap_seconds")
    interval: float = default_of(SYNC.fields, "interval_seconds")

    @classmethod
    def from_checked(cls, value: object) -> SyncSettings | None:
        """From the checked ``sync`` section (values that failed their check are defaults)."""
        if not isinstance(value, dict):
            return None

        def get(section: object, key: str, default: Any) -> Any:
            found = section.get(key) if isinstance(section, dict) else None
            return default if found is INVALID or found is None else found

        hook, folder = value.get("webhook"), value.get("folder")
        if not isinstance(hook, dict) or INVALID in hook.values():
            hook = None  # never send with half-set credentials: the messages wait instead
        if not isinstance(folder, dict) or INVALID in folder.values():
            folder = None
        email = value.get("email")
        if not isinstance(email, dict) or INVALID in email.values():
            email = None
        d = cls()
        return cls(webhook_url=get(hook, "url", None), webhook_token=get(hook, "token", ""),
                   webhook_secret=get(hook, "secret", ""),
                   webhook_timeout=float(get(hook, "timeout_seconds", d.webhook_timeout)),
                   folder=get(folder, "path", None), folder_key=get(folder, "key", ""),
                   email={k: v for k, v in email.items() if v is not None} if email else None,
                   batch_size=int(get(value, "batch_size", d.batch_size)),
                   backoff_cap=float(get(value, "backoff_cap_seconds", d.backoff_cap)),
                   interval=float(get(value, "interval_seconds", d.interval)))
