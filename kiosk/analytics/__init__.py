"""What the booth learned: visits, proof of play and health, recorded without personal data,
and the reports made of them (one booth's, a fleet's). No Qt here."""
