"""The computer the kiosk runs on: its folders, logs, clocks, drives, menu entries, starting
with it and not restarting in a loop. The bottom layer: it imports no other part. No Qt here."""
