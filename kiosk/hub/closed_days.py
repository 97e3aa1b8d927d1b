"""Closed days rolled up in the background, so a manager's first month report reads partials.

Folding a centre-day takes its events once (kiosk/hub/reports.py); a whole city's month folded
on the first request took minutes (bench/hub.py). A thread of each hub process wakes every few
minutes and folds every day before today whose partial is missing or older than its events.
Several hub processes share one database: a PostgreSQL advisory lock lets one of them do it at
a time, and the others skip that round. Today is left alone: its events are still coming.
"""
from __future__ import annotations

import logging
from datetime import date
from typing import Callable

import psycopg

from kiosk.hub import reports
from kiosk.periodic import PeriodicThread

log = logging.getLogger("kiosk.hub")
LOCK_KEY = 1_900_119      # the advisory lock's number: only this job takes it
EVERY_SECONDS = 300

_STALE = f"""SELECT c.id, c.applied_through, m.day FROM day_marks m
            JOIN centres c ON c.id = m.centre_id
            LEFT JOIN day_rollups r ON r.centre_id = m.centre_id AND r.day = m.day
            WHERE m.day < %s AND (r.day IS NULL OR NOT ({reports.ROLLUP_FRESH}))
            ORDER BY m.day, c.id"""


def roll_up_closed_days(conn, today: date) -> int | None:
    """Fold every stale centre-day before `today`; how many, or None when another process is at it."""
    if not conn.execute("SELECT pg_try_advisory_lock(%s) AS got", [LOCK_KEY]).fetchone()["got"]:
        conn.commit()
        return None
    try:
        stale = conn.execute(_STALE, [today]).fetchall()
        conn.commit()
        for row in stale:
            reports.roll_up(conn, {"id": row["id"], "applied_through": row["applied_through"]}, row["day"])
        return len(stale)
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        conn.commit()


class ClosedDays:
    """The background thread: `start()` with the pool, `stop()` at shut-down."""

    def __init__(self, pool, today: Callable[[], date], every_seconds: float = EVERY_SECONDS):
        self.pool, self.today, self.every_seconds = pool, today, every_seconds
        self.rounds = 0
        # psycopg.Error: the database away for a moment, and the next round tries again
        self._thread = PeriodicThread("hub-closed-days", self._round, every_seconds, log=log,
                                      expected=(psycopg.Error,), doing="rolling up closed days")

    def start(self) -> "ClosedDays":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._thread.stop()

    def _round(self) -> None:
        with self.pool.connection() as conn:
            folded = roll_up_closed_days(conn, self.today())
        self.rounds += 1
        if folded:
            log.info("rolled up %d closed centre-days", folded)
