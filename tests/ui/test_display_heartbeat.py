"""The Kivy display reports itself too: version, speech, free disk and clock offset."""
import re

import pytest
import requests

from kiosk.speech import DummySpeaker
from kiosk.ui.display.heartbeat import DisplayHeartbeat
from tests.support import LiveServer, login, run_cli

pytestmark = pytest.mark.slow


def test_a_paired_display_appears_on_the_devices_page(tmp_path):
    db = tmp_path / "centre.db"
    run_cli("user", "add", "quantri", "--role", "admin", stdin="mat-khau-quantri\n", db=db)
    code = re.search(r": (\d{6}) ", run_cli("device", "add", "tv-1", "--role", "display", db=db)).group(1)
    with LiveServer(db) as server:
        token = requests.post(f"{server.url}/api/pair", json={"code": code}, timeout=10).json()["token"]
        speaker = DummySpeaker()
        heartbeat = DisplayHeartbeat(server.url, token, "Asia/Ho_Chi_Minh", speaker)
        try:
            assert heartbeat.beat.send() and heartbeat.beat.send()   # the second carries the offset the first measured
        finally:
            heartbeat.stop()
        rows = requests.get(f"{server.url}/api/admin/devices", headers=login(server.url, "quantri", "mat-khau-quantri"),
                            timeout=10).json()
    tv = next(row for row in rows if row["name"] == "tv-1")
    assert (tv["version"], tv["printer"], tv["outbox"], tv["speech_ok"]) == ("0.1.0", "none", None, True)
    assert tv["disk_free_bytes"] > 0 and abs(tv["skew_seconds"]) < 5 and not tv["offline"]
