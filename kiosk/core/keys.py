"""Random keys that sort by the time they were drawn: a ticket's public id (drawn by the
server, in the citizen's QR code) and its client id (drawn by the kiosk, so a retry is
recognised). Both are looked up through a unique index. Purely random keys land each on an
index page of its own, and every page a commit changes is one more page written to the
WAL and fsynced (issue 12); keys that begin with their time land beside each other, at the
end of the index. What follows the time is random enough that no key can be guessed."""
from __future__ import annotations

import os
import secrets
import uuid

# URL-safe characters in ASCII order, so that the text sorts as the number it spells
SORTABLE = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
EPOCH = 1735689600                    # 2025-01-01 UTC; four characters of minutes last 31 years
MINUTE_DIGITS = 4


def public_key(at: float) -> str:
    """16 URL-safe characters, as before: the minute of `at` (a Unix time) in four sortable
    characters, then 72 random bits."""
    minute = int((at - EPOCH) // 60) % len(SORTABLE) ** MINUTE_DIGITS
    prefix = "".join(SORTABLE[(minute >> (6 * place)) & 63] for place in reversed(range(MINUTE_DIGITS)))
    return prefix + secrets.token_urlsafe(9)


def client_key(at: float) -> str:
    """A version 7 UUID (RFC 9562): the millisecond of `at`, then 74 random bits."""
    value = (int(at * 1000) & ((1 << 48) - 1)) << 80 | int.from_bytes(os.urandom(10), "big")
    value = (value & ~(0xF << 76)) | (0x7 << 76)         # the version
    value = (value & ~(0x3 << 62)) | (0x2 << 62)         # the RFC variant
    return str(uuid.UUID(int=value))
