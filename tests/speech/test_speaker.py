import logging
import time

import pytest

from kiosk.config import Speech
from kiosk.speech.players import PlaybackFailed, RecordingPlayer
from kiosk.speech.speaker import DummySpeaker, FileSpeaker, Speaker, make_speaker
from kiosk.speech.synth import SpeechUnavailable, ToneSynthesiser
from kiosk.speech.wavs import wav_duration


def tone_speaker(tmp_path, time_scale=0.05, repeat=2, synthesiser=None):
    player = RecordingPlayer(time_scale=time_scale)
    speaker = Speaker(Speech(announcement_repeat=repeat), synthesiser or ToneSynthesiser(), player, cache_dir=tmp_path)
    return speaker, player


def test_dummy_records_what_it_was_asked_at_once():
    speaker = DummySpeaker()
    speaker.say("Xin chào")
    speaker.say("Mời số 12", priority="announcement")
    assert speaker.spoken == [("Xin chào", "guidance"), ("Mời số 12", "announcement")]
    assert speaker.wait_until_idle(2)


def test_announcements_play_in_order_without_overlap(tmp_path):
    speaker, player = tone_speaker(tmp_path)
    for number in (1001, 1002, 1003):
        speaker.say(f"Mời số {number} đến quầy 1", priority="announcement")
    assert speaker.wait_until_idle(5)
    assert [clip.label for clip in player.played] == ["announcement"] * 3
    assert [clip.interrupted for clip in player.played] == [False] * 3
    for earlier, later in zip(player.played, player.played[1:]):
        assert later.started >= earlier.ended


def test_listeners_see_each_text_in_order_and_last_text_is_kept():
    texts = []
    speaker = DummySpeaker()
    speaker.add_listener(lambda text, priority: texts.append(text))
    for number in (1, 2, 3):
        speaker.say(f"số {number}", "announcement")
    assert speaker.wait_until_idle(2)
    assert texts == ["số 1", "số 2", "số 3"] and speaker.last_text == "số 3"


def test_a_recall_is_announced_again(tmp_path):
    speaker, player = tone_speaker(tmp_path, time_scale=0)
    speaker.say("Mời số 1023 đến quầy 3", "announcement")
    speaker.say("Mời số 1023 đến quầy 3", "announcement")
    assert speaker.wait_until_idle(5)
    assert len(player.played) == 2 and player.played[0].path == player.played[1].path


def test_new_guidance_cuts_the_old_and_skips_stale_guidance():
    speaker = DummySpeaker(seconds_per_text=2.0)
    heard = []
    speaker.add_listener(lambda text, priority: heard.append(text))
    speaker.say("first tap")
    time.sleep(0.1)
    speaker.say("second tap")  # cuts "first tap"
    speaker.say("third tap")   # replaces "second tap" before it starts
    time.sleep(0.1)
    speaker.stop()
    assert speaker.wait_until_idle(2)
    played = speaker.recorder.played
    assert played[0].label == "guidance" and played[0].interrupted
    assert played[0].ended - played[0].started < 1.0
    assert "first tap" in heard and "third tap" in heard and "second tap" not in heard


def test_announcement_cuts_guidance_but_waits_for_an_announcement():
    speaker = DummySpeaker(seconds_per_text=0.3)
    speaker.say("guidance")
    time.sleep(0.05)
    speaker.say("call 1", "announcement")
    speaker.say("call 2", "announcement")
    assert speaker.wait_until_idle(5)
    guidance, call_1, call_2 = speaker.recorder.played
    assert guidance.interrupted and not call_1.interrupted and not call_2.interrupted
    assert call_1.ended - call_1.started >= 0.29
    assert call_2.started >= call_1.ended


def test_guidance_waits_behind_announcements():
    speaker = DummySpeaker(seconds_per_text=0.1)
    speaker.say("call", "announcement")
    speaker.say("guidance")
    assert speaker.wait_until_idle(5)
    assert [clip.label for clip in speaker.recorder.played] == ["announcement", "guidance"]


def test_stop_clears_the_queue():
    speaker = DummySpeaker(seconds_per_text=1.0)
    for number in range(5):
        speaker.say(f"call {number}", "announcement")
    time.sleep(0.05)
    started = time.monotonic()
    speaker.stop()
    assert speaker.wait_until_idle(2)
    assert time.monotonic() - started < 0.5
    assert len(speaker.recorder.played) == 1 and speaker.recorder.played[0].interrupted


def test_say_does_not_block_on_slow_synthesis(tmp_path):
    """say() comes back while synthesis is stuck: it never waits for the speech thread."""
    import threading
    release, entered = threading.Event(), threading.Event()

    class StuckSynthesiser(ToneSynthesiser):
        def synthesise(self, words, path):
            entered.set()
            release.wait(30)
            return super().synthesise(words, path)

    speaker, _ = tone_speaker(tmp_path, synthesiser=StuckSynthesiser())
    caller = threading.Thread(target=speaker.say, args=("Mời số 1", "announcement"))
    caller.start()
    caller.join(10)                      # a say() that waited for synthesis would still be stuck here
    returned_while_stuck = not caller.is_alive()
    release.set()
    assert returned_while_stuck
    assert entered.wait(5) and speaker.wait_until_idle(5)


