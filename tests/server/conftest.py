"""An app on a temporary database, with a staff login, an admin login and a kiosk token."""
from __future__ import annotations

import warnings

import pytest

warnings.filterwarnings("ignore", category=DeprecationWarning)

from fastapi.testclient import TestClient  # noqa: E402

from kiosk.core import accounts  # noqa: E402
from kiosk.server.app import create_app  # noqa: E402
from tests.conftest import seeded_store  # noqa: E402


class Centre:
    def __init__(self, client: TestClient, tokens: dict):
        self.client = client
        self.tokens = tokens

    def as_(self, who: str) -> dict:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def issue(self, code="1.001193", who="kiosk", **body):
        import uuid
        body = {"procedure_code": code, "client_id": str(uuid.uuid4()), **body}
        return self.client.post("/api/tickets", json=body, headers=self.as_(who))

    def next(self, counter_id, who="staff"):
        return self.client.post(f"/api/counters/{counter_id}/next", headers=self.as_(who))


def prepare_db(config, path, clock) -> dict:
    store = seeded_store(config, path)
    accounts.add_user(store, "lan", "mat-khau-lan", "staff", clock)
    accounts.add_user(store, "admin", "mat-khau-admin", "admin", clock)
    tokens = {"kiosk": accounts.add_device(store, "kiosk-1", "kiosk", clock),
              "display": accounts.add_device(store, "tv-1", "display", clock)}
    store.close()
    return tokens


@pytest.fixture
def centre(config, clock, tmp_path):
    path = tmp_path / "centre.db"
    tokens = prepare_db(config, path, clock)
    with TestClient(create_app(config, path, clock)) as client:
        for name, password in (("staff", "mat-khau-lan"), ("admin", "mat-khau-admin")):
            username = "lan" if name == "staff" else "admin"
            tokens[name] = client.post("/api/auth/login", json={"username": username, "password": password}).json()["token"]
        yield Centre(client, tokens)
