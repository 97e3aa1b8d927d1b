"""A kiosk against the dummy server (the real queue core on a temporary store), on one fake clock."""
from __future__ import annotations

import pytest

from kiosk.core import accounts
from kiosk.core.numbering import Layout
from kiosk.core.queue import Queue
from kiosk.sync.dummy import DummyServer
from kiosk.sync.journal import Journal
from kiosk.sync.sync_client import SyncClient
from tests.conftest import seeded_store


class Monotonic:
    """A settable monotonic clock for the offline retry window."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def server(config, clock, tmp_path):
    store = seeded_store(config, tmp_path / "server.db")
    accounts.add_device(store, "kiosk-1", "kiosk", clock)       # slot 1: HT series 1600-1699
    dummy = DummyServer(Queue(store, config, clock))
    yield dummy
    store.close()


@pytest.fixture
def monotonic():
    return Monotonic()


@pytest.fixture
def make_kiosk(server, config, clock, tmp_path, monotonic):
    made = []

    def make(path=None, dummy=None, **options) -> SyncClient:
        options = {"layout": Layout.of(config.sync), **options}
        kiosk = SyncClient(Journal(path or tmp_path / "kiosk.db"), (dummy or server).connect, clock,
                           monotonic=monotonic, **options)
        made.append(kiosk)
        return kiosk
    yield make
    for kiosk in made:
        kiosk.close()


@pytest.fixture
def kiosk(make_kiosk):
    """A kiosk that has synced once: catalogue cached, its series state known."""
    kiosk = make_kiosk()
    assert kiosk.sync_once()["error"] is None
    return kiosk
