"""Pages a citizen may open by hand or from a QR code (kiosk/server/routes/citizen.py): calm
Vietnamese HTML with the centre's name, never raw JSON; the API keeps its JSON errors."""
from printers.receipt import TEST_PUBLIC_ID


def assert_calm_page(response, config, *phrases):
    assert response.headers["content-type"].startswith("text/html")
    assert config.centre.name in response.text and '"detail"' not in response.text
    for phrase in phrases:
        assert phrase in response.text


def test_an_unknown_ticket_link_is_a_404_page_not_json(centre, config):
    response = centre.client.get("/t/khong-co-phieu-nay")
    assert response.status_code == 404
    assert_calm_page(response, config, "Không tìm thấy phiếu này", "kiểm tra lại mã QR")


def test_the_api_keeps_its_json_error_for_the_same_unknown_ticket(centre):
    response = centre.client.get("/api/public/tickets/khong-co-phieu-nay")
    assert response.status_code == 404
    assert response.json()["detail"]["field"] == "public_id"


def test_an_expired_ticket_says_so_and_what_to_do(centre, config, clock):
    ticket = centre.issue().json()
    clock.advance(days=1)
    centre.client.app.state.queue.roll_over()
    response = centre.client.get(f"/t/{ticket['public_id']}")
    assert response.status_code == 200
    assert_calm_page(response, config, "Số thứ tự đã hết hạn", f"Số {ticket['number']} được lấy ngày 23/11/2026",
                     "mời lấy số mới")


def test_a_waiting_ticket_still_gets_its_live_page(centre, config):
    ticket = centre.issue().json()
    response = centre.client.get(f"/t/{ticket['public_id']}")
    assert response.status_code == 200 and 'id="initial-data"' in response.text


def test_the_test_receipts_qr_code_opens_a_page_saying_the_printer_works(centre, config):
    from kiosk.commands.printer import test_ticket
    assert test_ticket(config)["public_url"].endswith(f"/t/{TEST_PUBLIC_ID}")
    response = centre.client.get(f"/t/{TEST_PUBLIC_ID}")
    assert response.status_code == 200
    assert_calm_page(response, config, "Phiếu in thử", "không phải là số thứ tự")


def test_the_bare_address_lists_the_public_pages(centre, config):
    response = centre.client.get("/")
    assert response.status_code == 200
    assert_calm_page(response, config, "/t/")
    for href in ("/display", "/staff", "/admin", "/reports", "/docs"):
        assert f'href="{href}"' in response.text
        assert centre.client.get(href).status_code == 200
