"""Awareness kiosk: a fullscreen touchscreen kiosk for church and event booths."""

from importlib import metadata

try:
    __version__ = metadata.version("awareness-kiosk")
except metadata.PackageNotFoundError:  # running from a source checkout
    __version__ = "0.1.0"
