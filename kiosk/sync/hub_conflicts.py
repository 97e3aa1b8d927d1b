"""Settling a conflict with the province hub, whatever came down: a catalogue field
(kiosk/sync/hub_catalogue.py), a voice clip (hub_voice.py) or a hub booking (hub_bookings.py)."""
from __future__ import annotations

from kiosk.admin.context import AdminContext
from kiosk.core.errors import invalid, not_found
from kiosk.store import hub as hub_store
from kiosk.sync import hub_bookings, hub_catalogue, hub_voice


def settle(ctx: AdminContext, conflict_id: int, keep: str) -> dict:
    conflict = next((c for c in hub_store.open_conflicts(ctx.store) if c["id"] == conflict_id), None)
    if conflict is None:
        raise not_found("id", f"no open conflict {conflict_id}", "Không tìm thấy xung đột này.")
    if conflict["field"] in hub_bookings.FIELDS:
        with ctx.store.write():
            hub_bookings.settle(ctx.store, conflict, keep, ctx.now())
    elif conflict["field"] in hub_voice.FIELDS:
        if keep not in ("local", "hub"):
            raise invalid("keep", "keep must be 'local' or 'hub'", "Vui lòng chọn giữ bản ghi của trung tâm hoặc của tỉnh.")
        if keep == "hub":
            hub_voice.take_hub_clip(ctx, conflict)
        with ctx.store.write():
            hub_store.resolve_conflict(ctx.store, conflict_id, keep, ctx.now())
    else:
        return hub_catalogue.resolve(ctx, conflict_id, keep)
    return {**conflict, "resolution": keep}
