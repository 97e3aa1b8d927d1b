import subprocess

import pytest
from PIL import Image

from printers import drawing
from printers.drawing import draw_line, draw_paragraph, draw_qr, glyph, ink_box, text_width, wrap

NOTDEF = "\uffff"   # a code point the font has no glyph for: it draws the .notdef box


def test_every_vietnamese_letter_has_its_own_glyph_not_the_missing_box():
    missing = glyph(NOTDEF, 24, False).mask.tobytes()
    letters = drawing.VIETNAMESE_LETTERS + drawing.VIETNAMESE_LETTERS.upper()
    boxes = [char for char in letters if glyph(char, 24, False).mask.tobytes() == missing]
    assert boxes == []


def test_tone_marks_change_the_glyph():
    assert glyph("ế", 24, False).mask.tobytes() != glyph("ê", 24, False).mask.tobytes()
    assert glyph("ặ", 24, True).mask.tobytes() != glyph("ă", 24, True).mask.tobytes()


def test_wrapped_lines_fit_the_width_and_keep_every_word():
    text = "Trung tâm Phục vụ hành chính công phường Hòa Bình"
    lines = wrap(text, 24, True, 300)
    assert len(lines) > 1
    assert all(text_width(line, 24, True) <= 300 for line in lines)
    assert " ".join(lines) == text


def test_a_line_is_cropped_to_its_ink():
    line = draw_line("Hộ tịch", 23, False, "center", 576)
    assert line.image.width < 200
    assert ink_box(line.image) == (0, 0, line.image.width, line.image.height)
    assert line.top >= 0 and line.bottom_gap >= 0


def test_left_aligned_checklist_lines_share_an_indent():
    first, second = draw_paragraph("Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận",
                                   23, False, "left", 384, checkbox=True)
    # the continuation line starts at the text indent, right of the checkbox
    assert ink_box(second.image)[0] >= drawing.CHECKBOX_INDENT
    assert ink_box(first.image)[0] < drawing.CHECKBOX_INDENT     # the box itself


def test_qr_image_decodes_with_zbar(tmp_path):
    url = "http://127.0.0.1:8000/t/Xk3J9qLmP2aB7cD9eF1gH3"
    image = draw_qr(url, 4)
    framed = Image.new("1", (image.width + 40, image.height + 40), 1)
    framed.paste(image, (20, 20))
    framed.save(tmp_path / "qr.png")
    assert zbar(tmp_path / "qr.png") == url


def zbar(path) -> str:
    try:
        result = subprocess.run(["zbarimg", "--raw", "-q", str(path)], capture_output=True, text=True, timeout=20)
    except FileNotFoundError:
        pytest.skip("zbarimg (Debian zbar-tools) is not installed")
    return result.stdout.strip()
