"""HTTP client the kiosk uses to reach the local server.

One `requests.Session` per client (keep-alive on loopback keeps a ticket under a few ms).
Every failure is one of two exceptions, so callers never see a requests traceback:

- `ServerUnavailable`: timeout, connection refused/reset, a 5xx, or a body that is not JSON.
- `ApiError(status, detail)`: the server understood and refused (4xx); `detail` is the
  contract's `{"field", "reason", "message"}` mapping when the server sent one.

The client is not thread-safe across concurrent calls on one instance in theory
(requests.Session mostly is); the kiosk uses it from one worker thread at a time.
"""
from __future__ import annotations

from typing import Any, Protocol

import requests


class ServerUnavailable(Exception):
    """The server could not be reached or failed (timeout, connection error, 5xx)."""


class ApiError(Exception):
    """The server refused the request (4xx)."""

    def __init__(self, status: int, detail: Any):
        self.status = status
        self.detail = detail
        super().__init__(f"HTTP {status}: {detail}")

    @property
    def message(self) -> str:
        """The citizen-facing Vietnamese message, when the server sent one."""
        if isinstance(self.detail, dict):
            return str(self.detail.get("message") or self.detail.get("reason") or "")
        return str(self.detail or "")


class TicketIssuer(Protocol):
    """The one call the kiosk needs to issue a ticket (ServerClient, or the SyncClient of
    kiosk/sync/sync_client.py, which adds the journal and offline issuing)."""

    def issue_ticket(self, procedure_code: str, priority: str | None, client_id: str) -> dict: ...


class ServerClient:
    def __init__(self, base_url: str, token: str | None, timeout: float = 1.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.boot_id: str | None = None      # the server run that answered last (X-Server-Boot)
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    # -- public API ----------------------------------------------------------------------

    def issue_ticket(self, procedure_code: str, priority: str | None, client_id: str,
                     number: int | None = None, issued_at: str | None = None) -> dict:
        """Create a ticket (idempotent by client_id). `number` and `issued_at` only for
        uploading a ticket the kiosk issued offline from its own series."""
        body = {"procedure_code": procedure_code, "priority": priority, "client_id": client_id}
        if number is not None:
            body.update(number=number, issued_at=issued_at)
        return self._request("POST", "/api/tickets", json=body)

    def check_in(self, code: str, priority: str | None = None) -> dict:
        """Check a booking in (POST /api/appointments/check-in): {"outcome", "message", "ticket", ...}.
        Online only: a booking lives on the server."""
        return self._request("POST", "/api/appointments/check-in", json={"code": code, "priority": priority})

    def upload_tickets(self, tickets: list[dict]) -> list[dict]:
        """Upload offline tickets in order in one request (POST /api/tickets/batch). Each
        item: procedure_code, priority, client_id, number, issued_at. Returns one result per
        ticket: {"client_id", "status": 201 | 200 | 4xx, "ticket" | "detail"}."""
        return self._request("POST", "/api/tickets/batch", json={"tickets": tickets})["results"]

    def offline_series(self) -> dict:
        """This kiosk's slot and offline series (GET /api/series)."""
        return self._request("GET", "/api/series")

    def repair_compare(self, day: str, count: int, digest: str) -> dict:
        """Does the server hold the same day's tickets of this kiosk? (POST /api/repair/compare)"""
        return self._request("POST", "/api/repair/compare", json={"day": day, "count": count, "digest": digest})

    def repair_tickets(self, day: str, tickets: list[dict], unshown: list[str] = ()) -> dict:
        """Send the day's tickets for the server to re-adopt those it lost (POST /api/repair/tickets)."""
        return self._request("POST", "/api/repair/tickets", json={"day": day, "tickets": tickets,
                                                                   "unshown": list(unshown)})

    def health(self) -> dict:
        return self._request("GET", "/api/health")

    def pair(self, code: str) -> dict:
        """Exchange a pairing code for this device's token (POST /api/pair, no token needed):
        {"token", "device": {"name", "role", "slot"}, "server_time"}."""
        return self._request("POST", "/api/pair", json={"code": code})

    def heartbeat(self, report: dict) -> dict:
        """What the device is like now (POST /api/devices/heartbeat); {"server_time"}."""
        return self._request("POST", "/api/devices/heartbeat", json=report)

    def procedures(self) -> list[dict]:
        return self._request("GET", "/api/procedures")

    def catalogue_version(self) -> str | None:
        """Changes exactly when procedures, services or counters do (GET /api/health)."""
        return (self.health() or {}).get("catalogue_version")

    def services(self) -> list[dict]:
        return self._request("GET", "/api/services")

    def settings(self) -> dict:
        """The kiosk settings in force (GET /api/settings), the search synonyms among them."""
        return self._request("GET", "/api/settings")

    def counters(self) -> list[dict]:
        return self._request("GET", "/api/counters")

    def queue(self) -> Any:
        return self._request("GET", "/api/queue")

    def report_print_failed(self, ticket_id: int, reason: str) -> Any:
        return self._request("POST", f"/api/tickets/{ticket_id}/print-failed", json={"reason": reason})

    def close(self) -> None:
        self.session.close()

    # -- plumbing ------------------------------------------------------------------------

    def _request(self, method: str, path: str, **kwargs) -> Any:
        url = self.base_url + path
        try:
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as error:  # timeout, refused, reset, bad URL
            raise ServerUnavailable(f"{method} {path}: {type(error).__name__}: {error}") from None
        self.boot_id = response.headers.get("X-Server-Boot") or self.boot_id
        if response.status_code >= 500:
            raise ServerUnavailable(f"{method} {path}: HTTP {response.status_code}")
        if response.status_code >= 400:
            try:
                detail = response.json().get("detail")
            except (ValueError, AttributeError):
                detail = response.text[:500]
            raise ApiError(response.status_code, detail)
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise ServerUnavailable(f"{method} {path}: response is not JSON") from None
