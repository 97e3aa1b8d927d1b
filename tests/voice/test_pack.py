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
