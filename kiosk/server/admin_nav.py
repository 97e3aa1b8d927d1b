"""The admin pages' navigation: one list, in one place. Another page under /admin (reports,
for instance) adds itself with one line here: (path, Vietnamese label)."""
from __future__ import annotations

ADMIN_NAV: list[tuple[str, str]] = [
    ("/admin/procedures", "Thủ tục"),
    ("/admin/import", "Nhập / xuất"),
    ("/admin/centre", "Dịch vụ và quầy"),
    ("/admin/users", "Tài khoản"),
    ("/admin/devices", "Thiết bị"),
    ("/admin/settings", "Cài đặt kiosk"),
    ("/admin/audit", "Nhật ký thay đổi"),
    ("/admin/voice", "Giọng đọc"),
    ("/admin/hub", "Máy chủ tỉnh"),
    ("/reports", "Báo cáo"),
    ("/reports/fees", "Sổ thu phí"),
]
