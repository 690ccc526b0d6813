"""kiosk.yaml's formats: its upgrade steps, oldest first, and the first kiosk version that
reads each format (how they are applied: :mod:`kiosk.content.formats`). No Qt here."""

from __future__ import annotations

from kiosk.content.formats import FileFormat

#: No step yet: every settings file so far is format 1.
SETTINGS_FORMAT = FileFormat("settings", "This settings file", steps=[],
                             first_kiosk={1: "0.1.0"})
