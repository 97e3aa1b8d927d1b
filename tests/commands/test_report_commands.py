"""`main.py demo-day` then `main.py report` in every format and period, as a user would run them."""
import re

from openpyxl import load_workbook

from tests.support import pdf_text, run_cli


def test_demo_day_then_reports(tmp_path):
    db = tmp_path / "centre.db"
    out = run_cli("demo-day", "--date", "2025-10-14", "--visitors", "120", "--seed", "7", db=db)
    assert out.startswith("2025-10-14: 120 phiếu")
    month = run_cli("report", "--period", "month", "--month", "2025-10", "--out", str(tmp_path / "m.xlsx"), db=db)
    assert "Tháng 10/2025: 120 phiếu cấp" in month
    book = load_workbook(tmp_path / "m.xlsx")
    assert book["Tổng hợp"]["A3"].value == "Kỳ báo cáo: Tháng 10/2025"
    days = {r[0].value: r[1].value for r in book["Theo ngày"].iter_rows(min_row=6)}
    assert len(days) == 31 and days["14/10/2025"] == 120 and days["15/10/2025"] == 0
    run_cli("report", "--period", "day", "--date", "2025-10-14", "--out", str(tmp_path / "d.pdf"), db=db)
    text = pdf_text(tmp_path / "d.pdf")
    assert "Kỳ báo cáo: Ngày 14/10/2025" in text and re.search(r"Số phiếu đã cấp\s+120\s", text)
    run_cli("report", "--period", "quarter", "--quarter", "2025-Q4", "--out", str(tmp_path / "q.csv"), db=db)
    assert "Quý IV/2025" in (tmp_path / "q.csv").read_text(encoding="utf-8-sig")
    week = run_cli("report", "--period", "week", "--date", "2025-10-14", "--out", str(tmp_path / "w.csv"), db=db)
    assert "Tuần 42/2025" in week
    custom = run_cli("report", "--period", "custom", "--from", "2025-10-15", "--to", "2025-10-20",
                     "--out", str(tmp_path / "c.xlsx"), db=db)
    assert ": 0 phiếu cấp" in custom


def test_bad_options_are_one_line_errors(tmp_path):
    import subprocess
    import sys

    from kiosk import PROJECT_ROOT
    for args in (["report", "--out", "x.docx"], ["report", "--period", "quarter", "--quarter", "2025-Q9", "--out", "x.csv"],
                 ["demo-day", "--date", "23/11/2026"]):
        done = subprocess.run([sys.executable, str(PROJECT_ROOT / "main.py"), *args, "--db", str(tmp_path / "c.db")],
                              capture_output=True, text=True, cwd=tmp_path)
        assert done.returncode == 2 and done.stderr.startswith("Lỗi:") and "Traceback" not in done.stderr
