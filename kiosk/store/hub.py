"""What the centre keeps about the province hub: the catalogue base and the open conflicts
(migration _m016_hub), and the reads the pusher makes. Functions over a Store."""
from __future__ import annotations

import json
from typing import Iterable

from kiosk.store import Store


def offline_issue_times(store: Store, ticket_ids: Iterable[int]) -> dict[int, str]:
    """The citizen's own issue time of the offline tickets among `ticket_ids` (their issue
    events are logged on upload, later), as the centre's own report uses it."""
    ids = list(ticket_ids)
    if not ids:
        return {}
    rows = store.db.execute(f"SELECT id, coalesce(original_issued_at, issued_at) FROM tickets WHERE offline = 1 "
                            f"AND id IN ({','.join('?' * len(ids))})", ids).fetchall()
    return dict(rows)


def catalogue_base(store: Store, code: str) -> dict | None:
    row = store.db.execute("SELECT base FROM hub_catalogue WHERE code = ?", [code]).fetchone()
    return json.loads(row[0]) if row else None


def save_catalogue_base(store: Store, code: str, record: dict, version: int) -> None:
    store.db.execute("INSERT INTO hub_catalogue (code, base, version) VALUES (?, ?, ?) ON CONFLICT (code) "
                     "DO UPDATE SET base = excluded.base, version = excluded.version",
                     [code, json.dumps(record, ensure_ascii=False), version])


def open_conflict(store: Store, code: str, field: str, local, hub, version: int, at: str) -> None:
    """Record (or refresh) the open conflict on `code`'s `field`."""
    store.db.execute("DELETE FROM hub_conflicts WHERE code = ? AND field = ? AND resolved_at IS NULL", [code, field])
    store.db.execute("INSERT INTO hub_conflicts (code, field, local, hub, version, at) VALUES (?, ?, ?, ?, ?, ?)",
                     [code, field, json.dumps(local, ensure_ascii=False), json.dumps(hub, ensure_ascii=False),
                      version, at])


def open_conflicts(store: Store) -> list[dict]:
    rows = store.db.execute("SELECT id, code, field, local, hub, version, at FROM hub_conflicts "
                            "WHERE resolved_at IS NULL ORDER BY code, field").fetchall()
    return [{"id": r[0], "code": r[1], "field": r[2], "local": json.loads(r[3]), "hub": json.loads(r[4]),
             "version": r[5], "at": r[6]} for r in rows]


def resolve_conflict(store: Store, conflict_id: int, resolution: str, at: str) -> bool:
    return store.db.execute("UPDATE hub_conflicts SET resolved_at = ?, resolution = ? WHERE id = ? "
                            "AND resolved_at IS NULL", [at, resolution, conflict_id]).rowcount == 1
