"""An age range written right after the population it bounds ("Men or women 18 to 65 years",
"Healthy volunteers 18 to 55 years inclusive") is an age (issue 12, item 3): the range writes its
unit once, after its second end. A row of a table of values by age is not."""

from __future__ import annotations

import pytest

import criteria


def _rule(text: str):
    tree = criteria.parse_criteria(f"Inclusion Criteria:\n\n* {text}\n")
    return tree.inclusion[0].rule


def _ages(rule):
    return [n for n in rule.walk() if n.kind == "age"]


@pytest.mark.parametrize("text, low, high", [
    ("Men or women 18 to 65 years inclusive", 18, 65),
    ("Male or female subjects between 18 and 75 years", 18, 75),
    ("Adult male 18-60 years", 18, 60),
    ("Healthy volunteers 18 to 55 years inclusive", 18, 55),
])
def test_a_range_after_the_population_is_its_age(text, low, high):
    [age] = _ages(_rule(text))
    assert (age.low.value, age.high.value, age.low.unit) == (low, high, "year")
    assert not [n for n in _rule(text).walk() if n.kind == "unparsed"]


def test_a_row_of_a_table_by_age_is_no_age():
    rule = _rule("Maximum serum creatinine by age: Male Female 2 to < 6 years 0.8 0.8")
    assert not _ages(rule)


def test_a_range_without_its_unit_is_no_age():
    assert not _ages(_rule("Male or female 18 to 65"))


def test_an_age_from_the_range_rules_a_patient_out():
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Men or women 18 to 65 years inclusive\n")
    old = criteria.Patient.model_validate({"age": 80, "sex": "male"})
    assert criteria.evaluate(tree, old).criteria[0].verdict == "not_met"
