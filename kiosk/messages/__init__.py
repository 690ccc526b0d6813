"""The visitors' messages: what one is, the store that keeps them durable (its schema and
every SQL statement on its tables), and the exports that get them out. No Qt here."""
