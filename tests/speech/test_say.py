"""The `main.py say` command (kiosk/commands/say.py)."""
from pathlib import Path

import yaml

from kiosk import PROJECT_ROOT
from kiosk.cli import main
from kiosk.speech.render import CHIME
from kiosk.speech.wavs import wav_duration


def config_file(tmp_path, **speech):
    raw = yaml.safe_load((PROJECT_ROOT / "config.yaml").read_text(encoding="utf-8"))
    raw["speech"].update({"cache_dir": str(tmp_path / "cache"), **speech})
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_show_text_prints_the_words_on_one_line(tmp_path, capsys):
    assert main(["say", "--config", config_file(tmp_path), "--show-text", "STT 1023 đến quầy 3, phí 2.000 đ"]) == 0
    assert capsys.readouterr().out == "số thứ tự một nghìn không trăm hai mươi ba đến quầy ba, phí hai nghìn đồng\n"


def test_show_text_follows_region_and_digit_reading(tmp_path, capsys):
    config = config_file(tmp_path, region="south", number_reading="digits")
    main(["say", "--config", config, "--show-text", "Số", "1005", "phí 1.000 đ"])
    assert capsys.readouterr().out == "Số một không không năm phí một ngàn đồng\n"


def test_wav_writes_speech(tmp_path):
    target = tmp_path / "hello.wav"
    assert main(["say", "--config", config_file(tmp_path), "--wav", str(target), "Xin chào quầy 3"]) == 0
    assert 0.8 < wav_duration(target) < 4


def test_wav_announcement_has_chime_and_repeats(tmp_path):
    plain, call = tmp_path / "plain.wav", tmp_path / "call.wav"
    config = config_file(tmp_path, announcement_repeat=2)
    main(["say", "--config", config, "--wav", str(plain), "Mời số 12"])
    main(["say", "--config", config, "--announcement", "--wav", str(call), "Mời số 12"])
    assert wav_duration(call) > wav_duration(CHIME) + 2 * wav_duration(plain)


def test_unwritable_wav_is_a_clean_error(tmp_path, capsys):
    assert main(["say", "--config", config_file(tmp_path), "--wav", str(tmp_path / "no" / "x.wav"), "xin chào"]) == 2
    assert capsys.readouterr().err.startswith("Lỗi: không ghi được")


def test_speaking_without_an_audio_device_shows_the_text(tmp_path, capsys):
    config = config_file(tmp_path, audio_device="no-such-device")
    assert main(["say", "--config", config, "Xin chào"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "Xin chào" in error and "Traceback" not in error


def test_wav_uses_the_recorded_pack_and_voice_espeak_overrides_it(tmp_path):
    from importlib.resources import files

    from kiosk.voice.pack import VoicePack
    from tests.voice.test_assembly import best_offset
    from kiosk.speech.wavs import read_clip
    from kiosk.voice.assembly import prepared, samples_of

    human = sorted(Path(str(files("vieneu") / "assets" / "samples")).glob("*.wav"))[0]
    VoicePack(tmp_path / "voices" / "trung-tam").save_clip("phrases", "xin mời", human.read_bytes(), {})
    config = config_file(tmp_path, packs_dir=str(tmp_path / "voices"))
    pack_wav, espeak_wav = tmp_path / "pack.wav", tmp_path / "espeak.wav"
    assert main(["say", "--config", config, "--wav", str(pack_wav), "Xin mời"]) == 0
    assert main(["say", "--config", config, "--voice", "espeak", "--wav", str(espeak_wav), "Xin mời"]) == 0
    clip = prepared(read_clip(human))[400:-400]
    assert best_offset(samples_of(read_clip(pack_wav)), clip)[1] > 0.99
    assert len(samples_of(read_clip(espeak_wav))) < len(clip)     # espeak-ng's short "xin mời", not the clip


def test_voice_pack_without_a_recorded_pack_is_a_clear_error(tmp_path, capsys):
    config = config_file(tmp_path, packs_dir=str(tmp_path / "no-voices"))
    assert main(["say", "--config", config, "--voice", "pack", "--wav", str(tmp_path / "x.wav"), "Xin mời"]) != 0
    assert "chưa có gói giọng đọc trung-tam" in capsys.readouterr().err
