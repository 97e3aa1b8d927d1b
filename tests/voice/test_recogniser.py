"""The word check with the real recogniser (viet-asr): a human clip passes against its own
transcript; a wrong transcript, or espeak-ng saying the same words, is flagged."""
from __future__ import annotations

import pytest

from kiosk.speech.synth import Pyttsx3Synthesiser
from kiosk.voice.recogniser import DummyRecogniser, word_error_rate, word_problem

pytest.importorskip("vietasr", reason="the voice-check extra (viet-asr) is installed by scripts/setup.sh")


def test_a_human_clip_is_accepted_against_its_own_transcript(recogniser, samples):
    wav, transcript = samples[0]
    heard, problem = word_problem(recogniser, wav, transcript)
    assert problem == "" and word_error_rate(transcript, heard) <= 0.2, heard


def test_a_wrong_transcript_is_flagged(recogniser, samples):
    (wav, _), (_, other) = samples[0], samples[1]
    heard, problem = word_problem(recogniser, wav, other)
    assert problem.startswith("Nghe chưa rõ: ") and heard in problem


def test_espeak_saying_the_same_words_is_flagged(recogniser, samples, tmp_path):
    _, transcript = samples[3]
    clip = Pyttsx3Synthesiser().synthesise(transcript, tmp_path / "espeak.wav")
    _, problem = word_problem(recogniser, clip, transcript)
    assert problem.startswith("Nghe chưa rõ: ")


def test_numbers_compare_as_words_whatever_the_recogniser_writes():
    recogniser = DummyRecogniser({"call.wav": "mời công dân có số thứ tự 1023"})
    assert word_problem(recogniser, "call.wav", "Mời công dân có số thứ tự một nghìn không trăm hai mươi ba") == \
        ("mời công dân có số thứ tự 1023", "")
    assert word_error_rate("một hai ba", "một hai") == pytest.approx(1 / 3)
