"""Clock interface: the real clock and a settable one for tests and simulations."""
from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


class Clock:
    """Tells the centre's local time (aware datetimes, to the millisecond)."""

    def __init__(self, timezone: str = "Asia/Ho_Chi_Minh"):
        self.tz = ZoneInfo(timezone)
        # The last moment told, kept for the rest of its millisecond (a ticket asks several
        # times within one), and the day of the last moment today() was asked about.
        self._millisecond, self._moment = -1, None
        self._day_of, self._day = None, ""

    def now(self) -> datetime:
        millisecond = time.time_ns() // 1_000_000
        if millisecond != self._millisecond:
            seconds, milli = divmod(millisecond, 1000)
            self._moment = datetime.fromtimestamp(seconds, self.tz).replace(microsecond=milli * 1000)
            self._millisecond = millisecond
        return self._moment

    def today(self) -> str:
        moment = self.now()
        if moment is not self._day_of:
            self._day_of, self._day = moment, moment.date().isoformat()
        return self._day


class FakeClock(Clock):
    """A clock that only moves when told to; records nothing else."""

    def __init__(self, start: datetime | str, timezone: str = "Asia/Ho_Chi_Minh"):
        super().__init__(timezone)
        if isinstance(start, str):
            start = datetime.fromisoformat(start)
        self._now = start if start.tzinfo else start.replace(tzinfo=self.tz)

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now

    def set(self, moment: datetime | str) -> None:
        if isinstance(moment, str):
            moment = datetime.fromisoformat(moment)
        self._now = moment if moment.tzinfo else moment.replace(tzinfo=self.tz)


class OffsetClock(Clock):
    """A device's clock corrected by its measured offset to the server (kiosk/sync/heartbeat.py):
    old PCs with a dead CMOS battery would otherwise stamp offline tickets with the wrong time.
    `base` is the device's own clock; `offset_seconds` is server minus device."""

    def __init__(self, base: Clock, offset_seconds: float = 0.0):
        super().__init__(str(base.tz))
        self.base = base
        self.offset_seconds = offset_seconds

    def now(self) -> datetime:
        moment = self.base.now() + timedelta(seconds=self.offset_seconds)
        return moment.replace(microsecond=moment.microsecond // 1000 * 1000)
