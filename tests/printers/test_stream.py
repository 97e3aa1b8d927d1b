import pytest

from printers.stream import parse, qr_payloads, text_runs


def test_parse_reads_raster_header_and_skips_its_data():
    image = b"\x1dv0\x00\x02\x00\x03\x00" + b"\x1b" * 6      # data bytes that look like ESC
    cmds = parse(b"\x1b@" + image + b"\x1ba\x01hi\n")
    assert [c.name for c in cmds] == ["init", "raster", "align", "text"]
    assert (cmds[1].width, cmds[1].height) == (16, 3)
    assert cmds[3].data == b"hi\n"


def test_text_runs_know_their_code_page():
    cmds = parse(b"ab\x1bt\x34cd\x1b@ef")
    assert text_runs(cmds) == [(None, b"ab"), (0x34, b"cd"), (None, b"ef")]


def test_qr_payload():
    data = b"http://x/t/1"
    store = b"\x1d(k" + bytes([len(data) + 3, 0]) + b"1P0" + data
    assert qr_payloads(parse(store)) == [data]


def test_unknown_command_is_an_error_not_silence():
    with pytest.raises(ValueError, match="unknown command"):
        parse(b"\x1b\x7f")