def test_announcement_wav_has_chime_and_repeats(tmp_path):
    synthesiser = ToneSynthesiser(seconds_per_word=0.1)
    speaker, player = tone_speaker(tmp_path, time_scale=0, repeat=3, synthesiser=synthesiser)
    speaker.say("Quầy 3", "announcement")
    speaker.say("Quầy 3")
    assert speaker.wait_until_idle(5)
    announcement, guidance = player.played
    assert synthesiser.calls == ["Quầy ba"]  # normalised, synthesised once, then cached
    assert wav_duration(guidance.path) == pytest.approx(0.2, abs=0.01)
    assert wav_duration(announcement.path) > 3 * 0.2 + 1.5


def test_synthesis_fault_warns_once_and_still_shows_text(tmp_path, caplog):
    class BrokenSynthesiser(ToneSynthesiser):
        def synthesise(self, words, path):
            raise SpeechUnavailable("espeak-ng is not usable")

    speaker, player = tone_speaker(tmp_path, synthesiser=BrokenSynthesiser())
    shown = []
    speaker.add_listener(lambda text, priority: shown.append(text))
    with caplog.at_level(logging.WARNING, logger="kiosk.speech"):
        speaker.say("một", "announcement")
        speaker.say("hai", "announcement")
        assert speaker.wait_until_idle(5)
    assert shown == ["một", "hai"] and speaker.last_text == "hai"
    assert [clip.path for clip in player.played] == [None, None]
    assert len(caplog.records) == 1 and "espeak-ng" in speaker.problem


def test_playback_fault_warns_once_and_keeps_working(tmp_path, caplog):
    class DeafPlayer(RecordingPlayer):
        def play(self, path, label, cancel):
            super().play(path, label, cancel)
            raise PlaybackFailed("aplay failed: no soundcards found")

    player = DeafPlayer()
    speaker = Speaker(Speech(), ToneSynthesiser(), player, cache_dir=tmp_path)
    with caplog.at_level(logging.WARNING, logger="kiosk.speech"):
        for text in ("một", "hai", "ba"):
            speaker.say(text, "announcement")
        assert speaker.wait_until_idle(5)
    assert len(player.played) == 3
    assert len(caplog.records) == 1 and "no soundcards" in caplog.records[0].getMessage()


def test_a_failing_listener_does_not_stop_speech():
    speaker = DummySpeaker()
    speaker.add_listener(lambda text, priority: 1 / 0)
    speaker.say("một", "announcement")
    speaker.say("hai", "announcement")
    assert speaker.wait_until_idle(2)
    assert len(speaker.recorder.played) == 2


def test_unknown_priority_is_refused():
    with pytest.raises(ValueError):
        DummySpeaker().say("x", priority="urgent")


def test_make_speaker_follows_the_config(tmp_path):
    assert isinstance(make_speaker(Speech(enabled=False)), DummySpeaker)
    assert isinstance(make_speaker(Speech(backend="dummy")), DummySpeaker)
    assert isinstance(make_speaker(Speech(backend="file", output_dir=str(tmp_path))), FileSpeaker)


def test_make_speaker_falls_back_to_dummy_without_espeak(monkeypatch):
    from kiosk.speech import speaker as module

    def missing(self):
        raise SpeechUnavailable("espeak-ng is not usable (OSError: libespeak-ng.so.1)")

    monkeypatch.setattr(module.Pyttsx3Synthesiser, "check", missing)
    speaker = make_speaker(Speech())
    assert isinstance(speaker, DummySpeaker) and "libespeak-ng" in speaker.problem


def test_file_speaker_writes_numbered_wavs(tmp_path):
    speaker = FileSpeaker(Speech(), output_dir=tmp_path / "out", cache_dir=tmp_path / "cache", synthesiser=ToneSynthesiser())
    speaker.say("Mời số 1", "announcement")
    speaker.say("Xin chào")
    assert speaker.wait_until_idle(5)
    assert [path.name for path in speaker.written] == ["0001-announcement.wav", "0002-guidance.wav"]
    assert all(path.exists() for path in speaker.written)


def test_problem_clears_when_audio_works_again(tmp_path):
    class FlakyPlayer(RecordingPlayer):
        failures = 1

        def play(self, path, label, cancel):
            super().play(path, label, cancel)
            if self.failures:
                self.failures -= 1
                raise PlaybackFailed("aplay failed: device busy")

    speaker = Speaker(Speech(), ToneSynthesiser(), FlakyPlayer(), cache_dir=tmp_path)
    speaker.say("một", "announcement")
    assert speaker.wait_until_idle(5) and "device busy" in speaker.problem
    speaker.say("hai", "announcement")
    assert speaker.wait_until_idle(5) and speaker.problem == ""


def test_file_backend_end_to_end_with_espeak(tmp_path):
    import subprocess

    from kiosk.speech.announcements import announcement_text
    from kiosk.speech.render import CHIME

    settings = Speech(backend="file", output_dir=str(tmp_path / "out"), cache_dir=str(tmp_path / "cache"), announcement_repeat=1)
    speaker = make_speaker(settings)
    speaker.say(announcement_text(1023, 3), "announcement")
    assert speaker.wait_until_idle(10) and speaker.problem == ""
    (written,) = speaker.written
    seconds = float(subprocess.run(["sox", "--i", "-D", str(written)], capture_output=True, text=True, check=True).stdout)
    assert wav_duration(CHIME) + 3.0 < seconds < wav_duration(CHIME) + 8.0
