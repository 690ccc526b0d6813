"""The visitors' messages: what one is, the store that keeps them durable (its tables and
the one connection every other part writes them through: the outbox in kiosk.sync queries
them inside the store's transactions), and the exports that get them out. No Qt here."""
