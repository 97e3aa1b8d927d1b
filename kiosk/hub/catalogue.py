"""The province catalogue: edited once on the hub, pulled by the centres by version.

Only the fields the province decides travel (HUB_FIELDS); which of its services a centre
serves a procedure at, and whether its kiosk lists it as most requested, stay the centre's.
Every saved record takes the next value of the `catalogue_version` sequence, so a centre asks
for `since=<the last version it applied>` and gets exactly what changed after.
"""
from __future__ import annotations

from psycopg.types.json import Jsonb

from kiosk.admin.records import canonical, clean, problems_for

HUB_FIELDS = ("name", "official_name", "name_en", "field", "level", "documents", "processing_time",
              "processing_time_en", "fee", "fee_en", "fee_other", "guidance", "guidance_en", "formality_id",
              "source", "active")
LOCAL_FIELDS = ("service", "most_requested")


def hub_record(data: dict) -> dict:
    """The province's part of a procedure record, canonical (defaults filled in)."""
    record = canonical(clean(data))
    return {"code": record["code"], **{key: record[key] for key in HUB_FIELDS}}


def problems(code: str, data) -> list[dict]:
    if not isinstance(data, dict):
        return [{"field": None, "reason": "the body must be a JSON object", "message": "Dữ liệu không hợp lệ."}]
    record = canonical(clean({**data, "code": code, "service": "X"}))
    # The service is each centre's own choice: any placeholder passes here.
    return [p for p in problems_for(record, ["X"]) if p["field"] not in LOCAL_FIELDS]


def save(conn, code: str, data: dict, actor: str) -> dict:
    """Merge `data` into the stored record of `code` (or start one) and give it a new version."""
    with conn.transaction():
        row = conn.execute("SELECT record FROM procedures WHERE code = %s FOR UPDATE", [code]).fetchone()
        record = hub_record({**(row["record"] if row else {}), **data, "code": code})
        version = conn.execute("SELECT nextval('catalogue_version') AS v").fetchone()["v"]
        conn.execute("""INSERT INTO procedures (code, record, version, updated_by) VALUES (%s, %s, %s, %s)
                        ON CONFLICT (code) DO UPDATE SET record = EXCLUDED.record, version = EXCLUDED.version,
                        updated_at = now(), updated_by = EXCLUDED.updated_by""", [code, Jsonb(record), version, actor])
    return {**record, "version": version}


def load(conn, records: list[dict], actor: str) -> int:
    """Seed or refresh many procedures (e.g. assets/procedures.json); returns how many."""
    for record in records:
        save(conn, str(record["code"]), record, actor)
    return len(records)


def changes_since(conn, since: int) -> dict:
    rows = conn.execute("SELECT record, version FROM procedures WHERE version > %s ORDER BY version",
                        [since]).fetchall()
    current = conn.execute("SELECT coalesce(max(version), 0) AS v FROM procedures").fetchone()["v"]
    return {"version": current, "procedures": [{**row["record"], "version": row["version"]} for row in rows]}


def get(conn, code: str) -> dict | None:
    row = conn.execute("SELECT record, version FROM procedures WHERE code = %s", [code]).fetchone()
    return {**row["record"], "version": row["version"]} if row else None
