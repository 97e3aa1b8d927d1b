from printers.layout import BigNumber, Cut, Qr, Text
from printers.receipt import Receipt, join_counters
from printers.samples import CENTRE_NAME, TICKET


def texts(receipt):
    return [block.text for block in receipt.blocks() if isinstance(block, Text)]


def test_from_ticket_reads_the_contract_fields():
    receipt = Receipt.from_ticket(TICKET, CENTRE_NAME)
    assert receipt.number == "1023"
    assert receipt.service == "Hộ tịch"
    assert receipt.procedure == "Đăng ký khai sinh"
    assert receipt.counters == ("Quầy 1", "Quầy 2")
    assert receipt.people_ahead == 4
    assert receipt.public_url == TICKET["public_url"]
    assert receipt.issued_at.hour == 8 and receipt.issued_at.minute == 15


def test_layout_order_header_number_details_time_qr_cut():
    blocks = Receipt.from_ticket(TICKET, CENTRE_NAME).blocks()
    assert blocks[0] == Text(CENTRE_NAME, "title", bold=True)
    kinds = [type(block) for block in blocks]
    assert kinds.index(BigNumber) < kinds.index(Qr) < kinds.index(Cut) == len(blocks) - 1
    lines = texts(Receipt.from_ticket(TICKET, CENTRE_NAME))
    assert "Dịch vụ: Hộ tịch (Khu A)" in lines
    assert "Thủ tục: Đăng ký khai sinh" in lines
    assert "Mời đến: Quầy 1, 2" in lines
    assert "Trước ông/bà còn 4 người, chờ khoảng 12 phút." in lines
    assert "Lấy số lúc 08:15 – Chủ nhật, 22/11/2026" in lines
    assert lines[-1] == "Quét mã QR để theo dõi lượt của ông/bà"
    assert Qr(TICKET["public_url"]) in blocks


def test_offline_ticket_says_the_number_is_valid():
    online = texts(Receipt.from_ticket(TICKET, CENTRE_NAME))
    offline = texts(Receipt.from_ticket({**TICKET, "offline": True}, CENTRE_NAME))
    added = [line for line in offline if line not in online]
    assert added == ["Phiếu cấp khi mất kết nối mạng – số thứ tự vẫn có giá trị."]


def test_called_ticket_names_only_its_counter():
    ticket = {**TICKET, "counter": {"id": 3, "name": "Quầy 3"}}
    assert Receipt.from_ticket(ticket, CENTRE_NAME).counters == ("Quầy 3",)


def test_utc_time_is_shown_in_the_centre_time_zone():
    receipt = Receipt.from_ticket({**TICKET, "issued_at": "2026-11-22T01:15:03Z"}, CENTRE_NAME)
    assert receipt.issued_at.hour == 8


def test_priority_is_named_in_vietnamese():
    assert "Ưu tiên: Người cao tuổi" in texts(Receipt.from_ticket({**TICKET, "priority": "elderly"}, CENTRE_NAME))


def test_join_counters():
    assert join_counters(("Quầy 1", "Quầy 2")) == "Quầy 1, 2"
    assert join_counters(("Quầy 1",)) == "Quầy 1"
    assert join_counters(("Quầy 1", "Bàn tiếp dân")) == "Quầy 1, Bàn tiếp dân"


def test_receipt_addresses_the_citizen_as_ong_ba_like_every_screen():
    lines = texts(Receipt.from_ticket(TICKET, CENTRE_NAME))
    assert "SỐ THỨ TỰ CỦA ÔNG/BÀ" in lines
    assert not [line for line in lines if "bạn" in line.lower()]


def test_a_wait_of_zero_minutes_reads_naturally_on_paper():
    soon = texts(Receipt.from_ticket({**TICKET, "people_ahead": 2, "estimated_wait_minutes": 0}, CENTRE_NAME))
    assert "Trước ông/bà còn 2 người, sắp đến lượt ông/bà." in soon
    next_one = texts(Receipt.from_ticket({**TICKET, "people_ahead": 0, "estimated_wait_minutes": 0}, CENTRE_NAME))
    assert "Ông/bà là người tiếp theo." in next_one
    assert not [line for line in soon + next_one if "0 phút" in line]
