"""Kiosk Studio: the operators' side of the kiosk (making a deck without a text editor)."""
