"""What the kiosk keeps to work alone: its offline number series and its copy of the catalogue
(mixed into Journal, kiosk/sync/journal.py; it needs `Records._rows`, `_row` and `db`)."""
from __future__ import annotations

import json


class JournalCache:
    # -- offline series (one row per service and day) -----------------------------------
    def ensure_series(self, service_id: str, day: str, first: int, last: int, next_at_least: int | None = None) -> None:
        """Today's series of a service: created on first use; `next` never goes back, and
        rises to `next_at_least` (what the server has seen). A changed series starts over."""
        start = max(first, next_at_least or first)
        with self.write():
            row = self._row("SELECT * FROM blocks WHERE service_id = ? AND day = ?", [service_id, day])
            if row is None:
                self.db.execute("INSERT INTO blocks (service_id, day, first, last, next, leased_at) "
                                "VALUES (?, ?, ?, ?, ?, ?)", [service_id, day, first, last, start, day])
            elif (row["first"], row["last"]) != (first, last):
                self.db.execute("UPDATE blocks SET first = ?, last = ?, next = ? WHERE id = ?",
                                [first, last, start, row["id"]])
            elif start > row["next"]:
                self.db.execute("UPDATE blocks SET next = ? WHERE id = ?", [start, row["id"]])

    def has_series(self, service_id: str, day: str) -> bool:
        return self._row("SELECT 1 AS x FROM blocks WHERE service_id = ? AND day = ?", [service_id, day]) is not None

    def drop_stale_blocks(self, today: str) -> int:
        """Blocks of another day are void (numbers restart daily; the server refuses them)."""
        return self.db.execute("DELETE FROM blocks WHERE day != ?", [today]).rowcount

    def drop_all_blocks(self) -> int:
        return self.db.execute("DELETE FROM blocks").rowcount

    def numbers_left(self, service_id: str, day: str) -> int:
        row = self._row("SELECT COALESCE(SUM(last - next + 1), 0) AS n FROM blocks "
                        "WHERE service_id = ? AND day = ? AND next <= last", [service_id, day])
        return row["n"]

    def numbers_left_by_service(self, day: str) -> dict[str, int]:
        rows = self._rows("SELECT service_id, SUM(last - next + 1) AS n FROM blocks WHERE day = ? AND next <= last "
                          "GROUP BY service_id ORDER BY service_id", [day])
        return {r["service_id"]: r["n"] for r in rows}

    def blocks(self) -> list[dict]:
        return self._rows("SELECT * FROM blocks ORDER BY service_id, first")

    # -- catalogue cache ----------------------------------------------------------------
    def save_catalogue(self, procedures: list[dict], services: list[dict], counters: list[dict],
                       version: str | None) -> None:
        with self.write():
            for table in ("procedures", "services", "counters"):
                self.db.execute(f"DELETE FROM {table}")
            for record in procedures:
                self.db.execute("INSERT INTO procedures (code, service, active, data) VALUES (?, ?, ?, ?)",
                                [str(record["code"]), record.get("service"), int(bool(record.get("active", True))),
                                 json.dumps(record, ensure_ascii=False)])
            for service in services:
                self.db.execute("INSERT INTO services (id, data) VALUES (?, ?)",
                                [service["id"], json.dumps(service, ensure_ascii=False)])
            for counter in counters:
                self.db.execute("INSERT INTO counters (id, data) VALUES (?, ?)",
                                [counter["id"], json.dumps(counter, ensure_ascii=False)])
            self.set_meta("catalogue_version", version or "")

    def procedures(self) -> list[dict]:
        return [json.loads(r["data"]) for r in self._rows("SELECT data FROM procedures WHERE active = 1")]

    def procedure(self, code: str) -> dict | None:
        row = self._row("SELECT data FROM procedures WHERE code = ? AND active = 1", [code])
        return json.loads(row["data"]) if row else None

    def services(self) -> list[dict]:
        return [json.loads(r["data"]) for r in self._rows("SELECT data FROM services ORDER BY id")]

    def service(self, service_id: str) -> dict | None:
        row = self._row("SELECT data FROM services WHERE id = ?", [service_id])
        return json.loads(row["data"]) if row else None

    def counters(self) -> list[dict]:
        return [json.loads(r["data"]) for r in self._rows("SELECT data FROM counters ORDER BY id")]
