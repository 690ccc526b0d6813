"""Tests of the Qt-free core: no display, no Qt (they also run where PySide6 is not installed)."""
