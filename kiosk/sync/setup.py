"""Building the sync runner from the settings (shared by the app and `kiosk sync`)."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import SyncSettings
from kiosk.store import MessageStore
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
    return found


def runner_from(settings: SyncSettings | None, store: MessageStore, kiosk_id: str
                ) -> SyncRunner | None:
    """None when no target is set: the messages then simply wait for an export."""
    targets = targets_from(settings)
    if not targets:
        return None
    assert settings is not None
    return SyncRunner(store, targets, kiosk_id, settings.batch_size, settings.backoff_cap)
