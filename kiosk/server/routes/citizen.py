"""Calm Vietnamese pages for people who open a link by hand or from a QR code: the index at `/`,
and what `/t/<id>` shows when there is no live ticket behind it (unknown link, expired
ticket, the test receipt). API routes keep their JSON errors."""
from __future__ import annotations

import html
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter()
PAGES = Path(__file__).resolve().parent.parent / "pages"

PUBLIC_PAGES = [
    ("/display", "Màn hình gọi số", "Các số đang được gọi, các quầy và số tiếp theo (cho TV ở sảnh)."),
    ("/staff", "Cán bộ tiếp nhận", "Gọi số, gọi lại, chuyển quầy (cần đăng nhập)."),
    ("/admin", "Quản trị", "Thủ tục, quầy, tài khoản và cài đặt (cần đăng nhập)."),
    ("/reports", "Báo cáo", "Số lượt, thời gian chờ và mức độ hài lòng (cần đăng nhập)."),
    ("/docs", "Tài liệu API", "Giao diện lập trình của máy chủ, cho kỹ thuật viên."),
]


def page(request: Request, title: str, body: str, status_code: int = 200) -> HTMLResponse:
    """The notice template filled with the centre's name, address and hours; `body` is HTML."""
    centre = request.app.state.config.centre
    hours = f"Giờ làm việc: {centre.opening_hours}" if centre.opening_hours else ""
    text = (PAGES / "notice.html").read_text(encoding="utf-8")
    for key, value in (("title", html.escape(title)), ("address", html.escape(centre.address)),
                       ("hours", html.escape(hours)), ("centre", html.escape(centre.name)), ("body", body)):
        text = text.replace("{{" + key + "}}", value)
    return HTMLResponse(text, status_code=status_code, headers={"Cache-Control": "no-cache"})


def paragraphs(title: str, *lines: str, number: int | None = None) -> str:
    shown = f'<div class="number">{number}</div>' if number is not None else ""
    return f"<h1>{html.escape(title)}</h1>{shown}" + "".join(f"<p>{html.escape(line)}</p>" for line in lines)


def missing_ticket_page(request: Request) -> HTMLResponse:
    return page(request, "Không tìm thấy phiếu", paragraphs(
        "Không tìm thấy phiếu này",
        "Đường dẫn này không ứng với số thứ tự nào của trung tâm. Ông/bà vui lòng kiểm tra lại "
        "mã QR trên phiếu, hoặc hỏi cán bộ hướng dẫn tại sảnh."), status_code=404)


def expired_ticket_page(request: Request, ticket: dict) -> HTMLResponse:
    year, month, day = ticket["day"].split("-")
    return page(request, f"Số {ticket['number']} đã hết hạn", paragraphs(
        "Số thứ tự đã hết hạn",
        f"Số {ticket['number']} được lấy ngày {day}/{month}/{year}. Số thứ tự chỉ có giá trị trong ngày lấy số.",
        "Nếu ông/bà vẫn cần làm thủ tục, mời lấy số mới tại máy lấy số hoặc hỏi cán bộ hướng dẫn.",
        number=ticket["number"]))


def printer_test_page(request: Request) -> HTMLResponse:
    return page(request, "Phiếu in thử", paragraphs(
        "Phiếu in thử",
        "Đây là mã QR của phiếu in thử máy in: máy in và mã QR hoạt động bình thường.",
        "Phiếu in thử không phải là số thứ tự. Công dân lấy số tại máy lấy số ở sảnh."))


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def index(request: Request):
    links = "".join(f'<li><a href="{href}">{html.escape(name)}</a><small>{html.escape(what)}</small></li>'
                    for href, name, what in PUBLIC_PAGES)
    body = paragraphs("Hệ thống lấy số thứ tự",
                      "Mỗi phiếu số thứ tự có một mã QR dẫn đến trang riêng của phiếu (/t/…): ông/bà xem "
                      "số người phía trước, được báo khi đến lượt và đánh giá sau khi được phục vụ.")
    return page(request, "Hệ thống lấy số thứ tự", body + f"<ul>{links}</ul>")
