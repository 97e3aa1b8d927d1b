"""Ticket keys sort by the time they were drawn and cannot be guessed (kiosk/core/keys.py)."""
from __future__ import annotations

import re
import uuid

from kiosk.core.keys import client_key, public_key

AT = 1796170000.0      # 2026-12-02


def test_public_keys_keep_their_shape_and_sort_by_their_minute():
    keys = [public_key(AT + 60 * minute) for minute in range(0, 5000, 7)]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{16}", key) for key in keys)
    assert keys == sorted(keys)                                    # later minutes sort after
    same_minute = {public_key(AT) for _ in range(200)}
    assert len(same_minute) == 200 and len({key[:4] for key in same_minute}) == 1


def test_client_keys_are_version_7_uuids_in_time_order():
    keys = [client_key(AT + n / 1000) for n in range(0, 3000, 3)]
    parsed = [uuid.UUID(key) for key in keys]
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in parsed)
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert re.fullmatch(r"^[A-Za-z0-9-]+$", keys[0]) and 8 <= len(keys[0]) <= 64   # what POST /api/tickets accepts
