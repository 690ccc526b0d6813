"""A booth's settings (kiosk.yaml and its formats) and its set-up on a USB stick: what it
carries, sealed with the staff PIN, and said in plain words. No Qt here."""
