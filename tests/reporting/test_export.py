"""XLSX, CSV and PDF of a report: they open, with the expected sheets, headers and figures (the PDF itself: test_pdf.py)."""
import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from kiosk.core.reports import compute, day_period
from kiosk.reporting.export import csv_text, format_of, write_report
from kiosk.reporting.pdf import date_line, place_of
from tests.core.test_reports import COUNTERS, SERVICES, hand_built_day, missed_calls_day

SHEETS = ["Tổng hợp", "Theo lĩnh vực", "Theo quầy", "Theo cán bộ", "Theo giờ", "Theo ngày", "Đối tượng ưu tiên",
          "Mức độ hài lòng", "Lý do chưa hài lòng"]
CENTRE = "Trung tâm Phục vụ hành chính công phường Hòa Bình"


@pytest.fixture
def report():
    rows, issued_at = hand_built_day()
    return compute(rows, day_period("2026-11-23"), SERVICES, COUNTERS, issued_at, centre=CENTRE)


def test_xlsx_has_the_sheets_headers_and_figures(report, tmp_path):
    path = write_report(report, tmp_path / "r.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == SHEETS
    summary = book["Tổng hợp"]
    assert summary["A1"].value == CENTRE and summary["A3"].value == "Kỳ báo cáo: Ngày 23/11/2026"
    assert [c.value for c in summary[5]] == ["Chỉ tiêu", "Giá trị"]
    figures = {row[0].value: row[1].value for row in summary.iter_rows(min_row=6)}
    assert figures["Số phiếu đã cấp"] == 6 and figures["Thời gian chờ trung bình (phút)"] == 11.6
    services = book["Theo lĩnh vực"]
    assert [c.value for c in services[5]][:4] == ["Lĩnh vực", "Số phiếu cấp", "Đã phục vụ", "Vắng mặt"]
    assert [c.value for c in services[6]][:4] == ["Hộ tịch", 4, 2, 0]
    staff = book["Theo cán bộ"]
    assert staff["A5"].value == "Cán bộ" and staff["A7"].value == "lan"
    satisfaction = book["Mức độ hài lòng"]
    assert [[c.value for c in r] for r in satisfaction.iter_rows(min_row=6)][3] == ["Không hài lòng", 1, 33.3]


def test_csv_sections_with_vietnamese_headers(report, tmp_path):
    path = write_report(report, tmp_path / "r.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                     # BOM for Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [CENTRE]
    titles = [r[0] for r in rows if len(r) == 1 and r[0].isupper()]
    assert "THEO LĨNH VỰC" in titles and "MỨC ĐỘ HÀI LÒNG" in titles
    assert ["Hộ tịch", "4", "2", "0", "1", "0", "9.0", "10.0", "15.0", "8.0", "8.0", "10.0", "2", "50.0"] in rows
    assert "Lý do,Số lượt\r\nChờ lâu,1\r\n" in csv_text(report)


def test_format_by_extension():
    assert format_of("a/b.XLSX") == "xlsx"
    with pytest.raises(ValueError):
        format_of("report.docx")


def test_date_line_follows_the_administrative_style():
    assert date_line("Hà Nội", date(2026, 11, 22)) == "Hà Nội, ngày 22 tháng 11 năm 2026"
    assert date_line("Hà Nội", date(2026, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2026"
    assert date_line("", date(2026, 3, 9)) == "Ngày 09 tháng 3 năm 2026"
    assert place_of("Số 1 đường Hòa Bình, phường Hòa Bình, Hà Nội") == "Hà Nội"


def test_pdf_lists_active_days_for_a_month_and_months_for_a_quarter():
    from kiosk.reporting.pdf import _by_day_rows
    days = [{"day": f"2025-10-{d:02d}", "issued": 5 if d == 14 else 0, "served": 5 if d == 14 else 0, "no_show": 0}
            for d in range(1, 32)]
    assert _by_day_rows(days) == ("SỐ PHIẾU THEO NGÀY (NGÀY CÓ TIẾP NHẬN)", [["14/10/2025", 5, 5, 0]])
    quarter = days + [{"day": f"2025-11-{d:02d}", "issued": 1, "served": 1, "no_show": 1} for d in range(1, 31)] + \
        [{"day": f"2025-12-{d:02d}", "issued": 0, "served": 0, "no_show": 0} for d in range(1, 32)]
    assert _by_day_rows(quarter) == ("SỐ PHIẾU THEO THÁNG", [["Tháng 10/2025", 5, 5, 0], ["Tháng 11/2025", 30, 30, 30],
                                                            ["Tháng 12/2025", 0, 0, 0]])


def test_xlsx_and_csv_count_undone_no_shows_and_requeues(tmp_path):
    report = compute(missed_calls_day(), day_period("2026-11-23"), SERVICES, COUNTERS, centre=CENTRE)
    book = load_workbook(write_report(report, tmp_path / "r.xlsx"))
    figures = {row[0].value: row[1].value for row in book["Tổng hợp"].iter_rows(min_row=6)}
    assert (figures["Số lượt vắng mặt khi được gọi"], figures["Số lượt hoàn tác vắng mặt"],
            figures["Số lượt xếp lại hàng chờ"]) == (2, 1, 1)
    text = csv_text(report)
    assert "Số lượt hoàn tác vắng mặt,1" in text and "Số lượt xếp lại hàng chờ,1" in text
