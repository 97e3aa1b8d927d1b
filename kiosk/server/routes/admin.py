"""The admin API (/api/admin/..., admin role only) and the public settings for kiosks and displays.

Handlers only translate HTTP to kiosk.admin calls. Slow pure work (speech, PDF, parsing a
workbook) runs in the thread pool; the server's store is only touched on the event loop (an
import in the thread pool opens a connection of its own)."""
from __future__ import annotations

import asyncio
from typing import Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from kiosk.admin import centre, exporter, import_apply, people, poster, procedures, settings, trial
from kiosk.admin.context import AdminContext
from kiosk.admin.import_worker import Snapshot, plan_in_worker
from kiosk.admin.records import canonical, field_labels
from kiosk.core.accounts import DEVICE_ROLES, USER_ROLES, Principal
from kiosk.core.centre import portal_url, procedure_view
from kiosk.core.errors import QueueError, invalid
from kiosk.core.events import notify
from kiosk.server.auth import ADMIN, require
from kiosk.server.ids import PathId, QueryId

router = APIRouter(prefix="/api/admin")
public = APIRouter(prefix="/api")


async def admin_context(request: Request, who: Principal = Depends(require(*ADMIN))) -> AdminContext:
    state = request.app.state
    return AdminContext(state.store, state.config, state.queue.clock, state.queue.listeners, who.name)


Ctx = Depends(admin_context)


# -- procedures -------------------------------------------------------------------------
@router.get("/procedures")
async def list_procedures(q: str = "", field: str = "", status: Literal["all", "active", "retired"] = "all",
                          ctx: AdminContext = Ctx):
    found = procedures.list_procedures(ctx, q, field, include_retired=status != "active")
    if status == "retired":
        found = [p for p in found if not p["active"]]
    return {"procedures": found, "fields": procedures.fields_in_use(ctx),
            "services": [{"id": s["id"], "name": s["name"], "fields": s["fields"], "active": bool(s["active"])}
                         for s in centre.services(ctx)]}


@router.get("/procedures/{code}")
async def get_procedure(code: str, ctx: AdminContext = Ctx):
    record = procedures.get_procedure(ctx, code)
    return {**record, "portal_url": portal_url(record, ctx.config),
            "tickets_issued": len(ctx.store.tickets_for_procedure(code, limit=1000))}


@router.post("/procedures", status_code=201)
async def create_procedure(data: dict = Body(...), ctx: AdminContext = Ctx):
    return procedures.create_procedure(ctx, data)


@router.put("/procedures/{code}")
async def update_procedure(code: str, data: dict = Body(...), ctx: AdminContext = Ctx):
    return procedures.update_procedure(ctx, code, data)


@router.post("/procedures/{code}/retire")
async def retire_procedure(code: str, ctx: AdminContext = Ctx):
    return procedures.set_active(ctx, code, False)


@router.post("/procedures/{code}/restore")
async def restore_procedure(code: str, ctx: AdminContext = Ctx):
    return procedures.set_active(ctx, code, True)


class SpeechTrial(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=3000)


@router.post("/speech", response_class=FileResponse, responses={200: {"content": {"audio/wav": {}}}})
async def speak(body: SpeechTrial, ctx: AdminContext = Ctx):
    """“Nghe thử”: the text (usually a guidance) as the kiosk would say it, as a WAV."""
    from kiosk.speech.synth import SpeechUnavailable
    if not body.text.strip():
        raise invalid("text", "the text is only spaces", "Chưa có nội dung để đọc thử.")
    try:
        path = await run_in_threadpool(trial.guidance_wav, body.text, ctx.config)
    except SpeechUnavailable as error:
        raise QueueError("conflict", f"speech is unavailable: {error}",
                         "Máy chủ chưa đọc được tiếng Việt (thiếu espeak-ng hoặc giọng đọc).") from None
    return FileResponse(path, media_type="audio/wav")


def _trial_record(ctx: AdminContext, data: dict) -> dict:
    record = procedures.validated(ctx, {**canonical({}), **data}) if data.get("code") else None
    if record is None:
        raise invalid("code", "the procedure needs a code", "Chưa nhập mã thủ tục.")
    return record


