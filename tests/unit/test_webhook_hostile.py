"""The webhook's own hazards: a name lookup that hangs, and a signing secret that cannot be
one (a settings error with its line, never a traceback at each delivery)."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import pytest

from kiosk.messages.store import MessageStore
from kiosk.setup.config import load_settings
from kiosk.sync.from_settings import targets_from
from kiosk.sync.outbox import Outbox
from kiosk.sync.targets import Result, WebhookTarget, new_secret


def test_a_name_lookup_that_hangs_ends_at_the_deadline(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()

    def hanging(*_args: object, **_kwargs: object) -> list[object]:
        release.wait(6)  # a dead DNS server: far longer than the deadline
        raise socket.gaierror("no answer")

    store = MessageStore(tmp_path / "data", "booth-1")
    store.add({"message": "hope"})
    batch = Outbox(store).next_batch("webhook", 10)
    assert batch is not None
    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    begun = time.monotonic()
    try:
        outcome = WebhookTarget("https://hooks.office.invalid/in", timeout=0.5).deliver(
            batch, "booth-1")
    finally:
        release.set()
    took = time.monotonic() - begun
    assert took < 0.5 + 2.0  # a correctness bound, not a benchmark
    assert outcome.result is Result.RETRY and "name was not found in time" in outcome.detail


@pytest.mark.parametrize("secret", ["whsec_", "whsec_not base64!", "whsec_abcde",
                                    "whsec_c2VjcmV0-_"])
def test_a_whsec_secret_that_is_not_one_is_a_settings_error(secret: str,
                                                            tmp_path: Path) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text("sync:\n  webhook:\n    url: https://hooks.office.invalid/in\n"
                      f"    secret: '{secret}'\n", encoding="utf-8")
    settings, problems = load_settings(config)
    assert [(p.line, p.is_error) for p in problems] == [(4, True)]
    assert "whsec_" in problems[0].message and "base64" in problems[0].message
    assert targets_from(settings.sync) == []  # never used half-set: its messages wait


def test_a_good_whsec_secret_passes(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text("sync:\n  webhook:\n    url: https://hooks.office.invalid/in\n"
                      f"    secret: {new_secret()}\n", encoding="utf-8")
    settings, problems = load_settings(config)
    assert problems == [] and [t.name for t in targets_from(settings.sync)] == ["webhook"]


@pytest.mark.parametrize("section", [
    "  webhook:\n    url: https://hooks.office.invalid/in\n    secrt: whsec_abc\n",
    "  folder:\n    path: /tmp/somewhere\n    pth: /tmp/elsewhere\n"])
def test_a_way_out_with_any_error_is_not_used(section: str, tmp_path: Path) -> None:
    """A mistyped key (the secret not set, so nothing signed) is an error like any other."""
    config = tmp_path / "kiosk.yaml"
    config.write_text("sync:\n" + section, encoding="utf-8")
    settings, problems = load_settings(config)
    assert [(p.line, p.is_error) for p in problems] == [(4, True)]
    assert targets_from(settings.sync) == []


def test_a_whsec_secret_cut_short_is_a_settings_error(tmp_path: Path) -> None:
    """A 3-byte key is valid base64 and no secret at all (a paste cut short)."""
    config = tmp_path / "kiosk.yaml"
    config.write_text("sync:\n  webhook:\n    url: https://hooks.office.invalid/in\n"
                      "    secret: whsec_c2Vr\n", encoding="utf-8")
    settings, problems = load_settings(config)
    assert [(p.line, p.is_error) for p in problems] == [(4, True)]
    assert "too short" in problems[0].message and "c2Vr" not in problems[0].message
    assert targets_from(settings.sync) == []


@pytest.mark.parametrize("url", ["https://hooks.office.invalid/in\x07", "https://hooks.office"
                                 ".invalid/a b", "https://hooks.office.invalid/\u202ein"])
def test_an_address_with_invisible_characters_is_a_settings_error(url: str,
                                                                  tmp_path: Path) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text("sync:\n  webhook:\n    url: " + json.dumps(url) + "\n", encoding="utf-8")
    settings, problems = load_settings(config)
    assert [(p.line, p.is_error) for p in problems] == [(3, True)]
    assert targets_from(settings.sync) == []
