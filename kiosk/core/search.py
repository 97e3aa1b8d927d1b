"""The kiosk's procedure search, tolerant of missing diacritics, Telex, typos and half-typed words.

`search` folds the query and every procedure to plain lowercase ASCII words and scores
each query word against the procedure's name (strongest), field, code, then its guidance
and documents (weak). When some procedures match every query word, only those are shown;
otherwise the best partial matches are. Ties go to most requested, then name, then code.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from kiosk.core.catalogue import Procedure
from kiosk.core.telex import telex_to_vietnamese

__all__ = ["fold", "search", "telex_to_vietnamese", "within_one_edit"]

EXACT, PREFIX_LAST, PREFIX, TYPO = 1.0, 0.95, 0.75, 0.7  # the last word is often still being typed
NAME_WEIGHT, FIELD_WEIGHT, TEXT_WEIGHT = 1.0, 0.6, 0.3
PHRASE_BONUS, START_BONUS, BREVITY_BONUS = 25.0, 5.0, 10.0
CODE_EXACT, CODE_PREFIX, CODE_INSIDE = 1000.0, 500.0, 300.0

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lowercase ASCII words: "Chứng thực bản sao" -> "chung thuc ban sao"."""
    text = unicodedata.normalize("NFC", text).lower().replace("đ", "d")
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", stripped).strip()


def search(procedures: Iterable[Procedure], query: str, limit: int = 10) -> list[Procedure]:
    """Active procedures matching `query`, best first; [] for an empty query."""
    variants = _query_variants(query)
    if not variants or limit < 1:
        return []
    scored = []
    for procedure in procedures:
        if not procedure.active:
            continue
        match = max((_score(_index(procedure), variant) for variant in variants), key=lambda m: m.rank)
        if match.score > 0:
            scored.append((match, procedure))
    if any(match.complete for match, _ in scored):
        scored = [(match, p) for match, p in scored if match.complete]
    scored.sort(key=lambda pair: (-round(pair[0].score, 6), not pair[1].most_requested,
                                  fold(pair[1].name), pair[1].code))
    return [procedure for _, procedure in scored[:limit]]


def within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    start = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    if len(a) < len(b):
        return a[start:] == b[start + 1:]
    swapped = start + 1 < len(a) and a[start] == b[start + 1] and a[start + 1] == b[start]
    return a[start + 1:] == b[start + 1:] or (swapped and a[start + 2:] == b[start + 2:])


@dataclass(frozen=True)
class _Query:
    words: tuple[str, ...]
    compact: str  # letters and digits only, for code look-up


@dataclass(frozen=True)
class _Index:
    name: tuple[str, ...]
    field: frozenset[str]
    text: frozenset[str]
    code: str


@dataclass(frozen=True)
class _Match:
    score: float
    complete: bool

    @property
    def rank(self) -> tuple[bool, float]:
        return self.complete, self.score


def _query_variants(query: str) -> list[_Query]:
    variants = []
    for text in dict.fromkeys([query, telex_to_vietnamese(query)]):
        folded = fold(text)
        if folded and all(v.words != tuple(folded.split()) for v in variants):
            variants.append(_Query(tuple(folded.split()), folded.replace(" ", "")))
    return variants


@lru_cache(maxsize=4096)
def _index(procedure: Procedure) -> _Index:
    text = " ".join([procedure.guidance, *(d.name for d in procedure.documents)])
    return _Index(
        name=tuple(fold(procedure.name).split()),
        field=frozenset(fold(procedure.field).split()),
        text=frozenset(fold(text).split()),
        code=fold(procedure.code).replace(" ", ""),
    )


def _score(index: _Index, query: _Query) -> _Match:
    code_score = _code_score(index.code, query.compact)
    last = len(query.words) - 1
    per_word = [_word_score(index, word, i == last) for i, word in enumerate(query.words)]
    text_score = 100.0 * sum(per_word) / len(per_word)
    if text_score > 0:
        text_score += _name_bonus(index.name, query.words)
    complete = code_score > 0 or all(per_word)
    return _Match(max(code_score, text_score), complete)


def _code_score(code: str, compact: str) -> float:
    if not any(ch.isdigit() for ch in compact) or len(compact) < 2:
        return 0.0
    if code == compact:
        return CODE_EXACT
    if code.startswith(compact):
        return CODE_PREFIX + 100.0 * len(compact) / len(code)
    return CODE_INSIDE if compact in code else 0.0


def _word_score(index: _Index, word: str, is_last: bool) -> float:
    return max(
        NAME_WEIGHT * _best_match(word, index.name, is_last),
        FIELD_WEIGHT * _best_match(word, index.field, is_last),
        TEXT_WEIGHT * _best_match(word, index.text, is_last),
    )


def _best_match(word: str, candidates: tuple[str, ...] | frozenset[str], is_last: bool) -> float:
    if word in candidates:
        return EXACT
    return max((_match(word, candidate, is_last) for candidate in candidates), default=0.0)


@lru_cache(maxsize=65536)
def _match(word: str, candidate: str, is_last: bool) -> float:
    """How well one typed word matches one catalogue word: exact, prefix, or one typo away."""
    if word == candidate:
        return EXACT
    if candidate.startswith(word) and (is_last or len(word) >= 2):
        return PREFIX_LAST if is_last else PREFIX
    if min(len(word), len(candidate)) >= 3 and max(len(word), len(candidate)) >= 4 \
            and within_one_edit(word, candidate):
        return TYPO
    return 0.0


def _name_bonus(name: tuple[str, ...], words: tuple[str, ...]) -> float:
    """Reward the query read as a phrase of the name, at its start, and a short name."""
    bonus = 0.0
    starts = [s for s in range(len(name) - len(words) + 1) if _phrase_at(name, words, s)]
    if starts:
        bonus += PHRASE_BONUS + (START_BONUS if starts[0] == 0 else 0.0)
    return bonus + BREVITY_BONUS * min(len(words) / max(len(name), 1), 1.0)


def _phrase_at(name: tuple[str, ...], words: tuple[str, ...], start: int) -> bool:
    last = len(words) - 1
    return all(_match(w, name[start + i], i == last) for i, w in enumerate(words))
