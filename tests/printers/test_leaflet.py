from printers.layout import Qr, Text
from printers.leaflet import DocumentItem, Leaflet
from printers.samples import CENTRE_NAME, PROCEDURE


def test_leaflet_holds_name_code_checklist_time_fee_and_portal_qr():
    blocks = Leaflet.from_procedure(PROCEDURE, CENTRE_NAME).blocks()
    lines = [block.text for block in blocks if isinstance(block, Text)]
    assert "Đăng ký khai sinh" in lines
    assert "Mã thủ tục: 1.001193" in lines
    checklist = [block.text for block in blocks if isinstance(block, Text) and block.checkbox]
    assert checklist[0] == "Tờ khai đăng ký khai sinh theo mẫu – mang bản chính"
    assert len(checklist) == 3
    assert f"Thời hạn giải quyết: {PROCEDURE['processing_time']}" in lines
    assert "Lệ phí: Miễn lệ phí" in lines
    assert Qr(PROCEDURE["portal_url"]) in blocks


def test_optional_documents_are_marked():
    assert DocumentItem("Văn bản ủy quyền", 1, 0, required=False).line() == "Văn bản ủy quyền – mang bản chính (nếu có)"
    assert DocumentItem("Sổ hộ khẩu", 0, 2).line() == "Sổ hộ khẩu – mang 2 bản sao"
    assert DocumentItem("Giấy khai sinh", 1, 2).line() == "Giấy khai sinh – 1 bản chính, 2 bản sao"


def test_the_document_to_be_certified_says_to_bring_the_original_for_certifying():
    from kiosk.ui.deps import load_bundled
    certify = next(p for p in load_bundled() if p["code"] == "2.000815")
    lines = [block.text for block in Leaflet.from_procedure(certify, CENTRE_NAME).blocks()
             if isinstance(block, Text) and block.checkbox]
    assert lines[0].endswith("– mang bản chính để chứng thực")
    assert not [line for line in lines if "0 bản" in line]


def test_no_qr_without_a_portal_url():
    procedure = {key: value for key, value in PROCEDURE.items() if key != "portal_url"}
    assert not any(isinstance(block, Qr) for block in Leaflet.from_procedure(procedure, CENTRE_NAME).blocks())
