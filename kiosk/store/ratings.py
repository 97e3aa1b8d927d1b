"""Queries for the satisfaction ratings."""
from __future__ import annotations


class RatingRecords:
    """Mixed into `Store` (it needs `Records._rows`, `_row` and `db`)."""

    def rating_for(self, ticket_id: int) -> dict | None:
        return self._row("SELECT * FROM ratings WHERE ticket_id = ?", [ticket_id])

    def insert_rating(self, rating: dict) -> dict | None:
        """Store a ticket's rating; None when the ticket already has one (the unique index decides)."""
        columns = ", ".join(rating)
        cursor = self.db.execute(f"INSERT OR IGNORE INTO ratings ({columns}) VALUES ({','.join('?' * len(rating))})",
                                 list(rating.values()))
        if cursor.rowcount != 1:
            return None
        return {**rating, "id": cursor.lastrowid}

    def set_rating_reason(self, ticket_id: int, reason: str, at: str) -> bool:
        """Add the reason to a rating that has none yet."""
        return self.db.execute("UPDATE ratings SET reason = ?, reason_at = ? WHERE ticket_id = ? AND reason IS NULL",
                               [reason, at, ticket_id]).rowcount == 1
