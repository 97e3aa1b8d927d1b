"""The voice studio's API (/api/admin/voice/..., admin role only): progress, recording a
phrase or a procedure's guidance (raw WAV bodies, made in the browser), hearing a call with
the pack, and a pack as one zip. Level and word checks run in the thread pool."""
from __future__ import annotations

from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from kiosk.admin.context import AdminContext
from kiosk.core.errors import not_found
from kiosk.server.routes.admin import Ctx
from kiosk.voice import studio

router = APIRouter(prefix="/api/admin/voice")
WAV = {200: {"content": {"audio/wav": {}}}}


@router.get("")
async def voice_status(ctx: AdminContext = Ctx):
    """Each phrase and procedure guidance: recorded (by whom, when, its warnings) or missing."""
    return studio.status(ctx)


@router.put("/phrases")
async def record_phrase(request: Request, key: str = Query(..., max_length=300), ctx: AdminContext = Ctx):
    """Body: the recording as a WAV (16-bit PCM, any rate); answers with its checks."""
    return await _record(request, ctx, "phrases", key)


@router.put("/guidance/{code}")
async def record_guidance(code: str, request: Request, ctx: AdminContext = Ctx):
    return await _record(request, ctx, "guidance", code)


@router.get("/clip", response_class=FileResponse, responses=WAV)
async def kept_clip(kind: Literal["phrases", "guidance"], key: str = Query(..., max_length=300),
                    ctx: AdminContext = Ctx):
    entry = studio.studio_pack(ctx).manifest()[kind].get(key)
    if not entry:
        raise not_found("key", "nothing recorded", "Câu này chưa được ghi âm.")
    return FileResponse(studio.studio_pack(ctx).folder / entry["file"], media_type="audio/wav",
                        headers={"Cache-Control": "no-store"})


class Trial(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=500)


@router.post("/trial", response_class=Response, responses=WAV)
async def hear_with_pack(body: Trial, ctx: AdminContext = Ctx):
    """The text said as the display would say it now (pack clips, espeak-ng for the rest)."""
    wav = await run_in_threadpool(studio.trial_wav, ctx.config, body.text)
    return Response(wav, media_type="audio/wav", headers={"Cache-Control": "no-store"})


@router.get("/pack.zip", response_class=Response, responses={200: {"content": {"application/zip": {}}}})
async def export_pack(ctx: AdminContext = Ctx):
    data = await run_in_threadpool(studio.export_zip, ctx)
    name = quote(studio.studio_pack(ctx).name)   # speech.pack may be any text; headers are latin-1
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''giong-doc-{name}.zip"})


@router.post("/pack.zip")
async def import_pack(request: Request, ctx: AdminContext = Ctx):
    """Body: a zip made by GET pack.zip (on this or another centre); replaces the clips it carries."""
    manifest = await run_in_threadpool(studio.install_zip, ctx, await request.body())
    return studio.audit_import(ctx, manifest)


async def _record(request: Request, ctx: AdminContext, kind: str, key: str) -> dict:
    expected = studio.expected_clip(ctx, kind, key)
    checked = await run_in_threadpool(studio.check_clip, expected, await request.body())
    return studio.keep_clip(ctx, checked)
