"""Applying an import: all or nothing, and (in the server) without holding the write lock.

In process, for the CLI and tests, one transaction:

    apply_import(ctx, parsed, expect=plan.fingerprint)   # or AdminInvalid / 409
    apply_plan(ctx, plan, expect=...)                    # a plan made by kiosk.admin.import_worker

The server runs `preview_file` and `apply_file` in a thread, each with its own connection.
The catalogue is copied into a scratch file (one read, no lock); the worker process plans
against that copy and stages the encoded rows, fee rules and audit entries there; then one
short write transaction checks that the procedures the plan read are unchanged and copies the
staged rows in SQL (kiosk/store/import_staging.py). Ticket issuing waits for that copy only,
never for the reading, planning or encoding, and waits without blocking the server's event
loop (kiosk/server/write_gate.py). A failed or killed apply leaves the catalogue
as it was, and kiosks see it change once.
"""
from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import tempfile
import uuid
from pathlib import Path
from typing import Iterator

from kiosk.admin.context import AdminContext, AdminInvalid, Change
from kiosk.admin.import_plan import ImportPlan
from kiosk.admin.import_worker import Outcome, stage_in_worker
from kiosk.admin.importer import ParsedFile, plan_import
from kiosk.config import Limits
from kiosk.core.errors import conflict
from kiosk.core.events import CATALOGUE_CHANGED
from kiosk.core.fee_rules import propose_rules
from kiosk.store import Store, import_staging, open_store

STALE = "stale"   # an `expect` no fingerprint equals: the store changed under the plan


# ---------------------------------------------------------------------------- in process
def apply_import(ctx: AdminContext, parsed: ParsedFile, expect: str | None = None) -> ImportPlan:
    """Write every new and changed procedure in one transaction, or nothing.

    `expect` is the preview's fingerprint: when the catalogue changed since the preview,
    nothing is written and the admin is asked to preview again."""
    with ctx.change() as change:
        plan = plan_import(parsed, ctx.store)
        _write_plan(ctx, change, plan, expect)
    return plan


def apply_plan(ctx: AdminContext, plan: ImportPlan, expect: str | None = None) -> ImportPlan:
    """Write a plan made elsewhere (kiosk.admin.import_worker, against a snapshot), in one
    transaction, once the store is checked to still hold what the plan was made against."""
    with ctx.change() as change:
        if plan.items and not _still_current(plan, ctx.store):
            expect = STALE
        _write_plan(ctx, change, plan, expect)
    return plan


def _still_current(plan: ImportPlan, store: Store) -> bool:
    if plan.basis is None:
        return False
    current = {row["code"]: row for row in store.procedures(active_only=False)}
    return all(current.get(item.code) == plan.basis.get(item.code) for item in plan.items)


def _write_plan(ctx: AdminContext, change: Change, plan: ImportPlan, expect: str | None) -> None:
    refuse_unless_ready(plan.refusals(), plan.fingerprint, expect)
    rows, audits = plan.writes
    now = ctx.now()
    ctx.store.save_procedures([{**row, "updated_at": now} for row in rows])
    propose_rules(ctx.store, rows, now)
    change.audit_many(audits)
    _record_applied(change, plan.name, plan.format, {s: len(plan.of(s)) for s in ("new", "changed", "unchanged")},
                    [item.code for item in plan.items if item.status != "unchanged"])


def refuse_unless_ready(refusals: list[dict], fingerprint: str, expect: str | None) -> None:
    """AdminInvalid for a file with problems; 409 when what applying would write is not what
    the preview showed (`expect`, its fingerprint, or STALE)."""
    if refusals:
        raise AdminInvalid(refusals)
    if expect is not None and expect != fingerprint:
        raise conflict("the catalogue changed since the preview (fingerprint differs); preview again",
                       "Danh mục vừa thay đổi sau khi xem trước. Vui lòng xem trước lại.", "fingerprint")


