"""How the centre's kiosks and displays are doing, from their heartbeats (pure functions).

A device reports, every sync round, its app version, outbox size, printer state, whether
speech works, free disk and its clock's offset to the server. The admin Devices page shows
it; the staff console gets a banner when a kiosk has been silent for OFFLINE_SECONDS or its
printer has no paper."""
from __future__ import annotations

import json
from datetime import datetime

OFFLINE_SECONDS = 120
SKEW_WARN_SECONDS = 60
PRINTER_STATES = ("online", "paper_low", "paper_out", "cover_open", "offline", "unknown", "none")
DEVICE_CHANGED = "device.changed"
DEVICE_REVOKED = "device.revoked"
DEVICE_PAIRED = "device.paired"
# What, when it changes, is worth an event (the Devices page and the console redraw live).
_NOTABLE = ("printer", "speech_ok", "skew_warning", "version")


def device_view(device: dict, now: datetime) -> dict:
    """A devices-table row as the admin page shows it (never the token hash)."""
    status = json.loads(device["status"]) if device.get("status") else {}
    silent = _seconds_since(device.get("last_seen"), now)
    offset_ms = status.get("clock_offset_ms")
    skew = None if offset_ms is None else round(offset_ms / 1000, 1)
    return {"name": device["name"], "role": device["role"], "active": bool(device["active"]),
            "slot": device.get("slot"), "created_at": device.get("created_at"), "last_seen": device.get("last_seen"),
            "silent_seconds": silent, "offline": silent is None or silent > OFFLINE_SECONDS,
            "version": status.get("version"), "outbox": status.get("outbox"),
            "printer": status.get("printer"), "speech_ok": status.get("speech_ok"),
            "speech_problem": status.get("speech_problem") or "", "disk_free_bytes": status.get("disk_free_bytes"),
            "skew_seconds": skew, "skew_warning": skew is not None and abs(skew) > SKEW_WARN_SECONDS,
            "status_at": device.get("status_at")}


def notable(view: dict) -> tuple:
    return tuple(view.get(key) for key in _NOTABLE)


def alerts(views: list[dict]) -> list[dict]:
    """Banners for staff: an active kiosk silent for more than OFFLINE_SECONDS (once it has
    been seen at all), a kiosk printer out of paper. Messages in Vietnamese."""
    found = []
    for view in views:
        if not view["active"] or view["role"] != "kiosk":
            continue
        if view["last_seen"] and view["offline"]:
            minutes = max(2, view["silent_seconds"] // 60)
            found.append({"device": view["name"], "kind": "offline",
                          "message": f"Máy lấy số {view['name']} mất kết nối đã {minutes} phút."})
        if view["printer"] == "paper_out":
            found.append({"device": view["name"], "kind": "paper_out",
                          "message": f"Máy in của máy lấy số {view['name']} đã hết giấy."})
    return found


def _seconds_since(moment: str | None, now: datetime) -> int | None:
    if not moment:
        return None
    then = datetime.fromisoformat(moment)
    if then.tzinfo is None:
        then = then.replace(tzinfo=now.tzinfo)
    return max(0, int((now - then).total_seconds()))
