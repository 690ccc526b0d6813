"""Keeping the screen awake really starts its program (the tests elsewhere fake it)."""

from __future__ import annotations

import shutil

import pytest

from kiosk.ui.platform.keep_awake import _detached


@pytest.mark.skipif(shutil.which("true") is None, reason="needs the `true` program")
def test_a_program_started_and_left_says_it_started(kiosk_app) -> None:  # type: ignore[no-untyped-def]
    """(PySide6 6.11 answers a bool where 6.12 answers (bool, pid): xset was never run.)"""
    assert _detached("true", []) is True
    assert _detached("no-such-program-here", []) is False
