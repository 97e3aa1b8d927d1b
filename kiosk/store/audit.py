"""Queries for the admin's audit log and the kiosk settings."""
from __future__ import annotations

import json


class AuditRecords:
    """Mixed into `Store` (it needs `Records._rows`, `_insert_many` and `db`)."""

    def add_audit(self, entry: dict) -> dict:
        entry = dict(entry)
        for column in ("before", "after"):
            if not isinstance(entry.get(column), (str, type(None))):
                entry[column] = json.dumps(entry[column], ensure_ascii=False, sort_keys=True)
        entry["id"] = self.db["audit"].insert(entry).last_pk
        return entry

    def add_audits(self, entries: list[dict]) -> None:
        rows = [{**e, **{c: json.dumps(e[c], ensure_ascii=False, sort_keys=True)
                         for c in ("before", "after") if not isinstance(e.get(c), (str, type(None)))}}
                for e in entries]
        if rows:
            self._insert_many("audit", rows)

    def audit_entries(self, actor: str | None = None, entity: str | None = None, entity_id: str | None = None,
                      action: str | None = None, since: str | None = None, until: str | None = None,
                      text: str | None = None, limit: int = 200, before_id: int | None = None) -> list[dict]:
        """Newest first. `text` matches inside the summary or the before/after JSON; `until` is exclusive."""
        where, params = [], []
        for column, value in (("actor", actor), ("entity", entity), ("entity_id", entity_id), ("action", action)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        if since:
            where.append("at >= ?")
            params.append(since)
        if until:
            where.append("at < ?")
            params.append(until)
        if before_id:
            where.append("id < ?")
            params.append(before_id)
        if text:
            where.append("(summary LIKE ? OR before LIKE ? OR after LIKE ? OR entity_id LIKE ?)")
            params += [f"%{text}%"] * 4
        sql = "SELECT * FROM audit" + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY id DESC LIMIT ?"
        rows = self._rows(sql, [*params, limit])
        for row in rows:
            for column in ("before", "after"):
                if isinstance(row[column], str):
                    row[column] = json.loads(row[column])
        return rows

    def audit_actors(self) -> list[str]:
        return [r["actor"] for r in self._rows("SELECT DISTINCT actor FROM audit WHERE actor IS NOT NULL ORDER BY actor")]

    def settings(self) -> dict:
        return {r["key"]: json.loads(r["value"]) for r in self._rows("SELECT key, value FROM settings")}

    def save_setting(self, key: str, value, at: str, by: str | None) -> None:
        self.db.execute("INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
                        "updated_by = excluded.updated_by", [key, json.dumps(value, ensure_ascii=False), at, by])