@router.post("/leaflet/preview", response_class=Response, responses={200: {"content": {"image/png": {}}}})
async def leaflet_preview(data: dict = Body(...), ctx: AdminContext = Ctx):
    """“In thử”: the leaflet of the (possibly unsaved) record as the printer would print it."""
    record = _trial_record(ctx, data)
    png = await run_in_threadpool(trial.leaflet_png, record, ctx.config, portal_url(record, ctx.config))
    return Response(png, media_type="image/png")


@router.post("/leaflet/print")
async def leaflet_print(request: Request, data: dict = Body(...), ctx: AdminContext = Ctx):
    record = _trial_record(ctx, data)
    state = request.app.state
    if getattr(state, "admin_printer", None) is None:
        from printers import make_printer
        state.admin_printer = make_printer(ctx.config.printer)
    outcome = await run_in_threadpool(state.admin_printer.print_leaflet,
                                      trial.leaflet(record, ctx.config, portal_url(record, ctx.config)))
    return {"ok": outcome.ok, "code": outcome.code, "reason": outcome.reason, "message": outcome.message}


@router.get("/poster.pdf", response_class=Response, responses={200: {"content": {"application/pdf": {}}}})
async def qr_poster(ctx: AdminContext = Ctx):
    views = [procedure_view(row, ctx.config) for row in ctx.store.procedures(active_only=True)]
    pdf = await run_in_threadpool(poster.poster_pdf, views, ctx.config.centre.name)
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": 'inline; filename="ma-qr-thu-tuc.pdf"'})


# -- services and counters --------------------------------------------------------------
@router.get("/services")
async def list_services(ctx: AdminContext = Ctx):
    return centre.services(ctx)


@router.post("/services", status_code=201)
async def create_service(data: dict = Body(...), ctx: AdminContext = Ctx):
    return centre.save_service(ctx, str(data.get("id", "")).strip().upper(), data, create=True)


@router.put("/services/{service_id}")
async def update_service(service_id: str, data: dict = Body(...), ctx: AdminContext = Ctx):
    return centre.save_service(ctx, service_id, data, create=False)


@router.get("/counters")
async def list_counters(ctx: AdminContext = Ctx):
    return centre.counters(ctx)


@router.post("/counters", status_code=201)
async def create_counter(data: dict = Body(...), ctx: AdminContext = Ctx):
    counter_id = data.get("id")
    if isinstance(counter_id, bool) or not isinstance(counter_id, int) or not 1 <= counter_id <= 999:
        raise invalid("id", "id must be a whole number from 1 to 999", "Số quầy từ 1 đến 999.")
    return centre.save_counter(ctx, counter_id, data, create=True)


@router.put("/counters/{counter_id}")
async def update_counter(counter_id: PathId, data: dict = Body(...), ctx: AdminContext = Ctx):
    return centre.save_counter(ctx, counter_id, data, create=False)


