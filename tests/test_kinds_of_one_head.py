"""Kinds of one head written once and joined by "and" in an exclusion ("renal and hepatic disease",
"alcoholic and autoimmune hepatitis") exclude for each kind, as a list of them does (issue 11, item 1).
Two conditions named in full and joined by "and" ("diabetes and hypertension") may be asked together,
and stay so; in an inclusion the kinds stay all required. Sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

import criteria


def _rule(text: str, section: str = "Exclusion"):
    return criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n").criteria().__next__().rule


@pytest.mark.parametrize("text, names", [
    ("Renal and hepatic disease", {"chronic_kidney_disease", "liver_disease"}),
    ("Significant cardiac and pulmonary disease", {"heart_disease", "pulmonary_disease"}),
    ("Alcoholic and autoimmune hepatitis", {"alcoholic_hepatitis", "autoimmune_hepatitis"}),
])
def test_kinds_of_one_head_in_an_exclusion_are_alternatives(text, names):
    rule = _rule(text)
    assert rule.kind == "any_of" and {item.name for item in rule.items} == names


def test_two_conditions_named_in_full_stay_together():
    assert _rule("Diabetes and hypertension").kind == "all_of"


def test_in_an_inclusion_the_kinds_stay_all_required():
    assert _rule("Renal and hepatic disease", "Inclusion").kind == "all_of"


def test_a_patient_with_one_kind_is_excluded():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Renal and hepatic disease\n")
    patient = {"conditions": [{"name": "cirrhosis of liver"}], "complete": ["conditions"]}
    assert criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict.value == "met"
