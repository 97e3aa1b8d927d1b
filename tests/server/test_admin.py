"""The admin API through the real app: role checks on every route, cookie login with CSRF,
edits reaching the kiosk's API, import preview/apply, trial speech, leaflet and poster."""
from __future__ import annotations

import re
import shutil

import pytest
from fastapi.testclient import TestClient

from kiosk.server.app import create_app

PATH_VALUES = {"code": "1.001193", "service_id": "HT", "counter_id": "1", "username": "lan", "name": "kiosk-1",
               "fmt": "csv", "conflict_id": "1"}


def admin_routes(app=None):
    from kiosk.server.app import ROUTERS
    for route in (route for router in ROUTERS for route in router.routes):
        path = getattr(route, "path", "")
        if path.startswith("/api/admin") or (path.startswith("/admin") and path != "/admin/login"):
            for method in sorted(route.methods - {"HEAD"}):
                yield method, re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES[m.group(1)], path)


def cookie_login(client, username="admin", password="mat-khau-admin"):
    response = client.post("/api/auth/login", json={"username": username, "password": password, "cookie": True})
    assert response.status_code == 200
    return response


def test_every_admin_route_refuses_staff_kiosks_displays_and_anonymous(centre):
    client = centre.client
    routes = list(admin_routes(client.app))
    assert len(routes) >= 35
    before = client.get("/api/procedures/1.001193").json()
    for method, path in routes:
        page = path.startswith("/admin")
        for who in ("staff", "kiosk", "display"):
            response = client.request(method, path, headers=centre.as_(who), json={}, follow_redirects=False)
            if page:   # pages go by the session cookie; a bearer header alone is nobody
                assert response.status_code == 303, (method, path, who)
            else:
                assert response.status_code == 403, (method, path, who, response.text)
                assert response.json()["detail"]["message"] == "Tài khoản không có quyền thực hiện thao tác này."
        response = client.request(method, path, json={}, follow_redirects=False)
        assert response.status_code == (303 if page else 401), (method, path)
        if page:
            assert response.headers["location"].startswith("/admin/login?next=")
    assert client.get("/api/procedures/1.001193").json() == before
    entries = client.get("/api/admin/audit", headers=centre.as_("admin")).json()["entries"]
    assert [e for e in entries if not e["action"].startswith("auth.login")] == []  # only the fixture's logins


def test_a_staff_session_gets_403_on_admin_pages(centre):
    client = centre.client
    cookie_login(client, "lan", "mat-khau-lan")
    for method, path in admin_routes(client.app):
        if method == "GET" and path.startswith("/admin"):
            response = client.get(path, follow_redirects=False)
            assert response.status_code == 403, path
            assert "không có quyền quản trị" in response.text


def test_admin_session_cookie_is_httponly_samesite_strict_and_secure_over_https(centre):
    response = cookie_login(centre.client)
    cookie = response.headers["set-cookie"]
    assert "session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
    assert response.json()["csrf"]
    behind_proxy = centre.client.post("/api/auth/login", headers={"X-Forwarded-Proto": "https"},
                                      json={"username": "admin", "password": "mat-khau-admin", "cookie": True})
    assert "Secure" in behind_proxy.headers["set-cookie"]
    https = TestClient(centre.client.app, base_url="https://testserver")
    assert "Secure" in https.post("/api/auth/login", json={"username": "admin", "password": "mat-khau-admin",
                                                           "cookie": True}).headers["set-cookie"]
    plain = centre.client.post("/api/auth/login", json={"username": "admin", "password": "mat-khau-admin"})
    assert "set-cookie" not in plain.headers


