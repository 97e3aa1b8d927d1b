"""A pack moves between centres as one zip; a zip that is not a pack changes nothing."""
from __future__ import annotations

import io
import json
import zipfile

import pytest

from kiosk.voice.pack import PackError, VoicePack


def test_a_pack_exported_and_imported_elsewhere_says_the_same(tmp_path, samples):
    pack = VoicePack(tmp_path / "a" / "trung-tam")
    wav, _ = samples[0]
    pack.save_clip("phrases", "xin mời", wav.read_bytes(), {"recorded_by": "admin"})
    pack.save_clip("guidance", "1.001193", samples[1][0].read_bytes(), {"words": "mang theo", "recorded_by": "admin"})

    other = VoicePack(tmp_path / "b" / "tinh")
    other.import_zip(pack.export_zip())

    assert other.phrase_clip("xin mời").read_bytes() == wav.read_bytes()
    assert other.guidance_clip("mang theo").read_bytes() == samples[1][0].read_bytes()
    assert other.manifest()["phrases"]["xin mời"]["recorded_by"] == "admin"


def hostile_zip(file: str, data: bytes = b"RIFF") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": 1, "phrases": {"một": {"file": file}}}))
        archive.writestr(file, data)
    return buffer.getvalue()


@pytest.mark.parametrize("data, message", [
    (b"not a zip", "không phải gói giọng"),
    (hostile_zip("../../evil.wav"), "đường dẫn tệp không hợp lệ"),
    (hostile_zip("phrases/a.wav", b"not audio"), "không phải tệp WAV"),
])
def test_a_zip_that_is_not_a_pack_is_refused_whole(tmp_path, data, message):
    pack = VoicePack(tmp_path / "trung-tam")
    with pytest.raises(PackError) as refused:
        pack.import_zip(data)
    assert message in refused.value.message
    assert not pack.exists() and not (tmp_path / "evil.wav").exists()


def test_the_voice_command_installs_a_pack_on_a_kiosk_machine(tmp_path, samples, capsys):
    import yaml

    from kiosk import PROJECT_ROOT
    from kiosk.cli import main

    source = VoicePack(tmp_path / "server" / "trung-tam")
    source.save_clip("phrases", "xin mời", samples[0][0].read_bytes(), {"recorded_by": "admin"})
    (tmp_path / "pack.zip").write_bytes(source.export_zip())
    raw = yaml.safe_load((PROJECT_ROOT / "config.yaml").read_text(encoding="utf-8"))
    raw["speech"]["packs_dir"] = str(tmp_path / "kiosk")
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")

    assert main(["voice", "--config", str(config), "import", str(tmp_path / "pack.zip")]) == 0
    assert VoicePack(tmp_path / "kiosk" / "trung-tam").phrase_clip("xin mời").read_bytes() == samples[0][0].read_bytes()
    capsys.readouterr()
    assert main(["voice", "--config", str(config), "missing"]) == 0
    missing = capsys.readouterr().out.splitlines()
    assert "xin mời" not in missing and "Mời công dân có số thứ tự" in missing
