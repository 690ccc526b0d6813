"""Building the sync runner from the settings (shared by the app and `kiosk sync`)."""

from __future__ import annotations

import contextlib
import logging
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.messages.store import MessageStore, StoreError
from kiosk.setup.config import load_settings
from kiosk.setup.sync_settings import EMAIL, SyncSettings
from kiosk.sync.outbox import Batch, Outbox
from kiosk.sync.runner import SyncRunner
from kiosk.sync.targets import Target

if TYPE_CHECKING:  # each way out is imported when it is set (no TLS or SMTP otherwise)
    from kiosk.sync.email import EmailTarget
    from kiosk.sync.targets import WebhookTarget

log = logging.getLogger(__name__)

#: E-mail targets are named ``email to <address>``; before, one target ``email`` sent to all.
EMAIL_PREFIX, EMAIL_BEFORE = "email to ", "email"


def targets_from(settings: SyncSettings | None) -> list[Target]:
    if settings is None:
        return []
    found: list[Target] = []
    if settings.webhook_url:
        found.append(webhook_target(settings.webhook_url, settings.webhook_token,
                                    settings.webhook_secret, settings.webhook_timeout))
    if settings.folder:
        from kiosk.sync.folder import FolderTarget

        found.append(FolderTarget(Path(settings.folder).expanduser(), settings.folder_key))
    if settings.email:
        found.extend(email_targets(settings.email))
    return found


def webhook_target(url: str, token: str, secret: str, timeout: float) -> WebhookTarget:
    """A web address; a Google Apps Script web app's is spoken to as that needs."""
    from kiosk.sync.apps_script import AppsScriptTarget, is_apps_script
    from kiosk.sync.targets import WebhookTarget

    kind = AppsScriptTarget if is_apps_script(url) else WebhookTarget
    return kind(url, token, secret, timeout)


def email_targets(section: dict[str, Any]) -> list[EmailTarget]:
    """One e-mail target a recipient, from a checked ``sync.email`` section (its defaults
    filled in): a refused address holds only its own messages."""
    from kiosk.sync.email import EmailTarget

    v: dict[str, Any] = {**{k: f.default for k, f in EMAIL.fields.items()}, **section}
    return [EmailTarget(str(v["host"]), int(v["port"]), str(v["security"]),
                        str(v["user"] or ""), str(v["password"] or ""), str(v["from"]),
                        str(recipient), str(v["subject"]), float(v["digest_minutes"]) * 60)
            for recipient in v["to"] or []]


def runner_from(settings: SyncSettings | None, store: MessageStore, kiosk_id: str
                ) -> SyncRunner | None:
    """None when no target is set: the messages then simply wait for an export."""
    targets = targets_from(settings)
    if not targets:
        return None
    assert settings is not None
    targets = _adopt_earlier_email(store, targets)
    return SyncRunner(store, targets, kiosk_id, settings.batch_size, settings.backoff_cap)


def _adopt_earlier_email(store: MessageStore, targets: list[Target]) -> list[Target]:
    """What the one e-mail target of earlier versions (``email``) delivered or had refused
    counts so for each recipient's own target, so nobody gets an old message twice. If the
    store cannot say, the e-mail targets wait for the next start rather than resend."""
    emails = [t.name for t in targets if t.name.startswith(EMAIL_PREFIX)]
    if not emails:
        return targets
    try:
        Outbox(store).adopt(EMAIL_BEFORE, emails)
    except StoreError as exc:
        log.error("e-mail is not sent until the next start: the message store: %s", exc)
        return [t for t in targets if t.name not in emails]
    return targets


def test_delivery(settings_path: Path) -> str:
    """:func:`check_delivery`'s words for staff. Runs on a worker."""
    return check_delivery(settings_path)[1]


def check_delivery(settings_path: Path) -> tuple[bool, str]:
    """Try each sync target in the saved settings with an empty, signed test batch (or a
    test file, written and removed, or a test e-mail): whether every one took it, and plain
    words for staff."""
    settings, problems = load_settings(settings_path)
    if problems:
        return False, "Fix the settings first: " + "; ".join(p.message for p in problems[:2])
    sync = settings.sync
    if sync is None or not (sync.webhook_url or sync.folder or sync.email):
        return False, "No web address, folder or e-mail is set: messages wait for an export."
    from kiosk.sync.folder import FolderTarget
    from kiosk.sync.targets import Result

    lines, failed = [], False
    batch = Batch(f"test-{uuid.uuid4()}", "test", "", 0, [])
    if sync.webhook_url:
        target = webhook_target(sync.webhook_url, sync.webhook_token, sync.webhook_secret,
                                min(sync.webhook_timeout, 15))
        outcome = target.deliver(batch, settings.name)
        failed |= outcome.result is not Result.DELIVERED
        lines.append("The web address took the test." if outcome.result is Result.DELIVERED
                     else f"The web address did not take it: {outcome.detail}.")
    if sync.folder:
        folder = FolderTarget(Path(sync.folder).expanduser(), sync.folder_key)
        outcome = folder.deliver(batch, settings.name)
        failed |= outcome.result is not Result.DELIVERED
        if outcome.result is Result.DELIVERED:
            with contextlib.suppress(OSError):
                folder.file_for(batch, settings.name).unlink()
            lines.append("The folder can be written to.")
        else:
            lines.append(f"The folder cannot be used: {outcome.detail}.")
    for email in email_targets(sync.email) if sync.email else []:
        outcome = email.deliver(batch, settings.name)
        failed |= outcome.result is not Result.DELIVERED
        lines.append(f"A test e-mail was sent to {email.recipient}."
                     if outcome.result is Result.DELIVERED else
                     f"The test e-mail to {email.recipient} was not sent: {outcome.detail}.")
    return not failed, " ".join(lines)
