"""`kiosk validate` notes the slides whose text was drawn smaller so that a long word fits."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.decks import line_of
from tests.gui.test_text_fit import LONG_ADDRESS, text_deck


def test_validate_notes_a_step_down_with_its_language_and_line(
        kiosk_app, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from kiosk.cli import main

    folder = text_deck(tmp_path / "d", LONG_ADDRESS)
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    line = line_of(folder, 'km: "www')
    assert f"deck.yaml:{line}:" in out and ": note: in 'km': at 1080x1920" in out
    assert "0 warning(s), 1 note(s)" in out
