"""Ratings and reports over HTTP: who may do what, and the rules as the API states them."""
import io
import re

from openpyxl import load_workbook

from kiosk.core import accounts
from tests.support import pdf_text


def finish_one(centre, counter=1):
    ticket = centre.issue().json()
    called = centre.next(counter).json()
    centre.client.post(f"/api/tickets/{called['id']}/finish", json={"counter_id": counter}, headers=centre.as_("staff"))
    return ticket


def test_web_rating_flow(centre):
    ticket = centre.issue().json()
    url = f"/api/public/tickets/{ticket['public_id']}/rating"
    assert centre.client.get(url).json()["rateable"] is False
    early = centre.client.post(url, json={"rating": "satisfied"})
    assert early.status_code == 409 and early.json()["detail"]["message"]
    centre.next(1)
    centre.client.post(f"/api/tickets/{ticket['id']}/finish", headers=centre.as_("staff"))
    state = centre.client.get(url).json()
    assert state["rateable"] is True and [r["label"] for r in state["ratings"]] == [
        "Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"]
    assert centre.client.post(url, json={"rating": "superb"}).status_code == 422
    assert centre.client.post(url, json={"rating": "neutral"}).status_code == 201
    assert centre.client.post(url, json={"rating": "neutral"}).status_code == 409
    reason = centre.client.post(url + "/reason", json={"reason": "unclear_guidance"})
    assert reason.status_code == 200 and reason.json()["reason_label"] == "Hướng dẫn chưa rõ"
    assert centre.client.get(url).json()["rating"]["rating"] == "neutral"


def test_tablet_needs_a_display_token_and_the_right_counter(centre):
    ticket = finish_one(centre, counter=1)
    assert centre.client.get("/api/counters/1/rating").status_code == 401
    assert centre.client.get("/api/counters/1/rating", headers=centre.as_("kiosk")).status_code == 403
    assert centre.client.get("/api/counters/1/rating", headers=centre.as_("staff")).status_code == 403
    assert centre.client.get("/api/counters/2/rating", headers=centre.as_("display")).status_code == 204
    pending = centre.client.get("/api/counters/1/rating", headers=centre.as_("display")).json()
    assert pending["ticket_id"] == ticket["id"] and pending["number"] == ticket["number"]
    wrong = centre.client.post("/api/counters/2/rating", json={"ticket_id": ticket["id"], "rating": "satisfied"},
                               headers=centre.as_("display"))
    assert wrong.status_code == 409
    ok = centre.client.post("/api/counters/1/rating", json={"ticket_id": ticket["id"], "rating": "dissatisfied"},
                            headers=centre.as_("display"))
    assert ok.status_code == 201 and ok.json()["channel"] == "tablet"
    assert centre.client.get("/api/counters/1/rating", headers=centre.as_("display")).status_code == 204
    again = centre.client.post("/api/counters/1/rating", json={"ticket_id": ticket["id"], "rating": "satisfied"},
                               headers=centre.as_("display"))
    assert again.status_code == 409
    reason = centre.client.post("/api/counters/1/rating/reason", json={"ticket_id": ticket["id"], "reason": "attitude"},
                                headers=centre.as_("display"))
    assert reason.status_code == 200


def test_reports_need_admin_or_manager(centre, config, clock, tmp_path):
    assert centre.client.get("/api/reports").status_code == 401
    assert centre.client.get("/api/reports", headers=centre.as_("staff")).status_code == 403
    assert centre.client.get("/api/reports", headers=centre.as_("display")).status_code == 403
    store = centre.client.app.state.store
    accounts.add_user(store, "lanhdao", "mat-khau-lanhdao", "manager", clock)
    token = centre.client.post("/api/auth/login", json={"username": "lanhdao", "password": "mat-khau-lanhdao"}).json()["token"]
    assert centre.client.get("/api/reports", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_report_shows_the_day_with_charts_and_exports(centre):
    ticket = finish_one(centre)
    centre.client.post(f"/api/public/tickets/{ticket['public_id']}/rating", json={"rating": "very_satisfied"})
    body = centre.client.get("/api/reports?period=day&date=2026-11-23", headers=centre.as_("admin")).json()
    assert body["report"]["totals"]["issued"] == 1 and body["report"]["satisfaction"]["count"] == 1
    assert body["charts"]["hours"].startswith("<svg") and body["tables"][0]["headers"] == ["Chỉ tiêu", "Giá trị"]
    month = centre.client.get("/api/reports?period=month&month=2026-11", headers=centre.as_("admin")).json()
    assert month["report"]["period"]["label"] == "Tháng 11/2026" and "days" in month["charts"]
    bad = centre.client.get("/api/reports?period=quarter&quarter=2026-Q7", headers=centre.as_("admin"))
    assert bad.status_code == 422 and bad.json()["detail"]["field"] == "quarter"
    xlsx = centre.client.get("/api/reports/export?format=xlsx&period=day&date=2026-11-23", headers=centre.as_("admin"))
    assert xlsx.status_code == 200 and "bao-cao-2026-11-23.xlsx" in xlsx.headers["content-disposition"]
    assert "Tổng hợp" in load_workbook(io.BytesIO(xlsx.content)).sheetnames
    pdf = centre.client.get("/api/reports/export?format=pdf&period=week&date=2026-11-23", headers=centre.as_("admin"))
    assert pdf.content.startswith(b"%PDF") and pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Kỳ báo cáo: Tuần 48/2026" in text and re.search(r"Số phiếu đã cấp\s+1\s", text)
    csv = centre.client.get("/api/reports/export?format=csv&period=custom&from=2026-11-01&to=2026-11-23",
                            headers=centre.as_("admin"))
    assert csv.content.startswith(b"\xef\xbb\xbf") and "Hộ tịch" in csv.content.decode("utf-8-sig")
    assert centre.client.get("/reports").status_code == 200


def test_reports_accept_the_admin_pages_cookie_session(centre):
    client = centre.client
    login = client.post("/api/auth/login", json={"username": "admin", "password": "mat-khau-admin", "cookie": True})
    assert login.status_code == 200 and client.cookies.get("session")
    assert client.get("/api/reports?period=day").status_code == 200            # the cookie alone
    assert client.get("/api/reports/export?format=csv").status_code == 200
    client.cookies.clear()
    assert client.get("/api/reports").status_code == 401


def test_the_admin_navigation_links_the_reports_page():
    from kiosk.server.admin_nav import ADMIN_NAV
    assert ("/reports", "Báo cáo") in ADMIN_NAV
