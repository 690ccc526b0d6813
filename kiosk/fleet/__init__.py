"""The fleet: one synced folder shared by the office and every booth. The office publishes
signed, versioned packages of a deck into it (:mod:`kiosk.fleet.office`); each booth finds
the newest one meant for it, waits until every file has arrived whole, checks it
(:mod:`kiosk.fleet.booth`) and installs it into its own store (:mod:`kiosk.fleet.store`).
No Qt here."""
