"""An admin context over the in-memory store seeded with the small catalogue, or the bundled one."""
from __future__ import annotations

import pytest

from kiosk.admin.context import AdminContext
from kiosk.core.centre import seed_centre
from kiosk.store import open_store


@pytest.fixture
def ctx(store, config, clock):
    heard: list[dict] = []
    context = AdminContext(store, config, clock, [heard.append], "admin")
    context.heard = heard
    return context


@pytest.fixture
def full_ctx(config, clock):
    """The bundled 38-procedure catalogue, complete records."""
    store = open_store(None)
    seed_centre(store, config)
    yield AdminContext(store, config, clock, [], "admin")
    store.close()
