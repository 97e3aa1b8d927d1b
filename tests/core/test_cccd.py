from datetime import date

import pytest

from kiosk.core import cccd
from kiosk.core.errors import QueueError

TODAY = date(2026, 11, 23)
# A made-up card of someone born 1 March 1950 (ID digit 4 "0": a man born in the 1900s, digits 5-6 "50")
FULL = "001050012345|012345678|Nguyễn Văn An|01031950|Nam|Số 1 Hòa Bình, Hà Nội|15062021"


def test_a_full_card_gives_the_age_and_suggests_elderly_priority():
    reading = cccd.read_age(FULL, TODAY)
    assert reading == cccd.CardAge(76, "elderly")


def test_an_older_card_with_fewer_fields_and_a_garbled_name_still_reads():
    assert cccd.read_age("001050012345|NGUY?N V?N AN|01031950", TODAY).age == 76
    assert cccd.read_age("001050012345||Nguy\x1en|01031950|Nam", TODAY).age == 76


def test_under_sixty_suggests_no_priority_and_the_birthday_counts():
    young = "079166001234||Trần Thị Bình|24111966|Nữ|Q1|01012021"   # 60 tomorrow
    assert cccd.read_age(young, TODAY) == cccd.CardAge(59, None)
    assert cccd.read_age(young, date(2026, 11, 24)).suggested_priority == "elderly"


def test_an_expired_card_still_gives_the_age():
    # issued 2010 for someone born 1990: the card expired at 25 (2015); the age is still read
    expired = "079090001234|123456789|Lê Văn C|05051990|Nam|HCM|01012010"
    assert cccd.read_age(expired, TODAY).age == 36


def test_a_child_born_after_2000_uses_the_century_digit():
    assert cccd.read_age("001215001234||X|02022015|Nữ||01012022", TODAY).age == 11


@pytest.mark.parametrize("text", [
    "", "hello", "http://192.168.1.10:8000/dat-lich/K7M4PQ", "K7M4PQ",
    "001050012345", "00105001234|x|01031950",                  # 11 digits
    "001050012345|x|01031960",                                # date disagrees with the number's year
    "001050012345|x|31021950",                                # no such day
    "001250012345|x|01032050",                                # born in the future
])
def test_other_strings_are_refused_calmly(text):
    with pytest.raises(QueueError) as refused:
        cccd.read_age(text, TODAY)
    assert refused.value.kind == "invalid" and "căn cước" in refused.value.message
    assert "001050012345" not in refused.value.reason + refused.value.message


def test_looks_like_card_only_checks_the_shape():
    assert cccd.looks_like_card(FULL) and not cccd.looks_like_card("K7M4PQ")
