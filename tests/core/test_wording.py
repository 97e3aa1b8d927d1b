"""The shared citizen sentences: plain words, never a zero count or "khoảng 0 phút"."""
import pytest

from kiosk.core.wording import (MSGIDS, bring_message, optional_message, vietnamese, wait_message,
                                wait_minutes_message)


@pytest.mark.parametrize("ahead, minutes, text", [
    (None, 5, ""),
    (0, 0, "Ông/bà là người tiếp theo."),
    (0, 7, "Ông/bà là người tiếp theo."),
    (3, 0, "Trước ông/bà còn 3 người, sắp đến lượt ông/bà."),
    (3, None, "Trước ông/bà còn 3 người."),
    (4, 12, "Trước ông/bà còn 4 người, chờ khoảng 12 phút."),
])
def test_wait_sentence(ahead, minutes, text):
    assert vietnamese(wait_message(ahead, minutes)) == text


def test_wait_minutes_alone_never_says_zero_minutes():
    assert vietnamese(wait_minutes_message(0)) == "Sắp đến lượt"
    assert vietnamese(wait_minutes_message(9)) == "khoảng 9 phút"
    assert wait_minutes_message(None) is None


@pytest.mark.parametrize("document, text", [
    ({"name": "Bản chính giấy tờ, văn bản cần chứng thực và bản sao cần chứng thực", "originals": 1, "copies": 0},
     "Mang bản chính để chứng thực"),
    ({"name": "Căn cước công dân (xuất trình)", "originals": 1, "copies": 0}, "Mang bản chính để xuất trình"),
    ({"name": "Tờ khai theo mẫu", "originals": 1, "copies": 0}, "Mang bản chính"),
    ({"name": "Tờ khai theo mẫu", "originals": 2, "copies": 0}, "Mang 2 bản chính"),
    ({"name": "Bản sao giấy khai sinh", "originals": 0, "copies": 1}, "Mang 1 bản sao"),
    ({"name": "Ảnh", "originals": 0, "copies": 3}, "Mang 3 bản sao"),
    ({"name": "Giấy khai sinh", "originals": 1, "copies": 2}, "1 bản chính, 2 bản sao"),
    ({"name": "Giấy tờ khác", "originals": 0, "copies": 0}, ""),
])
def test_what_to_bring_in_plain_words(document, text):
    assert vietnamese(bring_message(document)) == text


def test_optional_documents():
    assert vietnamese(optional_message({"required": False})) == "nếu có"
    assert optional_message({"required": True}) is None


def test_every_sentence_has_an_english_translation():
    from kiosk.ui import i18n
    po = i18n.parse_po((i18n.LOCALE_DIR / "en" / "LC_MESSAGES" / "kiosk.po").read_text(encoding="utf-8"))
    assert [m for m in MSGIDS if not po.get(m)] == []
