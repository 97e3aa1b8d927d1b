"""The report as tables with Vietnamese headers: one definition for the page, XLSX, CSV and PDF."""
from __future__ import annotations

from dataclasses import dataclass

REPORT_TITLE = "BÁO CÁO KẾT QUẢ TIẾP NHẬN, PHỤC VỤ CÔNG DÂN VÀ MỨC ĐỘ HÀI LÒNG"
TIME_HEADERS = ("TB (phút)", "Trung vị (phút)", "P90 (phút)")


@dataclass(frozen=True)
class Table:
    key: str
    title: str                 # also the XLSX sheet name (at most 31 characters)
    headers: list[str]
    rows: list[list]


def _times(summary: dict) -> list:
    return [summary["mean"], summary["median"], summary["p90"]]


def summary_rows(report: dict) -> list[list]:
    t, sat = report["totals"], report["satisfaction"]
    peak = report["peak_hour"]
    return [
        ["Số phiếu đã cấp", t["issued"]],
        ["Số lượt đã phục vụ xong", t["served"]],
        ["Số lượt vắng mặt khi được gọi", t["no_show"]],
        ["Số lượt hoàn tác vắng mặt", t["no_show_undone"]],
        ["Số lượt xếp lại hàng chờ", t["requeued"]],
        ["Số lượt chuyển lĩnh vực", t["transferred"]],
        ["Số phiếu hủy", t["cancelled"]],
        ["Số phiếu hết hạn cuối ngày", t["expired"]],
        ["Lượt ưu tiên đã phục vụ", t["priority_served"]],
        ["Phiếu cấp khi mất kết nối (ngoại tuyến)", t["offline_issued"]],
        ["Tỷ lệ phiếu ngoại tuyến (%)", t["offline_share"]],
        ["Thời gian chờ trung bình (phút)", report["waiting"]["mean"]],
        ["Thời gian chờ trung vị (phút)", report["waiting"]["median"]],
        ["Thời gian chờ P90 (phút)", report["waiting"]["p90"]],
        ["Thời gian phục vụ trung bình (phút)", report["service_time"]["mean"]],
        ["Thời gian phục vụ trung vị (phút)", report["service_time"]["median"]],
        ["Thời gian phục vụ P90 (phút)", report["service_time"]["p90"]],
        ["Giờ cao điểm", f"{peak['hour']}:00–{peak['hour'] + 1}:00 ({peak['issued']} phiếu)" if peak else None],
        ["Số lượt đánh giá", sat["count"]],
        ["Tỷ lệ đánh giá trên lượt phục vụ (%)", sat["response_rate"]],
        ["Tỷ lệ hài lòng (%)", sat["satisfied_share"]],
        ["Điểm hài lòng trung bình (thang 1–4)", sat["mean_score"]],
    ]