def test_cookie_requests_that_change_things_need_the_csrf_token(centre):
    client = centre.client
    csrf = cookie_login(client).json()["csrf"]
    body = {"fee": "5.000 đồng"}
    assert client.get("/api/admin/procedures/1.001193").status_code == 200           # reading needs none
    missing = client.put("/api/admin/procedures/1.001193", json=body)
    assert missing.status_code == 403 and missing.json()["detail"]["field"] == "X-CSRF-Token"
    wrong = client.put("/api/admin/procedures/1.001193", json=body, headers={"X-CSRF-Token": "0" * 40})
    assert wrong.status_code == 403
    assert client.get("/api/procedures/1.001193").json()["fee"] == "Miễn lệ phí"
    ok = client.put("/api/admin/procedures/1.001193", json=body, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200
    # the page carries the same token for its scripts
    page = client.get("/admin/procedures")
    assert f'<meta name="csrf-token" content="{csrf}">' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    # a bearer token (no cookie) is not exposed to CSRF and needs no token
    client.cookies.clear()
    assert client.put("/api/admin/procedures/1.001193", json={"fee": "Miễn lệ phí"},
                      headers=centre.as_("admin")).status_code == 200


def test_logout_clears_the_cookie(centre):
    client = centre.client
    csrf = cookie_login(client).json()["csrf"]
    response = client.post("/api/auth/logout", headers={"X-CSRF-Token": csrf})
    assert response.status_code == 204 and 'session=""' in response.headers["set-cookie"]
    assert client.get("/admin/procedures", follow_redirects=False).status_code == 303


def test_an_edit_reaches_the_kiosk_api_and_the_event_log(centre):
    client, admin = centre.client, centre.as_("admin")
    record = client.get("/api/admin/procedures/1.001193", headers=admin).json()
    record["documents"].append({"name": "Giấy chứng sinh", "name_en": "Birth certificate", "originals": 1,
                                "copies": 0, "required": True})
    record.pop("portal_url"), record.pop("tickets_issued")
    assert client.put("/api/admin/procedures/1.001193", json=record, headers=admin).status_code == 200
    kiosk_view = client.get("/api/procedures/1.001193", headers=centre.as_("kiosk")).json()
    assert [d["name"] for d in kiosk_view["documents"]] == ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]
    store = client.app.state.store
    [event] = [e for e in store.events_after(0) if e["type"] == "catalogue.changed"]
    assert event["actor"] == "admin" and event["ticket_id"] is None


