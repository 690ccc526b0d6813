"""A visitor at the screen: the session and when the kiosk takes over again, taps and swipes,
the message form's rules, the on-screen keyboards, and the kiosk's own words. No Qt here."""
