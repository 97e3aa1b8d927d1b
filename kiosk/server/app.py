"""The FastAPI application: one store and one queue, owned by the event loop's thread."""
from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from fastapi.staticfiles import StaticFiles

from kiosk import ASSETS
from kiosk.admin import import_worker
from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.core.centre import seed_centre
from kiosk.core.queue import Queue
from kiosk.server import events
from kiosk.server.backups import DailyBackups
from kiosk.server.batching import GroupCommit
from kiosk.server.wal_sync import WalSync
from kiosk.store.checkpoints import Checkpointer
from kiosk.server.boot import BootHeader
from kiosk.server.errors import install_error_handlers
from kiosk.server.repair_hold import RepairHold
from kiosk.server.storage import StorageMonitor
from kiosk.server.routes import (admin, admin_pages, appointments, auth, catalogue, citizen, counters, devices, display,
                                 fees, hub, public, repair, report_days, reports, staff, storage, tickets, voice)
from kiosk.server.headers import SecurityHeaders
from kiosk.server.hub_link import start_hub_sync
from kiosk.server.limits import BodyGuard
from kiosk.server.throttle import Throttle
from kiosk.server.turns import LoopTurns
from kiosk.store import import_staging, open_store
from kiosk.store.integrity import torn_wal_bytes

# Matched in this order, router by router: issuing and calling, the busiest, come first.
ROUTERS = [tickets.router, counters.router, public.router, auth.router, catalogue.router, events.router,
           staff.router, display.router, reports.router, admin.router, admin.public, admin_pages.router,
           storage.router, repair.router, citizen.router, report_days.router, fees.router, voice.router, hub.router,
           devices.router, appointments.router]
STATIC = Path(__file__).resolve().parent / "static"
ROLLOVER_CHECK_SECONDS = 60
DEVICE_SEEN_EVERY_SECONDS = 30
# FastAPI's OpenTelemetry hooks ask the providers on every request; nothing here collects them
TELEMETRY_OFF = {"tracing": False, "metrics": False, "logs": False, "operation_spans": False}


def create_app(config: Config, db_path: str | Path | None, clock: Clock | None = None,
               synchronous: str = "FULL", torn_wal: int | None = None) -> FastAPI:
    """Build the app. The database opens when the app starts, on the thread that serves it,
    because a SQLite connection must not be shared across threads. `torn_wal`: the WAL's
    bytes past its last whole frame, when measured before anything opened the database (the
    last connection to close deletes the WAL); measured at start-up otherwise."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        on_file = db_path not in (None, ":memory:")    # an in-memory database (tests) has no WAL, no backups
        torn = torn_wal
        if torn is None:
            torn = torn_wal_bytes(db_path) if on_file else 0
        store = open_store(db_path, synchronous=synchronous)
        import_staging.move_published_audits(store)   # an import's audit entries, should it have been killed
        seed_centre(store, config)
        queue = Queue(store, config, clock)
        app.state.repair_hold = RepairHold.after_start(store, queue.clock.today(), torn,
                                                       config.server.repair_hold_seconds)
        # The event stream reads through its own connection, which sees only committed rows.
        reader = open_store(db_path, check=False) if on_file else store
        hub = events.EventHub()
        hub.attach(asyncio.get_running_loop())
        store.memo.moment = reader.memo.moment = LoopTurns(asyncio.get_running_loop()).current
        # a file: the WAL's fsync off the loop, and the next batch writing meanwhile
        durable = on_file and synchronous.upper() == "FULL"
        writes = GroupCommit(store, wal_sync=WalSync(db_path) if durable else None)
        writes.after_commit.append(hub.notify)
        writes.after_commit.append(app.state.storage.committed)
        checkpoints = _checkpoints_off_the_commit(store, db_path, writes) if on_file else None
        app.state.store, app.state.queue, app.state.hub, app.state.writes = store, queue, hub, writes
        app.state.reader = Queue(reader, config, queue.clock)
        app.state.tail = events.EventTail.start(app.state.reader, hub, writes.durable_event_id)
        app.state.device_seen = _device_seen_recorder(store, queue.clock, writes.gate)
        app.state.throttle = Throttle(config.limits)
        appointments.attach(app.state)
        queue.roll_over()
        rollover = asyncio.create_task(_roll_over_daily(app))
        backups = DailyBackups(db_path, config.server.backup_time, queue.clock).start() if on_file else None
        if on_file:
            import_worker.warm_up()   # imports fork from it: no Python start-up on the request path
        app.state.hub_sync = start_hub_sync(app) if on_file else None
        try:
            yield
        finally:
            if app.state.hub_sync:
                app.state.hub_sync.stop()
            rollover.cancel()
            app.state.tail.stop()
            if backups:
                backups.stop()
            if on_file:
                reader.close()
            writes.close()
            if checkpoints:
                checkpoints.stop()
            store.close()

    # FastAPIOffline: the API docs load Swagger UI from the package, not a CDN (the LAN is offline)
    app = FastAPIOffline(title="Lobby kiosk – local server", version="0.1.0", lifespan=lifespan, telemetry=TELEMETRY_OFF)
    app.state.config, app.state.db_path, app.state.started = config, db_path, time.monotonic()
    app.state.storage = StorageMonitor(db_path, config.server.storage_warn_free_mb)
    install_error_handlers(app)
    app.add_middleware(BootHeader)
    app.add_middleware(BodyGuard)
    app.add_middleware(SecurityHeaders)  # outermost: refusals get the headers too
    for router in ROUTERS:
        app.include_router(router)
    app.router.routes.insert(0, tickets.fast_path)   # before FastAPI's own POST /api/tickets
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/fonts", StaticFiles(directory=ASSETS / "fonts"), name="fonts")
    return app


def _checkpoints_off_the_commit(store, db_path, writes: GroupCommit) -> Checkpointer:
    Checkpointer.take_over(store.db.conn)
    checkpoints = Checkpointer(db_path).start()
    writes.after_commit.append(checkpoints.committed)
    return checkpoints


async def _roll_over_daily(app: FastAPI) -> None:
    while True:
        await asyncio.sleep(ROLLOVER_CHECK_SECONDS)
        await app.state.writes.run(app.state.queue.roll_over)
        await app.state.writes.run(app.state.appointments.release_missed)    # frees missed slots, erases phones


def _device_seen_recorder(store, clock, gate):
    last_written: dict[int, float] = {}

    def seen(principal) -> None:
        now = time.monotonic()
        if gate.closed:   # an import holds the write lock: write on a later request, never wait on the loop
            return
        if now - last_written.get(principal.id, -1e9) >= DEVICE_SEEN_EVERY_SECONDS:
            last_written[principal.id] = now
            store.touch_device(principal.id, clock.now().isoformat(timespec="seconds"))
    return seen
