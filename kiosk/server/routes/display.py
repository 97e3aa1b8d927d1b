"""The lobby display: its page, its settings and state, and the spoken calls as WAV files."""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse
from starlette.exceptions import HTTPException

from kiosk.core import display
from kiosk.core.accounts import Principal
from kiosk.server.audience import display_state_for
from kiosk.server.auth import current_principal
from kiosk.server.ids import PathId

router = APIRouter()
PAGES = Path(__file__).resolve().parent.parent / "pages"
RENDER_ATTEMPTS = 3


@router.get("/display", response_class=HTMLResponse, include_in_schema=False)
async def display_page():
    return HTMLResponse((PAGES / "display.html").read_text(encoding="utf-8"), headers={"Cache-Control": "no-cache"})


@router.get("/api/display/settings")
async def display_settings(request: Request):
    state = request.app.state
    return display.settings(state.config, state.store)


@router.get("/api/display/state")
async def display_state(request: Request, who: Principal = Depends(current_principal)):
    """Public (the read-only view); a display device's token, when sent, marks it as seen."""
    state = request.app.state
    return display_state_for(who, display.state(state.queue, state.config))


@router.get("/api/announcements/{event_id}.wav", response_class=FileResponse)
async def announcement(event_id: PathId, request: Request):
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
            # espeak-ng has been seen to come back empty on a process's first synthesis;
            # a second attempt costs little and saves the call's audio.
            if attempt == RENDER_ATTEMPTS - 1:
                raise HTTPException(503, {"field": None, "reason": f"speech unavailable: {error}",
                                          "message": "Không phát được lời gọi số."}) from None
    # event ids restart with a new database, so browsers revalidate (ETag) rather than trust a cache
    return FileResponse(path, media_type="audio/wav", headers={"Cache-Control": "no-cache"})
