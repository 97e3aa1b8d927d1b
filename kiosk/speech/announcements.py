"""The words of a call, and its WAV for the web display."""
from __future__ import annotations

import re
from pathlib import Path

from kiosk.config import Config, Speech
from kiosk.speech.cache import AudioCache
from kiosk.speech.normalise import normalise
from kiosk.speech.render import SpeechRenderer

_COUNTER_NAME = re.compile(r"^\s*quầy\s*(?:số\s*)?(\d+)\s*$", re.IGNORECASE)


def announcement_text(number: int | str, counter: int | str) -> str:
    """announcement_text(1023, 3) or (1023, "Quầy 3") ->
    "Mời công dân có số thứ tự 1023 đến quầy số 3"; another counter name is said as written."""
    return f"Mời công dân có số thứ tự {number} đến {_counter_phrase(counter)}"


def render_announcement_wav(
    text_or_ticket_number: int | str,
    counter: int | str | None,
    config: Config | Speech,
    cache_dir: str | Path,
) -> Path:
    """A cached WAV (chime, then the call said `announcement_repeat` times) for the display.

    Pass a ticket number and a counter, or a full text and counter=None. Runs the synthesis
    in the calling thread (about 0.02 s, nothing when cached): call it from a worker, e.g. a
    plain `def` FastAPI route. Raises SpeechUnavailable when espeak-ng cannot speak.
    """
    settings = config.speech if isinstance(config, Config) else config
    text = _announcement_or_text(text_or_ticket_number, counter)
    from kiosk.voice import make_synthesiser  # the voice pack when one is recorded
    renderer = SpeechRenderer(make_synthesiser(settings), AudioCache(cache_dir), settings.announcement_repeat)
    return renderer.announcement_wav(normalise(text, settings.region, settings.number_reading))


def _announcement_or_text(text_or_ticket_number: int | str, counter: int | str | None) -> str:
    if isinstance(text_or_ticket_number, int) or str(text_or_ticket_number).strip().isdigit():
        if counter is None:
            raise ValueError("a ticket number needs a counter")
        return announcement_text(int(text_or_ticket_number), counter)
    return str(text_or_ticket_number)


def _counter_phrase(counter: int | str) -> str:
    if isinstance(counter, int) or str(counter).strip().isdigit():
        return f"quầy số {int(counter)}"
    match = _COUNTER_NAME.match(counter)
    return f"quầy số {match.group(1)}" if match else counter.strip()
