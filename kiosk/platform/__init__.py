"""The computer the kiosk runs on: its folders, logs, clocks, drives, menu entries, starting
with it and not restarting in a loop. Below everything but kiosk.files. No Qt here."""
