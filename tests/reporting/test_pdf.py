"""The report PDF is real text in the embedded Noto Sans with vector charts: pdftotext finds the
administrative headings and the report's own figures, and the file holds no images."""
import re
import shutil
import subprocess
from datetime import date

import pytest

from kiosk.core.reports import compute, day_period, report_for
from kiosk.reporting.export import write_report
from kiosk.reporting.pdf import place_of
from kiosk.reporting.tables import cell_text
from tests.core.test_reports import COUNTERS, SERVICES, hand_built_day
from tests.support import pdf_text

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
CENTRE = "Trung tâm Phục vụ hành chính công phường Hòa Bình"


def poppler(tool: str, *args) -> str:
    return subprocess.run([tool, *map(str, args)], capture_output=True, text=True, check=True).stdout


def text_of(path) -> str:
    return pdf_text(path)


@pytest.fixture
def hand_built_pdf(tmp_path):
    rows, issued_at = hand_built_day()
    report = compute(rows, day_period("2026-11-23"), SERVICES, COUNTERS, issued_at, centre=CENTRE)
    return report, write_report(report, tmp_path / "r.pdf", made_on=date(2026, 11, 23), place="Hà Nội",
                                issuer="UBND phường Hòa Bình")


@pytest.fixture(scope="module")
def demo_day_pdf(tmp_path_factory):
    from kiosk.config import load_config
    from kiosk.core.centre import seed_centre
    from kiosk.core.demo_day import simulate_day
    from kiosk.store import open_store
    config, store = load_config(), open_store(None)
    seed_centre(store, config)
    simulate_day(store, config, date(2026, 11, 20), 350, 1)
    report = report_for(store, day_period("2026-11-20"), centre=config.centre.name)
    path = write_report(report, tmp_path_factory.mktemp("pdf") / "day.pdf", made_on=date(2026, 11, 22),
                        place=place_of(config.centre.address), issuer="UBND phường Hòa Bình")
    store.close()
    return report, path


def test_the_administrative_layout_is_selectable_text(hand_built_pdf):
    _, path = hand_built_pdf
    text = " ".join(pdf_text(path, layout=False).split())      # reading order, lines joined
    for heading in ("UBND PHƯỜNG HÒA BÌNH", CENTRE.upper(), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                    "Độc lập - Tự do - Hạnh phúc", "Hà Nội, ngày 23 tháng 11 năm 2026", "BÁO CÁO",
                    "Kết quả tiếp nhận, phục vụ công dân và mức độ hài lòng", "Kỳ báo cáo: Ngày 23/11/2026",
                    "I. TỔNG HỢP CHUNG", "II. THEO LĨNH VỰC", "III. THEO QUẦY VÀ CÁN BỘ",
                    "V. MỨC ĐỘ HÀI LÒNG CỦA NGƯỜI DÂN", "GIÁM ĐỐC", "(Ký, ghi rõ họ tên)", "Trang 1/2", "Trang 2/2"):
        assert heading in text, heading


def test_the_figures_are_the_reports_own(demo_day_pdf):
    report, path = demo_day_pdf
    text = text_of(path)
    totals = report["totals"]
    assert re.search(rf"Số phiếu đã cấp\s+{totals['issued']}\s", text)
    assert re.search(rf"Số lượt đã phục vụ xong\s+{totals['served']}\s", text)
    assert f"Số lượt đánh giá: {report['satisfaction']['count']} (trên {totals['served']} lượt phục vụ)" in text
    for service in report["by_service"]:
        first_word_line = service["name"].split(" – ")[0]
        assert re.search(rf"{re.escape(first_word_line)}.*?\s{service['issued']}\s+{service['served']}\s", text), \
            service["name"]
    for staff in report["by_staff"]:
        assert re.search(rf"^\s*{staff['name']}\s+{staff['served']}\s", text, re.MULTILINE), staff["name"]


def test_charts_are_vector_drawings_with_text_labels_and_the_font_is_embedded(demo_day_pdf, tmp_path):
    report, path = demo_day_pdf
    assert poppler("pdfimages", "-list", path).strip().splitlines()[2:] == []     # only the header lines
    assert b"/Subtype /Image" not in path.read_bytes()
    fonts = poppler("pdffonts", path).splitlines()[2:]
    assert fonts and all("NotoSans" in line and " yes " in line for line in fonts)
    text = text_of(path)
    figures = set(re.findall(r"\b\d+\b", text.split("Biểu đồ 1.")[1].split("Giờ cao điểm: ")[0]))
    assert {str(h[k]) for h in report["by_hour"] for k in ("issued", "served") if h[k]} <= figures
    assert "Biểu đồ 1. Số phiếu cấp và số lượt phục vụ theo giờ" in text
    assert "Biểu đồ 2. Mức độ hài lòng (số lượt)" in text
    very = report["satisfaction"]["distribution"][0]
    assert re.search(rf"Rất hài lòng\s+{very['count']} \({cell_text(very['share'])}%\)", text)
    # Without any image, the peak hour's orange bar is there only if it was drawn as a path.
    from PIL import Image
    poppler("pdftoppm", "-r", "50", "-f", "2", "-l", "2", "-png", path, tmp_path / "p")
    page = Image.open(next(tmp_path.glob("p-*.png"))).convert("RGB")
    orange = sum(1 for r, g, b in page.getdata() if r > 200 and 70 < g < 110 and b < 40)
    assert orange > 100


def test_a_day_is_two_a4_pages_and_renders(demo_day_pdf, tmp_path):
    _, path = demo_day_pdf
    info = poppler("pdfinfo", path)
    assert re.search(r"Pages:\s+2\n", info) and "(A4)" in info
    poppler("pdftoppm", "-r", "60", "-png", path, tmp_path / "page")
    assert len(list(tmp_path.glob("page-*.png"))) == 2


def test_a_month_adds_the_days_chart(tmp_path):
    rows, issued_at = hand_built_day()
    from kiosk.core.reports import month_period
    report = compute(rows, month_period("2026-11"), SERVICES, COUNTERS, issued_at, centre=CENTRE)
    text = text_of(write_report(report, tmp_path / "m.pdf", made_on=date(2026, 12, 1)))
    assert "V. SỐ PHIẾU THEO NGÀY (NGÀY CÓ TIẾP NHẬN)" in text and "23/11/2026" in text
    assert "Biểu đồ 2. Số phiếu theo ngày" in text and "Biểu đồ 3. Mức độ hài lòng" in text
    assert "VI. MỨC ĐỘ HÀI LÒNG CỦA NGƯỜI DÂN" in text
