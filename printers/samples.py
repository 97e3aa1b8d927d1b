"""Sample ticket and procedure (contract shapes) for previews, the bench and tests.

`python -m printers.samples docs/receipts` writes the receipt and leaflet previews.
"""
from __future__ import annotations

import sys
from pathlib import Path

from printers.leaflet import Leaflet
from printers.preview import render_png
from printers.receipt import Receipt

CENTRE_NAME = "Trung tâm Phục vụ hành chính công phường Hòa Bình"

TICKET = {
    "id": 12, "public_id": "Xk3J9qLmP2aB7cD9eF1gH3", "client_id": "5f0c2a8e-1b7d-4c1e-9a53-2f8e6d7b9c10",
    "day": "2026-11-22", "number": 1023,
    "service": {"id": "HT", "name": "Hộ tịch", "name_en": "Civil status", "waiting_area": "Khu A"},
    "procedure": {"code": "1.001193", "name": "Đăng ký khai sinh"},
    "priority": None, "status": "waiting", "counter": None,
    "counters": [{"id": 1, "name": "Quầy 1"}, {"id": 2, "name": "Quầy 2"}],
    "issued_at": "2026-11-22T08:15:03+07:00", "called_at": None, "finished_at": None,
    "people_ahead": 4, "estimated_wait_minutes": 12,
    "public_url": "http://127.0.0.1:8000/t/Xk3J9qLmP2aB7cD9eF1gH3",
    "offline": False, "recalls": 0,
}

PROCEDURE = {
    "code": "1.001193", "name": "Đăng ký khai sinh", "field": "Hộ tịch", "service": "HT",
    "documents": [
        {"name": "Tờ khai đăng ký khai sinh theo mẫu", "originals": 1, "copies": 0, "required": True},
        {"name": "Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận về việc sinh",
         "originals": 1, "copies": 0, "required": True},
        {"name": "Văn bản ủy quyền có chứng thực (khi nhờ người khác đi đăng ký)",
         "originals": 1, "copies": 0, "required": False},
    ],
    "processing_time": "Ngay trong ngày làm việc; hồ sơ nhận sau 15 giờ trả kết quả trong ngày làm việc tiếp theo",
    "fee": "Miễn lệ phí",
    "portal_url": "https://dichvucong.gov.vn/p/home/dvc-tim-kiem-thu-tuc.html?keyword=1.001193",
}


def sample_receipt(**changes) -> Receipt:
    return Receipt.from_ticket({**TICKET, **changes}, CENTRE_NAME)


def sample_leaflet() -> Leaflet:
    return Leaflet.from_procedure(PROCEDURE, CENTRE_NAME)


def write_previews(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, document in (("receipt", sample_receipt()), ("receipt-offline", sample_receipt(offline=True)),
                           ("leaflet", sample_leaflet())):
        for width in (58, 80):
            if name == "receipt-offline" and width == 80:
                continue
            path = folder / f"{name}-{width}mm.png"
            render_png(document, width).save(path, optimize=True)
            written.append(path)
    return written


if __name__ == "__main__":
    for path in write_previews(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/receipts")):
        print(path)
