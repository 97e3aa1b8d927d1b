from escpos.capabilities import get_profile
from escpos.printer import Dummy

from printers.output import EscposWriter, attach_profile, document_bytes, make_profile, usable_dots
from printers.paper import paper_for
from printers.plan import Feed, RenderOptions
from printers.samples import TICKET, sample_leaflet, sample_receipt
from printers.stream import parse, qr_payloads, text_runs
from printers.vietnamese import from_cp1258

RASTER = RenderOptions()
CP1258 = RenderOptions(text_mode="codepage", codepage="CP1258")


def commands(document, width=80, options=RASTER, profile=None):
    return parse(document_bytes(document, paper_for(width), options, profile))


def names(cmds):
    return [c.name for c in cmds]


def test_receipt_starts_with_init_and_ends_with_a_cut():
    cmds = commands(sample_receipt())
    assert cmds[0].name == "init"
    assert cmds[-1].name == "cut"


def test_native_qr_holds_the_ticket_page_and_is_centred():
    cmds = commands(sample_receipt())
    assert qr_payloads(cmds) == [TICKET["public_url"].encode()]
    first_qr = names(cmds).index("qr")
    alignments = [c for c in cmds[:first_qr] if c.name == "align"]
    assert alignments[-1].align == "center"


def test_raster_all_sends_the_qr_as_an_image_instead():
    cmds = commands(sample_receipt(), options=RenderOptions.raster_all())
    assert "qr" not in names(cmds)
    assert max(c.height for c in cmds if c.name == "raster") > 150     # the QR image


def test_raster_width_matches_the_paper():
    for width in (58, 80):
        rasters = [c for c in commands(sample_leaflet(), width, RenderOptions.raster_all()) if c.name == "raster"]
        assert max(c.width for c in rasters) <= paper_for(width).dots
        assert max(c.width for c in rasters) > paper_for(width).dots * 0.8    # the layout uses the width


def test_raster_mode_sends_no_text_but_the_ascii_number():
    cmds = commands(sample_receipt())
    assert "codepage" not in names(cmds)
    assert [data for _, data in text_runs(cmds)] == [b"1023\n"]


def test_big_number_is_magnified():
    sizes = [c for c in commands(sample_receipt()) if c.name == "size"]
    assert sizes[0].args == bytes([0x44])       # GS ! : width x5, height x5 on 80 mm


def test_cp1258_mode_sends_every_letter_and_no_question_mark():
    cmds = commands(sample_receipt(), options=CP1258)
    runs = text_runs(cmds)
    codepages = {page for page, data in runs if not data.isascii()}
    assert codepages == {52}                     # CP1258 in the default profile
    shown = [from_cp1258(data).strip() for page, data in runs]
    assert "Dịch vụ: Hộ tịch (Khu A)" in shown
    assert "Lấy số lúc 08:15 – Chủ nhật, 22/11/2026" in shown
    assert "SỐ THỨ TỰ CỦA ÔNG/BÀ" in shown and "Trước ông/bà còn 4 người, chờ khoảng 12 phút." in shown
    assert all("?" not in line and "bạn" not in line for line in shown)


def test_codepage_number_from_config_overrides_the_profile():
    options = RenderOptions(text_mode="codepage", codepage_number=94)
    assert {page for page, _ in text_runs(commands(sample_receipt(), options=options)) if page} == {94}


def test_tcvn3_mode_uses_the_two_tcvn_tables_without_question_marks():
    options = RenderOptions(text_mode="codepage", codepage="TCVN-3")
    runs = text_runs(commands(sample_leaflet(), options=options))
    assert {page for page, data in runs if not data.isascii()} <= {30, 31}
    assert all(b"?" not in data for _, data in runs)


def test_profile_copy_does_not_leak_the_width_into_other_printers():
    make_profile(None, paper_for(58))
    assert get_profile("default").profile_data["media"]["width"]["pixels"] == "Unknown"


def test_profile_narrower_than_the_paper_wins():
    assert usable_dots("TM-T88V", paper_for(80)) == 512
    assert usable_dots(None, paper_for(80)) == 576


def test_receipt_with_vietnamese_raster_text_and_qr_fits_16_kb():
    for width in (58, 80):
        assert len(document_bytes(sample_receipt(), paper_for(width), RASTER)) <= 16 * 1024


def test_long_feeds_are_split_into_legal_esc_j_commands():
    device = attach_profile(Dummy(), make_profile(None, paper_for(80)))
    EscposWriter(device, RASTER).write([Feed(300)])
    assert [c.args[0] for c in parse(device.output) if c.name == "feed_dots"] == [255, 45]


def test_profile_without_native_qr_gets_the_qr_as_an_image():
    cmds = commands(sample_receipt(), 58, RASTER, profile="POS-5890")     # qrCode: false
    assert "qr" not in names(cmds)
    assert max(c.height for c in cmds if c.name == "raster") > 100
