"""Bookings per network address per 24 hours, with the `limits` library (in memory, one
server process), against a script hoarding the slots (config `appointments.per_address_per_day`)."""
from __future__ import annotations

import math
import time

from limits import RateLimitItemPerDay
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from kiosk.server.throttle import TooMany


class BookingLimits:
    def __init__(self, per_address_per_day: int):
        self.item = RateLimitItemPerDay(per_address_per_day)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def check(self, address: str) -> None:
        """TooMany (429) when this address has booked its allowance in the last 24 hours."""
        if self.limiter.test(self.item, "booking", address):
            return
        reset = self.limiter.get_window_stats(self.item, "booking", address).reset_time
        wait = max(1, math.ceil(reset - time.time()))
        raise TooMany(f"this address made {self.item.amount} bookings in 24 hours; retry after {wait} s",
                      "Đã đặt quá nhiều lịch hẹn từ thiết bị này trong hôm nay. Ông/bà vui lòng thử lại vào "
                      "ngày mai hoặc gọi điện cho trung tâm.", None, wait)

    def booked(self, address: str) -> None:
        self.limiter.hit(self.item, "booking", address)
