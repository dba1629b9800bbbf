"""A word before a bounded value that only says which way the bound goes ("Elevated ALT > 3 x ULN",
"Low platelet count < 50,000/uL") is a description of the bound, not words that hold the verdict
unknown; with it read, "Diabetes or abnormal fasting glucose > 126 mg/dL" lists two alternatives
(issue 11, items 1 and 5). Sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

import criteria


def _criterion(text: str, section: str = "Exclusion"):
    return next(criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n").criteria())


@pytest.mark.parametrize("text, kind", [
    ("Elevated ALT > 3 x ULN", "lab_threshold"),
    ("Low platelet count < 50,000/uL", "lab_threshold"),
    ("Reduced LVEF < 40%", "lab_threshold"),
])
def test_a_direction_word_agreeing_with_the_bound_is_a_description(text, kind):
    criterion = _criterion(text)
    assert criterion.rule.kind in (kind, "measure_threshold")
    assert criterion.remarks and criterion.remarks[0].about == "description"


def test_a_direction_word_against_the_bound_stays_unread():
    rule = _criterion("High ALT < 3 x ULN").rule
    assert any(n.kind == "unparsed" and n.text == "High" for n in rule.walk())


def test_with_the_word_read_the_alternatives_are_joined():
    rule = _criterion("Diabetes or abnormal fasting glucose > 126 mg/dL").rule
    assert rule.kind == "any_of" and len(rule.items) == 2
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Diabetes or abnormal fasting glucose > 126 mg/dL\n")
    patient = {"conditions": [], "complete": ["conditions"],
               "labs": [{"name": "fasting glucose", "value": 140, "unit": "mg/dL"}]}
    assert criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict.value == "met"
