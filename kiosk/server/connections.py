"""Slow and many connections: what `main.py serve` gives uvicorn.

- A request's headers must be complete within `limits.header_timeout_seconds` of its first
  byte (or of the connection opening): a slow-header client is disconnected, so a few
  hundred of them cannot hold the server's connection slots. The body's own deadline is in
  kiosk/server/limits.py; idle keep-alive connections close after `keep_alive_seconds`.
- At most `max_connections` at once (uvicorn's limit_concurrency; beyond it, 503 with the
  error shape), never more than the file limit allows, which start-up raises to its hard
  maximum (the service unit's LimitNOFILE, docs/SECURITY.md).
- Event streams get what is left after a reserve for issuing and staff requests.
- A response's head and body leave in one send (kiosk/server/coalescing.py).
"""
from __future__ import annotations

import json
import resource

from uvicorn.protocols.http import httptools_impl
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kiosk.server.coalescing import CoalescingTransport

FDS_KEPT = 64            # database, WAL, logs, the import worker's pipes
RESERVED_FOR_REQUESTS = 200
BUSY = json.dumps({"detail": {"field": None, "reason": "the server is at its connection limit; retry shortly",
                              "message": "Máy chủ đang quá tải, vui lòng thử lại sau giây lát."}},
                  ensure_ascii=False).encode()


def raise_file_limit() -> int:
    """Raise the soft limit of open files to the hard one; returns the soft limit now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return soft


def connection_budget(limits, file_limit: int) -> tuple[int, int]:
    """(connections uvicorn may hold, event streams allowed) under this file limit."""
    connections = max(10, min(limits.max_connections, file_limit - FDS_KEPT))
    streams = max(1, min(limits.streams_total, connections - RESERVED_FOR_REQUESTS))
    return connections, streams


async def busy(scope, receive, send) -> None:
    """uvicorn's answer past limit_concurrency, in the contract's error shape."""
    await send({"type": "http.response.start", "status": 503,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(BUSY)).encode()),
                            (b"connection", b"close"), (b"retry-after", b"2")]})
    await send({"type": "http.response.body", "body": BUSY, "more_body": False})


def guarded_protocol(header_timeout: float) -> type:
    """HttpToolsProtocol that drops a connection whose request headers take too long."""
    httptools_impl.service_unavailable = busy  # uvicorn looks this name up per refused request

    class HeaderDeadline(HttpToolsProtocol):
        _deadline = None

        def _arm(self) -> None:
            if self._deadline is None:
                self._deadline = self.loop.call_later(header_timeout, self._too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def connection_made(self, transport) -> None:
            super().connection_made(CoalescingTransport(transport, self.loop))
            self._arm()

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._arm()

        def on_headers_complete(self) -> None:
            self._disarm()
            super().on_headers_complete()

        def connection_lost(self, exc) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _too_slow(self) -> None:
            self._deadline = None
            if not self.transport.is_closing():
                self.transport.close()

    return HeaderDeadline
