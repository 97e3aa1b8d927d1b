"""`main.py issue` against a real server and against none."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

from kiosk import PROJECT_ROOT
from kiosk.sync.sync_client import NO_NUMBER_MESSAGE, OFFLINE_MESSAGE
from tests.support import LiveServer, free_port, prepared_live_db


def main_py(*args: str) -> tuple[int, list[str], str]:
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=60, cwd=PROJECT_ROOT)
    return done.returncode, done.stdout.strip().splitlines(), done.stderr


def test_issue_prints_one_json_line_online_then_offline(tmp_path):
    db, token, _ = prepared_live_db(tmp_path)
    config = tmp_path / "config.yaml"
    shutil.copy(PROJECT_ROOT / "config.yaml", config)
    with LiveServer(db) as server:
        args = ("--server", server.url, "--token", token, "--kiosk-db", str(tmp_path / "k.db"), "--config", str(config))
        status, lines, _ = main_py("issue", "1.001193", "--priority", "elderly", *args)
        assert status == 0 and len(lines) == 1
        online = json.loads(lines[0])
        assert online["offline"] is False and online["number"] == 1001 and online["priority"] == "elderly"
        assert len(online["client_id"]) == 36 and online["message"] == ""

        status, lines, _ = main_py("issue", "9.999", *args)
        refused = json.loads(lines[0])
        assert status == 1 and refused["error"] == "refused" and refused["status"] == 404 and refused["number"] is None
        assert "thủ tục" in refused["message"]
        server.kill()
        status, lines, _ = main_py("issue", "1.000894", *args)
    offline = json.loads(lines[0])
    assert status == 0 and offline["offline"] is True and offline["message"] == OFFLINE_MESSAGE
    assert offline["number"] == 1600                         # kiosk-1 is slot 1: its own HT series
    assert offline["service"]["name"] == "Hộ tịch"


def test_a_kiosk_just_paired_issues_numbered_tickets_with_the_server_never_reached(tmp_path):
    db, token, _ = prepared_live_db(tmp_path)                # `device add`: the token names slot 1
    args = ("--server", f"http://127.0.0.1:{free_port()}", "--token", token, "--kiosk-db", str(tmp_path / "k.db"))
    shown = []
    for code in ("1.001193", "2.000815", "1.001193"):
        status, lines, _ = main_py("issue", code, *args)
        assert status == 0
        shown.append(json.loads(lines[0]))
    assert [(t["number"], t["offline"], t["message"]) for t in shown] == [
        (1600, True, OFFLINE_MESSAGE), (2600, True, OFFLINE_MESSAGE), (1601, True, OFFLINE_MESSAGE)]
    with LiveServer(db) as server:                           # the server comes up later: the citizens keep them
        status, lines, _ = main_py("sync", "--once", *args[2:], "--server", server.url)
        uploaded = json.loads(lines[-1])["uploaded"]
    assert status == 0 and [u["server_number"] for u in uploaded] == [1600, 2600, 1601]


def test_issue_with_no_server_and_no_slot_says_so(tmp_path):
    status, lines, _ = main_py("issue", "1.001193", "--server", f"http://127.0.0.1:{free_port()}", "--token", "x",
                               "--kiosk-db", str(tmp_path / "k.db"))
    answer = json.loads(lines[0])
    assert status == 3 and answer["number"] is None and answer["offline"] is True
    assert answer["message"] == NO_NUMBER_MESSAGE and answer["error"] == "no_number"
