"""Steps the kiosk app tests share: a client for the live server, the server's view of a
ticket, and waiting for the ticket screen to settle."""
from __future__ import annotations

import requests

from kiosk.sync.client import ServerClient
from kiosk.ui import flow as F


def client_for(live_server, timeout=2.0):
    server, token = live_server
    return ServerClient(server.url, token, timeout=timeout)


def server_ticket(live_server, ticket_id):
    server, token = live_server
    response = requests.get(f"{server.url}/api/tickets/{ticket_id}",
                            headers={"Authorization": f"Bearer {token}"}, timeout=5)
    response.raise_for_status()
    return response.json()


def wait_for_ticket(h, app):
    h.wait_until(lambda: app.screen == F.TICKET, what="the ticket screen")
    h.wait_until(lambda: app.screens[F.TICKET].print_state != "printing", what="the printer outcome")
