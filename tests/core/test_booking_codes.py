import random

from kiosk.core import booking_codes as codes


def test_codes_are_six_readable_characters_without_0_o_1_i():
    made = {codes.new_code(random.Random(seed).choice) for seed in range(500)}
    assert len(made) == 500
    for code in made:
        assert len(code) == 6 and codes.is_code(code)
        assert not set(code) & set("0O1I")


def test_typed_codes_are_normalised_and_wrong_ones_refused():
    assert codes.normalise(" k7m-4pq ") == "K7M4PQ"
    assert codes.is_code("K7M4PQ")
    assert not codes.is_code("K7M4P0") and not codes.is_code("K7M4PI") and not codes.is_code("K7M4P")


def test_the_code_is_found_in_a_scanned_booking_address():
    assert codes.code_in("http://192.168.1.10:8000/dat-lich/K7M4PQ") == "K7M4PQ"
    assert codes.code_in("k7m4pq\r") == "K7M4PQ"
    assert codes.code_in("http://x/dat-lich/K7M4P0") is None
    assert codes.code_in("079150001234|123456789|NGUYEN VAN A|01011950") is None
    assert codes.spoken("K7M4PQ") == "K7M 4PQ"
