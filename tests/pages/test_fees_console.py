"""Issue 18 end to end on a real server and Debian's chromium: serve a ticket, charge it,
print, pay by transfer, verify the receipt by its QR code, void it as a manager, the ledger,
and the cashier's closing sheet from `main.py report --period day --fees`."""
import pytest
import requests
import yaml

from kiosk import PROJECT_ROOT
from kiosk.core import vietqr
from tests.pages.test_staff_page import browser, issue, open_console, press  # noqa: F401
from tests.printers.test_fee_receipt import zbar
from tests.support import LiveServer, free_port, login, pdf_text, prepared_live_db, run_cli

pytestmark = pytest.mark.browser


def signed_in(browser, errors, url, fields, submit, user, password):
    """A fresh page at `url`, signed in through its form (`fields`: the name and password inputs)."""
    page = browser.new_page(1366, 1000)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.fill(fields[0], user)
    page.fill(fields[1], password)
    page.click(submit)
    return page


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    """One server for the module: a centre with a bank account, its public URL on the test port."""
    folder = tmp_path_factory.mktemp("fees")
    db, kiosk_token, _ = prepared_live_db(folder)
    run_cli("user", "add", "truong", "--role", "manager", stdin="mat-khau-truong\n", db=db)
    run_cli("user", "add", "admin", "--role", "admin", stdin="mat-khau-admin\n", db=db)
    port = free_port()
    raw = yaml.safe_load((PROJECT_ROOT / "config.yaml").read_text(encoding="utf-8"))
    raw["server"] = {**raw.get("server", {}), "public_url": f"http://127.0.0.1:{port}"}
    raw["fees"] = {**raw.get("fees", {}), "bank_bin": "970405", "account_number": "1500201012345"}
    config = folder / "config.yaml"
    config.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with LiveServer(db, config=config, port=port) as server:
        yield server, kiosk_token, db, config, folder


def charge_in_console(page, pages, copies, method="cash"):
    press(page, "F6")
    page.wait_for_selector("#fee-overlay.shown")
    page.fill("#fee-pages", str(pages))
    page.fill("#fee-copies", str(copies))
    page.wait_for_function(f"document.querySelector('#fee-amount').textContent.startsWith('{pages} trang × {copies} bản')")
    if method == "transfer":
        page.click("#fee-transfer")
    page.click("#fee-charge")
    page.wait_for_selector("#fee-receipt-amount")


def test_serve_charge_print_pay_by_transfer_verify_void_and_report(centre, browser, screens):
    server, kiosk_token, db, config, folder = centre
    errors = []
    cash_ticket, transfer_ticket = issue(server, kiosk_token, "2.000815"), issue(server, kiosk_token, "2.000815")
    page = open_console(browser, server, 3, errors)
    assert page.is_disabled("#show-fee")                                  # nobody served yet
    press(page, "F1")
    page.wait_for_function(f"document.querySelector('#current-number')?.textContent === '{cash_ticket['number']}'")

    charge_in_console(page, 5, 2)
    assert page.text_content("#fee-receipt-amount") == "14.000 đ – Mười bốn nghìn đồng"
    assert page.text_content("#fee-print-result") == "Đã in phiếu."       # the server's (dummy) counter printer
    assert [line for line in page.inner_text("#fee-dialog").split("\n") if line][:4] == [
        "Phiếu thu PT 0000001", "14.000 đ – Mười bốn nghìn đồng", "Đã in phiếu.",
        "In lại phiếu thuPhiếu thu A5 (PDF)Đóng"]                            # nothing else (no stray "null")
    page.screenshot(path=str(screens / "fees-console-receipt.png"))
    page.click("#fee-done")

    press(page, "F1")
    page.wait_for_function(f"document.querySelector('#current-number')?.textContent === '{transfer_ticket['number']}'")
    charge_in_console(page, 3, 1, "transfer")
    page.wait_for_function("document.querySelector('#fee-vietqr')?.complete && "
                           "document.querySelector('#fee-vietqr').naturalWidth > 0")
    shown_qr = folder / "console-vietqr.png"
    page.locator("#fee-vietqr").screenshot(path=str(shown_qr))
    page.screenshot(path=str(screens / "fees-console-vietqr.png"))
    [payload] = zbar(shown_qr)
    assert vietqr.read(payload) == {"bin": "970405", "account": "1500201012345", "service": "QRIBFTTA", "amount": 5000,
                                    "reference": vietqr.read(payload)["reference"], "currency": "704", "crc_ok": True}
    assert vietqr.read(payload)["reference"].startswith(f"PHI {transfer_ticket['number']} ")
    page.click("#fee-confirm")
    page.wait_for_function("document.querySelector('#fee-print-result').textContent === 'Đã xác nhận nhận chuyển khoản.'")
    page.click("#fee-done")

    # The printed receipt's QR code opens the verification page on this server.
    staff = login(server.url)
    [first, second] = requests.get(f"{server.url}/api/tickets/{cash_ticket['id']}/receipts", headers=staff,
                                   timeout=10).json() + requests.get(
        f"{server.url}/api/tickets/{transfer_ticket['id']}/receipts", headers=staff, timeout=10).json()
    thermal = folder / "receipt.png"
    thermal.write_bytes(requests.get(f"{server.url}/api/receipts/{first['id']}/receipt.png", headers=staff,
                                     timeout=10).content)
    [verify_url] = zbar(thermal)
    assert verify_url == first["verify_url"]
    assert "Phiếu thu còn hiệu lực." in requests.get(verify_url, timeout=10).text

    # A manager voids the first receipt on the ledger page.
    ledger = signed_in(browser, errors, f"{server.url}/reports/fees", ("#login [name=username]", "#login [name=password]"),
                       "#login button[type=submit]", "truong", "mat-khau-truong")
    ledger.wait_for_selector(f"#receipts tr[data-receipt='{first['id']}']")
    assert [k.inner_text().split("\n") for k in ledger.query_selector_all("#totals .kpi")][0] == ["Tổng đã thu", "19.000 đ"]
    ledger.click(f"#receipts tr[data-receipt='{first['id']}'] button.void")
    ledger.fill(f"#receipts tr[data-receipt='{first['id']}'] .void-reason", "Thu nhầm số trang")
    ledger.click(f"#receipts tr[data-receipt='{first['id']}'] .void-confirm")
    ledger.wait_for_selector("#voided tbody tr")
    assert [td.text_content() for td in ledger.query_selector_all("#voided tbody td")] == [
        "PT 0000001", first["procedure_name"], "14.000 đ", "truong", "Thu nhầm số trang"]
    assert [k.inner_text().split("\n") for k in ledger.query_selector_all("#totals .kpi")][0] == ["Tổng đã thu", "5.000 đ"]
    ledger.screenshot(path=str(screens / "fees-ledger.png"), full_page=True)
    page_text = requests.get(verify_url, timeout=10).text
    assert "ĐÃ HỦY" in page_text and "Thu nhầm số trang" in page_text
    assert errors == []

    # The cashier's closing sheet for signature.
    sheet = folder / "bang-ke.pdf"
    out = run_cli("report", "--period", "day", "--fees", "--cashier", "lan", "--out", str(sheet), "--config", str(config),
                  db=db)
    assert "1 phiếu thu, 5.000 đ; 1 phiếu đã hủy" in out
    text = " ".join(pdf_text(sheet, layout=False).split())
    assert "BẢNG KÊ THU LỆ PHÍ" in text and "người thu: lan" in text and "Tổng số tiền đã thu: 5.000 đồng (1 phiếu)" in text
    assert "Thu nhầm số" in text and "14.000" in text and "NGƯỜI LẬP BẢNG KÊ" in text


