"""The way out: delivering messages to the organisation (the outbox, its targets, backoff and
the runner), a fleet's messages and health collected at the office, the alerts that watch
them, and the keys that sign them. No Qt here."""
