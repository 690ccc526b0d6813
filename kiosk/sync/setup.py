"""Building the sync runner from the settings (shared by the app and `kiosk sync`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.config import EMAIL, SyncSettings
from kiosk.store import MessageStore
from kiosk.sync.email import EmailTarget
from kiosk.sync.runner import SyncRunner, Target
from kiosk.sync.targets import FolderTarget, WebhookTarget


def targets_from(settings: SyncSettings | None) -> list[Target]:
    if settings is None:
        return []
    found: list[Target] = []
    if settings.webhook_url:
        found.append(WebhookTarget(settings.webhook_url, settings.webhook_token,
                                   settings.webhook_secret, settings.webhook_timeout))
    if settings.folder:
        found.append(FolderTarget(Path(settings.folder).expanduser()))
    if settings.email:
        found.append(email_target(settings.email))
    return found


def email_target(section: dict[str, Any]) -> EmailTarget:
    """The e-mail target from a checked ``sync.email`` section (its defaults filled in)."""
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
