"""A printable PDF of the report summary, laid out like an administrative report (A4).

Written with fpdf2 and the embedded Noto Sans: real text (it can be selected, searched and
copied into an official document) and vector charts. Layout: the issuing body and the
national motto side by side, the place and date line, the title and period, numbered
sections of tables and charts, and the signature block.
"""
from __future__ import annotations

from datetime import date

from kiosk.reporting import pdf_charts
from kiosk.reporting.pdf_layout import MARGIN_LEFT, Doc, font
from kiosk.reporting.tables import REPORT_TITLE, cell_text, report_tables

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def date_line(place: str, day: date) -> str:
    """'Hà Nội, ngày 22 tháng 11 năm 2026'. As administrative documents write it (Decree
    30/2020/NĐ-CP): a day below 10 and the months 1 and 2 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


def place_of(address: str) -> str:
    """The province or city at the end of an address ('..., phường Hòa Bình, Hà Nội' -> 'Hà Nội')."""
    parts = [p.strip() for p in (address or "").split(",") if p.strip()]
    return parts[-1] if parts else ""


def render(report: dict, made_on: date, place: str = "", issuer: str = "") -> Doc:
    doc = Doc(REPORT_TITLE)
    _letterhead(doc, report, made_on, place, issuer)
    tables = {t.key: t for t in report_tables(report)}
    _tables(doc, tables)
    charts = _hours(doc, report)
    section = "V"
    if len(report["by_day"]) > 1:
        charts = _days(doc, report["by_day"], charts)
        section = "VI"
    _satisfaction(doc, report, section, charts)
    _signature(doc)
    return doc


def _letterhead(doc: Doc, report: dict, made_on: date, place: str, issuer: str) -> None:
    left_w = doc.width * 0.42
    right_x, right_w = MARGIN_LEFT + doc.width * 0.40, doc.width * 0.60
    top = doc.y
    # The issuing body (left) and the national motto (right), each centred in its column.
    if issuer:
        doc.text(issuer.upper(), font(11), "center", MARGIN_LEFT, left_w)
    end_left = doc.text((report["centre"] or "").upper(), font(11, bold=True), "center", MARGIN_LEFT, left_w)
    rule_w = left_w * 0.3
    rule_y = end_left + 1.2
    doc.rule(MARGIN_LEFT + (left_w - rule_w) / 2, rule_y, MARGIN_LEFT + (left_w + rule_w) / 2)
    doc.y = rule_y + 2.5
    end_left = doc.text("Số: ....../BC-TTPVHCC", font(11), "center", MARGIN_LEFT, left_w)
    doc.y = top
    doc.text(MOTTO[0], font(11, bold=True), "center", right_x, right_w)
    end_right = doc.text(MOTTO[1], font(12, bold=True), "center", right_x, right_w, underline=True)
    doc.y = end_right + 3
    end_right = doc.text(date_line(place, made_on), font(11), "center", right_x, right_w)
    doc.y = max(end_left, end_right) + 8

    doc.text("BÁO CÁO", font(14, bold=True), "center")
    doc.text(REPORT_TITLE[len("BÁO CÁO "):].capitalize(), font(12.5, bold=True), "center")
    doc.text(f"Kỳ báo cáo: {report['period']['label']}", font(12), "center")
    doc.y += 5


def _tables(doc: Doc, tables: dict) -> None:
    doc.heading("I. TỔNG HỢP CHUNG")
    rows = tables["summary"].rows
    half = (len(rows) + 1) // 2
    paired = [rows[i] + (rows[half + i] if half + i < len(rows) else ["", ""]) for i in range(half)]
    doc.table(["Chỉ tiêu", "Giá trị"] * 2, paired, [3.1, 1, 3.1, 1.6], size=10)

    if "centres" in tables:
        doc.heading("TỔNG HỢP THEO TRUNG TÂM")
        doc.table(tables["centres"].headers, tables["centres"].rows or [["–"] * 9],
                  [3.2, 1, 1, 1, 1.1, 1.1, 1.1, 1.1, 1.1], size=9)

    doc.heading("II. THEO LĨNH VỰC")
    services = tables["services"]
    pick = [0, 1, 2, 3, 4, 6, 8, 9, 12, 13]
    doc.table(["Lĩnh vực", "Cấp số", "Phục vụ", "Vắng mặt", "Chuyển đi", "Chờ TB (phút)", "Chờ P90 (phút)",
               "Phục vụ TB (phút)", "Lượt đánh giá", "Hài lòng (%)"],
              [[row[i] for i in pick] for row in services.rows], [3.2, 1, 1, 1.1, 1.1, 1.1, 1.1, 1.2, 1.1, 1.1], size=9.5)

    doc.heading("III. THEO QUẦY VÀ CÁN BỘ")
    counters = tables["counters"]
    doc.table(["Quầy", "Lượt gọi", "Phục vụ", "Vắng mặt", "Chuyển đi", "Phục vụ TB (phút)", "Phục vụ P90 (phút)",
               "Lượt đánh giá", "Hài lòng (%)", "Điểm TB"],
              [[r[i] for i in (0, 1, 2, 3, 4, 5, 7, 8, 9, 10)] for r in counters.rows],
              [1.5, 1, 1, 1.1, 1.1, 1.2, 1.2, 1.1, 1.1, 1], size=9.5)
    staff = tables["staff"]
    doc.table(["Cán bộ", "Phục vụ", "Vắng mặt", "Chuyển đi", "Phục vụ TB (phút)", "Phục vụ P90 (phút)",
               "Lượt đánh giá", "Hài lòng (%)", "Điểm TB"],
              [[r[i] for i in (0, 1, 2, 3, 4, 6, 7, 8, 9)] for r in staff.rows] or [["–"] * 9],
              [1.8, 1, 1.1, 1.1, 1.2, 1.2, 1.1, 1.1, 1], size=9.5)



def _hours(doc: Doc, report: dict) -> int:
    """Section IV; returns the number of charts drawn so far."""
    doc.heading("IV. SỐ PHIẾU THEO GIỜ VÀ ĐỐI TƯỢNG ƯU TIÊN")
    hours = report["by_hour"]
    if hours:       # the chart carries every figure of the hours table as text
        pdf_charts.hours_chart(doc, report, 1)
    peak = report["peak_hour"]
    if peak:
        doc.text(f"Giờ cao điểm: {peak['hour']}:00–{peak['hour'] + 1}:00, {peak['issued']} phiếu được cấp.", font(11))
    kinds = "; ".join(f"{k['label']} {k['issued']}/{k['served']}" for k in report["priority"])
    doc.text(f"Đối tượng ưu tiên (cấp số/đã phục vụ): {kinds}.", font(11))
    doc.y += 2
    return 1 if hours else 0


def _days(doc: Doc, days: list[dict], charts: int) -> int:
    """Section V for a period longer than a day; returns the number of charts drawn so far."""
    title, rows = _by_day_rows(days)
    doc.heading(f"V. {title}")
    doc.table(["Ngày" if "NGÀY" in title else "Tháng", "Số phiếu cấp", "Đã phục vụ", "Vắng mặt"], rows,
              [2, 1.2, 1.2, 1.2], size=10)
    pdf_charts.days_chart(doc, days, charts + 1)
    return charts + 1


def _satisfaction(doc: Doc, report: dict, section: str, charts: int) -> None:
    doc.heading(f"{section}. MỨC ĐỘ HÀI LÒNG CỦA NGƯỜI DÂN")
    sat = report["satisfaction"]
    doc.text(f"Số lượt đánh giá: {sat['count']} (trên {report['totals']['served']} lượt phục vụ). "
             f"Tỷ lệ hài lòng: {cell_text(sat['satisfied_share'])}%.", font(11))
    doc.y += 2
    pdf_charts.satisfaction_chart(doc, report, charts + 1)      # each level's count and share
    reasons = "; ".join(f"{r['label']} {r['count']}" for r in sat["reasons"])
    doc.text(f"Lý do chưa hài lòng (số lượt): {reasons}.", font(11))


def _signature(doc: Doc) -> None:
    doc.room(22)
    doc.y += 4
    top = doc.y
    half = doc.width / 2
    doc.text("Nơi nhận:", font(10, bold=True), x0=MARGIN_LEFT, width=half)
    doc.text("- Lãnh đạo UBND phường;", font(10), x0=MARGIN_LEFT, width=half)
    doc.text("- Lưu: VT.", font(10), x0=MARGIN_LEFT, width=half)
    doc.y = top
    doc.text("GIÁM ĐỐC", font(11.5, bold=True), "center", MARGIN_LEFT + half, half)
    doc.text("(Ký, ghi rõ họ tên)", font(10.5), "center", MARGIN_LEFT + half, half)


def _by_day_rows(days: list[dict]) -> tuple[str, list[list]]:
    """Working days with activity (a month), or one row per month (a longer period)."""
    if len(days) <= 31:
        rows = [[f"{d['day'][8:10]}/{d['day'][5:7]}/{d['day'][:4]}", d["issued"], d["served"], d["no_show"]]
                for d in days if d["issued"] or d["served"] or d["no_show"]]
        return "SỐ PHIẾU THEO NGÀY (NGÀY CÓ TIẾP NHẬN)", rows or [["–", 0, 0, 0]]
    months: dict[str, list[int]] = {}
    for d in days:
        row = months.setdefault(d["day"][:7], [0, 0, 0])
        row[0] += d["issued"]
        row[1] += d["served"]
        row[2] += d["no_show"]
    return "SỐ PHIẾU THEO THÁNG", [[f"Tháng {m[5:7]}/{m[:4]}", *v] for m, v in months.items()]


def pdf_bytes(report: dict, made_on: date | None = None, place: str = "", issuer: str = "") -> bytes:
    return render(report, made_on or date.today(), place, issuer).output()
