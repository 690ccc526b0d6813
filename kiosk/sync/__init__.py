"""Delivering messages to the organisation: targets, backoff and the runner. No Qt here."""
