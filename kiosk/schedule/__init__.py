"""When a slide, a chapter or the booth itself is on: the rules, as people write and type
them. No Qt here."""
