"""The kiosk's side of the network: the HTTP client, the journal, offline issuing and the sync loop."""
from __future__ import annotations


def start_kiosk_sync(config, server_url: str | None, token: str | None, kiosk_db, **options):
    """The SyncClient the kiosk UI issues through, with its background uploader running.
    Returns (client, uploader); call uploader.stop() then client.close() at exit."""
    from kiosk.sync.sync_client import SyncClient
    from kiosk.sync.uploader import Uploader
    client = SyncClient.from_config(config, server_url, token, kiosk_db, **options)
    return client, Uploader(client).start()
