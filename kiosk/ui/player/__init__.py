"""The slides: painting them off the GUI thread, playing them, reloading the deck."""
