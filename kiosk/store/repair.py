"""The SQL of repairing the server from the kiosks' journals (kiosk/core/repair.py)."""
from __future__ import annotations

from kiosk.store import Store


def device_day_client_ids(store: Store, day: str, device: str) -> list[str]:
    """client_ids of the day's tickets a kiosk issued (online, or uploaded from offline)."""
    return [r["client_id"] for r in store._rows("SELECT client_id FROM tickets WHERE day = ? AND device = ?",
                                               [day, device])]


def holder_of_number(store: Store, day: str, service_id: str, number: int) -> dict | None:
    """The ticket holding a number of a service's range on a day (the unique index's key)."""
    return store._row("SELECT * FROM tickets WHERE day = ? AND issued_service_id = ? AND number = ?",
                      [day, service_id, number])


def highest_online_number(store: Store, day: str, service_id: str) -> int | None:
    """The highest number of the server's own series (not offline-issued) held on a day."""
    row = store._row("SELECT MAX(number) AS n FROM tickets WHERE day = ? AND issued_service_id = ? AND offline = 0",
                     [day, service_id])
    return row["n"]


def raise_sequence_above(store: Store, day: str, service_id: str, number: int) -> int:
    """Make the day's next number of a service at least number + 1 (never lower it); return it."""
    store.db.execute(
        "INSERT INTO sequences (day, service_id, next_number) VALUES (?, ?, ?) "
        "ON CONFLICT(day, service_id) DO UPDATE SET next_number = MAX(next_number, excluded.next_number)",
        [day, service_id, number + 1])
    return store.peek_next_number(day, service_id)
