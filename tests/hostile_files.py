"""Files that are not what their names say, for the tests that put them where the kiosk reads
content: each maker turns ``file`` into one and says what the kiosk should call it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

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
