"""The local server's side of the province hub: the background HubSync, started when
config.yaml has `hub.url`, whose catalogue changes, voice pack records and hub bookings are written on the server's
event loop."""
from __future__ import annotations

import asyncio

from kiosk.admin.context import AdminContext
from kiosk.sync.hub_bookings import BookingsDown
from kiosk.sync.hub_catalogue import apply_changes
from kiosk.sync.hub_client import HttpHubClient, HubClient
from kiosk.sync.hub_push import HubSync
from kiosk.sync.hub_voice import VoiceDown

APPLY_TIMEOUT_SECONDS = 60


def start_hub_sync(app, client: HubClient | None = None) -> HubSync | None:
    state, settings = app.state, app.state.config.hub
    if not settings.url and client is None:
        return None
    loop = asyncio.get_running_loop()
    client = client or HttpHubClient(settings.url, settings.token, settings.timeout_seconds)

    def on_loop(operation):
        async def run():
            return await state.writes.run(operation)
        return asyncio.run_coroutine_threadsafe(run(), loop).result(APPLY_TIMEOUT_SECONDS)

    ctx = AdminContext(state.store, state.config, state.queue.clock, state.queue.listeners, "hub")

    def apply(changes: dict) -> int:
        return on_loop(lambda: apply_changes(ctx, changes))

    downs = [VoiceDown(ctx, on_loop), BookingsDown(state.appointments, on_loop)]
    return HubSync(state.db_path, settings, client, apply_catalogue=apply, downs=downs).start()
