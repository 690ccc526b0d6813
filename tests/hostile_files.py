"""Files that are not what their names say, for the tests that put them where the kiosk reads
content: each maker turns ``file`` into one and says what the kiosk should call it."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.decks import ROOT

#: For a device node: only root may make one.
as_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                             reason="making a device node (mknod) needs root; the pipe and "
                                    "the link to /dev/zero cover the same refusal without it")


def link_to_dev_zero(file: Path) -> str:
    file.symlink_to("/dev/zero")
    return "a device"


def named_pipe(file: Path) -> str:
    os.mkfifo(file)
    return "a named pipe"


def device_node(file: Path) -> str:
    os.mknod(file, stat.S_IFCHR | 0o644, os.makedev(1, 5))  # the same device as /dev/zero
    return "a device"


#: Each kind once, the device only where it can be made.
HOSTILE = [link_to_dev_zero, named_pipe, pytest.param(device_node, marks=as_root)]


#: A child's deadline: loading a deck or reading a fleet folder takes well under a second.
DEADLINE_S = 60
#: A child's address space: far above what the kiosk needs, far below a disaster.
MEMORY_CAP = 1 << 30


def run_bounded(*args: str) -> subprocess.CompletedProcess[str]:
    """``python args...`` in a child with at most MEMORY_CAP of address space and DEADLINE_S
    seconds, so that a regression fails the test instead of hanging it or filling the
    machine's memory; a child that does not finish in time fails the test."""
    def limited() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        return subprocess.run([sys.executable, *args], text=True, capture_output=True,
                              timeout=DEADLINE_S, env=env, preexec_fn=limited)
    except subprocess.TimeoutExpired:
        pytest.fail(f"not finished in {DEADLINE_S} s: a file was waited on (or read) without end")
