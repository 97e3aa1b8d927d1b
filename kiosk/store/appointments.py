"""Queries for appointments (bookings) and for the tickets issued for them."""
from __future__ import annotations

from typing import Iterable

BOOKED = ("booked", "checked_in")     # the statuses that hold a place in a slot


class AppointmentRecords:
    """Mixed into `Store` (it needs `Records._rows`, `_row` and `_insert`)."""

    def insert_appointment(self, row: dict) -> dict:
        row["id"] = self._insert("appointments", row)
        return row

    def appointment_by_code(self, code: str) -> dict | None:
        return self._row("SELECT * FROM appointments WHERE code = ?", [code])

    def update_appointment(self, appointment_id: int, **fields) -> None:
        sets = ", ".join(f"{name} = ?" for name in fields)
        self.db.execute(f"UPDATE appointments SET {sets} WHERE id = ?", [*fields.values(), appointment_id])

    def booked_per_slot(self, day: str, service_id: str) -> dict[str, int]:
        rows = self._rows("SELECT slot, COUNT(*) AS n FROM appointments WHERE day = ? AND service_id = ? "
                          f"AND status IN {BOOKED} GROUP BY slot", [day, service_id])
        return {r["slot"]: r["n"] for r in rows}

    def bookings_for_phone(self, day: str, phone: str) -> int:
        return self._row("SELECT COUNT(*) AS n FROM appointments WHERE day = ? AND phone = ? "
                         f"AND status IN {BOOKED}", [day, phone])["n"]

    def appointments_between(self, day: str, first_slot: str, last_slot: str,
                             statuses: Iterable[str] = BOOKED) -> list[dict]:
        statuses = list(statuses)
        return self._rows(f"SELECT * FROM appointments WHERE day = ? AND slot >= ? AND slot <= ? "
                          f"AND status IN ({','.join('?' * len(statuses))}) ORDER BY slot, id",
                          [day, first_slot, last_slot, *statuses])

    def appointments_of_days(self, first_day: str, last_day: str) -> list[dict]:
        return self._rows("SELECT * FROM appointments WHERE day BETWEEN ? AND ? ORDER BY day, slot, id",
                          [first_day, last_day])

    def mark_missed(self, day: str, before_slot: str) -> int:
        """Booked, never checked in, and the on-time window is over: the place is free again."""
        return self.db.execute("UPDATE appointments SET status = 'missed' WHERE status = 'booked' "
                               "AND (day < ? OR (day = ? AND slot < ?))", [day, day, before_slot]).rowcount

    def erase_phones_before(self, day: str) -> int:
        return self.db.execute("UPDATE appointments SET phone = NULL WHERE day < ? AND phone IS NOT NULL",
                               [day]).rowcount

    # -- the calling order --------------------------------------------------------------
    def appointment_candidates(self, service_ids: Iterable[str], normal: list[dict]) -> list[dict]:
        """Beside the policy's candidates (`normal`: the oldest normal ticket of each service):
        the oldest waiting appointment ticket of each service, and where the oldest normal
        ticket is an appointment, the oldest walk-in behind it. One indexed LIMIT 1 each."""
        rows = []
        for service_id in dict.fromkeys(service_ids):
            rows += self._rows("SELECT * FROM tickets INDEXED BY idx_tickets_waiting_appointment "
                               "WHERE status = 'waiting' AND appointment = 1 AND priority IS NULL "
                               "AND service_id = ? ORDER BY issued_at, id LIMIT 1", [service_id])
            if any(t["service_id"] == service_id and t["appointment"] for t in normal):
                rows += self._rows("SELECT * FROM tickets INDEXED BY idx_tickets_waiting_normal "
                                   "WHERE status = 'waiting' AND priority IS NULL AND appointment = 0 "
                                   "AND service_id = ? ORDER BY issued_at, id LIMIT 1", [service_id])
        return rows

    def recent_calls_were_appointments(self, counter_id: int, day: str, limit: int) -> list[bool]:
        """The counter's last `limit` calls today, latest first: True for an appointment ticket."""
        rows = self._rows("SELECT appointment FROM tickets INDEXED BY idx_tickets_counter_calls WHERE counter_id = ? "
                          "AND called_at IS NOT NULL AND day = ? ORDER BY called_at DESC LIMIT ?",
                          [counter_id, day, limit])
        return [bool(r["appointment"]) for r in rows]

    def appointment_tickets_before(self, ticket: dict) -> int:
        """Waiting appointment tickets of the ticket's service checked in before it."""
        return self._row("SELECT COUNT(*) AS n FROM tickets INDEXED BY idx_tickets_waiting_appointment "
                         "WHERE status = 'waiting' AND appointment = 1 AND priority IS NULL AND service_id = ? "
                         "AND (issued_at < ? OR (issued_at = ? AND id < ?))",
                         [ticket["service_id"], ticket["issued_at"], ticket["issued_at"], ticket["id"]])["n"]

    def expected_appointment_holders(self, day: str, service_id: str, first_slot: str, last_slot: str) -> int:
        """Appointment tickets of the service waiting in the normal lane, plus bookings not yet
        checked in with a slot in [first_slot, last_slot]: one statement, two indexed counts."""
        return self._row("SELECT (SELECT COUNT(*) FROM tickets INDEXED BY idx_tickets_waiting_appointment "
                         "WHERE status = 'waiting' AND appointment = 1 AND priority IS NULL AND service_id = :service) "
                         "+ (SELECT COUNT(*) FROM appointments WHERE day = :day AND service_id = :service "
                         "AND slot >= :first AND slot <= :last AND status = 'booked') AS n",
                         {"service": service_id, "day": day, "first": first_slot, "last": last_slot})["n"]