def test_admin_edits_a_rule_with_a_live_example_and_the_kiosk_gets_it(centre, browser, screens):
    server = centre[0]
    errors = []
    page = signed_in(browser, errors, f"{server.url}/admin/login?next=/admin/procedures/1.004746",
                     ("#username", "#password"), "#login-form button[type=submit]", "admin", "mat-khau-admin")
    page.wait_for_selector("#fee-rule:not([hidden])")
    example = "document.querySelector('#fee-example').textContent === "
    assert page.text_content("#fee-rule-status") == "Đề xuất từ văn bản – cần kiểm tra"   # the HĐND text
    page.wait_for_function(example + "'Chưa tính được: hãy nhập mức do HĐND tỉnh quy định.'")
    page.fill("#fee-rule .fee-amount", "30000")
    page.wait_for_function(example + "'Ví dụ: 1 hồ sơ = 30.000 đ'")
    page.select_option("#fee-rule .fee-kind", "per_page")                               # a live example per kind
    page.fill("#fee-rule .fee-tier-amount", "2000")
    page.click("#fee-rule button:has-text('+ bậc')")
    page.locator("#fee-rule .fee-from").nth(1).fill("3")
    page.locator("#fee-rule .fee-tier-amount").nth(1).fill("1000")
    page.wait_for_function(example + "'Ví dụ: 5 trang × 2 bản = 14.000 đ'")
    page.fill("#fee-example-copies", "3")
    page.wait_for_function(example + "'Ví dụ: 5 trang × 3 bản = 21.000 đ'")
    page.locator("#fee-rule .fee-from").nth(1).fill("1")                                 # two tiers from page 1
    page.wait_for_function("document.querySelector('#fee-example').classList.contains('bad')")
    page.screenshot(path=str(screens / "fees-admin-rule-error.png"), full_page=True)
    page.select_option("#fee-rule .fee-kind", "council")
    page.fill("#fee-rule .fee-amount", "30000")
    page.wait_for_function(example + "'Ví dụ: 1 hồ sơ = 30.000 đ'")
    page.click("#fee-rule-save")
    page.wait_for_function("document.querySelector('#fee-rule-status').textContent === 'Đã xác nhận'")
    page.screenshot(path=str(screens / "fees-admin-rule.png"), full_page=True)
    fee = requests.get(f"{server.url}/api/procedures/1.004746/fee", timeout=10).json()
    assert (fee["rule"], fee["status"], fee["example"]) == ({"kind": "council", "amount": 30000}, "confirmed",
                                                            "1 hồ sơ = 30.000 đ")
    assert errors == []
