"""Staff mode: the PIN pad, the panel and its actions, background sync."""