def _record_applied(change: Change, name: str, fmt: str, counts: dict, codes: list[str]) -> None:
    after, summary = _applied_entry(name, fmt, counts, codes)
    change.audit("import.apply", "import", name, None, after, summary=summary)
    if codes:
        change.event(CATALOGUE_CHANGED, {"codes": codes, "action": "import"})


def _applied_entry(name: str, fmt: str, counts: dict, codes: list[str]) -> tuple[dict, str]:
    """The import's own audit entry: what it did (after) and its summary."""
    return ({"file": name, "format": fmt, **counts, "codes": codes},
            f"{name}: {counts['new']} mới, {counts['changed']} thay đổi, {counts['unchanged']} không đổi")


# ---------------------------------------------------------------------------- off the event loop
def preview_file(db_path: str | Path, name: str, content: bytes, limits: Limits) -> bytes:
    """The preview's JSON answer (blocking: run it in a thread)."""
    with _scratch(db_path) as (_, scratch):
        return stage_in_worker(name, content, scratch, limits, apply=False).answer


def apply_file(ctx: AdminContext, db_path: str | Path, name: str, content: bytes, expect: str | None,
               hold: import_staging.Hold = contextlib.nullcontext) -> tuple[bytes, list[dict]]:
    """Apply the file (blocking: run it in a thread; `ctx.store` is not touched). Returns the
    JSON answer and the committed events, for the caller to notify on its own thread. Each
    write transaction is entered through `hold()` (the server's WriteGate)."""
    with _scratch(db_path) as (store, scratch):
        import_staging.discard_unpublished(store, hold)    # left by an apply killed before it published
        import_staging.move_published_audits(store, hold)  # or after
        outcome = stage_in_worker(name, content, scratch, ctx.config.limits, apply=True)
        refuse_unless_ready(outcome.refusals, outcome.fingerprint, expect)
        own = AdminContext(store, ctx.config, ctx.clock, (), ctx.actor)
        with import_staging.scratch_attached(store, scratch):
            try:
                events = _publish(own, outcome, name, uuid.uuid4().hex, hold)
            except BaseException:
                with contextlib.suppress(sqlite3.Error):   # the error that stopped the apply matters more
                    import_staging.discard_unpublished(store, hold)
                raise
        import_staging.move_published_audits(store, hold)
        return outcome.answer, events


def _publish(own: AdminContext, outcome: Outcome, name: str, batch: str, hold: import_staging.Hold) -> list[dict]:
    """Stage the audit entries in short transactions, then publish with one (scratch attached).
    Nothing is worked out in Python here: the worker staged it all (the GIL stays free)."""
    store = own.store
    import_staging.stage_audits(store, batch, hold)
    after, summary = _applied_entry(name, outcome.format, outcome.counts, outcome.codes)
    entry = {"action": "import.apply", "entity": "import", "entity_id": name, "before": None, "summary": summary,
             "after": json.dumps(after, ensure_ascii=False, sort_keys=True)}
    with import_staging.durable(store), hold(), own.change() as change:
        if not import_staging.staged_still_current(store):
            refuse_unless_ready([], outcome.fingerprint, STALE)
        import_staging.publish_staged(store, batch, own.now(), own.actor, entry)
        if outcome.codes:
            change.event(CATALOGUE_CHANGED, {"codes": outcome.codes, "action": "import"})
    return change.events


@contextlib.contextmanager
def _scratch(db_path: str | Path) -> Iterator[tuple[Store, Path]]:
    """A connection of this thread's own, and a scratch file holding a copy of the catalogue."""
    folder = Path(tempfile.mkdtemp(prefix="kiosk-import-"))
    store = open_store(db_path, synchronous="NORMAL", check=False)   # durable where it matters: durable()
    try:
        scratch = folder / "scratch.db"
        with import_staging.scratch_attached(store, scratch):
            import_staging.copy_catalogue(store)
        yield store, scratch
    finally:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)
