"""Building the sync runner from the settings (shared by the app and `kiosk sync`)."""

from __future__ import annotations

import contextlib
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.config import EMAIL, SyncSettings, load_settings
from kiosk.store import MessageStore
from kiosk.sync.outbox import Batch
from kiosk.sync.runner import SyncRunner, Target

if TYPE_CHECKING:  # each way out is imported when it is set (no TLS or SMTP otherwise)
    from kiosk.sync.email import EmailTarget
    from kiosk.sync.targets import WebhookTarget


def targets_from(settings: SyncSettings | None) -> list[Target]:
    if settings is None:
        return []
    found: list[Target] = []
    if settings.webhook_url:
        found.append(webhook_target(settings.webhook_url, settings.webhook_token,
                                    settings.webhook_secret, settings.webhook_timeout))
    if settings.folder:
        from kiosk.sync.folder import FolderTarget

        found.append(FolderTarget(Path(settings.folder).expanduser()))
    if settings.email:
        found.append(email_target(settings.email))
    return found


def webhook_target(url: str, token: str, secret: str, timeout: float) -> WebhookTarget:
    """A web address; a Google Apps Script web app's is spoken to as that needs."""
    from kiosk.sync.apps_script import AppsScriptTarget, is_apps_script
    from kiosk.sync.targets import WebhookTarget

    kind = AppsScriptTarget if is_apps_script(url) else WebhookTarget
    return kind(url, token, secret, timeout)


def email_target(section: dict[str, Any]) -> EmailTarget:
    """The e-mail target from a checked ``sync.email`` section (its defaults filled in)."""
    from kiosk.sync.email import EmailTarget

    v: dict[str, Any] = {**{k: f.default for k, f in EMAIL.fields.items()}, **section}
    return EmailTarget(str(v["host"]), int(v["port"]), str(v["security"]),
                       str(v["user"] or ""), str(v["password"] or ""), str(v["from"]),
                       [str(r) for r in v["to"] or []], str(v["subject"]),
                       float(v["digest_minutes"]) * 60)


def runner_from(settings: SyncSettings | None, store: MessageStore, kiosk_id: str
                ) -> SyncRunner | None:
    """None when no target is set: the messages then simply wait for an export."""
    targets = targets_from(settings)
    if not targets:
        return None
    assert settings is not None
    return SyncRunner(store, targets, kiosk_id, settings.batch_size, settings.backoff_cap)


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
        folder = FolderTarget(Path(sync.folder).expanduser())
        outcome = folder.deliver(batch, settings.name)
        failed |= outcome.result is not Result.DELIVERED
        if outcome.result is Result.DELIVERED:
            with contextlib.suppress(OSError):
                folder.file_for(batch, settings.name).unlink()
            lines.append("The folder can be written to.")
        else:
            lines.append(f"The folder cannot be used: {outcome.detail}.")
    if sync.email:
        outcome = email_target(sync.email).deliver(batch, settings.name)
        failed |= outcome.result is not Result.DELIVERED
        lines.append("A test e-mail was sent." if outcome.result is Result.DELIVERED
                     else f"The test e-mail was not sent: {outcome.detail}.")
    return not failed, " ".join(lines)
