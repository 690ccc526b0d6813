"""Memory the kiosk gives back: glibc's allocator tuned for a program that makes and drops
whole-screen images on worker threads (Linux only; elsewhere nothing is changed).

By default glibc raises its mmap threshold each time a large block is freed, up to 32 MB, so
after the first slide every 8 MB frame comes from an arena's heap, and each worker thread
has an arena of its own: freed frames then stay in the process. A fixed threshold sends
every block of 1 MB or more to mmap (given back to the system when freed), and two arenas
are enough for a GUI thread and a few workers.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
MMAP_THRESHOLD = 1 << 20
ARENA_MAX = 2


def tune_allocator() -> bool:
    """Set the threshold and the arena cap (call before threads start); True if set."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter runs on
    except (OSError, AttributeError):  # musl and others: their own allocator, left alone
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    done = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(M_ARENA_MAX, ARENA_MAX))
    if not done:
        log.info("the allocator could not be tuned")
    return done


def give_back() -> None:
    """Return the heap's free memory to the system (glibc's malloc_trim): after start-up's
    imports and now and then while the loop plays. A no-op elsewhere."""
    if not sys.platform.startswith("linux"):
        return
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    trim(0)
