"""The province hub end to end: a real PostgreSQL, two real hub processes and three real
centre servers (uvicorn on 127.0.0.1), the centres pushing through their own HubSync
(tests/hub/city.py, shared by the session)."""
from __future__ import annotations

import io
import sqlite3

import pytest
import requests

from tests.hub.city import caught_up, hub_events, wait_for
from tests.support import pdf_text

pytestmark = pytest.mark.slow

def test_every_event_reaches_the_hub_exactly_once_through_a_hub_killed_mid_push(city):
    conn, (p01, p02, p03), first = city["conn"], city["centres"], city["hubs"][0]
    p01.issue(40)
    p03.issue(20)
    wait_for(lambda: len(hub_events(conn, "P01")) > 0, timeout=20, every=0.02)
    first.kill()                                # P01 and P02 push to this one
    p01.issue(30)                               # the lobby goes on: every ticket issued (201)
    p01.call(1, 12)
    p02.issue(25)
    p02.call(3, 6)
    p03.call(4, 5)
    assert len(hub_events(conn, "P02")) < len(p02.event_ids())      # P02's events wait for the hub
    first.start()                               # back on the same address; the centres retry
    wait_for(lambda: caught_up(conn, (p01, p02, p03)), timeout=60)
    for centre in (p01, p02, p03):
        assert hub_events(conn, centre.code) == centre.event_ids()   # every event, once, none missing
    held = conn.execute("SELECT count(*) AS n FROM events e JOIN centres c ON c.id = e.centre_id "
                        "WHERE e.event_id > c.applied_through").fetchone()["n"]
    assert held == 0


def test_nothing_personal_or_secret_reaches_the_hub(city):
    conn = city["conn"]
    wait_for(lambda: caught_up(conn, city["centres"]))
    actors = conn.execute("SELECT count(*) AS n FROM events WHERE data ? 'actor' OR data ? 'staff' "
                          "OR data ? 'public_id' OR data ? 'client_id' OR data::text LIKE '%%lan%%'").fetchone()["n"]
    assert actors == 0


def test_a_catalogue_edit_on_the_hub_reaches_a_centres_kiosk_api(city):
    p01 = city["centres"][0]
    edited = requests.put(f"{city['hubs'][1].url}/api/catalogue/procedures/1.001193", headers=city["province"]["admin"],
                          json={"name": "Đăng ký khai sinh (mẫu của tỉnh)", "fee": "Miễn lệ phí (tỉnh)"}, timeout=10)
    assert edited.status_code == 200, edited.text

    def shown():
        record = requests.get(f"{p01.server.url}/api/procedures/1.001193", headers=p01.kiosk, timeout=5).json()
        return record if record["name"] == "Đăng ký khai sinh (mẫu của tỉnh)" else None
    record = wait_for(shown, timeout=20)
    assert record["fee"] == "Miễn lệ phí (tỉnh)"


def test_a_local_override_survives_the_pull_and_a_clash_goes_to_the_centres_admin(city):
    p02, admin_hub = city["centres"][1], city["province"]["admin"]
    hub_url = city["hubs"][1].url
    local = requests.get(f"{p02.server.url}/api/admin/procedures/2.000815", headers=p02.admin, timeout=5).json()
    saved = requests.put(f"{p02.server.url}/api/admin/procedures/2.000815", headers=p02.admin, timeout=5,
                         json={**local, "guidance": "Hướng dẫn riêng của phường."})
    assert saved.status_code == 200, saved.text
    requests.put(f"{hub_url}/api/catalogue/procedures/2.000815", headers=admin_hub, timeout=10,
                 json={"name": "Chứng thực bản sao (tỉnh)"}).raise_for_status()

    def procedure():
        return requests.get(f"{p02.server.url}/api/procedures/2.000815", headers=p02.kiosk, timeout=5).json()
    wait_for(lambda: procedure()["name"] == "Chứng thực bản sao (tỉnh)", timeout=20)
    assert procedure()["guidance"] == "Hướng dẫn riêng của phường."          # the override survived
    requests.put(f"{hub_url}/api/catalogue/procedures/2.000815", headers=admin_hub, timeout=10,
                 json={"guidance": "Hướng dẫn chung của tỉnh."}).raise_for_status()

    def conflicts():
        return requests.get(f"{p02.server.url}/api/admin/hub", headers=p02.admin, timeout=5).json()["conflicts"]
    conflict = wait_for(conflicts, timeout=20)[0]
    assert (conflict["code"], conflict["field"]) == ("2.000815", "guidance")
    assert (conflict["local"], conflict["hub"]) == ("Hướng dẫn riêng của phường.", "Hướng dẫn chung của tỉnh.")
    assert procedure()["guidance"] == "Hướng dẫn riêng của phường."          # never settled silently
    settled = requests.post(f"{p02.server.url}/api/admin/hub/conflicts/{conflict['id']}", headers=p02.admin,
                            json={"keep": "hub"}, timeout=5)
    assert settled.status_code == 200, settled.text
    assert procedure()["guidance"] == "Hướng dẫn chung của tỉnh."
    assert conflicts() == []


def own_report(centre) -> dict:
    return requests.get(f"{centre.server.url}/api/reports?period=day", headers=centre.manager, timeout=10).json()["report"]


