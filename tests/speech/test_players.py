import threading
import time

import pytest

from kiosk.speech.players import AplayPlayer, FolderPlayer, PlaybackFailed, RecordingPlayer
from kiosk.speech.synth import ToneSynthesiser


@pytest.fixture
def wav(tmp_path):
    return ToneSynthesiser(seconds_per_word=0.5).synthesise("một hai", tmp_path / "tone.wav")


def fake_program(tmp_path, body):
    script = tmp_path / "fake-aplay"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    return str(script)


def test_aplay_without_sound_card_raises_playback_failed(wav):
    # This machine has no sound card; aplay exits with an error and we turn it into PlaybackFailed.
    with pytest.raises(PlaybackFailed, match="aplay"):
        AplayPlayer(device="no-such-device").play(wav, "announcement", threading.Event())


def test_missing_program_raises_playback_failed(wav):
    with pytest.raises(PlaybackFailed, match="alsa-utils"):
        AplayPlayer(program="/nonexistent/aplay").play(wav, "guidance", threading.Event())


def test_stop_kills_the_playing_process(tmp_path, wav):
    player = AplayPlayer(program=fake_program(tmp_path, "exec sleep 10"))
    cancel = threading.Event()
    started = time.monotonic()
    threading.Timer(0.2, lambda: (cancel.set(), player.stop())).start()
    player.play(wav, "guidance", cancel)  # returns without raising: it was cancelled
    assert time.monotonic() - started < 2


def test_successful_play_passes_the_file(tmp_path, wav):
    log = tmp_path / "args"
    AplayPlayer(program=fake_program(tmp_path, f'echo "$@" > {log}')).play(wav, "guidance", threading.Event())
    assert log.read_text().split() == ["-q", str(wav)]


def test_cancelled_before_start_plays_nothing(tmp_path, wav):
    log = tmp_path / "ran"
    cancel = threading.Event()
    cancel.set()
    AplayPlayer(program=fake_program(tmp_path, f"touch {log}")).play(wav, "guidance", cancel)
    assert not log.exists()


def test_recording_player_lasts_the_scaled_duration(wav):
    player = RecordingPlayer(time_scale=0.2)
    player.play(wav, "announcement", threading.Event())
    clip = player.played[0]
    assert clip.ended - clip.started == pytest.approx(0.2, abs=0.05) and not clip.interrupted


def test_folder_player_copies_in_order(tmp_path, wav):
    player = FolderPlayer(tmp_path / "out")
    player.play(wav, "announcement", threading.Event())
    player.play(None, "guidance", threading.Event())  # nothing rendered, nothing written
    player.play(wav, "guidance", threading.Event())
    assert [path.name for path in player.written] == ["0001-announcement.wav", "0002-guidance.wav"]
    assert player.written[1].read_bytes() == wav.read_bytes()
