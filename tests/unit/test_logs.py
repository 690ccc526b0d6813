"""The kiosk's log files stay bounded in size and number over days of running."""

from __future__ import annotations

import logging
import os
import stat
import sys
from pathlib import Path

import pytest

from kiosk.platform.logs import SizedLog


def _log(handler: logging.Handler, lines: int) -> None:
    logger = logging.Logger("sized")
    logger.addHandler(handler)
    for n in range(lines):
        logger.warning("line %04d %s", n, "x" * 40)


def test_a_full_log_starts_afresh_and_the_older_ones_are_kept_up_to_a_number(
        tmp_path: Path) -> None:
    path = tmp_path / "kiosk.log"
    handler = SizedLog(path, max_bytes=1000, backups=3)
    _log(handler, 200)  # ~50 bytes a line: ~10 files' worth
    handler.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["kiosk.log", "kiosk.log.1", "kiosk.log.2", "kiosk.log.3"]
    for name in names:
        assert (tmp_path / name).stat().st_size <= 1000 + 60  # one line past the bound at most
    newest = path.read_text().splitlines()
    assert newest[-1].startswith("line 0199")
    # each older file ends where the newer one begins: nothing lost between them
    last_of = {name: (tmp_path / name).read_text().splitlines()[-1] for name in names}
    first_of = {name: (tmp_path / name).read_text().splitlines()[0] for name in names}
    for older, newer in (("kiosk.log.1", "kiosk.log"), ("kiosk.log.2", "kiosk.log.1")):
        assert int(first_of[newer][5:9]) == int(last_of[older][5:9]) + 1


def test_an_existing_log_is_added_to(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.log"
    path.write_text("from the last run\n")
    handler = SizedLog(path)
    _log(handler, 1)
    handler.close()
    assert path.read_text().splitlines() == ["from the last run", f"line 0000 {'x' * 40}"]


@pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps no Unix file modes")
def test_every_log_file_is_for_this_account_only(tmp_path: Path) -> None:
    old = os.umask(0)  # the loosest a booth PC might run with
    try:
        path = tmp_path / "kiosk.log"
        path.write_text("from the last run\n")
        path.chmod(0o644)
        handler = SizedLog(path, max_bytes=1000, backups=2)
        _log(handler, 60)  # past the bound: a new file is started
        handler.close()
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
    assert modes == {"kiosk.log": 0o600, "kiosk.log.1": 0o600, "kiosk.log.2": 0o600}, modes
