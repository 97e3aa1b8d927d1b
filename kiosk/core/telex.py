"""Telex input: turn keystrokes such as "chuwngs thuwcj" into Vietnamese ("chứng thực").

The kiosk's on-screen keyboard has plain Latin keys, so people who know Telex type it.
Each word is converted on its own; a word that does not make a valid Vietnamese syllable
once converted (an English word, a code, a typo) passes through unchanged.
"""
from __future__ import annotations

import re
import unicodedata

TONE_KEYS = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323", "z": ""}
CIRCUMFLEX = {"a": "â", "e": "ê", "o": "ô"}
BREVE_OR_HORN = {"a": "ă", "o": "ơ", "u": "ư"}
MODIFIED_VOWELS = "ăâêôơư"
PLAIN_VOWELS = "aeiouy"

INITIALS = ("ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
            "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
FINALS = ("ch", "ng", "nh", "c", "m", "n", "p", "t", "")
NUCLEI = frozenset("""
    a ă â e ê i y o ô ơ u ư
    ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê
    iêu yêu oai oay oao oeo uây uôi uya uyê uyu ươi ươu
""".split())

_WORD = re.compile(r"[^\W\d_]+")


def telex_to_vietnamese(text: str) -> str:
    """Convert every Telex word of `text`; everything else is kept as typed."""
    return _WORD.sub(lambda match: convert_word(match.group()), text)


def convert_word(word: str) -> str:
    """One Telex word to one Vietnamese syllable, or the word unchanged when it isn't Telex."""
    if not word.isascii():
        return word
    syllable = _syllable(word.lower())
    if syllable is None:
        return word
    if word.isupper() and len(word) > 1:
        return syllable.upper()
    return syllable[0].upper() + syllable[1:] if word[0].isupper() else syllable


def _syllable(keys: str) -> str | None:
    letters, tone = _split_tone(keys)
    base = _apply_modifiers(letters)
    if base is None:
        return None
    parts = _parse(base)
    if parts is None:
        return None
    initial, nucleus, final = parts
    return unicodedata.normalize("NFC", initial + _place_tone(nucleus, bool(final), tone) + final)


def _split_tone(keys: str) -> tuple[str, str]:
    """Tone keys only count after the first vowel: 's' in 'sinh' is a consonant."""
    letters, tone, seen_vowel = [], "", False
    for key in keys:
        if seen_vowel and key in TONE_KEYS:
            tone = TONE_KEYS[key]
            continue
        seen_vowel = seen_vowel or key in PLAIN_VOWELS + "w"
        letters.append(key)
    return "".join(letters), tone


def _apply_modifiers(letters: str) -> str | None:
    out: list[str] = []
    for key in letters:
        if key == "w":
            if not _apply_w(out):
                return None
        elif key in CIRCUMFLEX and out and out[-1] == key:
            out[-1] = CIRCUMFLEX[key]
        elif key == "d" and out == ["d"]:
            out[0] = "đ"
        else:
            out.append(key)
    return "".join(out)


def _apply_w(out: list[str]) -> bool:
    """'w' hooks "uo" into "ươ", else the last a/o/u; alone it is "ư". False when it has no target."""
    joined = "".join(out)
    for pair in ("uo", "ưo", "uơ"):
        index = joined.rfind(pair)
        if index >= 0:
            out[index:index + 2] = ["ư", "ơ"]
            return True
    for index in range(len(out) - 1, -1, -1):
        if out[index] in BREVE_OR_HORN:
            out[index] = BREVE_OR_HORN[out[index]]
            return True
    if not any(ch in PLAIN_VOWELS + MODIFIED_VOWELS for ch in out):
        out.append("ư")
        return True
    return False


def _parse(base: str) -> tuple[str, str, str] | None:
    for initial in INITIALS:
        if not base.startswith(initial):
            continue
        rest = base[len(initial):]
        for final in FINALS:
            nucleus = rest[:len(rest) - len(final)] if final else rest
            if rest.endswith(final) and nucleus in NUCLEI:
                return initial, nucleus, final
    return None


def _place_tone(nucleus: str, has_final: bool, tone: str) -> str:
    if not tone:
        return nucleus
    index = _tone_position(nucleus, has_final)
    return nucleus[:index] + nucleus[index] + tone + nucleus[index + 1:]


def _tone_position(nucleus: str, has_final: bool) -> int:
    """Traditional placement, as in 'Hòa Bình': the modified vowel, else by length and ending."""
    modified = [i for i, ch in enumerate(nucleus) if ch in MODIFIED_VOWELS]
    if modified:
        return modified[-1]
    if len(nucleus) == 1:
        return 0
    if has_final:
        return len(nucleus) - 1
    return 1 if len(nucleus) == 3 else 0
