"""What waits to be delivered: batches per target, their answers, and who is sending now.

The messages live in the store; this module keeps their delivery state in the same database,
so that the kiosk and `kiosk sync` (or several of them) coordinate through it. No Qt here.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.messages.store import COLUMNS, Message, MessageStore, message_from_row, utc_now


@dataclass(frozen=True)
class Batch:
    """Messages sent together to one target; resent as the same batch until it is answered."""

    id: str
    target: str
    created_at: str
    attempts: int
    messages: list[Message]


class Outbox:
    """Delivery state in ``store``'s database. Every call is one transaction or one read."""

    def __init__(self, store: MessageStore) -> None:
        self.store = store

    # ---------------------------------------------------------------- who sends
    def take_lease(self, target: str, holder: str, seconds: float,
                   now: float | Callable[[], float]) -> bool:
        """Become the one sender to ``target`` until ``now + seconds`` (or renew it); False
        while another holder's lease runs. A killed sender's lease simply expires; one that
        ends further ahead than a whole lease is stale (taken while the clock was wrong, or
        before it was set back) and is taken over at once. Give ``now`` as the wall clock
        itself: it is then read inside the transaction, after any lease another sender
        wrote, so a lease just taken is never mistaken for one from the future."""
        with self.store.transaction() as db:
            if callable(now):
                now = now()
            row = db.execute("SELECT holder, expires FROM sync_leases WHERE target = ?",
                             (target,)).fetchone()
            if row is not None and row[0] != holder and now < row[1] <= now + seconds:
                return False
            db.execute("INSERT OR REPLACE INTO sync_leases (target, holder, expires)"
                       " VALUES (?, ?, ?)", (target, holder, now + seconds))
        return True

    def release_lease(self, target: str, holder: str) -> None:
        with self.store.transaction() as db:
            db.execute("DELETE FROM sync_leases WHERE target = ? AND holder = ?",
                       (target, holder))

    # ---------------------------------------------------------------- batches
    def next_batch(self, target: str, size: int) -> Batch | None:
        """The batch to send to ``target``: the one still waiting for an answer, else a new one
        of up to ``size`` messages not yet batched for it; None when nothing waits. One
        transaction, so two senders never batch the same message twice."""
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT id, created_at, attempts FROM batches WHERE target = ? AND state ="
                " 'pending' ORDER BY created_at, id LIMIT 1", (target,)).fetchone()
            if row is None:
                seqs = [r[0] for r in db.execute(
                    "SELECT seq FROM messages WHERE seq NOT IN (SELECT message_seq FROM"
                    " batch_messages WHERE target = ?) ORDER BY seq LIMIT ?", (target, size))]
                if not seqs:
                    return None
                row = (str(uuid.uuid4()), utc_now(), 0)
                db.execute("INSERT INTO batches (id, target, created_at) VALUES (?, ?, ?)",
                           (row[0], target, row[1]))
                db.executemany("INSERT INTO batch_messages (target, message_seq, batch_id)"
                               " VALUES (?, ?, ?)", [(target, seq, row[0]) for seq in seqs])
            rows = db.execute(f"SELECT {COLUMNS} FROM messages WHERE seq IN (SELECT message_seq"
                              " FROM batch_messages WHERE batch_id = ?) ORDER BY seq",
                              (row[0],)).fetchall()
        return Batch(row[0], target, row[1], row[2], [message_from_row(r) for r in rows])

    def delivered(self, batch_id: str) -> None:
        self.store.write([
            ("UPDATE batches SET state = 'delivered', delivered_at = ?, attempts = attempts + 1"
             " WHERE id = ?", (utc_now(), batch_id)),
            ("UPDATE messages SET sync_state = 'synced' WHERE seq IN (SELECT message_seq FROM"
             " batch_messages WHERE batch_id = ?)", (batch_id,)),
        ])

    def failed(self, batch_id: str, answer: str) -> None:
        """A try that may succeed later: the batch stays as it is, to be sent again."""
        self.store.write([("UPDATE batches SET attempts = attempts + 1, answer = ? WHERE id = ?",
                            (answer, batch_id))])

    def rejected(self, batch_id: str, answer: str) -> None:
        """The receiver refused the batch: held (never deleted) until staff retry it."""
        self.store.write([
            ("UPDATE batches SET state = 'rejected', answer = ?, attempts = attempts + 1"
             " WHERE id = ? AND state = 'pending'", (answer, batch_id)),
            ("UPDATE messages SET sync_state = 'rejected' WHERE sync_state = 'pending' AND seq"
             " IN (SELECT message_seq FROM batch_messages WHERE batch_id = ?)", (batch_id,)),
        ])

    def retry_rejected(self, target: str | None = None) -> int:
        """Send refused batches again (staff asked to); returns how many batches."""
        where, args = ("", ()) if target is None else (" AND target = ?", (target,))
        with self.store.transaction() as db:
            count = int(db.execute("SELECT COUNT(*) FROM batches WHERE state = 'rejected'"
                                   + where, args).fetchone()[0])
            db.execute(
                "UPDATE messages SET sync_state = 'pending' WHERE sync_state = 'rejected' AND seq"
                " IN (SELECT message_seq FROM batch_messages JOIN batches ON batches.id ="
                " batch_messages.batch_id WHERE batches.state = 'rejected'"
                + where.replace("target", "batches.target") + ")", args)
            db.execute("UPDATE batches SET state = 'pending' WHERE state = 'rejected'" + where,
                       args)
        return count

    # ---------------------------------------------------------------- for staff
    def counts(self, target: str) -> dict[str, int]:
        """Messages delivered to ``target``, refused by it, and still waiting for it."""
        rows = dict(self.store.read(
            "SELECT batches.state, COUNT(*) FROM batch_messages JOIN batches ON batches.id ="
            " batch_messages.batch_id WHERE batches.target = ? GROUP BY batches.state",
            (target,)))
        total = self.store.count()
        delivered, rejected = rows.get("delivered", 0), rows.get("rejected", 0)
        return {"delivered": delivered, "rejected": rejected,
                "pending": total - delivered - rejected}

    def last_delivered(self, target: str) -> str | None:
        """When ``target`` last took a batch (UTC ISO 8601), whoever sent it."""
        rows = self.store.read("SELECT max(delivered_at) FROM batches WHERE target = ? AND"
                               " state = 'delivered'", (target,))
        return str(rows[0][0]) if rows and rows[0][0] else None

    def rejected_batches(self, target: str) -> list[tuple[str, str]]:
        """(batch id, the receiver's answer) for each batch ``target`` refused."""
        return [(r[0], r[1] or "") for r in self.store.read(
            "SELECT id, answer FROM batches WHERE target = ? AND state = 'rejected'"
            " ORDER BY created_at", (target,))]

    # ---------------------------------------------------------------- a target split in several
    def adopt(self, old: str, new: list[str]) -> int:
        """``old`` became the targets ``new`` (one e-mail target a recipient, where there was
        one for all): for each of them that has no batch yet, what ``old`` delivered or had
        refused counts the same (a copy of each such batch, its state and answer kept), so
        no message goes twice and a refusal stays held. ``old``'s rows are then kept under a
        retired name, so this happens once. Returns how many batches were copied."""
        copied = 0
        with self.store.transaction() as db:
            if db.execute("SELECT 1 FROM batches WHERE target = ? LIMIT 1",
                          (old,)).fetchone() is None:
                return 0
            answered = db.execute(
                "SELECT id, created_at, state, attempts, answer, delivered_at FROM batches"
                " WHERE target = ? AND state IN ('delivered', 'rejected') ORDER BY created_at,"
                " id", (old,)).fetchall()
            for target in new:
                if db.execute("SELECT 1 FROM batch_messages WHERE target = ? LIMIT 1",
                              (target,)).fetchone() is not None:
                    continue  # it has a history of its own already
                for batch_id, *kept in answered:
                    copy = str(uuid.uuid4())
                    db.execute("INSERT INTO batches (id, target, created_at, state, attempts,"
                               " answer, delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               (copy, target, *kept))
                    db.execute("INSERT INTO batch_messages (target, message_seq, batch_id)"
                               " SELECT ?, message_seq, ? FROM batch_messages WHERE"
                               " batch_id = ?", (target, copy, batch_id))
                    copied += 1
            retired = f"{old} (retired)"
            db.execute("UPDATE batch_messages SET target = ? WHERE target = ?", (retired, old))
            db.execute("UPDATE batches SET target = ? WHERE target = ?", (retired, old))
        return copied
