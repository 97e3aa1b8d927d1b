"""Rate limits, with the `limits` library (in-memory moving windows; one server process).

- Logins: failures are counted per account and per address over FAILURE_WINDOW. Past the
  free allowance (`limits.login_failures_per_account`, `..._per_address`), each further
  failure locks that account or address for 2, 4, 8 ... seconds, up to
  `limits.login_backoff_max_seconds`; a locked login is answered 429 with Retry-After
  before the password is even checked. A success clears the account's failures.
- Issuing: a kiosk (any principal) issuing online tickets faster than
  `limits.kiosk_issue_rate` is answered 429 with Retry-After, which makes the kiosk issue
  from its leased block (kiosk/sync); offline uploads are never counted or refused.

limits' MemoryStorage drops expired entries on a timer thread that it starts again after
each hit once the last one ended: on the event loop that is a thread start per request, and
`Thread.start()` waits until the OS has run the new thread (milliseconds on a loaded
machine). LoopMemoryStorage drops them inline instead, at most once per EXPIRE_SECONDS.
"""
from __future__ import annotations

import math
import time

from limits import RateLimitItemPerMinute, RateLimitItemPerSecond, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from kiosk.core.errors import QueueError

EXPIRE_SECONDS = 1.0
FAILURE_WINDOW = RateLimitItemPerMinute(1_000_000, 15)   # a counter of failures in the last 15 minutes
NOTICE_EVERY = RateLimitItemPerMinute(1, 1)              # tell staff about one kiosk at most once a minute
PAIRING_FAILURES = RateLimitItemPerMinute(5, 5)          # 5 wrong pairing codes per address, then wait


class TooMany(QueueError):
    """A 429: `retry_after` seconds until the next attempt may succeed."""

    def __init__(self, reason: str, message: str, field: str | None, retry_after: int):
        super().__init__("too_many", reason, message, field)
        self.retry_after = retry_after


class _InlineExpiry:
    """Stands in for MemoryStorage's timer thread, which the storage asks `is_alive()` before
    each hit (and starts a new one when not): runs the expiry in the caller's thread when due."""

    def __init__(self, expire):
        self.expire, self.due = expire, time.monotonic() + EXPIRE_SECONDS

    def is_alive(self) -> bool:
        now = time.monotonic()
        if now >= self.due:
            self.due = now + EXPIRE_SECONDS
            self.expire()
        return True

    def cancel(self) -> None:
        pass


class LoopMemoryStorage(MemoryStorage):
    def __init__(self):
        super().__init__()
        self.timer.cancel()
        self.timer = _InlineExpiry(self._MemoryStorage__expire_events)


class Throttle:
    def __init__(self, limits_config):
        self.config = limits_config
        self.limiter = MovingWindowRateLimiter(LoopMemoryStorage())
        self.issue_rate = parse(limits_config.kiosk_issue_rate)

    # -- logins ---------------------------------------------------------------------------
    def check_login(self, username: str, address: str) -> None:
        """Raise TooMany while the account or the address is locked."""
        for kind, key, free in self._login_keys(username, address):
            failures = self._failures(kind, key)
            if failures < free:
                continue
            lock = self._lock(failures - free)
            if not self.limiter.test(lock, "lock", kind, key):
                wait = self._seconds_until(lock, "lock", kind, key)
                raise TooMany(f"too many failed logins for this {kind}; retry after {wait} s",
                              f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {wait} giây.", "username", wait)

    def login_failed(self, username: str, address: str) -> bool:
        """Count a failure; True when it (newly) locks the account or the address."""
        locked = False
        for kind, key, free in self._login_keys(username, address):
            self.limiter.hit(FAILURE_WINDOW, "fail", kind, key)
            failures = self._failures(kind, key)
            if failures >= free:
                self.limiter.hit(self._lock(failures - free), "lock", kind, key)
                locked = True
        return locked

    def login_succeeded(self, username: str) -> None:
        self.limiter.clear(FAILURE_WINDOW, "fail", "account", username)

    def _login_keys(self, username: str, address: str):
        return (("account", username, self.config.login_failures_per_account),
                ("address", address, self.config.login_failures_per_address))

    def _failures(self, kind: str, key: str) -> int:
        stats = self.limiter.get_window_stats(FAILURE_WINDOW, "fail", kind, key)
        return FAILURE_WINDOW.amount - stats.remaining

    def _lock(self, over: int):
        return RateLimitItemPerSecond(1, min(2 ** (over + 1), self.config.login_backoff_max_seconds))

    # -- pairing codes ----------------------------------------------------------------------
    def check_pairing(self, address: str) -> None:
        """Raise TooMany once an address sent 5 wrong codes in the last 5 minutes: guessing
        one of a million codes then takes years, a mistyping person waits a few minutes."""
        if not self.limiter.test(PAIRING_FAILURES, "pair", address):
            wait = self._seconds_until(PAIRING_FAILURES, "pair", address)
            raise TooMany(f"{PAIRING_FAILURES.amount} wrong pairing codes from this address; retry after {wait} s",
                          f"Đã nhập sai mã ghép nối {PAIRING_FAILURES.amount} lần. Vui lòng thử lại sau "
                          f"{max(1, round(wait / 60))} phút.", "code", wait)

    def pairing_failed(self, address: str) -> None:
        self.limiter.hit(PAIRING_FAILURES, "pair", address)

    # -- issuing --------------------------------------------------------------------------
    def check_issue(self, device: str) -> None:
        """Count one online ticket; raise TooMany past the rate, with `tell_staff` True on
        the first refusal of this kiosk in a minute."""
        if self.limiter.hit(self.issue_rate, "issue", device):
            return False
        wait = self._seconds_until(self.issue_rate, "issue", device)
        tell = self.limiter.hit(NOTICE_EVERY, "notice", device)
        error = TooMany(f"this kiosk issues tickets faster than {self.config.kiosk_issue_rate}; "
                        f"retry after {wait} s", "Máy đang cấp số quá nhanh, vui lòng chờ giây lát.", None, wait)
        error.tell_staff = tell
        raise error

    def _seconds_until(self, item, *keys: str) -> int:
        reset = self.limiter.get_window_stats(item, *keys).reset_time
        return max(1, math.ceil(reset - time.time()))