# -- users and devices ------------------------------------------------------------------
class NewUser(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    role: Literal[USER_ROLES] = "staff"  # type: ignore[valid-type]


class NewPassword(BaseModel):
    model_config = ConfigDict(extra="forbid")
    password: str = Field(min_length=1, max_length=256)


class NewDevice(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=64)
    role: Literal[DEVICE_ROLES] = "kiosk"  # type: ignore[valid-type]


@router.get("/users")
async def list_users(ctx: AdminContext = Ctx):
    return people.users(ctx)


@router.post("/users", status_code=201)
async def create_user(body: NewUser, ctx: AdminContext = Ctx):
    return people.create_user(ctx, body.username, body.password, body.role)


@router.post("/users/{username}/disable")
async def disable_user(username: str, ctx: AdminContext = Ctx):
    return people.set_user_active(ctx, username, False)


@router.post("/users/{username}/enable")
async def enable_user(username: str, ctx: AdminContext = Ctx):
    return people.set_user_active(ctx, username, True)


@router.post("/users/{username}/password")
async def reset_password(username: str, body: NewPassword, ctx: AdminContext = Ctx):
    return people.reset_password(ctx, username, body.password)


@router.get("/devices")
async def list_devices(ctx: AdminContext = Ctx):
    return people.devices(ctx)


@router.post("/devices", status_code=201)
async def create_device(body: NewDevice, ctx: AdminContext = Ctx):
    return people.create_device(ctx, body.name, body.role)


@router.post("/devices/{name}/revoke")
async def revoke_device(name: str, ctx: AdminContext = Ctx):
    return people.revoke_device(ctx, name)


# -- settings ---------------------------------------------------------------------------
@public.get("/settings")
async def public_settings(request: Request):
    """What kiosks and displays should use now (config.yaml defaults, admin changes on top)."""
    state = request.app.state
    return settings.current(state.store, state.config)


@router.get("/settings")
async def get_settings(ctx: AdminContext = Ctx):
    return {"values": settings.current(ctx.store, ctx.config), "defaults": settings.defaults(ctx.config),
            "labels": settings.LABELS}


@router.put("/settings")
async def put_settings(data: dict = Body(...), ctx: AdminContext = Ctx):
    return settings.update(ctx, data)


@router.get("/search")
async def search_trial(q: str = Query("", max_length=200), limit: int = Query(4, ge=1, le=20),
                       ctx: AdminContext = Ctx):
    """“Thử tìm”: the kiosk search's results for `q`, with the catalogue and synonyms in force."""
    return {"query": q, "results": settings.search_trial(ctx, q, limit)}


# -- import and export ------------------------------------------------------------------
async def _one_import_at_a_time(request: Request, work, *args):
    """Run `work(*args)` in the thread pool, one import at a time: it reads and plans the file
    in the budgeted worker process and writes through a connection of its own, so neither a
    hostile file nor a long one holds the event loop or the write lock."""
    state = request.app.state
    if getattr(state, "import_slot", None) is None:
        state.import_slot = asyncio.Semaphore(1)
    async with state.import_slot:
        return await run_in_threadpool(work, *args)


def _in_memory(request: Request) -> bool:
    return request.app.state.db_path in (None, ":memory:")   # no second connection can see it


@router.post("/import/preview")
async def import_preview(request: Request, filename: str = "import.csv", ctx: AdminContext = Ctx):
    """Body: the file's bytes. Nothing is written; the answer lists new, changed and unchanged
    procedures and every problem (row, column, reason, Vietnamese message)."""
    content = await request.body()  # bounded by BodyGuard (limits.import_mb)
    if _in_memory(request):
        plan = await _one_import_at_a_time(request, plan_in_worker, filename, content, Snapshot.of(ctx.store),
                                           ctx.config.limits)
        return Response(plan.preview_json, media_type="application/json")
    answer = await _one_import_at_a_time(request, import_apply.preview_file, request.app.state.db_path, filename,
                                         content, ctx.config.limits)
    return Response(answer, media_type="application/json")  # encoded by the worker


@router.post("/import/apply")
async def import_apply_file(request: Request, filename: str = "import.csv", fingerprint: str | None = None,
                            ctx: AdminContext = Ctx):
    """Body: the same file again, with the preview's fingerprint. All or nothing."""
    content = await request.body()
    if _in_memory(request):
        plan = await _one_import_at_a_time(request, plan_in_worker, filename, content, Snapshot.of(ctx.store),
                                           ctx.config.limits)
        plan = import_apply.apply_plan(ctx, plan, expect=fingerprint)
        return JSONResponse({**plan.as_dict(), "applied": True})
    answer, events = await _one_import_at_a_time(request, import_apply.apply_file, ctx, request.app.state.db_path,
                                                 filename, content, fingerprint, request.app.state.writes.gate.holder())
    notify(ctx.listeners, events)
    return Response(answer, media_type="application/json")


@router.get("/export.{fmt}", response_class=Response)
async def export(fmt: Literal["csv", "xlsx", "json"], ctx: AdminContext = Ctx):
    content = exporter.export_bytes(ctx.store, fmt)
    day = ctx.clock.today()
    return Response(content, media_type=exporter.MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="thu-tuc-{day}.{fmt}"'})


# -- audit ------------------------------------------------------------------------------
@router.get("/audit")
async def audit(actor: str = "", entity: str = "", entity_id: str = "", action: str = "", since: str = "",
                until: str = "", q: str = "", limit: int = 200, before_id: QueryId | None = None,
                ctx: AdminContext = Ctx) -> Any:
    entries = ctx.store.audit_entries(actor or None, entity or None, entity_id or None, action or None,
                                      since or None, until or None, q or None, max(1, min(limit, 1000)), before_id)
    return {"entries": entries, "actors": ctx.store.audit_actors(), "labels": field_labels()}
