"""Shared fixtures: the demo config, an in-memory store seeded with a small catalogue, a fake clock."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="kivy-home-"))
os.environ.setdefault("KIVY_NO_ARGS", "1")

from kiosk.clock import FakeClock  # noqa: E402
from kiosk.config import load_config  # noqa: E402
from kiosk.core.centre import procedure_row, seed_centre  # noqa: E402
from kiosk.core.queue import Queue  # noqa: E402
from kiosk.store import open_store  # noqa: E402

SMALL_CATALOGUE = [
    {"code": "1.001193", "name": "Đăng ký khai sinh", "field": "Hộ tịch", "service": "HT",
     "documents": [{"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0, "required": True}],
     "processing_time": "1 ngày làm việc", "fee": "Miễn lệ phí", "guidance": "Mang theo giấy chứng sinh."},
    {"code": "1.000894", "name": "Đăng ký kết hôn", "field": "Hộ tịch", "service": "HT", "documents": []},
    {"code": "2.000815", "name": "Chứng thực bản sao từ bản chính", "field": "Chứng thực", "service": "CT",
     "documents": [], "formality_id": "019d2bfd-8e22-77ef-819f-e49460350904"},
    {"code": "1.001776", "name": "Trợ cấp xã hội hằng tháng", "field": "Bảo trợ xã hội", "service": "XH",
     "documents": []},
    {"code": "1.001612", "name": "Đăng ký thành lập hộ kinh doanh", "field": "Hộ kinh doanh", "service": "KD",
     "documents": []},
]


@pytest.fixture(autouse=True)
def _no_project_database(tmp_path, monkeypatch):
    """Commands run in-process default to a throwaway database, never the project's data/."""
    monkeypatch.setenv("KIOSK_DB", str(tmp_path / "default-centre.db"))


@pytest.fixture(scope="session")
def screens(tmp_path_factory) -> Path:
    """Where tests save screenshots: a temp folder, or $SCREENSHOT_DIR/screens (scripts/screenshots.sh
    sets SCREENSHOT_DIR=docs to refresh the committed ones on purpose)."""
    return image_folder(tmp_path_factory, "screens")


def image_folder(tmp_path_factory, kind: str) -> Path:
    root = os.environ.get("SCREENSHOT_DIR")
    folder = Path(root) / kind if root else tmp_path_factory.mktemp(kind)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def config():
    return load_config()


@pytest.fixture
def clock():
    return FakeClock("2026-11-23T08:00:00")


def seeded_store(config, path=None):
    store = open_store(path)
    seed_centre(store, config, catalogue_path=None)
    with store.write():
        for record in SMALL_CATALOGUE:
            store.save_procedure(procedure_row(record))
    return store


@pytest.fixture
def store(config):
    store = seeded_store(config)
    yield store
    store.close()


@pytest.fixture
def queue(store, config, clock):
    return Queue(store, config, clock)
