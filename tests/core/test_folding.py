"""Folding: diacritics, đ, and the final y that Vietnamese also writes as i; one-edit distance."""
import unicodedata

import pytest

from kiosk.core.folding import fold, within_one_edit


# --- fold -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, folded", [
    ("Chứng thực bản sao", "chung thuc ban sao"),
    ("ĐĂNG KÝ KHAI SINH", "dang ki khai sinh"),
    ("  Hộ   kinh-doanh,  đất đai! ", "ho kinh doanh dat dai"),
    ("Người có công", "nguoi co cong"),
    ("", ""),
])
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_treats_decomposed_and_composed_text_alike():
    assert fold(unicodedata.normalize("NFD", "Thay đổi, cải chính")) == "thay doi cai chinh"


@pytest.mark.parametrize("one, other", [
    ("đăng ký", "đăng kí"), ("lý lịch", "lí lịch"), ("Mỹ", "Mĩ"), ("liệt sỹ", "liệt sĩ"), ("quý", "quí"),
    ("kỳ", "kì"), ("hy sinh", "hi sinh"), ("thy", "thi"),
])
def test_a_final_y_after_a_consonant_folds_like_i(one, other):
    assert fold(one) == fold(other)


@pytest.mark.parametrize("one, other", [("tay", "tai"), ("thủy", "thủi"), ("yêu", "iêu"), ("huy", "hui"),
                                        ("ngày", "ngài"), ("khuyết", "khuiết")])
def test_other_y_stays_y(one, other):
    assert fold(one) != fold(other)


def test_a_y_on_its_own_stays():
    assert fold("sao y bản chính") == "sao y ban chinh"


# --- edit distance ---------------------------------------------------------------------

@pytest.mark.parametrize("a, b, close", [
    ("sinh", "sih", True), ("thuc", "thu", True), ("khai", "kahi", True), ("chung", "chunh", True),
    ("sinh", "sinh", True), ("sinh", "sh", False), ("khai", "kiah", False), ("doanh", "danh", True),
    ("ket", "kte", True), ("hon", "hone", True), ("ab", "ba", True), ("abc", "cab", False),
])
def test_within_one_edit(a, b, close):
    assert within_one_edit(a, b) is close
    assert within_one_edit(b, a) is close
