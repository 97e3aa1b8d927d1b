"""The bench's HTTP client (bench/server.py `Connection`), against a real server: the issue
figures are only as true as its reading of the server's answers."""
import json

import pytest

from bench.server import Connection
from kiosk.core.keys import client_key
from tests.support import LiveServer, login, prepared_live_db

pytestmark = pytest.mark.slow


def test_the_bench_client_reads_each_answer_whole_on_one_kept_connection(tmp_path):
    db, token, _ = prepared_live_db(tmp_path)
    with LiveServer(db) as server:
        kiosk, staff = {"Authorization": f"Bearer {token}"}, login(server.url)
        connection = Connection(server.url)
        issued = []
        for _ in range(3):
            status, body = connection.post("/api/tickets", kiosk, {"procedure_code": "1.001193",
                                                                   "client_id": client_key(1.0)})
            assert status == 201
            issued.append(json.loads(body)["number"])
        first_socket = connection.socket
        status, body = connection.post("/api/counters/1/next", staff)
        assert status == 200 and json.loads(body)["number"] == issued[0]
        assert connection.socket is first_socket and connection.pending == b""
        assert issued == [issued[0], issued[0] + 1, issued[0] + 2]

        status, body = connection.post("/api/tickets", {"Authorization": "Bearer wrong"}, {"procedure_code": "1.001193"})
        assert status == 401 and json.loads(body)["detail"]["field"] == "Authorization"
        assert connection.socket is None          # the server closes after a refusal: the next post reconnects
        status, _ = connection.post("/api/tickets", kiosk, {"procedure_code": "1.001193", "client_id": client_key(1.0)})
        assert status == 201
