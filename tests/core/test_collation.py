"""Vietnamese alphabetical order: letters, Đ after D, tones, and whole names."""
import random

from kiosk.core.collation import sort_key, sorted_vi

ALPHABET = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()


def shuffled(items, seed=7):
    items = list(items)
    random.Random(seed).shuffle(items)
    return items


def test_the_29_letters_in_vietnamese_order():
    assert sorted_vi(shuffled(ALPHABET)) == ALPHABET
    assert sorted_vi(shuffled([letter.upper() for letter in ALPHABET])) == [letter.upper() for letter in ALPHABET]


def test_d_with_stroke_comes_after_d_and_before_e():
    assert sorted_vi(["Em", "Đất đai", "Dân tộc", "Văn hóa", "Du lịch"]) == \
        ["Dân tộc", "Du lịch", "Đất đai", "Em", "Văn hóa"]
    assert sort_key("Đất đai") < sort_key("Văn hóa")
    assert sorted(["Đất đai", "Văn hóa"]) == ["Văn hóa", "Đất đai"]      # what code-point order did


def test_letters_with_marks_are_letters_not_accents():
    # ă and â are letters after a: "anh" before "ăn" before "ấm"; ơ after ô after o.
    assert sorted_vi(["ấm", "ăn", "anh"]) == ["anh", "ăn", "ấm"]
    assert sorted_vi(["ơn", "ông", "oán"]) == ["oán", "ông", "ơn"]
    assert sorted_vi(["ưu", "uống"]) == ["uống", "ưu"]


def test_tones_order_a_word_after_its_letters():
    assert sorted_vi(shuffled(["ma", "mà", "mả", "mã", "má", "mạ"])) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted_vi(["mạch", "mai", "má"]) == ["má", "mạch", "mai"]


def test_case_and_none():
    assert sorted_vi(["b", None, "A", ""], key=lambda s: s) == [None, "", "A", "b"]
    assert sorted_vi([{"n": "Hộ tịch"}, {"n": "Chứng thực"}], key=lambda r: r["n"]) == [{"n": "Chứng thực"},
                                                                                        {"n": "Hộ tịch"}]
