"""The kiosk's procedure search: tolerant of missing diacritics, i/y, Telex, typos, half-typed
words, everyday words and whole sentences.

`search` folds the query and every procedure to plain words (kiosk/core/folding.py) and
reads the query as typed, as Telex, and with the synonym rules applied (kiosk/core/synonyms.py).
Each query word is scored against the procedure's name (strongest), field, code, then its
guidance and documents (weak), and weighted by how rare the word is in the catalogue (an
IDF computed from the catalogue itself), so "khai sinh" counts for more than "đăng ký".
Filler words ("làm", "giấy", "cho", "con", "xin", "tôi", "muốn", ...) and words the catalogue
never uses count for nothing and need not match. Bonuses go to the query's words read in the
name's order, at its start, to names holding every word that counts, to names the query covers
well, and to names holding the words a synonym rule meant. When some procedures match every
word that counts, those are shown, and a partial match only when it scores above all of them;
otherwise the best partial matches are. A typed code shows only code matches. Ties go to most
requested, then name, then code.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from kiosk.core.catalogue import Procedure
from kiosk.core.folding import fold, within_one_edit
from kiosk.core.synonyms import Synonym, default_synonyms
from kiosk.core.telex import telex_to_vietnamese

__all__ = ["fold", "search", "telex_to_vietnamese", "within_one_edit", "FILLER_WORDS"]

EXACT, PREFIX_LAST, PREFIX, TYPO = 1.0, 0.95, 0.75, 0.7  # the last word is often still being typed
NAME_WEIGHT, FIELD_WEIGHT, TEXT_WEIGHT = 1.0, 0.6, 0.3
PHRASE_BONUS, START_BONUS, BREVITY_BONUS, SYNONYM_BONUS, FILLER_BONUS = 25.0, 5.0, 10.0, 20.0, 0.5
COMPLETE_BONUS = 15.0
CODE_EXACT, CODE_PREFIX, CODE_INSIDE = 1000.0, 500.0, 300.0

# Words people add around what they want, and the relatives they do it for; folded, so "cho"
# is also "chó". Not "đi", "cái", "đang", "đó", "hỏi": folded they are words of procedure
# names (di chúc, cải chính, đăng ký, mức độ, xã hội).
FILLER_WORDS = frozenset(fold("""
    làm giấy cho con cháu bé em xin tôi mình muốn cần ở đâu thế nào gì ạ ơi nhé
    với và của để thì là có được bị đã sẽ mới một những các này đến lấy về nay luôn trong
    thủ tục trên mẹ bố ông bà vợ chồng trẻ
