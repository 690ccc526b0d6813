"""The booth's side of a fleet: it looks for newly published slides, plays them at a quiet
moment, says in its status file what it plays, and leaves a small picture of its screen for
the office."""
