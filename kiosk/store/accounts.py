"""Queries for staff accounts, device tokens and sessions."""
from __future__ import annotations


class AccountRecords:
    """Mixed into `Store` (it needs `Records._rows`, `_row`, `db` and `memo`)."""

    def user(self, username: str) -> dict | None:
        return self._row("SELECT * FROM users WHERE username = ?", [username])

    def user_by_id(self, user_id: int) -> dict | None:
        return self._row("SELECT * FROM users WHERE id = ?", [user_id])

    def users(self) -> list[dict]:
        return self._rows("SELECT * FROM users ORDER BY username")

    def save_user(self, user: dict) -> dict:
        existing = self.user(user["username"])
        if existing:
            self.db["users"].update(existing["id"], user)
            return {**existing, **user}
        user["id"] = self.db["users"].insert(user).last_pk
        return user

    def device(self, name: str) -> dict | None:
        return self._row("SELECT * FROM devices WHERE name = ?", [name])

    def device_by_token_hash(self, token_hash: str) -> dict | None:
        """An active device, from memory while the devices are unchanged (a revocation, here or
        by another process, is seen by the next request: kiosk/store/memo.py)."""
        known = self.memo.check().table("devices")
        device = known.get(token_hash)
        if device is None:
            device = self._row("SELECT * FROM devices WHERE token_hash = ? AND active = 1", [token_hash])
            if device is not None:
                known[token_hash] = device
        return device

    def devices(self) -> list[dict]:
        return self._rows("SELECT * FROM devices ORDER BY name")

    def save_device(self, device: dict) -> dict:
        existing = self.device(device["name"])
        if existing:
            self.db["devices"].update(existing["id"], device)
            return {**existing, **device}
        device["id"] = self.db["devices"].insert(device).last_pk
        return device

    def touch_device(self, device_id: int, at: str) -> None:
        self.db.execute("UPDATE devices SET last_seen = ? WHERE id = ?", [at, device_id])

    def save_session(self, session: dict) -> None:
        self.db["sessions"].insert(session, replace=True)

    def session(self, token_hash: str) -> dict | None:
        return self._row("SELECT * FROM sessions WHERE token_hash = ?", [token_hash])

    def delete_session(self, token_hash: str) -> None:
        self.db.execute("DELETE FROM sessions WHERE token_hash = ?", [token_hash])

    def delete_user_sessions(self, user_id: int) -> None:
        self.db.execute("DELETE FROM sessions WHERE user_id = ?", [user_id])
