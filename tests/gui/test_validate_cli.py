"""`kiosk validate` (which measures text with Qt) exits 1 on an error and 0 otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.decks import write_deck


def test_validate_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                     ) -> None:
    from kiosk.cli import main

    good = write_deck(tmp_path / "good", "- {type: stat, figure: '1', label: one, source: un}\n")
    assert main(["validate", str(good)]) == 0
    bad = write_deck(tmp_path / "bad", "- {type: stat, figure: '1', label: one, source: xx}\n")
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "error: unknown source 'xx'" in out and "1 error(s)" in out
