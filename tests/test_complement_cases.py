"""A second bound's case that restates the first bound's failure (issue 11, item 1): "Creatinine <=
1.5 x ULN OR creatinine clearance >= 60 mL/min for patients with creatinine levels above institutional
normal" admits the same patients as the two bounds joined by "or"; the case is a description, not
unread words that held every verdict unknown. Sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

import criteria

TEXT = ("Serum creatinine <= 1.5 x ULN or creatinine clearance >= 60 mL/min for subjects with creatinine "
        "levels above the upper limit of normal")


def _criterion(text: str):
    return next(criteria.parse_criteria(f"Inclusion Criteria:\n\n* {text}\n").criteria())


def test_the_case_is_a_description_of_the_alternative():
    criterion = _criterion(TEXT)
    assert criterion.rule.kind == "any_of"
    assert not any(n.kind == "unparsed" for n in criterion.rule.walk())
    assert any(r.text.startswith("for subjects with creatinine levels") for r in criterion.remarks)


@pytest.mark.parametrize("creatinine, clearance, verdict", [
    (3.0, 70, "met"),  # above the limit, cleared by the second bound
    (3.0, 40, "not_met"),
    (0.9, 40, "met"),  # within the first bound
])
def test_either_bound_admits(creatinine, clearance, verdict):
    tree = criteria.parse_criteria(f"Inclusion Criteria:\n\n* {TEXT}\n")
    patient = {"labs": [{"name": "creatinine", "value": creatinine, "unit": "mg/dL", "uln": 1.2},
                        {"name": "creatinine clearance", "value": clearance, "unit": "mL/min"}]}
    assert criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict.value == verdict


def test_a_case_on_another_analyte_stays_unread():
    rule = _criterion("Serum creatinine <= 1.5 x ULN or creatinine clearance >= 60 mL/min for patients with "
                      "albumin levels above normal").rule
    assert any(n.kind == "unparsed" for n in rule.walk())


def test_a_case_read_as_a_bound_is_no_requirement_of_an_abnormal_value():
    """"… for subjects with creatinine levels > 1.5 x ULN" had asked every patient for it."""
    criterion = _criterion("Creatinine <= 1.5 x ULN or creatinine clearance >= 60 mL/min for subjects with "
                           "creatinine levels > 1.5 x ULN")
    assert criterion.rule.kind == "any_of"
    assert not any(getattr(n, "op", None) == ">" for n in criterion.rule.walk())
    assert any(r.text.startswith("for subjects with creatinine levels > 1.5") for r in criterion.remarks)


@pytest.mark.parametrize("case", ["if creatinine > 1.5 x ULN", "when serum creatinine is above 1.5 x ULN"])
def test_a_case_led_by_if_restates_the_failure_too(case):
    rule = _criterion(f"Serum creatinine <= 1.5 x ULN or creatinine clearance >= 60 mL/min {case}").rule
    assert rule.kind == "any_of"
    assert not any(getattr(n, "op", None) == ">" for n in rule.walk())


def test_a_case_above_another_limit_is_not_the_failure():
    """"if creatinine > 3 x ULN" is not what fails "<= 1.5 x ULN": it is not taken for a description."""
    criterion = _criterion("Serum creatinine <= 1.5 x ULN or creatinine clearance >= 60 mL/min if creatinine > 3 x ULN")
    assert not any(r.text.startswith("if creatinine") for r in criterion.remarks)
