"""Every way a text says a condition is not under control reads as "uncontrolled" (issue 11, item 4):
"Not well controlled diabetes" had been read as not(controlled diabetes), which excluded every patient
without controlled diabetes, a healthy one too; "inadequately-controlled hypertension" as controlled
hypertension with "inadequately" left over: the opposite. Sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

import criteria


def _rule(text: str):
    return next(criteria.parse_criteria(f"Exclusion Criteria:\n\n* {text}\n").criteria()).rule


@pytest.mark.parametrize("text, name", [
    ("Not well controlled diabetes", "diabetes_mellitus"),
    ("Diabetes mellitus not well controlled", "diabetes_mellitus"),
    ("Uncontrollable hypertension", "hypertension"),
    ("Inadequately-controlled hypertension", "hypertension"),
    ("Poorly-controlled hypertension", "hypertension"),
    ("Suboptimally controlled asthma", "asthma"),
    ("Depression that is not adequately controlled", "depression"),
])
def test_uncontrolled_in_any_words(text, name):
    rule = _rule(text)
    assert (rule.kind, rule.name) == ("condition", name)
    assert "uncontrolled" in rule.status and "controlled" not in rule.status


def test_a_healthy_patient_is_not_excluded():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Not well controlled diabetes\n")
    patient = {"conditions": [], "complete": ["conditions"]}
    assert criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict.value == "not_met"
