"""The README's main job: `main.py demo` starts the seeded demo centre with working accounts."""
import subprocess
import sys
import time

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
    finally:
        demo.terminate()
        out, _ = demo.communicate(timeout=15)
    assert "canbo1" in out and f"{url}/staff" in out
