"""Everything that needs Qt: painting slides, the player, the window, the app set-up."""