def test_the_hubs_report_is_the_sum_of_the_centres_own_reports(city):
    conn, centres, manager = city["conn"], city["centres"], city["province"]["manager"]
    wait_for(lambda: caught_up(conn, centres))
    hub = requests.get(f"{city['hubs'][0].url}/api/reports?period=day", headers=manager, timeout=30).json()
    own = {c.code: own_report(c) for c in centres}
    rows = {row["code"]: row for row in hub["by_centre"]}
    for code, report in own.items():
        assert rows[code]["issued"] == report["totals"]["issued"] > 0
        assert rows[code]["served"] == report["totals"]["served"]
        assert rows[code]["no_show"] == report["totals"]["no_show"]
        assert rows[code]["waiting"] == report["waiting"]
    for key in ("issued", "served", "no_show", "cancelled", "transferred"):
        assert hub["totals"][key] == sum(r["totals"][key] for r in own.values())
    assert hub["waiting"]["count"] == sum(r["waiting"]["count"] for r in own.values())


def test_the_hubs_report_downloads_as_xlsx_and_as_a_real_text_pdf(city):
    from openpyxl import load_workbook
    manager, url = city["province"]["manager"], city["hubs"][1].url
    xlsx = requests.get(f"{url}/api/reports?period=month&format=xlsx", headers=manager, timeout=30)
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True)["Theo trung tâm"]
    names = [row[0] for row in sheet.iter_rows(min_row=6, values_only=True)]
    assert names == ["Phường P01", "Phường P02", "Phường P03"]
    pdf = requests.get(f"{url}/api/reports?period=quarter&format=pdf", headers=manager, timeout=60)
    text = pdf_text(pdf.content)
    assert "TỔNG HỢP THEO TRUNG TÂM" in text and "Phường P03" in text


def test_the_dashboard_shows_each_centres_day_to_the_manager_only(city):
    conn, centres, url = city["conn"], city["centres"], city["hubs"][0].url
    wait_for(lambda: caught_up(conn, centres))
    assert requests.get(f"{url}/api/dashboard", timeout=5).status_code == 401
    refused = requests.get(f"{url}/api/dashboard", headers={"Authorization": "Bearer nope"}, timeout=5)
    assert set(refused.json()["detail"]) == {"field", "reason", "message"}
    board = requests.get(f"{url}/api/dashboard", headers=city["province"]["manager"], timeout=5).json()
    rows = {row["code"]: row for row in board["centres"]}
    for centre in centres:
        report = own_report(centre)
        with sqlite3.connect(f"file:{centre.db}?mode=ro", uri=True) as local:
            waiting = local.execute("SELECT count(*) FROM tickets WHERE status = 'waiting'").fetchone()[0]
        assert rows[centre.code]["tickets"] == report["totals"]["issued"]
        assert rows[centre.code]["median_wait"] == report["waiting"]["median"]
        assert rows[centre.code]["p90_wait"] == report["waiting"]["p90"]
        assert rows[centre.code]["waiting"] == waiting
        assert rows[centre.code]["late"] is False


def test_the_public_page_lists_a_districts_centres_anonymously_and_cacheably(city):
    url = city["hubs"][1].url
    answer = requests.get(f"{url}/api/public/waits", params={"district": "Quận 1"}, timeout=5)
    assert "max-age" in answer.headers["Cache-Control"] and "public" in answer.headers["Cache-Control"]
    found = answer.json()
    assert sorted(c["code"] for c in found["centres"]) == ["P01", "P02"]
    assert "Quận 3" in found["districts"]
    p01 = next(c for c in found["centres"] if c["code"] == "P01")
    assert p01["waiting"] == sum(s["waiting"] for s in p01["services"]) > 0
    assert all(s["estimated_wait_minutes"] >= 0 and s["name"] for s in p01["services"])
    page = requests.get(f"{url}/noi-it-nguoi-cho", timeout=5)
    assert "Nơi nào ít người chờ?" in page.text and "public" in page.headers["Cache-Control"]


@pytest.mark.browser
def test_on_a_phone_the_public_page_lists_the_districts_centres_and_the_admin_sees_the_hub(city, screens):
    from tests.support import Browser
    url, p01 = city["hubs"][0].url, city["centres"][0]
    with Browser() as browser:
        page = browser.new_page(390, 844)
        page.goto(f"{url}/noi-it-nguoi-cho")
        page.wait_for_selector(".centre h2")
        page.select_option("#district", "Quận 3")
        page.wait_for_function("document.querySelectorAll('.centre').length === 1")
        assert page.inner_text(".centre h2") == "Phường P03"
        assert "người" in page.inner_text(".centre .now")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390        # no sideways scrolling
        page.screenshot(path=str(screens / "hub-public-phone.png"), full_page=True)
        admin = browser.new_page(1280, 800)
        admin.goto(f"{p01.server.url}/admin/login?next=/admin/hub")
        admin.fill("input[name=username]", "qtv")
        admin.fill("input[name=password]", "mat-khau-qtv")
        admin.click("button[type=submit]")
        admin.wait_for_url("**/admin/hub")
        admin.wait_for_function("(document.getElementById('push-state')?.textContent || '').includes('Đã gửi')")
        assert admin.is_visible("#no-conflicts")          # the earlier clash was settled
        admin.screenshot(path=str(screens / "hub-admin.png"), full_page=True)
