"""Queries for ticket numbers: each day's run per service, and what the offline series and
the blocks of release 0.1 need to check a number."""
from __future__ import annotations


class NumberRecords:
    """Mixed into `Store` (it needs `Records._rows`, `_row` and `db`)."""

    def take_numbers(self, day: str, service_id: str, first_of_range: int, how_many: int) -> int:
        """Reserve `how_many` consecutive numbers for the day and service; return the first.
        Must run inside `write()`. One statement: the upsert returns the new next number."""
        return self.db.execute(
            "INSERT INTO sequences (day, service_id, next_number) VALUES (?, ?, ?) "
            "ON CONFLICT(day, service_id) DO UPDATE SET next_number = next_number + ? RETURNING next_number",
            [day, service_id, first_of_range + how_many, how_many]).fetchall()[0][0] - how_many

    def peek_next_number(self, day: str, service_id: str) -> int | None:
        row = self._row("SELECT next_number FROM sequences WHERE day = ? AND service_id = ?", [day, service_id])
        return row["next_number"] if row else None

    def highest_number(self, day: str, service_id: str, first: int, last: int) -> int | None:
        """The highest number between first and last issued by the service on the day."""
        row = self._row("SELECT MAX(number) AS n FROM tickets WHERE day = ? AND issued_service_id = ? "
                        "AND number BETWEEN ? AND ?", [day, service_id, first, last])
        return row["n"]

    def ticket_below(self, day: str, service_id: str, first: int, number: int) -> dict | None:
        """The ticket with the highest number in [first, number) issued by the service on the day."""
        return self._row("SELECT * FROM tickets WHERE day = ? AND issued_service_id = ? AND number >= ? AND number < ? "
                         "ORDER BY number DESC LIMIT 1", [day, service_id, first, number])

    def block_holding(self, day: str, service_id: str, number: int, device: str) -> dict | None:
        """A block leased to `device` before offline series existed (release 0.1) holding the number."""
        return self._row("SELECT * FROM number_blocks WHERE day = ? AND service_id = ? AND first <= ? AND last >= ? "
                         "AND device = ?", [day, service_id, number, number, device])

    def kiosk_slots(self) -> dict[int, dict]:
        """Devices holding a kiosk slot, by slot."""
        return {r["slot"]: r for r in self._rows("SELECT * FROM devices WHERE slot IS NOT NULL")}
