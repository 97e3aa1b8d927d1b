"""`main.py hub centre add | user add | serve` against the real PostgreSQL."""
from __future__ import annotations

import psycopg

from kiosk.cli import main
from kiosk.hub.db import token_hash
from tests.support import free_port


def test_a_registered_centre_gets_a_token_that_is_stored_only_hashed(hub_dsn, capsys):
    assert main(["hub", "centre", "add", "P07", "Phường Sài Gòn", "--district", "Quận 1", "--pg", hub_dsn]) == 0
    token = capsys.readouterr().out.strip()
    assert len(token) >= 40
    with psycopg.connect(hub_dsn) as conn:
        stored = conn.execute("SELECT code, name, district, token_hash FROM centres").fetchall()
    assert stored == [("P07", "Phường Sài Gòn", "Quận 1", token_hash(token))]
    assert main(["hub", "centre", "add", "P07", "Khác", "--pg", hub_dsn]) == 2
    assert "already registered" in capsys.readouterr().err


def test_a_province_account_takes_a_role(hub_dsn, capsys):
    assert main(["hub", "user", "add", "so-noi-vu", "--role", "admin", "--pg", hub_dsn]) == 0
    with psycopg.connect(hub_dsn) as conn:
        assert conn.execute("SELECT name, role FROM accounts").fetchall() == [("so-noi-vu", "admin")]


def test_a_hub_without_its_database_says_so_in_one_line(capsys):
    dsn = f"host=127.0.0.1 port={free_port()} dbname=hub user=postgres connect_timeout=2"
    assert main(["hub", "serve", "--pg", dsn]) == 2
    assert capsys.readouterr().err.startswith("Lỗi: Không kết nối được PostgreSQL")
