"""Human speech for the voice tests: the sample recordings (with transcripts) that ship in
the Apache-2.0 `vieneu` package (installed by scripts/setup.sh), so no audio is committed."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest


def human_samples() -> list[tuple[Path, str]]:
    """[(wav, transcript)] in a fixed order."""
    folder = Path(str(files("vieneu") / "assets" / "samples"))
    return [(wav, wav.with_suffix(".txt").read_text(encoding="utf-8").strip()) for wav in sorted(folder.glob("*.wav"))]


@pytest.fixture(scope="session")
def samples() -> list[tuple[Path, str]]:
    found = human_samples()
    assert len(found) >= 4, "vieneu's sample recordings are missing (run scripts/setup.sh)"
    return found


@pytest.fixture(scope="session")
def recogniser():
    """viet-asr, loaded once for the whole run (about a second; each short clip then ~0.7 s)."""
    from kiosk.voice.recogniser import VietAsrRecogniser
    return VietAsrRecogniser()