""").split())


def search(procedures: Iterable[Procedure], query: str, limit: int = 10,
           synonyms: Sequence[Synonym] | None = None) -> list[Procedure]:
    """Active procedures matching `query`, best first; [] for an empty query.
    `synonyms`: the rules in force; None means the bundled ones, () none."""
    if limit < 1:
        return []
    rules = default_synonyms() if synonyms is None else tuple(synonyms)
    return _searcher(tuple(procedures), rules).search(query, limit)


@lru_cache(maxsize=8)
def _searcher(procedures: tuple[Procedure, ...], rules: tuple[Synonym, ...]) -> "_Searcher":
    return _Searcher(procedures, rules)


@dataclass(frozen=True)
class _Term:
    """One query word as it is compared: the last may be half typed; a word the catalogue
    itself uses is taken as meant ("tang" is not a typo of "dang"), others may hold one typo."""
    word: str
    last: bool
    typo: bool


@dataclass(frozen=True)
class _Query:
    terms: tuple[_Term, ...]
    weights: tuple[float, ...]              # how much each term counts; 0 for a filler
    matches: tuple[dict[str, float], ...]   # per term: the catalogue words it matches, how well
    compact: str                            # letters and digits only, for code look-up
    meant: tuple[tuple[int, int], ...] = ()  # spans of terms that came from a synonym rule


@dataclass(frozen=True)
class _Index:
    name: tuple[str, ...]
    words: frozenset[str]  # of the name
    field: frozenset[str]
    text: frozenset[str]
    code: str


@dataclass(frozen=True)
class _Match:
    score: float
    complete: bool
    by_code: bool = False

    @property
    def rank(self) -> tuple[bool, float]:
        return self.complete, self.score


class _Searcher:
    """One catalogue and one set of rules, indexed once; the kiosk searches at every keystroke."""

    def __init__(self, procedures: tuple[Procedure, ...], rules: tuple[Synonym, ...]):
        self.procedures = [p for p in procedures if p.active]
        self.indexes = [_index(p) for p in self.procedures]
        self.rules = _compile(rules)
        self.idf = _idf(self.indexes)
        self.holders = _holders(self.indexes)
        self._matches: dict[_Term, dict[str, float]] = {}

    def search(self, query: str, limit: int) -> list[Procedure]:
        variants = self._variants(query)
        if not variants:
            return []
        scored = []
        for at in sorted(self._candidates(variants)):
            procedure, index = self.procedures[at], self.indexes[at]
            match = max((_score(index, v) for v in variants), key=lambda m: m.rank)
            if match.score > 0:
                scored.append((match, procedure))
        if any(match.by_code for match, _ in scored):  # a code is typed on purpose
            scored = [(match, p) for match, p in scored if match.by_code]
        best_complete = max((match.score for match, _ in scored if match.complete), default=None)
        if best_complete is not None:  # a partial match stays only when it beats every complete one
            scored = [(match, p) for match, p in scored if match.complete or match.score > best_complete]
        scored.sort(key=lambda pair: (-round(pair[0].score, 6), not pair[1].most_requested,
                                      fold(pair[1].name), pair[1].code))
        return [procedure for _, procedure in scored[:limit]]

    def _candidates(self, variants: list[_Query]) -> set[int]:
        """Procedures holding a word some query word matches, or whose code may match."""
        found: set[int] = set()
        for variant in variants:
            if any(ch.isdigit() for ch in variant.compact):
                return set(range(len(self.procedures)))
            for matches in variant.matches:
                for word in matches:
                    found |= self.holders[word]
        return found

    def _variants(self, query: str) -> list[_Query]:
        """The query as typed, as Telex, and each of those with the synonym rules applied."""
        variants: list[_Query] = []
        readings: list[tuple[str, ...]] = []
        for text in dict.fromkeys([query, telex_to_vietnamese(query)]):
            words = tuple(fold(text).split())
            if not words:
                continue
            for words, meant in ((words, ()), _apply_rules(words, self.rules)):
                if words not in readings:
                    readings.append(words)
                    variants.append(self._query(words, meant))
        return variants

    def _query(self, words: tuple[str, ...], meant: tuple[tuple[int, int], ...]) -> _Query:
        terms = tuple(_Term(w, i == len(words) - 1, w not in self.idf) for i, w in enumerate(words))
        all_filler = all(w in FILLER_WORDS for w in words)
        weights = tuple(0.0 if t.word in FILLER_WORDS and not all_filler else self._idf_of(t) for t in terms)
        if not any(weights):  # nothing but fillers and unknown words: let the fillers count
            weights = tuple(self._idf_of(t) for t in terms)
        return _Query(terms, weights, tuple(self._matches_of(t) for t in terms), "".join(words), meant)

    def _idf_of(self, term: _Term) -> float:
        """IDF of the word, or the mean IDF of the catalogue words it may stand for; 0 for a
        word the catalogue never uses: it cannot tell one procedure from another."""
        if term.word in self.idf:
            return self.idf[term.word]
        near = [self.idf[word] for word in self._matches_of(term)]
        return sum(near) / len(near) if near else 0.0

    def _matches_of(self, term: _Term) -> dict[str, float]:
        """Every catalogue word the term matches, once per term: scoring then only looks up."""
        found = self._matches.get(term)
        if found is None:
            if len(self._matches) > 20000:
                self._matches.clear()
            found = self._matches[term] = {w: s for w in self.idf if (s := _match(term, w)) > 0}
        return found


def _idf(indexes: list[_Index]) -> dict[str, float]:
    counts: dict[str, int] = {}
    for index in indexes:
        for word in set(index.name) | index.field | index.text:
            counts[word] = counts.get(word, 0) + 1
    return {word: math.log(1 + len(indexes) / n) for word, n in counts.items()}


def _holders(indexes: list[_Index]) -> dict[str, set[int]]:
    holders: dict[str, set[int]] = {}
    for at, index in enumerate(indexes):
        for word in index.words | index.field | index.text:
            holders.setdefault(word, set()).add(at)
    return holders


@lru_cache(maxsize=4096)
def _index(procedure: Procedure) -> _Index:
    text = " ".join([procedure.guidance, *(d.name for d in procedure.documents)])
    return _Index(
        name=tuple(fold(procedure.name).split()),
        words=frozenset(fold(procedure.name).split()),
        field=frozenset(fold(procedure.field).split()),
        text=frozenset(fold(text).split()),
        code=fold(procedure.code).replace(" ", ""),
    )


# -- synonym rules ------------------------------------------------------------------------

def _compile(rules: tuple[Synonym, ...]) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(phrase words, meaning words), longest phrase first."""
    compiled = [(tuple(fold(r.phrase).split()), tuple(fold(r.means).split())) for r in rules]
    return tuple(sorted((c for c in compiled if c[0] and c[1]), key=lambda c: -len(c[0])))


def _apply_rules(words: tuple[str, ...], rules) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    """The query with every rule that fits applied, left to right, the longest phrase first."""
    out: list[str] = []
    meant: list[tuple[int, int]] = []
    at = 0
    while at < len(words):
        rule = next((r for r in rules if _phrase_fits(words, at, r[0])), None)
        if rule is None:
            out.append(words[at])
            at += 1
            continue
        meant.append((len(out), len(out) + len(rule[1])))
        out.extend(rule[1])
        at += len(rule[0])
    return tuple(out), tuple(meant)


