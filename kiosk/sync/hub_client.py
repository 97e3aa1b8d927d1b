"""The centre's link to the province hub, behind a small interface: the real client over HTTP
(requests) and a recording dummy that answers as a hub would."""
from __future__ import annotations

from typing import Protocol

import requests


class HubUnavailable(Exception):
    """No answer, a timeout or a 5xx: try again later."""


class HubRefused(Exception):
    """A 4xx: the hub will not take this (a wrong token, a malformed push)."""

    def __init__(self, status: int, detail):
        super().__init__(f"hub answered {status}: {detail}")
        self.status, self.detail = status, detail


class HubClient(Protocol):
    def push(self, body: dict) -> dict: ...             # -> {"applied_through", "held"}
    def catalogue(self, since: int) -> dict: ...        # -> {"version", "procedures": [...]}
    def voice_pack(self, since: int) -> dict: ...       # -> {"version", "manifest" or None}
    def voice_pack_zip(self, version: int) -> bytes: ...
    def publish_schedule(self, schedule: dict) -> None: ...
    def bookings(self, since: int) -> dict: ...         # -> {"version", "bookings": [...]}


class HttpHubClient:
    def __init__(self, url: str, token: str, timeout: float = 10):
        self.url, self.timeout = url.rstrip("/"), timeout
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def push(self, body: dict) -> dict:
        return self._call("POST", "/api/push", json=body)

    def catalogue(self, since: int) -> dict:
        return self._call("GET", "/api/catalogue", params={"since": since})

    def voice_pack(self, since: int) -> dict:
        return self._call("GET", "/api/voice-pack", params={"since": since})

    def voice_pack_zip(self, version: int) -> bytes:
        return self._call("GET", f"/api/voice-pack/{version}.zip", raw=True)

    def publish_schedule(self, schedule: dict) -> None:
        self._call("PUT", "/api/schedule", json=schedule, raw=True)

    def bookings(self, since: int) -> dict:
        return self._call("GET", "/api/bookings", params={"since": since})

    def _call(self, method: str, path: str, raw: bool = False, **kwargs):
        try:
            response = self.session.request(method, self.url + path, timeout=self.timeout, **kwargs)
        except requests.RequestException as error:
            raise HubUnavailable(str(error)) from None
        if response.status_code >= 500:
            raise HubUnavailable(f"hub answered {response.status_code}")
        if response.status_code >= 400:
            try:
                detail = response.json().get("detail")
            except ValueError:
                detail = response.text[:200]
            raise HubRefused(response.status_code, detail)
        return response.content if raw else response.json()


class RecordingHubClient:
    """Keeps every push and answers like a hub: events applied in order, once each.
    `fail_next = n` makes the next n calls raise HubUnavailable (a hub that is down)."""

    def __init__(self, procedures: list[dict] | None = None, version: int = 0):
        self.pushes: list[dict] = []
        self.stored: dict[int, dict] = {}
        self.applied_through = 0
        self.fail_next = 0
        self.procedures, self.version = list(procedures or []), version
        self.catalogue_calls: list[int] = []
        self.schedules: list[dict] = []

    def _maybe_fail(self) -> None:
        if self.fail_next > 0:
            self.fail_next -= 1
            raise HubUnavailable("recording hub: down")

    def push(self, body: dict) -> dict:
        self._maybe_fail()
        self.pushes.append(body)
        by_prev = {}
        for event in body.get("events", []):
            if event["id"] > self.applied_through:
                self.stored.setdefault(event["id"], event)
        for event in self.stored.values():
            by_prev[event["prev"]] = event["id"]
        while self.applied_through in by_prev:
            self.applied_through = by_prev[self.applied_through]
        return {"applied_through": self.applied_through,
                "held": sum(1 for i in self.stored if i > self.applied_through)}

    def catalogue(self, since: int) -> dict:
        self._maybe_fail()
        self.catalogue_calls.append(since)
        return {"version": self.version, "procedures": [p for p in self.procedures if p["version"] > since]}

    # Nothing else comes down from the recording hub: no pack, no bookings; schedules are kept.
    def voice_pack(self, since: int) -> dict:
        self._maybe_fail()
        return {"version": 0, "manifest": None}

    def voice_pack_zip(self, version: int) -> bytes:
        raise HubRefused(404, "no voice pack")

    def publish_schedule(self, schedule: dict) -> None:
        self._maybe_fail()
        self.schedules.append(schedule)

    def bookings(self, since: int) -> dict:
        self._maybe_fail()
        return {"version": since, "bookings": []}
