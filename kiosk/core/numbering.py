"""Where a ticket number comes from. Pure arithmetic on a service's range; no store, no clock.

A service's range `[first, last]` is split in two (docs/CONTRACTS.md, "Numbering"):

- the **online run** `[first, last - slots × size]`: the server gives these one after the
  other, whichever kiosk or staff member asks, so online numbers have no gaps;
- the **offline series** at the top, one block of `size` numbers per kiosk slot, slot 1 the
  lowest: a kiosk issues from its own series when the server does not answer, needing no
  contact that day. No other kiosk and not the server can ever use them.

HT 1001-1999, 4 slots of 100: online 1001-1599, slot 1 1600-1699, ..., slot 4 1900-1999.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_SLOT_IN_TOKEN = re.compile(r"^kiosk\.(\d{1,3})\.")


@dataclass(frozen=True)
class Series:
    first: int
    last: int

    def __contains__(self, number: object) -> bool:
        return isinstance(number, int) and self.first <= number <= self.last

    @property
    def size(self) -> int:
        return self.last - self.first + 1


@dataclass(frozen=True)
class Layout:
    series_size: int
    kiosk_slots: int

    @classmethod
    def of(cls, sync) -> "Layout":
        """From the config's `sync` section."""
        return cls(sync.offline_series_size, sync.kiosk_slots)

    @property
    def reserved(self) -> int:
        return self.series_size * self.kiosk_slots

    def fits(self, first: int, last: int) -> bool:
        """Whether a range holds every kiosk's series and at least one online number."""
        return last - first + 1 > self.reserved

    def online(self, first: int, last: int) -> Series:
        return Series(first, last - self.reserved)

    def offline(self, first: int, last: int, slot: int) -> Series | None:
        """The series of a kiosk slot (1-based); None for a slot the layout does not have."""
        if not isinstance(slot, int) or not 1 <= slot <= self.kiosk_slots or not self.fits(first, last):
            return None
        top = last - (self.kiosk_slots - slot) * self.series_size
        return Series(top - self.series_size + 1, top)

    def slot_of(self, number: int, first: int, last: int) -> int | None:
        """The kiosk slot whose series holds `number`; None for online numbers and numbers outside the range."""
        online = self.online(first, last)
        if not isinstance(number, int) or not online.last < number <= last:
            return None
        return (number - online.last - 1) // self.series_size + 1


def slot_in_token(token: str | None) -> int | None:
    """The kiosk slot a device token carries (`kiosk.<slot>.<secret>`), None for other tokens.
    The server never trusts it (it knows each device's slot); the kiosk reads it so that it
    can issue from its own series before it has ever reached the server."""
    match = _SLOT_IN_TOKEN.match(token or "")
    return int(match.group(1)) if match else None


def token_for_slot(slot: int, secret: str) -> str:
    return f"kiosk.{slot}.{secret}"
