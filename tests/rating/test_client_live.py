"""The tablet's client against the real server process, with a display token from the CLI."""
import uuid

import pytest
import requests

from kiosk.rating.client import ApiError, RatingClient
from tests.support import LiveServer, login, prepared_live_db, run_cli

pytestmark = pytest.mark.slow


def test_tablet_client_rates_the_ticket_just_finished(tmp_path):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    tablet_token = run_cli("device", "add", "tablet-1", "--role", "display", "--print-token", db=db)
    with LiveServer(db) as server:
        tablet = RatingClient(server.url, tablet_token, counter_id=1)
        assert tablet.pending() is None
        ticket = requests.post(f"{server.url}/api/tickets", json={"procedure_code": "1.001193",
                               "client_id": str(uuid.uuid4())},
                               headers={"Authorization": f"Bearer {kiosk_token}"}, timeout=10).json()
        staff = login(server.url)
        requests.post(f"{server.url}/api/counters/1/next", headers=staff, timeout=10).raise_for_status()
        requests.post(f"{server.url}/api/tickets/{ticket['id']}/finish", headers=staff, timeout=10).raise_for_status()
        pending = tablet.pending()
        assert pending["ticket_id"] == ticket["id"] and pending["number"] == ticket["number"]
        assert RatingClient(server.url, tablet_token, counter_id=2).pending() is None
        assert tablet.rate(ticket["id"], "neutral")["rating_label"] == "Bình thường"
        assert tablet.add_reason(ticket["id"], "missing_documents")["reason_label"] == "Thiếu giấy tờ"
        assert tablet.pending() is None
        with pytest.raises(ApiError) as again:
            tablet.rate(ticket["id"], "satisfied")
        assert again.value.status == 409
        with pytest.raises(ApiError) as wrong_role:
            RatingClient(server.url, kiosk_token, counter_id=1).pending()
        assert wrong_role.value.status == 403
        state = requests.get(f"{server.url}/api/public/tickets/{ticket['public_id']}/rating", timeout=10).json()
        assert state["rateable"] is False and state["rating"]["channel"] == "tablet"
