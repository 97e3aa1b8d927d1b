import pytest

from kiosk.core import vietqr

# Published by payOS (a NAPAS VietQR provider) in its API examples and seen in client code:
# real merchant-presented payloads with their CRC, not strings made by this module.
PUBLISHED = [
    ("00020101021238570010A000000727012700069704220113VQRQAFGHB37900208QRIBFTTA530370454068970005802VN"
     "62200816EXT17629982226606304E403", "970422", "VQRQAFGHB3790", 897000, "EXT1762998222660"),
    ("00020101021238570010A000000727012700069704220113VQRQAAUQA63360208QRIBFTTA530370454061000005802VN"
     "62220818Payment for course6304AC3C", "970422", "VQRQAAUQA6336", 100000, "Payment for course"),
]


@pytest.mark.parametrize("published, bin, account, amount, reference", PUBLISHED)
def test_payload_equals_the_published_string(published, bin, account, amount, reference):
    assert vietqr.payload(bin, account, amount, reference) == published


@pytest.mark.parametrize("published", [p[0] for p in PUBLISHED])
def test_published_strings_read_back_with_a_valid_crc(published):
    assert vietqr.crc_ok(published)
    broken = published[:-5] + ("0" if published[-5] != "0" else "1") + published[-4:]
    assert not vietqr.crc_ok(broken)


def test_fee_transfer_payload_reads_back():
    text = vietqr.payload("970405", "1500201012345", 14000, "PHI 2001 0412")
    assert vietqr.read(text) == {"bin": "970405", "account": "1500201012345", "service": "QRIBFTTA",
                                 "amount": 14000, "reference": "PHI 2001 0412", "currency": "704", "crc_ok": True}
    assert vietqr.fields(text)["01"] == "12"   # dynamic: one payment of this amount


@pytest.mark.parametrize("args", [("97040", "1"), ("970405", ""), ("970405", "12-34"),
                                  ("970405", "1", 5, "PHÍ có dấu"), ("970405", "1", 5, "x" * 26)])
def test_bad_bank_details_are_refused(args):
    with pytest.raises(vietqr.VietQrError):
        vietqr.payload(*args)
