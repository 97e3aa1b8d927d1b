"""Enumeration (issue 13 §7): refusing an unknown or disabled account does the same scrypt
work as refusing a known one, so the time of the answer does not tell which names exist."""
from __future__ import annotations

import hashlib

import pytest

from kiosk.core import accounts


@pytest.fixture
def scrypt_calls(monkeypatch):
    calls = []
    real = hashlib.scrypt

    def counting(*args, **kwargs):
        calls.append(kwargs.get("n"))
        return real(*args, **kwargs)
    monkeypatch.setattr(accounts.hashlib, "scrypt", counting)
    return calls


def test_known_unknown_and_disabled_accounts_cost_one_scrypt_each(store, clock, scrypt_calls):
    user = accounts.add_user(store, "lan", "mat-khau-lan", "staff", clock)
    accounts.credentials_ok(None, "x")             # warms the dummy hash once
    scrypt_calls.clear()
    for who in (user, None, {**user, "active": 0}):
        before = len(scrypt_calls)
        assert accounts.credentials_ok(who, "sai-mat-khau") is False
        assert scrypt_calls[before:] == [2 ** 14], who   # one hash, with the real cost parameters
    assert accounts.credentials_ok(user, "mat-khau-lan") is True
