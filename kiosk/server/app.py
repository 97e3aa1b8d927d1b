"""The FastAPI application: one store and one queue, owned by the event loop's thread."""
from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from kiosk import ASSETS
from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.core.centre import seed_centre
from kiosk.core.queue import Queue
from kiosk.server import events
from kiosk.server.batching import GroupCommit
from kiosk.server.errors import install_error_handlers
from kiosk.server.headers import SecurityHeaders
from kiosk.server.limits import BodyGuard
from kiosk.server.throttle import Throttle
from kiosk.server.routes import (admin, admin_pages, auth, catalogue, counters, display, public, reports, staff,
                                 tickets)
from kiosk.store import open_store

ROUTERS = [public.router, auth.router, catalogue.router, tickets.router, counters.router, events.router,
           staff.router, display.router, reports.router, admin.router, admin.public, admin_pages.router]
STATIC = Path(__file__).resolve().parent / "static"
ROLLOVER_CHECK_SECONDS = 60
DEVICE_SEEN_EVERY_SECONDS = 30


def create_app(config: Config, db_path: str | Path | None, clock: Clock | None = None,
               synchronous: str = "FULL") -> FastAPI:
    """Build the app. The database opens when the app starts, on the thread that serves it,
    because a SQLite connection must not be shared across threads."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        store = open_store(db_path, synchronous=synchronous)
        seed_centre(store, config)
        queue = Queue(store, config, clock)
        # The event stream reads through its own connection, which sees only committed rows.
        reader = open_store(db_path) if db_path not in (None, ":memory:") else store
        hub = events.EventHub()
        hub.attach(asyncio.get_running_loop())
        writes = GroupCommit(store)
        writes.after_commit.append(hub.notify)
        app.state.store, app.state.queue, app.state.hub, app.state.writes = store, queue, hub, writes
        app.state.reader = Queue(reader, config, queue.clock)
        app.state.tail = events.EventTail.start(app.state.reader, hub)
        app.state.device_seen = _device_seen_recorder(store, queue.clock)
        app.state.throttle = Throttle(config.limits)
        queue.roll_over()
        rollover = asyncio.create_task(_roll_over_daily(app))
        try:
            yield
        finally:
            rollover.cancel()
            app.state.tail.stop()
            if reader is not store:
                reader.close()
            store.close()

    app = FastAPI(title="Lobby kiosk – local server", version="0.1.0", lifespan=lifespan)
    app.state.config = config
    install_error_handlers(app)
    app.add_middleware(BodyGuard)
    app.add_middleware(SecurityHeaders)  # outermost: refusals get the headers too
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/fonts", StaticFiles(directory=ASSETS / "fonts"), name="fonts")
    return app


async def _roll_over_daily(app: FastAPI) -> None:
    while True:
        await asyncio.sleep(ROLLOVER_CHECK_SECONDS)
        await app.state.writes.run(app.state.queue.roll_over)


def _device_seen_recorder(store, clock):
    last_written: dict[int, float] = {}

    def seen(principal) -> None:
        now = time.monotonic()
        if now - last_written.get(principal.id, -1e9) >= DEVICE_SEEN_EVERY_SECONDS:
            last_written[principal.id] = now
            store.touch_device(principal.id, clock.now().isoformat(timespec="seconds"))
    return seen
