"""The province catalogue, applied at a centre by a three-way merge per field.

For each procedure the centre keeps the hub's record as last pulled (the base). Field by
field: where the centre has not changed the base, the hub's new value is taken; where the hub
has not changed it, the centre's own value (an override) stays; where both changed it
differently, the centre's value stays and a conflict is recorded for its admin, who settles it
(`resolve`). Nothing is decided silently.
"""
from __future__ import annotations

from kiosk.admin import procedures
from kiosk.admin.context import AdminContext
from kiosk.admin.records import canonical
from kiosk.hub.catalogue import HUB_FIELDS     # the fields the province decides
from kiosk.store import hub as hub_store

VERSION_KEY = "hub_catalogue_version"


def merge(base: dict | None, local: dict, remote: dict) -> tuple[dict, list[str]]:
    """(the merged values of HUB_FIELDS, the fields in conflict)."""
    merged, conflicts = {}, []
    for key in HUB_FIELDS:
        mine, theirs = local.get(key), remote.get(key)
        old = base.get(key) if base is not None else mine     # never pulled: the hub's record wins
        if mine == old or mine == theirs:
            merged[key] = theirs
        elif theirs == old:
            merged[key] = mine
        else:
            merged[key] = mine
            conflicts.append(key)
    return merged, conflicts


def catalogue_version(store) -> int:
    return int(store.meta(VERSION_KEY, "0") or 0)


def apply_changes(ctx: AdminContext, changes: dict) -> int:
    """Apply a hub answer `{"version", "procedures"}`; returns how many procedures changed here."""
    changed = 0
    with ctx.store.write():
        for remote in changes["procedures"]:
            changed += _apply_one(ctx, remote)
        ctx.store.set_meta(VERSION_KEY, str(changes["version"]))
    return changed


def _apply_one(ctx: AdminContext, remote: dict) -> int:
    code, version = str(remote["code"]), int(remote["version"])
    full = canonical({**remote, "code": code})
    remote = {key: full[key] for key in HUB_FIELDS}
    row = ctx.store.procedure(code)
    if row is None:
        procedures.create_procedure(ctx, {**remote, "code": code, "service": _service_for(ctx, remote)})
        hub_store.save_catalogue_base(ctx.store, code, remote, version)
        return 1
    local = canonical(row)
    merged, conflicts = merge(hub_store.catalogue_base(ctx.store, code), local, remote)
    for key in conflicts:
        hub_store.open_conflict(ctx.store, code, key, local[key], remote[key], version, ctx.now())
    hub_store.save_catalogue_base(ctx.store, code, remote, version)
    if all(local[key] == merged[key] for key in HUB_FIELDS):
        return 0
    procedures.update_procedure(ctx, code, {**local, **merged})
    return 1


def _service_for(ctx: AdminContext, record: dict) -> str:
    """A procedure new to this centre goes to the service that lists its field (else the first)."""
    services = ctx.store.services(active_only=False)
    for service in services:
        if record.get("field") in (service.get("fields") or []):
            return service["id"]
    return services[0]["id"]


def resolve(ctx: AdminContext, conflict_id: int, keep: str) -> dict:
    """Settle a conflict: keep "local" (the override stays) or take "hub" (the province's value)."""
    from kiosk.core.errors import invalid, not_found
    if keep not in ("local", "hub"):
        raise invalid("keep", "keep must be 'local' or 'hub'", "Vui lòng chọn giữ bản của trung tâm hoặc của tỉnh.")
    conflict = next((c for c in hub_store.open_conflicts(ctx.store) if c["id"] == conflict_id), None)
    if conflict is None:
        raise not_found("id", f"no open conflict {conflict_id}", "Không tìm thấy xung đột này.")
    with ctx.store.write():
        if keep == "hub":
            procedures.update_procedure(ctx, conflict["code"], {conflict["field"]: conflict["hub"]})
        hub_store.resolve_conflict(ctx.store, conflict_id, keep, ctx.now())
    return {**conflict, "resolution": keep}
