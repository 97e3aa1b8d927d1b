"""Voice packs: short recordings by the centre's own staff, one per phrase, joined into
announcements and guidance in place of espeak-ng (see README "Giọng đọc").

    from kiosk.voice import make_synthesiser
    synthesiser = make_synthesiser(config.speech)   # a pack when one is installed, else espeak-ng
"""
from kiosk.voice.pack import VoicePack
from kiosk.voice.synth import PackSynthesiser, make_synthesiser

__all__ = ["PackSynthesiser", "VoicePack", "make_synthesiser"]
