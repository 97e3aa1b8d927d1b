"""The README's main job: `main.py demo` starts the seeded demo centre with working accounts."""
import re
import shlex
import subprocess
import sys
import time
import uuid

import requests

from kiosk import PROJECT_ROOT
from tests.support import free_port


def test_demo_serves_the_seeded_centre_with_working_accounts(tmp_path):
    port, db = free_port(), tmp_path / "demo.db"
    demo = subprocess.Popen([sys.executable, str(PROJECT_ROOT / "main.py"), "demo", "--no-kiosk",
                             "--port", str(port), "--db", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                if requests.get(f"{url}/api/health", timeout=0.5).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        assert len(requests.get(f"{url}/api/procedures", timeout=5).json()) >= 30
        username, password = db.with_suffix(".credentials").read_text(encoding="utf-8").splitlines()[0].split("\t")
        login = requests.post(f"{url}/api/auth/login", json={"username": username, "password": password}, timeout=10)
        assert login.status_code == 200 and login.json()["role"] == "staff"
        today = requests.get(f"{url}/api/queue", timeout=5).json()
        assert all(s["waiting_count"] == 0 for s in today["services"])   # yesterday's simulated day is closed
        from kiosk.store import open_store
        assert open_store(db).count("tickets") == 350                      # ... and there for the reports
        box = read_box(demo)
        # the exact command the box prints makes a pairing code this server exchanges for a kiosk token
        command = shlex.split(next(line for line in box if "device add" in line))
        assert command[:2] == ["python", "main.py"] and command[-2:] == ["--db", str(db)]
        printed = subprocess.run([sys.executable, *command[1:]], capture_output=True, text=True, cwd=PROJECT_ROOT,
                                 timeout=60).stdout
        code = re.search(r": (\d{6}) ", printed).group(1)
        token = requests.post(f"{url}/api/pair", json={"code": code}, timeout=10).json()["token"]
        issued = requests.post(f"{url}/api/tickets", json={"procedure_code": "1.001193", "client_id": str(uuid.uuid4())},
                               headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert issued.status_code == 201
    finally:
        demo.terminate()
        demo.communicate(timeout=15)
    assert f"{url}/staff     tài khoản canbo1 / {password}" in "\n".join(box)
    assert any(f"{url}/admin" in line and "quantri /" in line for line in box)


def read_box(demo) -> list[str]:
    """The framed lines the demo prints once it is ready, read off its stdout."""
    lines = []
    for line in demo.stdout:
        if line.startswith("┌"):
            lines = []
        elif line.startswith("│"):
            lines.append(line.strip("│ \n"))
        elif line.startswith("└"):
            return lines
    raise AssertionError("the demo printed no box")
