import unicodedata

import pytest

from kiosk.speech.normalise import (
    expand_abbreviations,
    normalise,
    spell_dates,
    spell_money,
    spell_times,
)

CASES = [
    # announcements and counters
    ("Mời công dân có số thứ tự 1023 đến quầy số 3",
     "Mời công dân có số thứ tự một nghìn không trăm hai mươi ba đến quầy số ba"),
    ("Quầy 12", "Quầy mười hai"),
    ("STT 2014", "số thứ tự hai nghìn không trăm mười bốn"),
    ("Số 105, quầy 4.", "Số một trăm linh năm, quầy bốn."),
    # times
    ("15:30", "mười lăm giờ ba mươi"),
    ("15 giờ 30", "mười lăm giờ ba mươi"),
    ("lúc 15h30", "lúc mười lăm giờ ba mươi"),
    ("7:05", "bảy giờ năm phút"),
    ("8:00", "tám giờ"),
    ("15 giờ 30 phút", "mười lăm giờ ba mươi phút"),
    ("mở cửa 8h", "mở cửa tám giờ"),
    ("Sáng 7:30–11:30", "Sáng bảy giờ ba mươi đến mười một giờ ba mươi"),
    ("8h - 17h", "tám giờ đến mười bảy giờ"),
    # dates
    ("22/11/2026", "ngày hai mươi hai tháng mười một năm hai nghìn không trăm hai mươi sáu"),
    ("ngày 1/4", "ngày một tháng tư"),
    ("2026-01-15", "ngày mười lăm tháng một năm hai nghìn không trăm hai mươi sáu"),
    ("hẹn tháng 4", "hẹn tháng tư"),
    ("thứ 4", "thứ tư"),
    # money
    ("2.000 đ", "hai nghìn đồng"),
    ("2.000đ", "hai nghìn đồng"),
    ("50.000 VNĐ", "năm mươi nghìn đồng"),
    ("1.500.000 đồng", "một triệu năm trăm nghìn đồng"),
    ("10.000 đồng/bản", "mười nghìn đồng một bản"),
    ("15 ₫", "mười lăm đồng"),
    # other numbers
    ("1.500.000", "một triệu năm trăm nghìn"),
    ("1,5 ngày", "một phẩy năm ngày"),
    ("thủ tục 1.001193", "thủ tục một chấm không không một một chín ba"),
    ("gọi 0912345678", "gọi không chín một hai ba bốn năm sáu bảy tám"),
    ("giảm 50%", "giảm năm mươi phần trăm"),
    # abbreviations
    ("UBND phường", "Ủy ban nhân dân phường"),
    ("HĐND xã", "Hội đồng nhân dân xã"),
    ("Mang CCCD", "Mang căn cước công dân"),
    ("ứng dụng VNeID", "ứng dụng vê en e ai đi"),
    ("TTHC", "thủ tục hành chính"),
    ("STT của bạn", "số thứ tự của bạn"),
    ("thẻ BHYT", "thẻ bảo hiểm y tế"),
    ("UBNDX", "UBNDX"),  # not a whole word, left alone
    # whitespace and Unicode
    ("  Xin   chào  ", "Xin chào"),
    ("Ho\u0302\u0323 ti\u0323ch", "Hộ tịch"),  # decomposed input comes out NFC
]


@pytest.mark.parametrize("text,words", CASES)
def test_normalise(text, words):
    assert normalise(text) == words


def test_south_region_reads_ngan_and_le():
    assert normalise("Số 1005", region="south") == "Số một ngàn không trăm lẻ năm"
    assert normalise("2.000 đ", region="south") == "hai ngàn đồng"


def test_digit_reading_applies_to_plain_numbers_only():
    text = "STT 1023 lúc 15:30, phí 2.000 đ"
    assert normalise(text, number_reading="digits") == (
        "số thứ tự một không hai ba lúc mười lăm giờ ba mươi, phí hai nghìn đồng"
    )


def test_output_is_nfc_and_has_no_digits():
    text = "Số 1023 quầy 3, 22/11/2026 15:30 phí 2.000 đ, 1,5 ngày, mã 1.001193"
    words = normalise(unicodedata.normalize("NFD", text))
    assert words == unicodedata.normalize("NFC", words)
    assert not any(char.isdigit() for char in words)


def test_impossible_date_and_time_are_not_spelled_as_such():
    assert spell_dates("45/13") == "45/13"
    assert spell_times("25:70") == "25:70"


def test_steps_are_separate_pure_functions():
    assert expand_abbreviations("CCCD") == "căn cước công dân"
    assert spell_money("3.000 đ", region="south") == "ba ngàn đồng"
    assert spell_dates("ngày 22/11") == "ngày hai mươi hai tháng mười một"
