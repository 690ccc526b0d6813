"""Awareness kiosk: a fullscreen touchscreen kiosk for church and event booths."""

__version__ = "0.1.0"  # the one place the version is written (pyproject.toml reads it)

#: The exit code with which the staff panel's Restart asks `kiosk` to start itself again.
RESTART = 3
