"""Synonym rules: checking an admin's list, the bundled defaults, and which list is in force."""
import json

import pytest

from kiosk.core.synonyms import (DEFAULT_PATH, SETTING_KEY, Synonym, SynonymError, as_list, default_synonyms,
                                 parse_synonyms, synonyms_from_settings)


def test_a_good_list_becomes_rules_with_spaces_tidied():
    rules = parse_synonyms([{"phrase": "  sao   y ", "means": "chứng thực  bản sao"}])
    assert rules == (Synonym("sao y", "chứng thực bản sao"),)
    assert as_list(rules) == [{"phrase": "sao y", "means": "chứng thực bản sao"}]


def test_every_bad_rule_is_named_with_its_line():
    with pytest.raises(SynonymError) as caught:
        parse_synonyms([{"phrase": "sao y", "means": ""}, "công chứng", {"phrase": "SAO Ý", "means": "x"},
                        {"phrase": "a" * 81, "means": "b"}])
    problems = caught.value.problems
    assert [p["field"] for p in problems] == ["search_synonyms[0].means", "search_synonyms[1]",
                                              "search_synonyms[2].phrase", "search_synonyms[3].phrase"]
    assert problems[0]["message"] == "Dòng 1: thiếu nghĩa."
    assert "đã có ở dòng 1" in problems[2]["message"]   # "SAO Ý" folds to the same words as "sao y"
    assert all(p["reason"] and p["message"] for p in problems)


@pytest.mark.parametrize("raw", [None, "sao y = chứng thực", {"phrase": "a", "means": "b"}])
def test_something_other_than_a_list_is_refused(raw):
    with pytest.raises(SynonymError) as caught:
        parse_synonyms(raw)
    assert caught.value.problems[0]["field"] == SETTING_KEY


def test_too_many_rules_are_refused():
    with pytest.raises(SynonymError):
        parse_synonyms([{"phrase": f"cụm {n}", "means": "khai sinh"} for n in range(501)])


def test_the_bundled_rules_load_and_hold_the_everyday_words_of_the_issue():
    rules = {rule.phrase: rule.means for rule in default_synonyms()}
    assert rules["giấy chứng tử"] == "khai tử"
    assert rules["sao y"] == rules["công chứng"] == "chứng thực bản sao"
    assert rules["độc thân"] == "tình trạng hôn nhân"
    assert len(rules) == len(json.loads(DEFAULT_PATH.read_text(encoding="utf-8")))


def test_the_saved_list_wins_and_an_empty_one_means_no_rules():
    assert synonyms_from_settings({}) == default_synonyms()
    saved = {SETTING_KEY: [{"phrase": "đám hiếu", "means": "khai tử"}]}
    assert synonyms_from_settings(saved) == (Synonym("đám hiếu", "khai tử"),)
    assert synonyms_from_settings({SETTING_KEY: []}) == ()


def test_a_damaged_saved_list_falls_back_to_the_bundled_rules():
    assert synonyms_from_settings({SETTING_KEY: "not a list"}) == default_synonyms()
