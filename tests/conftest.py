"""Test set-up: every Qt test draws offscreen, with the kiosk's own fonts."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import
os.environ.pop("KIOSK_CONTENT", None)

import pytest


@pytest.fixture
def kiosk_app(qapp):  # type: ignore[no-untyped-def]
    """The QApplication with the bundled fonts loaded."""
    from kiosk.ui.app import application

    return application(headless=True)
