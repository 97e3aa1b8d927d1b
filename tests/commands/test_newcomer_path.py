"""What a newcomer meets first: a token made for another database, an empty device list,
the kiosk's log level, and the demo's closing box with the exact commands."""
import subprocess
import sys
import time
import uuid

import pytest
import requests

from kiosk import PROJECT_ROOT
from tests.support import LiveServer, free_port, prepared_live_db, run_cli


def test_a_token_made_for_another_database_gets_a_precise_refusal(tmp_path):
    served, _, _ = prepared_live_db(tmp_path)
    other = tmp_path / "centre.other.db"
    token = run_cli("device", "add", "kiosk-2", "--role", "kiosk", "--print-token", db=other)
    with LiveServer(served) as server:
        answer = requests.post(f"{server.url}/api/tickets", json={"procedure_code": "1.001193",
                               "client_id": str(uuid.uuid4())}, headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert answer.status_code == 401
        detail = answer.json()["detail"]
        assert detail["reason"].startswith(f"device token not known to this server's database ({served})")
        assert f"main.py device add NAME --role kiosk --db {served}" in detail["reason"]
        assert detail["message"].startswith("Mã thiết bị không có trong cơ sở dữ liệu của máy chủ này")
        # the kiosk's own client says the same, not "Vui lòng đăng nhập lại"
        issued = subprocess.run([sys.executable, str(PROJECT_ROOT / "main.py"), "issue", "1.001193", "--server",
                                 server.url, "--token", token, "--kiosk-db", str(tmp_path / "kiosk.db")],
                                capture_output=True, text=True, timeout=60, cwd=PROJECT_ROOT)
        assert issued.returncode == 1 and "Mã thiết bị không có" in issued.stdout
        assert "Vui lòng đăng nhập lại" not in issued.stdout


def test_device_list_with_no_device_says_so_and_how_to_add_one(tmp_path):
    db = tmp_path / "empty.db"
    listed = run_cli("device", "list", db=db)
    assert listed == (f"Chưa có thiết bị nào trong {db}. Thêm một ki-ốt bằng: "
                      f"python main.py device add TÊN --role kiosk --db {db}")
    run_cli("device", "add", "kiosk-1", "--print-token", db=db)
    assert run_cli("device", "list", db=db).startswith("kiosk-1\tmáy lấy số\tđang hoạt động\tdãy số dự phòng 1")


def display_log(tmp_path, *extra: str) -> str:
    """What `main.py display` writes to the console in its first seconds, its server unreachable."""
    env = {k: v for k, v in __import__("os").environ.items() if k != "KIVY_NO_CONSOLELOG"}
    env.update(KIVY_HOME=str(tmp_path / f"kivy{len(extra)}"), KIVY_NO_ARGS="1")
    process = subprocess.Popen([sys.executable, str(PROJECT_ROOT / "main.py"), "display", "--windowed", "--server",
                                f"http://127.0.0.1:{free_port()}", *extra], cwd=PROJECT_ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    time.sleep(8)
    process.terminate()
    return process.communicate(timeout=20)[0]


@pytest.mark.skipif(not __import__("os").environ.get("DISPLAY"), reason="needs an X display (xvfb-run)")
def test_the_kivy_apps_log_info_by_default_and_debug_with_verbose(tmp_path):
    quiet = display_log(tmp_path)
    assert "[display feed]" in quiet or "Window" in quiet             # it ran and logged at INFO
    debug = [line for line in quiet.splitlines() if "DEBUG" in line and "Upgrading from 0" not in line]
    assert debug == []                    # (Kivy's one-time creation of its config file aside)
    assert "Starting new HTTP connection" in display_log(tmp_path, "--verbose")
