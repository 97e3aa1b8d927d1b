"""“Nghe thử” and “In thử”: hear the guidance through the speech engine, see or print the
leaflet, before saving. Pure functions over a record; no store access."""
from __future__ import annotations

import io
from pathlib import Path

from kiosk.config import Config


def guidance_wav(text: str, config: Config) -> Path:
    """The guidance as a cached WAV, rendered the way the kiosk's speaker renders it.
    Raises SpeechUnavailable (no espeak-ng or no Vietnamese voice) or ValueError (no text)."""
    from kiosk.speech.cache import DEFAULT_CACHE_DIR, AudioCache
    from kiosk.speech.normalise import normalise
    from kiosk.speech.render import SpeechRenderer
    from kiosk.speech.speaker import project_path
    from kiosk.speech.synth import Pyttsx3Synthesiser
    settings = config.speech
    if not text or not text.strip():
        raise ValueError("there is no guidance text to read")
    synthesiser = Pyttsx3Synthesiser(settings.voice, settings.rate, settings.volume)
    cache = AudioCache(project_path(settings.cache_dir or DEFAULT_CACHE_DIR))
    renderer = SpeechRenderer(synthesiser, cache, settings.announcement_repeat)
    return renderer.speech_wav(normalise(text, settings.region, settings.number_reading))


def leaflet(record: dict, config: Config, portal_url: str):
    from printers import Leaflet
    return Leaflet.from_procedure({**record, "portal_url": portal_url}, config.centre.name)


def leaflet_png(record: dict, config: Config, portal_url: str) -> bytes:
    from printers import render_leaflet_png
    image = render_leaflet_png(leaflet(record, config, portal_url), config.printer.paper_width)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
