"""Queries for pairing codes, device heartbeats and tickets held for review."""
from __future__ import annotations

import json


class DeviceRecords:
    """Mixed into `Store` (it needs `Records._rows`, `_row` and `db`)."""

    def revoked_device_by_token_hash(self, token_hash: str) -> dict | None:
        return self._row("SELECT * FROM devices WHERE token_hash = ? AND active = 0", [token_hash])

    def add_pairing_code(self, code: dict) -> dict:
        code["id"] = self.db["pairing_codes"].insert(code).last_pk
        return code

    def pairing_codes_since(self, expired_after: str) -> list[dict]:
        """Codes that were still valid at `expired_after` or later (used ones included)."""
        return self._rows("SELECT * FROM pairing_codes WHERE expires_at >= ? ORDER BY id", [expired_after])

    def use_pairing_code(self, code_id: int, at: str) -> bool:
        """Mark a code used; False when it already was (two exchanges at once: one wins)."""
        cursor = self.db.execute("UPDATE pairing_codes SET used_at = ? WHERE id = ? AND used_at IS NULL", [at, code_id])
        return cursor.rowcount == 1

    def drop_pairing_codes(self, device: str) -> None:
        """A new code for a device voids its earlier unused ones."""
        self.db.execute("DELETE FROM pairing_codes WHERE device = ? AND used_at IS NULL", [device])

    def save_device_status(self, device_id: int, status: dict, at: str) -> None:
        self.db.execute("UPDATE devices SET status = ?, status_at = ?, last_seen = ? WHERE id = ?",
                        [json.dumps(status, ensure_ascii=False), at, at, device_id])

    def flag_for_review(self, ticket_id: int, reason: str) -> None:
        self.db.execute("UPDATE tickets SET review = ? WHERE id = ?", [reason, ticket_id])

    def tickets_for_review(self, day: str) -> list[dict]:
        return self._rows("SELECT id, number, service_id, device, issued_at, review FROM tickets "
                          "WHERE day = ? AND review IS NOT NULL ORDER BY issued_at", [day])
