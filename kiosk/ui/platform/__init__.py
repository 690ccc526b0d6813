"""What the operating system is asked for: a screen kept awake, errors survived, cycles
collected on the GUI thread."""
