"""Python's own ``import`` back after PySide6 is loaded.

PySide6 replaces ``builtins.__import__`` with a hook for its ``from __feature__ import ...``
switches (snake_case names, true properties). For every module imported after it, the hook
reads the module's source file to see whether it mentions PySide6, and keeps that source in
memory. The kiosk uses no feature switch, and most of its own modules are imported after
PySide6: some 66 files were read on the way to the first slide, 7-10 ms of imports (6 ms
sooner to the first slide, median of 21 starts) and ~5 MB of memory.
"""

from __future__ import annotations

import builtins


def plain_imports() -> bool:
    """Load PySide6, then give ``import`` back to Python; True if its hook was taken out."""
    import PySide6.QtCore  # noqa: F401  # (installs the hook, once)

    original = getattr(builtins, "__orig_import__", None)
    if original is None or builtins.__import__ is original:
        return False
    builtins.__import__ = original
    return True
