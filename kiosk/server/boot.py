"""Which run of the server answered: every response carries `X-Server-Boot`, an id drawn at
start-up. A kiosk that sees it change knows the server restarted, and so may have lost
tickets it committed before (a torn WAL, a restored backup): it then compares its journal
with the server (kiosk/sync/reconcile.py) before it shows the next number."""
from __future__ import annotations

import secrets

BOOT_HEADER = "X-Server-Boot"


class BootHeader:
    """Pure ASGI middleware (no per-request task, fine for the event stream)."""

    def __init__(self, app, boot_id: str | None = None):
        self.app = app
        self.boot_id = boot_id or secrets.token_hex(8)
        self._header = (BOOT_HEADER.lower().encode(), self.boot_id.encode())

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_boot(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], self._header]
            await send(message)
        return await self.app(scope, receive, send_with_boot)
