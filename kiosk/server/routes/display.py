"""The lobby display: its page, its settings and state, and the spoken calls as WAV files."""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse
from starlette.exceptions import HTTPException

from kiosk.core import display

router = APIRouter()
PAGES = Path(__file__).resolve().parent.parent / "pages"
RENDER_ATTEMPTS = 3


@router.get("/display", response_class=HTMLResponse, include_in_schema=False)
async def display_page():
    return HTMLResponse((PAGES / "display.html").read_text(encoding="utf-8"), headers={"Cache-Control": "no-cache"})


@router.get("/api/display/settings")
async def display_settings(request: Request):
    return display.settings(request.app.state.config)


@router.get("/api/display/state")
async def display_state(request: Request):
    state = request.app.state
    return display.state(state.queue, state.config)


@router.get("/api/announcements/{event_id}.wav", response_class=FileResponse)
async def announcement(event_id: int, request: Request):
    """The call spoken by the same engine as the Kivy display (chime, then the words), cached."""
    from kiosk.speech import SpeechUnavailable, render_announcement_wav
    from kiosk.speech.cache import DEFAULT_CACHE_DIR
    from kiosk.speech.speaker import project_path

    state = request.app.state
    call = display.announced_call(state.queue, event_id)
    cache_dir = project_path(state.config.speech.cache_dir or DEFAULT_CACHE_DIR)
    counter = call["counter_name"] or call["counter_id"]
    for attempt in range(RENDER_ATTEMPTS):
        try:
            path = await run_in_threadpool(render_announcement_wav, call["number"], counter, state.config, cache_dir)
            break
        except SpeechUnavailable as error:
            # pyttsx3's espeak driver sometimes returns from its first synthesis in a process
            # before writing the file ("produced no audio"); the next attempt works.
            if attempt == RENDER_ATTEMPTS - 1:
                raise HTTPException(503, {"field": None, "reason": f"speech unavailable: {error}",
                                          "message": "Không phát được lời gọi số."}) from None
    return FileResponse(path, media_type="audio/wav", headers={"Cache-Control": "public, max-age=86400"})
