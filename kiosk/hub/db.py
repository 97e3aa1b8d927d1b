"""The hub's connection pool (psycopg 3 + psycopg_pool); rows come back as dicts."""
from __future__ import annotations

import hashlib
import secrets

from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool


def open_pool(dsn: str, min_size: int = 2, max_size: int = 16, timeout: float = 15) -> ConnectionPool:
    pool = ConnectionPool(dsn, min_size=min_size, max_size=max_size, open=False,
                          kwargs={"row_factory": dict_row}, name="hub")
    pool.open(wait=True, timeout=timeout)
    return pool


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Tokens are 256 random bits, so a plain SHA-256 is enough to store them (no stretching)."""
    return hashlib.sha256(token.encode()).hexdigest()