def report_tables(report: dict) -> list[Table]:
    sat = report["satisfaction"]
    tables = [
        Table("summary", "Tổng hợp", ["Chỉ tiêu", "Giá trị"], summary_rows(report)),
        Table("services", "Theo lĩnh vực",
              ["Lĩnh vực", "Số phiếu cấp", "Đã phục vụ", "Vắng mặt", "Chuyển đi", "Chuyển đến",
               *(f"Chờ {h}" for h in TIME_HEADERS), *(f"Phục vụ {h}" for h in TIME_HEADERS),
               "Lượt đánh giá", "Hài lòng (%)"],
              [[s["name"], s["issued"], s["served"], s["no_show"], s["transferred_out"], s["transferred_in"],
                *_times(s["waiting"]), *_times(s["service_time"]), s["rated"], s["satisfied_share"]]
               for s in report["by_service"]]),
        Table("counters", "Theo quầy",
              ["Quầy", "Lượt gọi", "Đã phục vụ", "Vắng mặt", "Chuyển đi", *(f"Phục vụ {h}" for h in TIME_HEADERS),
               "Lượt đánh giá", "Hài lòng (%)", "Điểm TB"],
              [[c["name"], c["called"], c["served"], c["no_show"], c["transferred_out"], *_times(c["service_time"]),
                c["rated"], c["satisfied_share"], c["mean_score"]] for c in report["by_counter"]]),
        Table("staff", "Theo cán bộ",
              ["Cán bộ", "Đã phục vụ", "Vắng mặt", "Chuyển đi", *(f"Phục vụ {h}" for h in TIME_HEADERS),
               "Lượt đánh giá", "Hài lòng (%)", "Điểm TB"],
              [[s["name"], s["served"], s["no_show"], s["transferred_out"], *_times(s["service_time"]),
                s["rated"], s["satisfied_share"], s["mean_score"]] for s in report["by_staff"]]),
        Table("hours", "Theo giờ", ["Giờ", "Số phiếu cấp", "Đã phục vụ"],
              [[f"{h['hour']:02d}:00–{h['hour'] + 1:02d}:00", h["issued"], h["served"]] for h in report["by_hour"]]),
        Table("days", "Theo ngày", ["Ngày", "Số phiếu cấp", "Đã phục vụ", "Vắng mặt"],
              [[f"{d['day'][8:10]}/{d['day'][5:7]}/{d['day'][:4]}", d["issued"], d["served"], d["no_show"]]
               for d in report["by_day"]]),
        Table("priority", "Đối tượng ưu tiên", ["Đối tượng", "Số phiếu cấp", "Đã phục vụ"],
              [[p["label"], p["issued"], p["served"]] for p in report["priority"]]),
        Table("satisfaction", "Mức độ hài lòng", ["Mức độ", "Số lượt", "Tỷ lệ (%)"],
              [[d["label"], d["count"], d["share"]] for d in sat["distribution"]]),
        Table("reasons", "Lý do chưa hài lòng", ["Lý do", "Số lượt"],
              [[r["label"], r["count"]] for r in sat["reasons"]]),
    ]
    if "by_centre" in report:    # the province hub's report across centres (kiosk/hub/reports.py)
        tables.insert(1, Table("centres", "Theo trung tâm",
                               ["Trung tâm", "Số phiếu cấp", "Đã phục vụ", "Vắng mặt", *(f"Chờ {h}" for h in TIME_HEADERS),
                                "Lượt đánh giá", "Hài lòng (%)"],
                               [[c["name"], c["issued"], c["served"], c["no_show"], *_times(c["waiting"]), c["rated"],
                                 c["satisfied_share"]] for c in report["by_centre"]]))
    if report.get("appointments"):
        tables.append(Table("appointments", "Lịch hẹn và vãng lai", ["Chỉ tiêu", "Có lịch hẹn", "Vãng lai"],
                            appointment_rows(report["appointments"])))
    return tables


def appointment_rows(split: dict) -> list[list]:
    booked, walk_ins, bookings = split["appointments"], split["walk_ins"], split["bookings"]
    share = lambda value: None if value is None else round(100 * value, 1)     # noqa: E731
    return [
        ["Số phiếu", booked["tickets"], walk_ins["tickets"]],
        ["Thời gian chờ trung bình (phút)", booked["mean_wait_minutes"], walk_ins["mean_wait_minutes"]],
        ["Thời gian chờ P90 (phút)", booked["p90_wait_minutes"], walk_ins["p90_wait_minutes"]],
        ["Lượt đặt lịch (không tính đã hủy)", bookings["booked"], None],
        ["Lượt hủy lịch", bookings["cancelled"], None],
        ["Đến đúng hẹn / đến muộn", f"{bookings['on_time']} / {bookings['late']}", None],
        ["Tỷ lệ đến đúng hẹn (%)", share(bookings["punctuality"]), None],
        ["Tỷ lệ đặt mà không đến (%)", share(bookings["no_show_rate"]), None],
    ]


def cell_text(value) -> str:
    """How a cell reads in text outputs (page, PDF): Vietnamese decimal comma, a dash for none."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return str(value)
