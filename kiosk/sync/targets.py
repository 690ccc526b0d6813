"""Where messages go over the network: a signed HTTPS POST; what every way out answers."""

from __future__ import annotations

import base64
import errno
import hashlib
import hmac
import http.client
import json
import secrets
import socket
import ssl
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable
from urllib.parse import urljoin

from kiosk.setup.keys import standard_key
from kiosk.sync.backoff import parse_retry_after
from kiosk.sync.outbox import Batch
from kiosk.sync.request import Answer, DeadlineExceeded, LookupTooSlow, post
from kiosk.sync.tls import client_context

_UNREACHABLE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN,
                errno.EADDRNOTAVAIL}


class Result(StrEnum):
    DELIVERED = "delivered"
    RETRY = "retry"  # try again later (server busy, network down, timeout)
    REJECTED = "rejected"  # the receiver refused this batch: hold it for staff
    OFFLINE = "offline"  # the target is not there now (folder unplugged): not an error


@dataclass(frozen=True)
class Outcome:
    result: Result
    detail: str = ""
    retry_after: float | None = None


#: How long the runner takes one delivery to last at most when its way out sets no deadline.
DEFAULT_TIMEOUT_S = 60.0


@runtime_checkable
class Target(Protocol):
    """A way out for the messages, as the runner drives it. Every way out sets all of it; a
    class that says it is one (``class Fake(Target)``) takes the defaults below."""

    #: Its name in the outbox, the staff panel and the logs (``folder``, ``email to ...``).
    name: str
    #: The longest one delivery may take, in seconds: another sender waits that long, and a
    #: margin, before it sends to this way out itself.
    timeout: float = DEFAULT_TIMEOUT_S
    #: The most messages in one batch; None for the runner's own batch size.
    batch_size: int | None = None
    #: Seconds from a delivery to the next (an e-mail digest); 0 to send on at once.
    interval: float = 0.0

    def deliver(self, batch: Batch, kiosk_id: str) -> Outcome:
        """Send one batch; what happened, as an outcome (a foreseen failure never raises)."""
        ...


def batch_body(batch: Batch, kiosk_id: str, ascii_only: bool = False) -> bytes:
    return json.dumps({"kiosk_id": kiosk_id, "batch_id": batch.id,
                       "messages": [m.as_dict() for m in batch.messages]},
                      ensure_ascii=ascii_only, separators=(",", ":")).encode("utf-8")


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """``t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>``."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body,
                      hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def new_secret() -> str:
    """A signing secret as the Standard Webhooks libraries expect it: ``whsec_<base64>``."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def standard_headers(secret: str, message_id: str, timestamp: int, body: bytes
                     ) -> dict[str, str]:
    """``webhook-id``, ``webhook-timestamp`` and ``webhook-signature`` as the Standard
    Webhooks specification says, so a receiver verifies with an existing library."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(standard_key(secret), signed, hashlib.sha256).digest()
    return {"webhook-id": message_id, "webhook-timestamp": str(timestamp),
            "webhook-signature": "v1," + base64.b64encode(digest).decode("ascii")}


def verify(secret: str, header: str, body: bytes, now: float, tolerance: float = 300) -> bool:
    """Check a Kiosk-Signature header (receivers use this)."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = sign(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


class WebhookTarget:
    name = "webhook"
    batch_size: int | None = None  # the runner's
    interval = 0.0

    def __init__(self, url: str, token: str = "", secret: str = "", timeout: float = 20,
                 context: ssl.SSLContext | None = None) -> None:
        self.url, self.token, self.secret, self.timeout = url, token, secret, timeout
        self.context = context or client_context()

    def deliver(self, batch: Batch, kiosk_id: str) -> Outcome:
        body = self.body(batch, kiosk_id)
        headers = {"Content-Type": "application/json; charset=utf-8",
                   "Idempotency-Key": batch.id, "User-Agent": "awareness-kiosk"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.secret:
            now = int(time.time())
            headers["Kiosk-Signature"] = sign(self.secret, now, body)
            headers.update(standard_headers(self.secret, batch.id, now, body))
        try:
            return self.exchange(body, headers)
        except LookupTooSlow:
            return Outcome(Result.RETRY, "no network (the server's name was not found in time)")
        except DeadlineExceeded:
            return Outcome(Result.RETRY, "the server took too long to answer")
        except ssl.SSLCertVerificationError:
            return Outcome(Result.RETRY, "the server's certificate is not trusted (a Wi-Fi "
                                         "sign-in page, or a wrong address?)")
        except socket.gaierror:
            return Outcome(Result.RETRY, "no network (the server's name cannot be found)")
        except TimeoutError:
            return Outcome(Result.RETRY, "the server took too long to answer")
        except (ConnectionRefusedError, OSError) as exc:
            if isinstance(exc, ConnectionRefusedError) or exc.errno in _UNREACHABLE:
                return Outcome(Result.RETRY, f"cannot reach the server: "
                                             f"{exc.strerror or exc}".rstrip(": "))
            return Outcome(Result.RETRY, f"the connection broke: {exc or type(exc).__name__}")
        except (http.client.HTTPException, ValueError) as exc:
            return Outcome(Result.RETRY, f"the connection broke: {exc or type(exc).__name__}")

    def body(self, batch: Batch, kiosk_id: str) -> bytes:
        return batch_body(batch, kiosk_id)

    def exchange(self, body: bytes, headers: dict[str, str]) -> Outcome:
        """Send the signed batch and say what the answer means (network errors raise)."""
        return judge(post(self.url, body, headers, self.timeout, self.context), self.url)


def judge(answer: Answer, url: str) -> Outcome:
    """What an HTTP answer means for the batch. A redirect is never followed: the messages
    and their credentials go to the address staff set, and nowhere else."""
    status, text = answer.status, answer.text()
    if 200 <= status < 300:
        return Outcome(Result.DELIVERED, str(status))
    if 300 <= status < 400:
        location = answer.headers.get("location", "").strip()
        if location:
            return Outcome(Result.REJECTED, f"the server sent the messages elsewhere "
                           f"({urljoin(url, location)}); put that address in the settings "
                           f"(answer {status})")
        return Outcome(Result.REJECTED, f"the server answered {status} without taking the "
                                        "messages; check the address in the settings")
    if status in (408, 429) or status >= 500:
        retry = parse_retry_after(answer.headers.get("retry-after"), time.time())
        return Outcome(Result.RETRY, f"the server answered {status} {text}".strip(), retry)
    return Outcome(Result.REJECTED, f"the server refused the batch: {status} {text}".strip())
