"""Offline Vietnamese speech: espeak-ng through pyttsx3, with a queue for announcements.

    from kiosk.speech import make_speaker, DummySpeaker
    speaker = make_speaker(config.speech)
    speaker.say(text, priority="guidance" | "announcement")
    speaker.stop()
"""
from kiosk.speech.announcements import announcement_text, render_announcement_wav
from kiosk.speech.normalise import normalise
from kiosk.speech.numbers import digits_to_words, number_to_words
from kiosk.speech.speaker import DummySpeaker, FileSpeaker, Pyttsx3Speaker, Speaker, make_speaker
from kiosk.speech.synth import SpeechUnavailable

__all__ = [
    "DummySpeaker",
    "FileSpeaker",
    "Pyttsx3Speaker",
    "Speaker",
    "SpeechUnavailable",
    "announcement_text",
    "digits_to_words",
    "make_speaker",
    "normalise",
    "number_to_words",
    "render_announcement_wav",
]
