import pytest

from kiosk.speech.cache import AudioCache
from kiosk.speech.render import CHIME, GAP_AFTER_CHIME, GAP_BETWEEN_REPEATS, SpeechRenderer
from kiosk.speech.synth import ToneSynthesiser
from kiosk.speech.wavs import wav_duration


def renderer(tmp_path, repeat=2, chime=CHIME):
    return SpeechRenderer(ToneSynthesiser(seconds_per_word=0.1), AudioCache(tmp_path), repeat, chime)


def test_chime_asset_is_a_short_wav():
    assert 0.5 < wav_duration(CHIME) < 3.0


@pytest.mark.parametrize("repeat", [1, 2, 3])
def test_announcement_is_chime_then_speech_repeated(tmp_path, repeat):
    speech_seconds = 0.4  # four words
    path = renderer(tmp_path, repeat).announcement_wav("một hai ba bốn")
    expected = wav_duration(CHIME) + GAP_AFTER_CHIME + repeat * speech_seconds + (repeat - 1) * GAP_BETWEEN_REPEATS
    assert wav_duration(path) == pytest.approx(expected, abs=0.01)


def test_cached_words_are_synthesised_once(tmp_path):
    render = renderer(tmp_path)
    first = render.announcement_wav("một hai")
    render.speech_wav("một hai")
    assert render.announcement_wav("một hai") == first
    assert render.synthesiser.calls == ["một hai"]


def test_repeat_changes_the_cached_file(tmp_path):
    assert renderer(tmp_path, 1).announcement_wav("một") != renderer(tmp_path, 2).announcement_wav("một")


def test_a_chime_in_another_format_is_converted(tmp_path):
    import subprocess

    chime = tmp_path / "chime-44k-stereo.wav"
    subprocess.run(["sox", str(CHIME), "-r", "44100", "-c", "2", str(chime)], check=True)
    path = renderer(tmp_path / "cache", 1, chime).announcement_wav("một")
    assert wav_duration(path) == pytest.approx(wav_duration(CHIME) + GAP_AFTER_CHIME + 0.1, abs=0.01)
