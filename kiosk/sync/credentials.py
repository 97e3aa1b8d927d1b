"""Where a paired device keeps its server URL and token: the kiosk in its journal, the
display (which has no journal) in a small file only its user can read. The token is never
printed or logged; only the device's name is."""
from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path

from kiosk.discovery import Finder, ServerNotFound, server_url
from kiosk.sync.client import ApiError, ServerClient, ServerUnavailable

log = logging.getLogger(__name__)

TOKEN_META, SERVER_META = "device_token", "server_url"


class JournalCredentials:
    """In the kiosk's journal (meta rows), beside its outbox and offline series."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def load(self) -> tuple[str | None, str | None]:
        """Read-only, without opening the Journal: a damaged journal must be salvaged by the
        SyncClient itself, whose report voids the day's series and tells staff."""
        import sqlite3
        if not self.path.exists():
            return None, None
        try:
            with contextlib.closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=5)) as db:
                rows = dict(db.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", [SERVER_META, TOKEN_META]))
        except sqlite3.Error as error:
            log.warning("pairing not readable from the journal (%s)", error)
            return None, None
        return rows.get(SERVER_META), rows.get(TOKEN_META)

    def save(self, url: str, token: str) -> None:
        from kiosk.sync.journal import Journal
        journal = Journal(self.path)
        try:
            with journal.write():
                journal.set_meta(SERVER_META, url)
                journal.set_meta(TOKEN_META, token)
        finally:
            journal.close()
        _owner_only(self.path)


class FileCredentials:
    """A JSON file {"server_url", "token"}, mode 0600."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def load(self) -> tuple[str | None, str | None]:
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None, None
        return saved.get("server_url"), saved.get("token")

    def save(self, url: str, token: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}.partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump({"server_url": url, "token": token}, out)
        os.replace(partial, self.path)


def _owner_only(path: Path) -> None:
    for each in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            each.chmod(0o600)
        except OSError:
            pass


def pair_device(code: str, explicit_server: str | None, finder: Finder, credentials, timeout: float = 5.0) -> dict:
    """Find the server (--server, else mDNS), exchange the code, keep URL and token. Returns
    {"server", "device"}. Raises ServerNotFound, ApiError (wrong code: its Vietnamese
    message) or ServerUnavailable. Where mDNS finds several servers (a test bench, a
    neighbouring centre), the one that knows the code is the device's."""
    urls = [explicit_server.rstrip("/")] if explicit_server else finder.find(timeout)
    if not urls:
        server_url(None, finder, 0)         # raises ServerNotFound with the message
    refusal: Exception | None = None
    for url in urls:
        client = ServerClient(url, None, timeout=timeout)
        try:
            answer = client.pair(code)
        except (ApiError, ServerUnavailable) as error:
            refusal = error
            continue
        finally:
            client.close()
        credentials.save(url, answer["token"])
        log.info("paired as %s with %s", answer["device"]["name"], url)
        return {"server": url, "device": answer["device"]}
    raise refusal


__all__ = ["FileCredentials", "JournalCredentials", "ServerNotFound", "TOKEN_META", "pair_device"]
