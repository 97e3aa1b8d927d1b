import unicodedata

import pytest

from kiosk.speech.numbers import digits_to_words, number_to_words

# Expected readings written from the Vietnamese rules, not from the code.
NORTH = {
    0: "không",
    1: "một",
    4: "bốn",
    5: "năm",
    7: "bảy",
    9: "chín",
    10: "mười",
    11: "mười một",
    14: "mười bốn",
    15: "mười lăm",
    19: "mười chín",
    20: "hai mươi",
    21: "hai mươi mốt",
    24: "hai mươi tư",
    25: "hai mươi lăm",
    30: "ba mươi",
    51: "năm mươi mốt",
    55: "năm mươi lăm",
    99: "chín mươi chín",
    100: "một trăm",
    101: "một trăm linh một",
    104: "một trăm linh bốn",
    105: "một trăm linh năm",
    110: "một trăm mười",
    111: "một trăm mười một",
    115: "một trăm mười lăm",
    121: "một trăm hai mươi mốt",
    205: "hai trăm linh năm",
    999: "chín trăm chín mươi chín",
    1000: "một nghìn",
    1001: "một nghìn không trăm linh một",
    1005: "một nghìn không trăm linh năm",
    1010: "một nghìn không trăm mười",
    1023: "một nghìn không trăm hai mươi ba",
    1100: "một nghìn một trăm",
    1105: "một nghìn một trăm linh năm",
    2014: "hai nghìn không trăm mười bốn",
    2026: "hai nghìn không trăm hai mươi sáu",
    4444: "bốn nghìn bốn trăm bốn mươi tư",
    5555: "năm nghìn năm trăm năm mươi lăm",
    9999: "chín nghìn chín trăm chín mươi chín",
    10_000: "mười nghìn",
    21_000: "hai mươi mốt nghìn",
    105_000: "một trăm linh năm nghìn",
    1_000_000: "một triệu",
    1_500_000: "một triệu năm trăm nghìn",
    2_005_000: "hai triệu không trăm linh năm nghìn",
    1_000_000_000: "một tỷ",
    3_000_000_021: "ba tỷ không trăm hai mươi mốt",
}

SOUTH = {
    101: "một trăm lẻ một",
    105: "một trăm lẻ năm",
    1000: "một ngàn",
    1005: "một ngàn không trăm lẻ năm",
    1023: "một ngàn không trăm hai mươi ba",
    2_000_000: "hai triệu",
}


@pytest.mark.parametrize("number,words", NORTH.items())
def test_north_reading(number, words):
    assert number_to_words(number, "north") == words


@pytest.mark.parametrize("number,words", SOUTH.items())
def test_south_reading(number, words):
    assert number_to_words(number, "south") == words


def test_every_number_below_ten_thousand_is_nfc_words_without_digits():
    for number in range(10_000):
        words = number_to_words(number)
        assert words == unicodedata.normalize("NFC", words)
        assert not any(char.isdigit() for char in words), number
        assert "  " not in words and words == words.strip()


def test_every_number_below_ten_thousand_reads_differently():
    readings = {number_to_words(number) for number in range(10_000)}
    assert len(readings) == 10_000


def test_units_after_muoi_follow_the_rules_for_every_ten():
    for tens in range(2, 10):
        prefix = number_to_words(tens * 10)
        assert number_to_words(tens * 10 + 1) == prefix + " mốt"
        assert number_to_words(tens * 10 + 4) == prefix + " tư"
        assert number_to_words(tens * 10 + 5) == prefix + " lăm"


def test_thousands_with_empty_hundreds_say_khong_tram():
    for number in range(1001, 10_000, 1000):
        assert "không trăm linh một" in number_to_words(number)


def test_negative_number():
    assert number_to_words(-5) == "âm năm"


def test_digits_one_by_one():
    assert digits_to_words("1023") == "một không hai ba"
    assert digits_to_words("0915") == "không chín một năm"
