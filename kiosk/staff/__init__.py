"""What staff have: the PIN and its lockout, the notices and the words of their screens.
No Qt here."""
