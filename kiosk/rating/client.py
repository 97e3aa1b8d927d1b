"""What the rating tablet asks the server. Needs a device token with role `display`."""
from __future__ import annotations

from kiosk.sync.client import ApiError, ServerClient, ServerUnavailable

__all__ = ["RatingClient", "ApiError", "ServerUnavailable"]


class RatingClient(ServerClient):
    def __init__(self, base_url: str, token: str | None, counter_id: int, timeout: float = 2.0):
        super().__init__(base_url, token, timeout)
        self.counter_id = counter_id

    def pending(self) -> dict | None:
        """The ticket just finished at this counter, or None when there is nothing to rate."""
        return self._request("GET", f"/api/counters/{self.counter_id}/rating")

    def options(self) -> dict:
        return self._request("GET", "/api/ratings/options")

    def rate(self, ticket_id: int, rating: str) -> dict:
        return self._request("POST", f"/api/counters/{self.counter_id}/rating",
                             json={"ticket_id": ticket_id, "rating": rating})

    def add_reason(self, ticket_id: int, reason: str) -> dict:
        return self._request("POST", f"/api/counters/{self.counter_id}/rating/reason",
                             json={"ticket_id": ticket_id, "reason": reason})