def _phrase_fits(words: tuple[str, ...], at: int, phrase: tuple[str, ...]) -> bool:
    """Exact words (no typo tolerance: "chối" is one letter from "cưới"); only the query's last
    word, still being typed, may be the start (3 letters or more) of a longer phrase's last word."""
    typed = words[at:at + len(phrase)]
    if len(typed) < len(phrase):
        return False
    if typed == phrase:
        return True
    being_typed = at + len(phrase) == len(words) and len(phrase) > 1 and len(typed[-1]) >= 3
    return being_typed and typed[:-1] == phrase[:-1] and phrase[-1].startswith(typed[-1])


# -- scoring --------------------------------------------------------------------------------

def _score(index: _Index, query: _Query) -> _Match:
    code_score = _code_score(index.code, query.compact)
    in_name = [_best(m, index.words) for m in query.matches]
    per_term = [max(NAME_WEIGHT * n, FIELD_WEIGHT * _best(m, index.field), TEXT_WEIGHT * _best(m, index.text))
                for m, n in zip(query.matches, in_name)]
    total = sum(query.weights)
    text_score = 100.0 * sum(w * s for w, s in zip(query.weights, per_term)) / total if total else 0.0
    counted = [(s, n) for w, s, n in zip(query.weights, per_term, in_name) if w > 0]
    complete = code_score > 0 or all(s > 0 for s, _ in counted)
    if text_score > 0:
        places = [frozenset(i for i, word in enumerate(index.name) if word in m) if n else frozenset()
                  for m, n in zip(query.matches, in_name)]
        text_score += _name_bonus(len(index.name), query, places)
        if complete and all(n > 0 for _, n in counted):
            text_score += COMPLETE_BONUS  # every word that counts is in the name itself
    return _Match(max(code_score, text_score), complete, code_score > 0)


def _code_score(code: str, compact: str) -> float:
    if not any(ch.isdigit() for ch in compact) or len(compact) < 2:
        return 0.0
    if code == compact:
        return CODE_EXACT
    if code.startswith(compact):
        return CODE_PREFIX + 100.0 * len(compact) / len(code)
    return CODE_INSIDE if compact in code else 0.0


def _best(matches: dict[str, float], words: frozenset[str]) -> float:
    """The best match of a term (its matches) among a set of words."""
    if len(matches) < len(words):
        return max((s for w, s in matches.items() if w in words), default=0.0)
    return max((matches.get(w, 0.0) for w in words), default=0.0)


@lru_cache(maxsize=65536)
def _match(term: _Term, candidate: str) -> float:
    """How well one typed word matches one catalogue word: exact, prefix, or one typo away."""
    word = term.word
    if word == candidate:
        return EXACT
    if candidate.startswith(word) and (term.last or len(word) >= 2):
        return PREFIX_LAST if term.last else PREFIX
    if term.typo and min(len(word), len(candidate)) >= 3 and max(len(word), len(candidate)) >= 4 \
            and within_one_edit(word, candidate):
        return TYPO
    return 0.0


def _name_bonus(name_length: int, query: _Query, places: list[frozenset[int]]) -> float:
    """Reward the words that count read in the name's order (each neighbouring pair that is
    also neighbouring in the name; all of them at the name's start), a name the query covers
    well, names holding what a synonym meant (in its order: full bonus), and fillers the name
    has. `places`: where in the name each query word is."""
    content = [p for p, w in zip(places, query.weights) if w > 0]
    bonus = PHRASE_BONUS * _in_order(content)
    if content and all(i in p for i, p in enumerate(content)):
        bonus += START_BONUS
    for a, b in query.meant:
        if all(places[a:b]):
            bonus += SYNONYM_BONUS * (1.0 if _phrase_anywhere(places[a:b]) else 0.5)
            break
    fillers = sum(1 for w, p in zip(query.weights, places) if w == 0 and p)
    return bonus + FILLER_BONUS * fillers + BREVITY_BONUS * min(len(content) / max(name_length, 1), 1.0)


def _in_order(content: Sequence[frozenset[int]]) -> float:
    """Share of neighbouring query pairs that are neighbours in the name (1 word: in the name)."""
    if len(content) == 1:
        return 1.0 if content[0] else 0.0
    pairs = list(zip(content, content[1:]))
    return sum(1 for pair in pairs if _phrase_anywhere(pair)) / len(pairs) if pairs else 0.0


def _phrase_anywhere(places: Sequence[frozenset[int]]) -> bool:
    """The words at consecutive places of the name, somewhere."""
    return any(all(start + i in p for i, p in enumerate(places)) for start in places[0]) if places else False
