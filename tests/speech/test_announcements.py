import subprocess

import pytest

from kiosk.config import Speech
from kiosk.speech.announcements import announcement_text, render_announcement_wav
from kiosk.speech.render import CHIME
from kiosk.speech.wavs import wav_duration


@pytest.mark.parametrize("counter", [3, "3", "Quầy 3", "quầy số 3"])
def test_announcement_text(counter):
    assert announcement_text(1023, counter) == "Mời công dân có số thứ tự 1023 đến quầy số 3"


def test_announcement_text_keeps_other_counter_names():
    assert announcement_text(2001, "Phòng tiếp dân") == "Mời công dân có số thứ tự 2001 đến Phòng tiếp dân"


def test_render_announcement_wav_is_cached_with_chime_and_repeats(tmp_path):
    path = render_announcement_wav(1023, "Quầy 3", Speech(announcement_repeat=2), tmp_path)
    seconds = float(subprocess.run(["sox", "--i", "-D", str(path)], capture_output=True, text=True, check=True).stdout)
    # chime (1.65 s) + two readings of about 5 s at rate 150
    assert wav_duration(CHIME) + 2 * 3.0 < seconds < wav_duration(CHIME) + 2 * 8.0
    assert render_announcement_wav("1023", 3, Speech(announcement_repeat=2), tmp_path) == path


def test_render_a_full_text(tmp_path):
    path = render_announcement_wav("Xin mời số 5", None, Speech(announcement_repeat=1), tmp_path)
    assert wav_duration(CHIME) < wav_duration(path) < wav_duration(CHIME) + 4


def test_ticket_number_needs_a_counter(tmp_path):
    with pytest.raises(ValueError):
        render_announcement_wav(1023, None, Speech(), tmp_path)
