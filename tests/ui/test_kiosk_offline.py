"""The real kiosk through its sync layer against a real `main.py serve`: online numbers from
the server, then offline numbers from the kiosk's own series, and a kiosk switched on with the
server down."""
from __future__ import annotations

import socket

from kiosk.ui import flow as F
from tests.ui.kiosk_steps import server_ticket, wait_for_ticket


def test_through_the_sync_layer_online_then_offline_from_its_own_series(kiosk, live_server, config, tmp_path):
    """The kiosk command's real wiring: SyncClient (journal + its offline series) around ServerClient."""
    from kiosk.sync.sync_client import SyncClient
    server, token = live_server
    journal = tmp_path / "kiosk.db"
    online = SyncClient.from_config(config, server.url, token, journal)
    assert online.sync_once()["error"] is None          # caches the catalogue and the series state
    h, app = kiosk(client=online)
    h.tap(next(b for b in app.screens[F.HOME].ids.grid.children if b.code == "1.001193"))
    h.tap_text("Lấy số thứ tự")
    h.tap_text("Không")
    wait_for_ticket(h, app)
    assert server_ticket(live_server, app.flow.ticket["id"])["number"] == app.flow.ticket["number"]
    first_number = app.flow.ticket["number"]
    h.stop()                                             # one kiosk on the window at a time
    online.close()

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    offline = SyncClient.from_config(config, dead, token, journal, timeout=0.3)
    h2, app2 = kiosk(client=offline)
    h2.tap(next(b for b in app2.screens[F.HOME].ids.grid.children if b.code == "1.001193"))
    h2.tap_text("Lấy số thứ tự")
    h2.tap_text("Không")
    wait_for_ticket(h2, app2)
    ticket = app2.flow.ticket
    assert ticket["offline"] and ticket["number"] != first_number and ticket["number"] == 1600   # slot 1
    screen = app2.screens[F.TICKET]
    assert screen.ids.number.text == str(ticket["number"]) and screen.offline
    assert screen.qr_data == ""                          # no public page until it is uploaded
    assert not app2.online
    offline.close()


def take_ticket(h, app, code="1.001193"):
    h.tap(next(b for b in app.screens[F.HOME].ids.grid.children if b.code == code))
    h.tap_text("Lấy số thứ tự")
    h.tap_text("Không")


def test_a_kiosk_switched_on_with_the_server_down_gives_numbers_then_says_when_its_series_is_used_up(
        kiosk, live_server, config, tmp_path):
    """Just paired, never reached the server: bundled catalogue, numbers from its own series."""
    from kiosk.sync.sync_client import SERIES_USED_MESSAGE, SyncClient
    from tests.support import run_cli
    server, _ = live_server
    token = run_cli("device", "add", "kiosk-cold", "--role", "kiosk", "--print-token", db=server.db)      # slot 2
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    client = SyncClient.from_config(config, dead, token, tmp_path / "cold.db", timeout=0.3)
    h, app = kiosk(client=client)
    take_ticket(h, app)
    wait_for_ticket(h, app)
    assert app.flow.ticket["number"] == 1700 and app.screens[F.TICKET].ids.number.text == "1700"
    client.journal.ensure_series("HT", client.clock.today(), 1700, 1799, 1800)          # all given
    h.tap_text("Trang chủ")
    take_ticket(h, app)
    h.wait_until(lambda: app.flow.issue.status == "failed", what="the refusal")
    assert app.screen == F.PRIORITY and app.screens[F.PRIORITY].status_text == SERIES_USED_MESSAGE
    assert client.journal.counts() == {"outbox": 1, "unavailable": 1}
    client.close()
