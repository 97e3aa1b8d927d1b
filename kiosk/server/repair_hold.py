"""After a start on a torn WAL, hold online numbering until the kiosks have been compared.

A torn WAL (a file that ends inside a frame) means the server may have lost tickets it had
committed, and the sequence went back with them: an online number given now may be one a
citizen already holds, shown by any kiosk. So for `server.repair_hold_seconds` at most, and
only until every kiosk seen today has compared its journal (kiosk/sync/reconcile.py), new
online tickets and number leases are answered 503: kiosks issue offline meanwhile, from
numbers that are theirs. Uploads of offline tickets, calls and everything else go on.
A WAL cut exactly between frames cannot be told from a sound one; kiosks still repair the
server then, but without the hold (docs/SECURITY.md §12).
"""
from __future__ import annotations

import logging
import time

from starlette.exceptions import HTTPException

from kiosk.server.errors import detail
from kiosk.server.storage import RETRY_AFTER_SECONDS

log = logging.getLogger("kiosk.server")

HOLD_MESSAGE = ("Máy chủ đang đối chiếu số thứ tự với các kiosk sau sự cố; "
                "kiosk tạm cấp số ngoại tuyến, số vẫn có hiệu lực.")


class RepairHold:
    def __init__(self, waiting_for: set[str] | None = None, seconds: float = 0, monotonic=time.monotonic):
        self.waiting_for = set(waiting_for or ())
        self.monotonic = monotonic
        self.until = monotonic() + seconds if self.waiting_for else 0.0

    @classmethod
    def after_start(cls, store, today: str, torn_bytes: int, seconds: float) -> "RepairHold":
        if not torn_bytes or seconds <= 0:
            return cls()
        kiosks = {d["name"] for d in store.devices()
                  if d["role"] == "kiosk" and d["active"] and (d["last_seen"] or "").startswith(today)}
        log.warning("the WAL ended %d bytes inside a frame: tickets may be lost; online numbering waits up to "
                    "%.0f s for kiosks %s to compare their journals", torn_bytes, seconds, sorted(kiosks) or "(none)")
        return cls(kiosks, seconds)

    @property
    def active(self) -> bool:
        return bool(self.waiting_for) and self.monotonic() < self.until

    def reconciled(self, device: str) -> None:
        if device in self.waiting_for:
            self.waiting_for.discard(device)
            if not self.waiting_for:
                log.warning("every kiosk has compared its journal: online numbering resumes")

    def check(self) -> None:
        """Raise the 503 while the hold lasts (before a new online number or a lease)."""
        if self.active:
            raise HTTPException(503, detail(None, f"online numbering is held until kiosks "
                                                  f"{', '.join(sorted(self.waiting_for))} compare their journals",
                                            HOLD_MESSAGE)["detail"], headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
