"""The province voice pack: a province admin uploads the zip the local "Giọng đọc" studio
exports (kiosk/voice/pack.py); each upload takes the next `voice_pack_version`, and a centre
asks for `since=<the version it installed>`, then fetches the zip of the newer one.

The zip is checked whole here with the same reader a centre's own import uses, so a bad pack
is refused to the province admin at once, not at 168 centres later."""
from __future__ import annotations

from psycopg.types.json import Jsonb

from kiosk.voice.pack import PackError, read_pack_zip


def upload(conn, data: bytes, actor: str) -> dict:
    """Store a pack zip as the next version; PackError for anything but a pack."""
    manifest, _ = read_pack_zip(data)
    with conn.transaction():
        version = conn.execute("SELECT nextval('voice_pack_version') AS v").fetchone()["v"]
        conn.execute("INSERT INTO voice_packs (version, manifest, zip, uploaded_by) VALUES (%s, %s, %s, %s)",
                     [version, Jsonb(manifest), data, actor])
    return summary(version, manifest)


def summary(version: int, manifest: dict) -> dict:
    return {"version": version, "phrases": len(manifest["phrases"]), "guidance": len(manifest.get("guidance", {}))}


def newer_than(conn, since: int) -> dict:
    """{"version": the latest, "manifest": its manifest when newer than `since`, else None}."""
    row = conn.execute("SELECT version, manifest FROM voice_packs ORDER BY version DESC LIMIT 1").fetchone()
    if row is None:
        return {"version": 0, "manifest": None}
    return {"version": row["version"], "manifest": row["manifest"] if row["version"] > since else None}


def zip_of(conn, version: int) -> bytes | None:
    row = conn.execute("SELECT zip FROM voice_packs WHERE version = %s", [version]).fetchone()
    return bytes(row["zip"]) if row else None


__all__ = ["PackError", "newer_than", "summary", "upload", "zip_of"]
