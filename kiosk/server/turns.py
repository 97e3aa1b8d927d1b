"""Turns of the event loop: what the requests handled in one turn may share.

Several requests often arrive in the same turn (the group commit gathers them), and each
asks the store's memo whether another connection committed meanwhile (`PRAGMA data_version`,
kiosk/store/memo.py): a read transaction, with its locks, per request. Within one turn the
answer cannot matter: a request that another process's commit must affect (a device revoked
from the CLI, say) arrived after that commit, so it is handled in a later turn, and the first
use of the memo in each turn asks again.
"""
from __future__ import annotations

import asyncio
import threading


class LoopTurns:
    """`current()` names the loop's turn: the same value until the callbacks queued meanwhile
    have run. Off the loop's thread it is None: every use there asks the database."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self._loop = loop
        self._thread = threading.get_ident()
        self._turn = 0
        self._counting = False        # the turn's end is queued

    def current(self) -> int | None:
        if threading.get_ident() != self._thread:
            return None
        if not self._counting:
            self._counting = True
            self._loop.call_soon(self._next)
        return self._turn

    def _next(self) -> None:
        self._turn += 1
        self._counting = False
