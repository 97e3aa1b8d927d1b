import pytest

from kiosk.speech.wavs import Clip, join_clips, read_clip, silence, wav_duration, write_clip_atomically


def test_silence_and_join_add_durations(tmp_path):
    tone = Clip(b"\x10\x00" * 22050)
    joined = join_clips([tone, silence(0.5, tone), tone])
    path = write_clip_atomically(joined, tmp_path / "sub" / "joined.wav")
    assert wav_duration(path) == pytest.approx(2.5)
    assert read_clip(path).frames[22050 * 2:22050 * 3] == bytes(22050)


def test_joining_different_formats_is_refused():
    with pytest.raises(ValueError):
        join_clips([Clip(b"\x00\x00"), Clip(b"\x00\x00", rate=16000)])


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    write_clip_atomically(Clip(b"\x00\x00" * 100), tmp_path / "a.wav")
    assert [path.name for path in tmp_path.iterdir()] == ["a.wav"]
