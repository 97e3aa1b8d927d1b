"""The kiosk's half of the repair (kiosk/core/repair.py): after the server restarts, compare
today's acknowledged tickets of the journal with what the server holds, and send back those
it lost so citizens keep their numbers and the server never gives one of them again.

When: once per server run and day. Every answer of the real server names its run
(`X-Server-Boot`, kept by ServerClient as `boot_id`); a new run means a restart, which may
have lost committed tickets (a torn WAL, a restored backup). Two hooks in SyncClient call it:
each sync round, and right after an online ticket, before it is shown: if that answer came
from a new run, the number may be a lost one given again; the server then renumbers the
ticket not yet shown, and the kiosk shows the new number.

A server without the repair routes (or the test DummyServer, which names no run) is left
alone. Never raises: a failed comparison is retried on the next hook.
"""
from __future__ import annotations

import json
import logging

from kiosk.core.repair import MAX_TICKETS, day_digest
from kiosk.sync.client import ApiError, ServerUnavailable

log = logging.getLogger(__name__)

ACKNOWLEDGED = ("sent", "uploaded")
META_KEY = "reconciled_run"


class Reconciler:
    def __init__(self, client):
        self.client = client          # the SyncClient: its per-thread server, journal and clock
        self.last: dict | None = None  # the last comparison's outcome, for status and tests

    def _due(self) -> tuple[str, str] | None:
        boot = getattr(self.client.server, "boot_id", None)
        if not boot:
            return None
        key = (boot, self.client.clock.today())
        return key if self.client.journal.meta(META_KEY) != "/".join(key) else None

    def run_if_due(self, unshown: tuple[str, ...] = ()) -> dict | None:
        """Compare (and repair) when the server run or the day changed since the last time."""
        key = self._due()
        if key is None:
            return None
        try:
            outcome = self.run(key[1], unshown)
        except ServerUnavailable as error:
            log.warning("could not compare tickets with the server: %s", error)
            return None
        except ApiError as error:             # an older server without the routes: do not ask again
            log.warning("the server refused the ticket comparison: %s", error)
            outcome = {"match": None, "error": f"HTTP {error.status}"}
        self.client.journal.set_meta(META_KEY, "/".join(key))
        self.last = outcome
        return outcome

    def after_online(self, ticket: dict) -> dict:
        """An online ticket, before it is shown: repaired first if a new server run issued it."""
        outcome = self.run_if_due((ticket["client_id"],))
        for change in (outcome or {}).get("renumbered", []):
            if change["client_id"] == ticket["client_id"]:
                log.error("number %s was a lost ticket's; the citizen is shown %s", change["from_number"],
                          change["to_number"])
                return {**ticket, "number": change["to_number"]}
        return ticket

    def run(self, day: str, unshown: tuple[str, ...] = ()) -> dict:
        held = self.held(day)
        server = self.client.server
        ids = [t["client_id"] for t in held] + list(unshown)     # the server holds the unshown ones too
        answer = server.repair_compare(day, len(ids), day_digest(ids))
        outcome = {"match": bool(answer.get("match")), "adopted": [], "renumbered": [], "conflicts": []}
        if outcome["match"]:
            return outcome
        for start in range(0, max(len(held), 1), MAX_TICKETS):
            result = server.repair_tickets(day, held[start:start + MAX_TICKETS], unshown)
            for key in ("adopted", "renumbered", "conflicts"):
                outcome[key] += result.get(key, [])
            outcome["conflicts"] += result.get("refused", [])
        if outcome["adopted"]:
            log.warning("the server had lost %d of today's tickets; re-adopted from this kiosk's journal",
                        len(outcome["adopted"]))
        for conflict in outcome["conflicts"]:
            log.error("ticket %s (number %s) could not be re-adopted: %s", conflict["client_id"], conflict["number"],
                      conflict["reason"])
        return outcome

    def held(self, day: str) -> list[dict]:
        """Today's tickets of the journal that the server acknowledged, as the citizens hold them."""
        return [_held(row) for row in self.client.journal.tickets()
                if row["state"] in ACKNOWLEDGED and row["day"] == day and row["number"] is not None]


def _held(row: dict) -> dict:
    ticket = json.loads(row["ticket"]) if row.get("ticket") else {}
    return {"client_id": row["client_id"], "service_id": row["service_id"], "number": row["number"],
            "issued_at": row["issued_at"], "procedure_code": row["procedure_code"],
            "procedure_name": row["procedure_name"], "priority": row["priority"], "offline": bool(row["offline"]),
            "public_id": ticket.get("public_id")}
