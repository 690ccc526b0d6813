"""The command line where a newcomer meets its rough edges."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("args", [["schema"], ["schema", "--form"]])
def test_a_reader_that_stops_early_ends_the_output_quietly(args: list[str]) -> None:
    """`kiosk schema | head`: the reader is gone before the schema is written."""
    kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", *args], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    assert kiosk.stdout is not None and kiosk.stderr is not None
    kiosk.stdout.close()
    said = kiosk.stderr.read().decode()
    kiosk.stderr.close()
    assert kiosk.wait(60) == 0
    assert "Traceback" not in said and "BrokenPipe" not in said
