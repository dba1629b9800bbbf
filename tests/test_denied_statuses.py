""""Not" before a status of a condition says the opposite status (issue 11, item 4): "Not stable brain
metastases" had been read as not(stable brain metastases), which excluded every patient without stable
brain metastases, a healthy one too. Only the bare word "not", only a status said of a condition, and
only where the opposite is what the words mean ("not adequately treated" is not "untreated").
Sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

import criteria


def _rule(text: str):
    return next(criteria.parse_criteria(f"Exclusion Criteria:\n\n* {text}\n").criteria()).rule


@pytest.mark.parametrize("text, name, status", [
    ("Not stable brain metastases", "cns_metastases", "unstable"),
    ("Angina that is not stable", "angina", "unstable"),
    ("Brain metastases that are not clinically stable, requiring steroids", "cns_metastases", "unstable"),
    ("Tuberculosis that is not treated", "tuberculosis", "untreated"),
])
def test_not_before_a_status_is_its_opposite(text, name, status):
    rule = _rule(text)
    condition = next(n for n in rule.walk() if n.kind == "condition" and n.name == name)
    assert status in condition.status
    assert not any(n.kind == "not" for n in rule.walk())


@pytest.mark.parametrize("text", ["Tuberculosis not adequately treated", "Malignancy not treated with curative intent"])
def test_a_qualified_status_denied_is_not_its_opposite(text):
    assert not any("untreated" in getattr(n, "status", ()) for n in _rule(text).walk())


def test_not_before_the_act_that_settles_it_is_left_to_the_act():
    rule = _rule("Spinal cord compression not treated by surgery or radiotherapy")
    assert not any("untreated" in getattr(n, "status", ()) for n in rule.walk() if n.kind != "condition")


def test_a_healthy_patient_is_not_excluded():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Not stable brain metastases\n")
    patient = {"conditions": [], "complete": ["conditions"]}
    assert criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict.value == "not_met"
