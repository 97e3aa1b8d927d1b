"""`main.py import` and `main.py export` as an admin runs them, in real processes."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from kiosk import PROJECT_ROOT
from kiosk.store import open_store
from tests.support import run_cli

PORTAL = Path(__file__).resolve().parent.parent / "fixtures" / "portal" / "2.000815.json"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT_ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=60, cwd=PROJECT_ROOT)


def test_export_then_import_changes_nothing(tmp_path):
    db = tmp_path / "centre.db"
    for fmt in ("csv", "xlsx", "json"):
        out = tmp_path / f"thu-tuc.{fmt}"
        assert "Đã xuất 38 thủ tục" in run_cli("export", str(out), db=db)
        report = run_cli("import", str(out), db=db)
        assert "0 mới, 0 thay đổi, 38 không đổi, 0 lỗi" in report


def test_portal_json_dry_run_then_import(tmp_path):
    db = tmp_path / "centre.db"
    dry = run_cli("import", str(PORTAL), "--dry-run", db=db)
    assert "0 mới, 1 thay đổi, 0 không đổi, 0 lỗi" in dry
    assert ("thay đổi dòng 1: 2.000815 (Tên chính thức (Cổng DVC), Thành phần hồ sơ, Phí, lệ phí, "
            "Phí nộp tại cơ quan khác (không hiện cho người dân))") in dry
    assert "ghi chú: Thời hạn giải quyết (1 ngày làm việc) lấy theo từng trường hợp" in dry
    assert "không có gì thay đổi" in dry
    for english in ("new", "changed", "unchanged", "problem", "row", "note:", "DIRECT", "processingDay"):
        assert english not in dry
    store = open_store(db)
    assert store.procedure("2.000815")["official_name"] is None
    store.close()
    assert "Đã nhập: 0 mới, 1 thay đổi." in run_cli("import", str(PORTAL), db=db)
    store = open_store(db)
    stored = store.procedure("2.000815")
    assert stored["name"] == "Chứng thực bản sao từ bản chính giấy tờ, văn bản"        # the short name stays
    assert stored["official_name"].endswith("cấp hoặc chứng nhận")
    assert "USD" not in stored["fee"] and stored["fee_other"] == "Tại cơ quan đại diện: 10 USD/bản"
    [entry] = store.audit_entries(entity="procedure")
    assert (entry["actor"], entry["action"]) == ("cli", "procedure.import.update")
    assert "official_name" not in entry["summary"] and "Thành phần hồ sơ" in entry["summary"]
    [event] = [e for e in store.events_after(0) if e["type"] == "catalogue.changed"]
    store.close()
    assert event["actor"] == "cli"


def test_the_import_preview_in_english_comes_from_the_same_catalogue(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_LANG", "en")
    dry = run_cli("import", str(PORTAL), "--dry-run", db=tmp_path / "centre.db")
    assert "0 new, 1 changed, 0 unchanged, 0 problem(s)" in dry
    assert "changed  row 1: 2.000815 (Official name (national portal), Documents, Fee, " in dry
    assert "Dry run (--dry-run): nothing was changed." in dry


def test_a_bad_file_exits_1_naming_row_and_column_and_changes_nothing(tmp_path):
    db = tmp_path / "centre.db"
    bad = tmp_path / "loi.csv"
    bad.write_text("code,name,field,service,documents,processing_time,fee,guidance\n"
                   "1.001193,Đăng ký khai sinh,Hộ tịch,HT,Tờ khai,1 ngày,,Hướng dẫn.\n", encoding="utf-8")
    done = cli("import", str(bad), "--db", str(db))
    assert done.returncode == 1
    assert "LỖI dòng 2, cột fee: Phí, lệ phí: không được để trống." in done.stdout
    assert "chi tiết kỹ thuật: must not be empty" in done.stdout
    store = open_store(db)
    assert store.procedure("1.001193")["name"] == "Đăng ký khai sinh" and store.audit_entries() == []
    store.close()


def test_unknown_extension_and_missing_file_are_user_errors(tmp_path):
    done = cli("export", str(tmp_path / "x.pdf"), "--db", str(tmp_path / "c.db"))
    assert done.returncode == 2 and "hãy dùng .csv, .xlsx hoặc .json" in done.stderr
    done = cli("import", str(tmp_path / "missing.csv"), "--db", str(tmp_path / "c.db"))
    assert done.returncode == 2 and "missing.csv: không tìm thấy tệp" in done.stderr


def test_import_accepts_config(tmp_path):
    config = tmp_path / "config.yaml"
    shutil.copy(PROJECT_ROOT / "config.yaml", config)
    out = tmp_path / "x.json"
    run_cli("export", str(out), "--config", str(config), db=tmp_path / "c.db")
    assert "38 không đổi" in run_cli("import", str(out), "--config", str(config), db=tmp_path / "c.db")


def test_a_hostile_workbook_is_refused_by_the_command_within_its_budget(tmp_path):
    from tests.admin.hostile_files import declared_huge
    hostile = tmp_path / "bomb.xlsx"
    hostile.write_bytes(declared_huge())
    done = cli("import", str(hostile), "--db", str(tmp_path / "centre.db"))
    assert done.returncode == 1
    assert "chi tiết kỹ thuật: row 1048576 has data beyond column 64 (the limit)" in done.stdout
    assert "Tệp có 1 lỗi; không có gì thay đổi." in done.stdout
