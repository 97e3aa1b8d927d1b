"""Pairing a kiosk by code against a real server found through real zeroconf on loopback;
revoking it cuts it off (its event stream closes, its next request is 401)."""
import re
import subprocess
import sys
import threading

import pytest
import requests

from kiosk import PROJECT_ROOT
from kiosk.sync.credentials import JournalCredentials
from tests.support import LiveServer, login, run_cli

pytestmark = pytest.mark.slow


def main_py(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT_ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=60, cwd=PROJECT_ROOT)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("pairing") / "centre.db"
    run_cli("user", "add", "quantri", "--role", "admin", stdin="mat-khau-quantri\n", db=db)
    with LiveServer(db, args=("--announce",)) as live:      # on 127.0.0.1: mDNS on loopback only
        yield live


def test_a_kiosk_pairs_by_code_through_zeroconf_and_never_shows_its_token(server, tmp_path):
    printed = run_cli("device", "add", "kiosk-2", "--role", "kiosk", db=server.db)
    code = re.search(r"kiosk-2: (\d{6}) ", printed).group(1)
    journal = tmp_path / "kiosk.db"
    paired = main_py("kiosk", "--pair", code, "--mdns-interface", "127.0.0.1", "--kiosk-db", str(journal))
    assert paired.returncode == 0, paired.stdout + paired.stderr
    assert paired.stdout.strip() == f"Đã ghép nối thiết bị kiosk-2 với máy chủ {server.url}."
    url, token = JournalCredentials(journal).load()
    assert url == server.url and token.startswith("kiosk.1.")          # the kiosk's offline series slot
    issued = main_py("issue", "1.001193", "--kiosk-db", str(journal))     # no --server, no --token
    assert issued.returncode == 0 and '"offline":false' in issued.stdout
    assert token not in paired.stdout + paired.stderr + issued.stdout + issued.stderr
    again = main_py("kiosk", "--pair", code, "--server", server.url, "--kiosk-db", str(tmp_path / "other.db"))
    assert again.returncode == 1 and again.stdout.strip() == "Lỗi: Mã ghép nối này đã được dùng. Vui lòng xin mã mới."


def test_revoking_closes_the_devices_event_stream_and_refuses_its_next_request(server, tmp_path):
    printed = run_cli("device", "add", "tv-2", "--role", "display", db=server.db)
    code = re.search(r"tv-2: (\d{6}) ", printed).group(1)
    credentials = tmp_path / "display.json"
    paired = main_py("display", "--pair", code, "--server", server.url, "--credentials", str(credentials))
    assert paired.returncode == 0, paired.stdout
    assert oct(credentials.stat().st_mode & 0o777) == "0o600"
    token = __import__("json").loads(credentials.read_text())["token"]
    device = {"Authorization": f"Bearer {token}"}
    stream = requests.get(f"{server.url}/api/events", headers=device, stream=True, timeout=30)
    assert stream.status_code == 200
    ended = threading.Event()
    threading.Thread(target=lambda: (list(stream.iter_lines()), ended.set()), daemon=True).start()
    admin = login(server.url, "quantri", "mat-khau-quantri")
    assert requests.post(f"{server.url}/api/admin/devices/tv-2/revoke", headers=admin, timeout=10).ok
    assert ended.wait(10), "the revoked device's event stream stayed open"
    refused = requests.post(f"{server.url}/api/devices/heartbeat", json={}, headers=device, timeout=10)
    assert refused.status_code == 401 and refused.json()["detail"]["field"] == "Authorization"
    assert requests.get(f"{server.url}/api/events", headers=device, timeout=10).status_code == 401
