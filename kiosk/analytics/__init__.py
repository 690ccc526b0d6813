"""What the booth learned: visits, proof of play and health, recorded without personal data.
No Qt here."""
