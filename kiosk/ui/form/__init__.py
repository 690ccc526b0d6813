"""The message form: its keyboard, saving off the GUI thread, the thank-you."""
