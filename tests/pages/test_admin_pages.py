"""The admin pages in Debian's chromium against a real server (`main.py serve`).

Screenshots go to the `screens` folder (a temp folder; docs/screens through scripts/screenshots.sh)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.support import Browser, LiveServer, prepared_live_db, run_cli

pytestmark = pytest.mark.browser

BAD_CSV = ("code,name,field,service,documents,processing_time,fee,guidance\n"
           "1.004873,Cấp giấy xác nhận tình trạng hôn nhân,Hộ tịch,HT,Tờ khai,3 ngày,Miễn lệ phí,Mang căn cước.\n"
           "1.004873,Trùng mã,Hộ tịch,HT,Tờ khai | hai | 0 | có,3 ngày,Miễn lệ phí,Hướng dẫn.\n")


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("admin-pages")
    db, kiosk_token, _ = prepared_live_db(tmp)
    run_cli("user", "add", "admin", "--role", "admin", stdin="mat-khau-admin\n", db=db)
    with LiveServer(db) as server, Browser() as browser:
        server.kiosk = {"Authorization": f"Bearer {kiosk_token}"}
        server.browser = browser
        yield server


def signed_in(live, username="admin", password="mat-khau-admin", target="/admin/procedures", width=1366, height=900):
    page = live.browser.new_page(width, height)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    page.goto(f"{live.url}/admin/login?next={target}")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"**{target}*")
    return page


def test_admin_edits_documents_and_the_kiosk_sees_the_change(live, screens):
    events = requests.get(f"{live.url}/api/events", stream=True, timeout=10)
    page = signed_in(live)
    rows = page.locator("#procedures tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() == 38
    page.fill("#q", "dang ky khai sinh")                  # no accents typed
    expect(rows.first).to_contain_text("Đăng ký khai sinh")
    page.fill("#q", "")
    expect(rows).to_have_count(38)
    page.screenshot(path=str(screens / "admin-procedures.png"))
    page.select_option("#field", "Chứng thực")
    expect(rows).to_have_count(9)
    page.goto(f"{live.url}/admin/procedures/1.001193")
    expect(page.locator("#name")).to_have_value("Đăng ký khai sinh")
    before = page.locator("#documents tbody tr").count()
    page.click("#add-document")
    new_row = page.locator("#documents tbody tr").last
    new_row.locator('[data-key="name"]').fill("Giấy xác nhận nơi cư trú của người mẹ")
    new_row.locator('[data-key="originals"]').fill("0")
    new_row.locator('[data-key="copies"]').fill("1")
    new_row.locator('[data-key="required"]').uncheck()
    page.screenshot(path=str(screens / "admin-procedure-edit.png"), full_page=True)
    page.click("#save")
    expect(page.locator("#flash")).to_contain_text("Đã lưu")
    kiosk_view = requests.get(f"{live.url}/api/procedures/1.001193", headers=live.kiosk, timeout=10).json()
    assert len(kiosk_view["documents"]) == before + 1
    assert kiosk_view["documents"][-1] == {"name": "Giấy xác nhận nơi cư trú của người mẹ", "official_name": "", "name_en": "",
                                           "originals": 0, "copies": 1, "required": False}
    for line in events.iter_lines(decode_unicode=True):   # kiosks and displays hear it live
        if line.startswith("data:") and '"catalogue.changed"' in line:
            assert json.loads(line[5:])["data"]["codes"] == ["1.001193"]
            break
    events.close()
    if shutil.which("espeak-ng"):
        page.click("#listen")                              # "Nghe thử": the guidance through espeak-ng
        expect(page.locator("#player")).to_be_visible(timeout=20000)
        assert page.locator("#player").get_attribute("src").startswith("blob:")
    page.click("#print-preview")                           # "In thử"
    expect(page.locator("#leaflet")).to_be_visible()
    page.locator("#leaflet-img").evaluate("img => img.decode()")
    page.screenshot(path=str(screens / "admin-leaflet-preview.png"), full_page=True)
    assert page.errors == []


def test_the_form_names_bad_fields_in_vietnamese(live, screens):
    page = signed_in(live, target="/admin/procedures/new")
    expect(page.locator("#service option").first).to_be_attached()
    page.fill("#code", "1.00487")
    page.fill("#name", "Cấp giấy xác nhận tình trạng hôn nhân")
    page.fill("#field", "Hộ tịch")
    page.click("#save")
    expect(page.locator("#flash")).to_contain_text("Chưa lưu được: có 5 lỗi cần sửa.")
    problems = page.locator(".field-problem")
    expect(problems.first).to_contain_text("Mã thủ tục cần đúng 6 chữ số")
    assert page.locator("#code").get_attribute("aria-invalid") == "true"
    assert "Thời hạn giải quyết: không được để trống." in problems.all_text_contents()
    page.screenshot(path=str(screens / "admin-procedure-errors.png"), full_page=True)
    page.fill("#code", "1.004999")
    page.fill("#processing_time", "3 ngày làm việc")
    page.fill("#fee", "Miễn lệ phí")
    page.fill("#guidance", "Ông/bà mang theo căn cước.")
    page.locator('#documents tbody tr [data-key="name"]').fill("Tờ khai theo mẫu")
    page.click("#save")
    expect(page.locator("#flash")).to_have_text("Đã thêm thủ tục.")
    assert page.url.endswith("/admin/procedures/1.004999?created=1")
    assert requests.get(f"{live.url}/api/procedures/1.004999", timeout=10).json()["service"] == "HT"


def test_import_preview_then_apply(live, screens, tmp_path):
    csv = tmp_path / "thu-tuc.csv"
    csv.write_bytes(("\ufeffcode,name,field,service,documents,processing_time,fee,guidance,most_requested\r\n"
                     '1.001612,Đăng ký thành lập hộ kinh doanh,Hộ kinh doanh,KD,"Giấy đề nghị đăng ký hộ kinh doanh | 1 | 0 | có\n'
                     'Bản sao căn cước của chủ hộ | 0 | 1 | có",3 ngày làm việc,100.000 đồng,'
                     "Ông/bà mang theo giấy đề nghị và căn cước.,có\r\n"
                     "1.009994,Đăng ký khai thác tài nguyên nước,Đất đai,KD,Tờ khai | 1 | 0 | có,10 ngày làm việc,"
                     "Miễn lệ phí,Ông/bà mang theo tờ khai.,không\r\n").encode())
    page = signed_in(live, target="/admin/import")
    page.set_input_files("#file", str(csv))
    page.click("#preview-button")
    expect(page.locator("#preview")).to_be_visible(timeout=20000)  # the file is read in a worker process
    expect(page.locator("#count-new b")).to_have_text("1")
    expect(page.locator("#count-changed b")).to_have_text("1")
    changed = page.locator('#change-table tr[data-code="1.001612"]')
    expect(changed).to_contain_text("Phí, lệ phí")
    assert requests.get(f"{live.url}/api/procedures/1.009994", timeout=10).status_code == 404
    page.screenshot(path=str(screens / "admin-import-preview.png"), full_page=True)
    page.click("#apply")
    expect(page.locator("#flash")).to_contain_text("1 thủ tục mới, 1 thủ tục cập nhật", timeout=20000)
    assert requests.get(f"{live.url}/api/procedures/1.009994", timeout=10).json()["field"] == "Đất đai"
    assert requests.get(f"{live.url}/api/procedures/1.001612", timeout=10).json()["fee"] == "100.000 đồng"
    page.goto(f"{live.url}/admin/audit")
    expect(page.locator('#audit tr[data-action="import.apply"]')).to_contain_text("thu-tuc.csv")
    page.screenshot(path=str(screens / "admin-audit.png"), full_page=True)
    assert page.errors == []


def test_real_portal_json_previews_both_names_and_flags_the_embassy_fee(live, screens):
    page = signed_in(live, target="/admin/import")
    page.set_input_files("#file", str(Path(__file__).resolve().parent.parent / "fixtures" / "portal" / "2.000815.json"))
    page.click("#preview-button")
    changed = page.locator('#change-table tr[data-code="2.000815"]')
    expect(changed.locator(".short-name")).to_have_text("Chứng thực bản sao từ bản chính giấy tờ, văn bản",
                                                       timeout=20000)   # read in a worker process
    expect(changed.locator(".official-name")).to_contain_text("do cơ quan, tổ chức có thẩm quyền của Việt Nam; "
                                                              "cơ quan, tổ chức có thẩm quyền của nước ngoài")
    expect(changed.locator(".fee-other")).to_contain_text("không hiện cho người dân: Tại cơ quan đại diện: 10 USD/bản")
    expect(changed).to_contain_text("Tên chính thức: Bản chính giấy tờ, văn bản làm cơ sở để chứng thực")
    expect(changed).to_contain_text("Cổng DVC ghi 2 cách nộp trực tiếp")
    for developer_word in ("DIRECT", "processingDay", "OTHER", "fee_other:", "official_name:"):
        expect(changed).not_to_contain_text(developer_word)
    expect(page.locator("#apply")).to_be_enabled()
    page.screenshot(path=str(screens / "admin-import-portal.png"), full_page=True)
    page.click("#apply")
    expect(page.locator("#flash")).to_contain_text("1 thủ tục cập nhật")
    kiosk_view = requests.get(f"{live.url}/api/procedures/2.000815", timeout=10).json()
    assert kiosk_view["name"] == "Chứng thực bản sao từ bản chính giấy tờ, văn bản" and "USD" not in kiosk_view["fee"]
    page.goto(f"{live.url}/admin/procedures/2.000815")
    expect(page.locator("#name")).to_have_value("Chứng thực bản sao từ bản chính giấy tờ, văn bản")
    expect(page.locator("#official_name")).to_have_value(kiosk_view["official_name"])
    expect(page.locator("#fee_other")).to_have_value("Tại cơ quan đại diện: 10 USD/bản")
    expect(page.locator('#documents [data-key="official_name"]')).to_have_value(
        kiosk_view["documents"][0]["official_name"])
    expect(page.locator("#source option:checked")).to_have_text("Sao từ Cổng DVC")
    page.screenshot(path=str(screens / "admin-procedure-official-name.png"), full_page=True)
    page.goto(f"{live.url}/admin/audit?entity=procedure&entity_id=2.000815")
    entry = page.locator('#audit tr[data-action="procedure.import.update"]')
    expect(entry).to_contain_text("Thành phần hồ sơ:")
    expect(entry.locator("td").nth(3)).to_contain_text("Thủ tục")
    expect(entry).to_contain_text("Phí nộp tại cơ quan khác (không hiện cho người dân):")
    for english in ("documents:", "fee:", "name:", "official_name", "procedure"):
        expect(entry).not_to_contain_text(english)
    assert page.errors == []


def test_a_bad_import_is_rejected_with_the_row_named(live, screens, tmp_path):
    bad = tmp_path / "loi.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    page = signed_in(live, target="/admin/import")
    page.set_input_files("#file", str(bad))
    page.click("#preview-button")
    rows = page.locator("#problem-table tbody tr")
    expect(rows.first).to_be_visible()
    texts = rows.all_inner_texts()
    assert len(texts) == 2, texts
    assert texts[0].startswith("3\tdocuments") and "Giấy tờ thứ 1: số bản chính “hai”" in texts[0]
    assert texts[1].startswith("3\tcode") and "Mã 1.004873 bị trùng: đã có ở dòng 2." in texts[1]
    expect(page.locator("#apply")).to_be_disabled()
    expect(page.locator("#problems")).to_contain_text("Không có gì bị thay đổi")
    expect(page.locator("#problem-table thead")).to_contain_text("Chi tiết kỹ thuật")
    expect(page.locator("#problem-table thead")).not_to_contain_text("tiếng Anh")
    page.screenshot(path=str(screens / "admin-import-errors.png"), full_page=True)
    assert requests.get(f"{live.url}/api/procedures/1.004873", timeout=10).json()["name"] != "Trùng mã"


def test_a_staff_account_gets_403_on_admin_pages(live, screens):
    page = live.browser.new_page(1366, 700)
    page.goto(f"{live.url}/admin/login?next=/admin/procedures")
    page.fill("#username", "lan")
    page.fill("#password", "mat-khau-lan")
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/admin/procedures")
    expect(page.locator("main")).to_contain_text("không có quyền quản trị")
    for path in ("/admin/procedures", "/admin/import", "/admin/users", "/admin/audit", "/admin/procedures/1.001193"):
        assert page.goto(f"{live.url}{path}").status == 403
    page.screenshot(path=str(screens / "admin-forbidden.png"))
    anonymous = live.browser.new_page(800, 600)
    anonymous.goto(f"{live.url}/admin/users")
    assert anonymous.url.endswith("/admin/login?next=%2Fadmin%2Fusers")


def test_other_admin_pages_render(live, screens):
    page = signed_in(live, target="/admin/centre")
    expect(page.locator('#services tr[data-id="HT"] input[name="name"]')).to_have_value("Hộ tịch")
    page.locator('#services tr[data-id="HT"] input[name="waiting_area"]').fill("Khu A – tầng 1")
    page.locator('#services tr[data-id="HT"] button').click()
    expect(page.locator("#flash")).to_contain_text("Đã lưu dịch vụ")
    assert requests.get(f"{live.url}/api/services", timeout=10).json()[0]["waiting_area"] == "Khu A – tầng 1"
    page.screenshot(path=str(screens / "admin-centre.png"), full_page=True)
    page.goto(f"{live.url}/admin/users")
    expect(page.locator('#users tr[data-user="lan"]')).to_be_visible()
    page.screenshot(path=str(screens / "admin-users.png"), full_page=True)
    page.goto(f"{live.url}/admin/settings")
    expect(page.locator("#idle_seconds")).to_have_value("60")
    page.fill("#idle_seconds", "2")
    page.click("#settings-form button[type=submit]")
    expect(page.locator(".field-problem")).to_contain_text("từ 5 đến 3600")
    page.fill("#idle_seconds", "90")
    page.fill("#display_message", "Chiều thứ Sáu trung tâm làm việc đến 16:30.")
    page.click("#settings-form button[type=submit]")
    expect(page.locator("#flash")).to_contain_text("Đã lưu")
    settings = requests.get(f"{live.url}/api/settings", timeout=10).json()
    assert settings["idle_seconds"] == 90 and settings["display_message"].startswith("Chiều thứ Sáu")
    page.screenshot(path=str(screens / "admin-settings.png"), full_page=True)
    assert page.errors == []


def test_admin_edits_the_search_synonyms_and_tries_the_search(live, screens):
    page = signed_in(live, target="/admin/settings")
    expect(page.locator("#search_synonyms")).to_have_value(re.compile("sao y = chứng thực bản sao"))
    page.fill("#search-trial", "dam hieu")
    expect(page.locator("#search-results li").first).to_contain_text("(")       # results came
    expect(page.locator("#search-results li").first).not_to_contain_text("Đăng ký khai tử")
    page.fill("#search_synonyms", page.input_value("#search_synonyms") + "\nđám hiếu khai tử")
    page.click("#synonyms-form button[type=submit]")
    expect(page.locator(".field-problem")).to_contain_text("thiếu nghĩa")
    page.fill("#search_synonyms", page.input_value("#search_synonyms").replace("đám hiếu khai tử",
                                                                               "đám hiếu = khai tử"))
    page.click("#synonyms-form button[type=submit]")
    expect(page.locator("#flash")).to_contain_text("Đã lưu từ ngữ")
    expect(page.locator("#search-results li").first).to_contain_text("Đăng ký khai tử (1.000656)")
    rules = requests.get(f"{live.url}/api/settings", timeout=10).json()["search_synonyms"]
    assert rules[-1] == {"phrase": "đám hiếu", "means": "khai tử"}
    page.screenshot(path=str(screens / "admin-search-synonyms.png"), full_page=True)
    page.click("#synonyms-defaults")
    expect(page.locator("#search_synonyms")).not_to_have_value(re.compile("đám hiếu"))
    assert page.errors == []


def test_an_admin_switches_the_pages_to_english(live, screens):
    page = signed_in(live)
    expect(page.locator("h1")).to_have_text("Thủ tục hành chính")
    page.click("#lang-switch")
    expect(page.locator("h1")).to_have_text("Administrative procedures")
    expect(page.locator("#procedures thead")).to_contain_text("Procedure name")
    first = page.locator("#procedures tbody tr").first
    expect(first).to_contain_text("Active")                       # built by the script through t(…)
    expect(first.locator("td").last).to_have_text("Edit")
    expect(page.locator(".brand")).to_contain_text("Administration")
    chrome = " ".join(page.locator(part).inner_text() for part in ("header.top nav", ".who", "#filters .actions", "#procedures thead"))
    chrome = chrome.replace("Tiếng Việt", "")                  # the way back is named in its own language
    assert not re.search(r"[ăâđêôơưàáảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]", chrome, re.I), chrome
    page.screenshot(path=str(screens / "admin-procedures-en.png"))
    page.goto(f"{live.url}/admin/users")                          # the choice is remembered
    expect(page.locator("h1")).to_have_text("Accounts")
    page.once("dialog", lambda dialog: (dialog.message.startswith("Disable the account lan?")
                                        and page.errors.append("dialog-ok"), dialog.dismiss()))
    page.locator('#users tr[data-user="lan"] button', has_text="Disable").click()
    expect(page.locator('#users tr[data-user="lan"]')).to_be_visible()
    assert page.errors == ["dialog-ok"]
    page.goto(f"{live.url}/admin/procedures?lang=vi")
    expect(page.locator("h1")).to_have_text("Thủ tục hành chính")


def test_devices_page_gives_a_pairing_code_and_qr_shows_devices_live_and_revokes(live, screens, tmp_path):
    page = signed_in(live, target="/admin/devices", width=1500)
    page.on("dialog", lambda dialog: dialog.accept())
    page.fill("#new-device input[name=name]", "tv-2")
    page.select_option("#new-device select[name=role]", "display")
    page.click("#new-device button[type=submit]")
    expect(page.locator("#pairing-code")).to_have_text(re.compile(r"^\d{3} \d{3}$"))
    code = page.locator("#pairing-code").inner_text().replace(" ", "")
    expect(page.locator("#pairing-command")).to_have_text(f"python main.py display --pair {code}")
    if shutil.which("zbarimg"):                            # the QR code says the server and the code
        page.locator("#pairing-qr").screenshot(path=str(tmp_path / "qr.png"))
        decoded = subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "qr.png")], capture_output=True, text=True)
        assert decoded.stdout.strip() == f"lobbykiosk:pair?server={live.url}&code={code}"
    expect(page.locator('#devices tr[data-device="tv-2"]')).to_contain_text("Chưa kết nối")
    token = requests.post(f"{live.url}/api/pair", json={"code": code}, timeout=10).json()["token"]
    tv = {"Authorization": f"Bearer {token}"}
    beat = {"version": "0.1.0", "outbox": 0, "printer": "none", "speech_ok": True, "disk_free_bytes": 8 * 1024 ** 3,
            "clock_offset_ms": 95_000}
    assert requests.post(f"{live.url}/api/devices/heartbeat", json=beat, headers=tv, timeout=10).ok
    row = page.locator('#devices tr[data-device="tv-2"]')
    expect(row).to_contain_text("Đang kết nối", timeout=5000)       # live, through the event stream
    expect(row).to_contain_text("chậm 95 giây")
    kiosk_beat = {**beat, "printer": "paper_out", "outbox": 4, "clock_offset_ms": -200}
    assert requests.post(f"{live.url}/api/devices/heartbeat", json=kiosk_beat, headers=live.kiosk, timeout=10).ok
    expect(page.locator('#devices tr[data-device="kiosk-1"]')).to_contain_text("Hết giấy", timeout=5000)
    page.screenshot(path=str(screens / "admin-devices.png"), full_page=True)
    from tests.pages.test_staff_page import open_console
    console = open_console(live.browser, live, 1, page.errors)
    expect(console.locator("#device-alerts")).to_have_text("Máy in của máy lấy số kiosk-1 đã hết giấy.", timeout=5000)
    row.locator("button.danger").click()
    expect(row).to_contain_text("Đã thu hồi")
    assert requests.post(f"{live.url}/api/devices/heartbeat", json=beat, headers=tv, timeout=10).status_code == 401
    assert page.errors == []
