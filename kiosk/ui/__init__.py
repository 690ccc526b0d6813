"""The kiosk's window and what it shows: painting slides, the player, the visitor's screens,
the staff's, and the app around them (Kiosk Studio, which builds on it, is kiosk.studio)."""
