"""pygal, imported once, without the import hook it leaves behind.

pygal appends an old-style finder to ``sys.meta_path`` for its map plugins (which the report
does not use); every failed import after it then raises an ImportWarning. It is taken out as
soon as pygal is imported. No Qt here."""

from __future__ import annotations

import sys

import pygal
from pygal.style import Style

sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]

__all__ = ["Style", "pygal"]
