"""Performance scores listed with "or" after an equals sign, or with several "or"s, are one set
(issue 11, item 1): "ECOG PS = 0 or 1" had been read as ECOG = 0 with "or 1" left over, so a patient
with ECOG 1 was never included; "ECOG 0 or 1 or 2" kept "1 or 2" unread. Sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

import criteria


def _rule(text: str):
    return next(criteria.parse_criteria(f"Inclusion Criteria:\n\n* {text}\n").criteria()).rule


@pytest.mark.parametrize("text, low, high", [
    ("ECOG performance status = 0 or 1", 0, 1),
    ("ECOG PS = 0, 1 or 2", 0, 2),
    ("ECOG 0 or 1 or 2", 0, 2),
    ("Zubrod performance status = 1 or 2", 1, 2),
])
def test_scores_joined_by_or_are_one_set(text, low, high):
    rule = _rule(text)
    assert rule.kind == "performance_status"
    assert (rule.op, rule.value, rule.value_high) == ("between", low, high)


def test_an_equals_sign_before_one_score_is_still_that_score():
    rule = _rule("ECOG = 2")
    assert (rule.op, rule.value) == ("==", 2)


def test_another_scale_after_the_set_is_an_alternative():
    rule = _rule("ECOG 0 or 1 or Karnofsky >= 70")
    assert rule.kind == "any_of"
    assert [n.scale for n in rule.items] == ["ecog", "karnofsky"]


@pytest.mark.parametrize("score, verdict", [(1, "met"), (2, "not_met")])
def test_the_set_admits_each_listed_score(score, verdict):
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* ECOG PS = 0 or 1\n")
    patient = {"performance_status": {"scale": "ECOG", "value": score}}
    assert criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict.value == verdict
