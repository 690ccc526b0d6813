"""A visitor at the window: the journey that ties the screens to the session, swipes turned
into slides, and the guard against keys, pointers and the staff corner."""
