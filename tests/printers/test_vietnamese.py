import unicodedata
from datetime import datetime

import pytest

from printers.drawing import VIETNAMESE_LETTERS
from printers.vietnamese import for_tcvn3, format_time_of_issue, from_cp1258, nfc, to_cp1258

ALL_LETTERS = VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper()


def test_python_cp1258_codec_alone_cannot_encode_precomposed_letters():
    with pytest.raises(UnicodeEncodeError):
        "ế".encode("cp1258")


def test_every_vietnamese_letter_survives_cp1258_without_question_marks():
    data = to_cp1258(ALL_LETTERS)
    assert b"?" not in data
    assert from_cp1258(data) == ALL_LETTERS


def test_cp1258_uses_base_letter_then_tone_mark():
    assert to_cp1258("ế") == "ê".encode("cp1258") + b"\xec"   # 0xEC: combining acute


def test_decomposed_input_is_normalised_first():
    decomposed = unicodedata.normalize("NFD", "Hộ tịch")
    assert nfc(decomposed) == "Hộ tịch"
    assert from_cp1258(to_cp1258(decomposed)) == "Hộ tịch"


def test_tcvn3_spelling_of_capital_d_with_stroke():
    assert for_tcvn3("Đăng ký") == "Ðăng ký"


def test_time_of_issue_in_vietnamese_format():
    assert format_time_of_issue(datetime(2026, 11, 22, 8, 5)) == "08:05 – Chủ nhật, 22/11/2026"
    assert format_time_of_issue(datetime(2026, 11, 23, 14, 30)) == "14:30 – Thứ Hai, 23/11/2026"
