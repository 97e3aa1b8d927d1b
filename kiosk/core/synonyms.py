"""Everyday words -> the procedures' own words, for the kiosk search.

Citizens say "giấy chứng tử" for khai tử, "sao y" or "công chứng" for chứng thực bản sao,
"xác nhận độc thân" for xác nhận tình trạng hôn nhân. A rule says what a phrase means:
`Synonym("sao y", "chứng thực bản sao")`. The search reads a query with every rule that
fits it applied (left to right, the longest phrase first at each place) as well as the query
as typed, and keeps the better reading for each procedure.

The bundled rules (assets/synonyms.json) are the default; an admin replaces them on
/admin/settings (the setting `search_synonyms`, a list of {"phrase", "means"}).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping, Sequence

from kiosk import ASSETS
from kiosk.core.folding import fold

SETTING_KEY = "search_synonyms"
DEFAULT_PATH = ASSETS / "synonyms.json"
MAX_RULES, MAX_PHRASE, MAX_MEANS = 500, 80, 200


@dataclass(frozen=True)
class Synonym:
    phrase: str   # what citizens type
    means: str    # the words the catalogue uses for it

    def as_dict(self) -> dict:
        return {"phrase": self.phrase, "means": self.means}


class SynonymError(ValueError):
    """Rules that cannot be used; `problems` is [{"field", "reason", "message"}], one per fault."""

    def __init__(self, problems: list[dict]):
        super().__init__("; ".join(f"{p['field']}: {p['reason']}" for p in problems))
        self.problems = problems


def parse_synonyms(raw: Any, field: str = SETTING_KEY) -> tuple[Synonym, ...]:
    """Rules from a list of {"phrase", "means"}; SynonymError names every bad entry."""
    if not isinstance(raw, list):
        raise SynonymError([_problem(field, "must be a list of {phrase, means}",
                                     "Danh sách từ đồng nghĩa không hợp lệ.")])
    if len(raw) > MAX_RULES:
        raise SynonymError([_problem(field, f"at most {MAX_RULES} rules, got {len(raw)}",
                                     f"Tối đa {MAX_RULES} dòng từ đồng nghĩa.")])
    rules, problems, seen = [], [], {}
    for index, item in enumerate(raw):
        where, line = f"{field}[{index}]", index + 1
        if not isinstance(item, Mapping) or not all(isinstance(item.get(k), str) for k in ("phrase", "means")):
            problems.append(_problem(where, "each rule is an object with the texts phrase and means",
                                     f"Dòng {line}: cần viết “cụm từ = nghĩa”."))
            continue
        phrase, means = " ".join(item["phrase"].split()), " ".join(item["means"].split())
        for key, text, limit in (("phrase", phrase, MAX_PHRASE), ("means", means, MAX_MEANS)):
            if not fold(text):
                problems.append(_problem(f"{where}.{key}", f"{key} has no letters or digits",
                                         f"Dòng {line}: thiếu {'cụm từ' if key == 'phrase' else 'nghĩa'}."))
            elif len(text) > limit:
                problems.append(_problem(f"{where}.{key}", f"{key} is longer than {limit} characters",
                                         f"Dòng {line}: tối đa {limit} ký tự."))
        folded = fold(phrase)
        if folded and folded in seen:
            problems.append(_problem(f"{where}.phrase", f"phrase {phrase!r} repeats rule {seen[folded] + 1}",
                                     f"Dòng {line}: cụm từ “{phrase}” đã có ở dòng {seen[folded] + 1}."))
        seen.setdefault(folded, index)
        rules.append(Synonym(phrase, means))
    if problems:
        raise SynonymError(problems)
    return tuple(rules)


@lru_cache(maxsize=1)
def default_synonyms() -> tuple[Synonym, ...]:
    """The bundled rules; () when the file is missing (the search still works without them)."""
    try:
        raw = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    except OSError:
        return ()
    return parse_synonyms(raw, field=str(DEFAULT_PATH.name))


def synonyms_from_settings(saved: Mapping[str, Any]) -> tuple[Synonym, ...]:
    """The rules in force: the admin's saved list when there is one, else the bundled ones."""
    if SETTING_KEY not in saved:
        return default_synonyms()
    try:
        return parse_synonyms(saved[SETTING_KEY])
    except SynonymError:
        return default_synonyms()


def as_list(rules: Sequence[Synonym]) -> list[dict]:
    return [rule.as_dict() for rule in rules]


def _problem(field: str, reason: str, message: str) -> dict:
    return {"field": field, "reason": reason, "message": message}