def test_validation_errors_list_every_problem(centre):
    response = centre.client.post("/api/admin/procedures", headers=centre.as_("admin"),
                                  json={"code": "1.00119", "name": "", "field": "Hộ tịch", "service": "HT"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail["field"] == "code" and "6" in detail["reason"]
    assert {p["field"] for p in detail["problems"]} >= {"code", "name", "processing_time", "fee", "guidance"}


def test_retire_and_restore_through_the_api(centre):
    client, admin = centre.client, centre.as_("admin")
    ticket = centre.issue("1.001193").json()
    assert client.post("/api/admin/procedures/1.001193/retire", headers=admin).json()["active"] is False
    assert centre.issue("1.001193").status_code == 404
    assert client.get(f"/api/tickets/{ticket['id']}", headers=centre.as_("staff")).json()["procedure"]["name"] \
        == "Đăng ký khai sinh"
    assert [p["code"] for p in client.get("/api/procedures").json()].count("1.001193") == 0
    assert client.get("/api/admin/procedures/1.001193", headers=admin).json()["tickets_issued"] == 1
    assert client.post("/api/admin/procedures/1.001193/restore", headers=admin).json()["active"] is True


def test_settings_are_public_for_kiosks_and_displays(centre):
    client = centre.client
    assert client.get("/api/settings").json()["idle_seconds"] == 60
    response = client.put("/api/admin/settings", headers=centre.as_("admin"),
                          json={"display_message": "Trung tâm nghỉ chiều thứ Bảy."})
    assert response.status_code == 200
    assert client.get("/api/settings").json()["display_message"] == "Trung tâm nghỉ chiều thứ Bảy."
    bad = client.put("/api/admin/settings", headers=centre.as_("admin"), json={"idle_seconds": "abc"})
    assert bad.status_code == 422 and bad.json()["detail"]["field"] == "idle_seconds"


def test_import_preview_then_apply_with_the_fingerprint(centre):
    client, admin = centre.client, centre.as_("admin")
    content = ("\ufeffcode,name,field,service,documents,processing_time,fee,guidance\r\n"
               "1.004873,Cấp giấy xác nhận tình trạng hôn nhân,Hộ tịch,HT,Tờ khai,3 ngày làm việc,Miễn lệ phí,"
               "Mang theo căn cước.\r\n").encode()
    preview = client.post("/api/admin/import/preview?filename=a.csv", content=content, headers=admin).json()
    assert preview["counts"] == {"new": 1, "changed": 0, "unchanged": 0, "problems": 0}, preview["problems"]
    assert client.get("/api/procedures/1.004873").status_code == 404
    stale = client.post("/api/admin/import/apply?filename=a.csv&fingerprint=0000", content=content, headers=admin)
    assert stale.status_code == 409
    applied = client.post(f"/api/admin/import/apply?filename=a.csv&fingerprint={preview['fingerprint']}",
                          content=content, headers=admin)
    assert applied.status_code == 200 and applied.json()["applied"] is True
    assert client.get("/api/procedures/1.004873").json()["name"] == "Cấp giấy xác nhận tình trạng hôn nhân"


def test_a_portal_import_keeps_the_kiosks_short_names_and_hides_the_embassy_fee(centre):
    from pathlib import Path
    client, admin = centre.client, centre.as_("admin")
    content = (Path(__file__).resolve().parent.parent / "fixtures" / "portal" / "2.000815.json").read_bytes()
    short = client.get("/api/procedures/2.000815").json()["name"]
    assert len(short) < 100
    preview = client.post("/api/admin/import/preview?filename=p.json", content=content, headers=admin).json()
    [item] = preview["changed"]
    assert item["name"] == short
    assert item["after"]["official_name"].endswith("cấp hoặc chứng nhận")
    assert preview["labels"]["official_name"] == "Tên chính thức (Cổng DVC)"
    assert preview["labels"]["documents"] == "Thành phần hồ sơ"
    client.post(f"/api/admin/import/apply?filename=p.json&fingerprint={preview['fingerprint']}", content=content,
                headers=admin)
    kiosk_view = client.get("/api/procedures/2.000815", headers=centre.as_("kiosk")).json()
    assert kiosk_view["name"] == short
    assert "USD" not in kiosk_view["fee"] and "cơ quan đại diện" not in kiosk_view["fee"]
    assert len(kiosk_view["documents"][0]["name"]) < 160 and len(kiosk_view["documents"][0]["official_name"]) == 384
    audit = client.get("/api/admin/audit?entity=procedure&entity_id=2.000815", headers=admin).json()
    assert audit["labels"]["fee_other"].startswith("Phí nộp tại cơ quan khác")
    assert "Thành phần hồ sơ" in audit["entries"][0]["summary"] and "documents" not in audit["entries"][0]["summary"]


def test_an_admin_edits_the_official_name_and_the_other_authoritys_fee(centre):
    client, admin = centre.client, centre.as_("admin")
    record = client.get("/api/admin/procedures/1.001193", headers=admin).json()
    record.pop("portal_url"), record.pop("tickets_issued")
    record["official_name"] = "Đăng ký khai sinh (tên đầy đủ theo Cổng DVC)"
    record["fee_other"] = "Tại cơ quan đại diện: 5 USD"
    record["documents"][0]["official_name"] = "Tờ khai đăng ký khai sinh theo mẫu quy định"
    assert client.put("/api/admin/procedures/1.001193", json=record, headers=admin).status_code == 200
    stored = client.get("/api/admin/procedures/1.001193", headers=admin).json()
    assert (stored["name"], stored["official_name"]) == ("Đăng ký khai sinh", record["official_name"])
    assert stored["fee_other"] == "Tại cơ quan đại diện: 5 USD" and "USD" not in stored["fee"]
    assert stored["documents"][0]["official_name"] == "Tờ khai đăng ký khai sinh theo mẫu quy định"


def test_a_bad_import_is_rejected_naming_the_row(centre):
    client, admin = centre.client, centre.as_("admin")
    content = ("code,name,field,service,documents,processing_time,fee,guidance\n"
               "1.004873,Thủ tục,Hộ tịch,HT,Tờ khai,3 ngày,Miễn phí,Hướng dẫn.\n"
               "1.004873,Trùng mã,Hộ tịch,HT,Tờ khai,3 ngày,Miễn phí,Hướng dẫn.\n").encode()
    preview = client.post("/api/admin/import/preview?filename=a.csv", content=content, headers=admin).json()
    assert preview["ok"] is False and preview["problems"][0]["where"] == "dòng 3, cột code"
    applied = client.post("/api/admin/import/apply?filename=a.csv", content=content, headers=admin)
    assert applied.status_code == 422 and applied.json()["detail"]["message"].startswith("Dòng 3, cột code")
    assert client.get("/api/procedures/1.004873").status_code == 404


@pytest.mark.parametrize("fmt, media", [("csv", "text/csv"), ("xlsx", "application/vnd.openxml"),
                                        ("json", "application/json")])
def test_export_downloads(centre, fmt, media):
    for record in centre.client.get("/api/admin/procedures", headers=centre.as_("admin")).json()["procedures"]:
        complete = {k: record[k] or "Chưa có" for k in ("processing_time", "fee", "guidance")}
        centre.client.put(f"/api/admin/procedures/{record['code']}", json=complete, headers=centre.as_("admin"))
    response = centre.client.get(f"/api/admin/export.{fmt}", headers=centre.as_("admin"))
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert f'.{fmt}"' in response.headers["content-disposition"]
    again = centre.client.post(f"/api/admin/import/preview?filename=x.{fmt}", content=response.content,
                               headers=centre.as_("admin")).json()
    assert again["ok"] and again["counts"]["changed"] == again["counts"]["new"] == 0


def test_leaflet_preview_and_print_and_poster(centre):
    client, admin = centre.client, centre.as_("admin")
    record = client.get("/api/admin/procedures/1.001193", headers=admin).json()
    png = client.post("/api/admin/leaflet/preview", json={**record, "fee": "Chưa lưu: 1.000 đồng"}, headers=admin)
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    printed = client.post("/api/admin/leaflet/print", json=record, headers=admin).json()
    assert printed["ok"] is True                                  # the demo config's dummy printer
    poster = client.get("/api/admin/poster.pdf", headers=admin)
    assert poster.headers["content-type"] == "application/pdf" and poster.content.startswith(b"%PDF")


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")
def test_listen_renders_the_guidance_as_a_wav(config, clock, tmp_path):
    from tests.server.conftest import prepare_db
    config.speech.cache_dir = str(tmp_path / "speech-cache")
    prepare_db(config, tmp_path / "c.db", clock)
    with TestClient(create_app(config, tmp_path / "c.db", clock)) as client:
        token = client.post("/api/auth/login", json={"username": "admin", "password": "mat-khau-admin"}).json()["token"]
        response = client.post("/api/admin/speech", json={"text": "Ông bà mang theo 2 bản sao."},
                               headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.headers["content-type"] == "audio/wav"
    assert response.content[:4] == b"RIFF" and response.content[8:12] == b"WAVE" and len(response.content) > 8000


def test_admin_lists_fields_and_procedures_in_vietnamese_order(centre):
    client, admin = centre.client, centre.as_("admin")
    base = {"documents": [{"name": "Tờ khai", "originals": 1, "copies": 0, "required": True}],
            "processing_time": "3 ngày làm việc", "fee": "Miễn lệ phí", "guidance": "Mang theo căn cước."}
    for code, name, field, service in (("1.000101", "Cấp giấy phép karaoke", "Văn hóa", "VH"),
                                       ("1.000102", "Đăng ký biến động đất đai", "Đất đai", "KD"),
                                       ("1.000103", "Xác nhận người dân tộc", "Dân tộc", "VH")):
        body = {**base, "code": code, "name": name, "field": field, "service": service}
        assert client.post("/api/admin/procedures", json=body, headers=admin).status_code == 201, body
    listing = client.get("/api/admin/procedures", headers=admin).json()
    assert listing["fields"] == ["Bảo trợ xã hội", "Chứng thực", "Dân tộc", "Đất đai", "Hộ kinh doanh", "Hộ tịch",
                                 "Văn hóa"]
    assert [p["field"] for p in listing["procedures"]] == ["Bảo trợ xã hội", "Chứng thực", "Dân tộc", "Đất đai",
                                                           "Hộ kinh doanh", "Hộ tịch", "Hộ tịch", "Văn hóa"]
    # "kết" before "khai": e comes before h, whatever the code points of ế say.
    assert [p["name"] for p in listing["procedures"] if p["field"] == "Hộ tịch"] == ["Đăng ký kết hôn",
                                                                                     "Đăng ký khai sinh"]
    kiosk_view = client.get("/api/procedures", headers=centre.as_("kiosk")).json()
    assert [p["field"] for p in kiosk_view if p["field"] in ("Đất đai", "Văn hóa")] == \
        ["Đất đai", "Văn hóa"]


def test_an_admin_synonym_changes_what_the_search_finds_and_the_catalogue_version(centre):
    client, admin = centre.client, centre.as_("admin")
    found = lambda q: [r["code"] for r in client.get("/api/admin/search", params={"q": q},
                                                     headers=admin).json()["results"]]
    assert found("dam hieu")[:1] != ["1.000894"]
    rules = client.get("/api/admin/settings", headers=admin).json()["values"]["search_synonyms"]
    assert {"phrase": "sao y", "means": "chứng thực bản sao"} in rules            # the bundled defaults
    before = client.get("/api/health").json()["catalogue_version"]
    new = rules + [{"phrase": "đám hiếu", "means": "kết hôn"}]
    assert client.put("/api/admin/settings", headers=admin, json={"search_synonyms": new}).status_code == 200
    assert found("dam hieu")[0] == "1.000894"
    assert client.get("/api/settings").json()["search_synonyms"][-1] == {"phrase": "đám hiếu", "means": "kết hôn"}
    assert client.get("/api/health").json()["catalogue_version"] != before


def test_a_bad_synonym_is_refused_naming_its_line(centre):
    response = centre.client.put("/api/admin/settings", headers=centre.as_("admin"),
                                 json={"search_synonyms": [{"phrase": "sao y", "means": "  "}]})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail["field"] == "search_synonyms[0].means" and detail["message"] == "Dòng 1: thiếu nghĩa."
    assert {"field", "reason", "message"} <= set(detail)


def test_the_search_trial_is_for_admins_only(centre):
    assert centre.client.get("/api/admin/search?q=khai", headers=centre.as_("staff")).status_code == 403
    too_long = centre.client.get("/api/admin/search", params={"q": "a" * 201}, headers=centre.as_("admin"))
    assert too_long.status_code == 422 and too_long.json()["detail"]["field"]


FEE_ROWS = ["2.000635,Cấp bản sao trích lục hộ tịch,Hộ tịch,HT,Tờ khai,Trong ngày,8.000 đồng/bản,Hướng dẫn.",
            "1.004873,Xác nhận tình trạng hôn nhân,Hộ tịch,HT,Tờ khai,3 ngày,Theo quy định,Hướng dẫn."]


def import_rows(client, admin, rows):
    """Preview then apply a CSV of `rows` as an admin would; the apply's response."""
    content = ("code,name,field,service,documents,processing_time,fee,guidance\r\n"
               + "".join(row + "\r\n" for row in rows)).encode()
    preview = client.post("/api/admin/import/preview?filename=a.csv", content=content, headers=admin).json()
    return client.post(f"/api/admin/import/apply?filename=a.csv&fingerprint={preview['fingerprint']}",
                       content=content, headers=admin)


def test_an_import_through_the_server_proposes_fee_rules_as_it_publishes(centre):
    client, admin = centre.client, centre.as_("admin")
    assert import_rows(client, admin, FEE_ROWS).status_code == 200
    copies = client.get("/api/procedures/2.000635/fee").json()
    assert (copies["status"], copies["example"]) == ("proposed", "2 bản = 16.000 đ")
    assert client.get("/api/procedures/1.004873/fee").json()["status"] == "needs_rule"


def test_the_admin_list_flags_procedures_whose_fee_has_no_rule(centre):
    client, admin = centre.client, centre.as_("admin")
    assert import_rows(client, admin, FEE_ROWS).status_code == 200
    listed = {p["code"]: p for p in client.get("/api/admin/procedures", headers=admin).json()["procedures"]}
    assert listed["1.004873"]["fee_rule_status"] == "needs_rule"
    assert listed["2.000635"]["fee_rule_status"] == "proposed"        # "8.000 đồng/bản" has a known shape
