"""Two bounds on one value that no value meets together state two cases (issue 11: say what the
text says). Read as one list of requirements they ruled out every patient of an inclusion.
Sentences of our own; each reading is checked on the tree and by evaluation."""

from __future__ import annotations

from datetime import date

import pytest

import criteria

AS_OF = date(2026, 3, 2)


def _criterion(text: str, section: str = "Inclusion"):
    tree = criteria.parse_criteria(f"{section} Criteria:\n* {text}\n")
    return tree, (tree.inclusion or tree.exclusion)[0]


def _verdict(text: str, patient: dict) -> str:
    tree, _ = _criterion(text)
    return criteria.evaluate(tree, {"complete": ["conditions"], **patient}, AS_OF).verdict("I1").value


CREATININE = ("Serum creatinine <= 1.5 mg/dL; if serum creatinine is > 1.5 mg/dL, the creatinine "
              "clearance must be >= 50 mL/min")
ALP = "Alkaline phosphatase <= 2.5 x ULN. Alkaline phosphatase may be above 2.5 x ULN only with bone metastases"


@pytest.mark.parametrize("text", [CREATININE, ALP,
                                  "Total bilirubin <= 1.5 x ULN. If Gilbert's syndrome, total bilirubin may be > 1.5 x ULN"])
def test_the_second_bound_opens_another_case(text):
    _, criterion = _criterion(text)
    rule = criterion.rule
    assert rule.kind == "any_of"
    first, other = rule.items
    assert first.kind == "lab_threshold" and first.op == "<="
    assert other.kind == "all_of" and any(n.kind == "lab_threshold" and n.op in (">", ">=") for n in other.items)


def test_each_case_is_settled_by_its_own_values():
    low = {"labs": [{"name": "creatinine", "value": 1.1, "unit": "mg/dL"}]}
    high_cleared = {"labs": [{"name": "creatinine", "value": 2.0, "unit": "mg/dL"},
                             {"name": "creatinine clearance", "value": 70, "unit": "mL/min"}]}
    high_not = {"labs": [{"name": "creatinine", "value": 2.0, "unit": "mg/dL"},
                         {"name": "creatinine clearance", "value": 30, "unit": "mL/min"}]}
    assert _verdict(CREATININE, low) == "met"
    assert _verdict(CREATININE, high_cleared) == "met"
    assert _verdict(CREATININE, high_not) == "not_met"


def test_a_requirement_after_the_case_stays_required():
    _, criterion = _criterion(ALP + ", and AST less than 3 x ULN")
    kinds = [n.kind for n in criterion.rule.items]
    assert criterion.rule.kind == "all_of" and kinds.count("any_of") == 1
    assert any(n.kind == "lab_threshold" and n.analyte == "ast" for n in criterion.rule.items)


@pytest.mark.parametrize("text", [
    "Hemoglobin >= 9 g/dL and hemoglobin <= 16 g/dL",  # a range: both hold together
    "Platelets >= 100,000/mm3 and ANC >= 1500/mm3",
])
def test_bounds_a_value_can_meet_together_stay_required(text):
    _, criterion = _criterion(text)
    assert criterion.rule.kind == "all_of"


def test_two_performance_statuses_that_cannot_hold_together_are_two_cases():
    _, criterion = _criterion("ECOG performance status <= 2 (performance status of 3 if due to bone pain)")
    either = next(n for n in criterion.rule.walk() if n.kind == "any_of")
    assert sorted(n.op for n in either.items if n.kind == "performance_status") == ["<=", "=="]


@pytest.mark.parametrize("text, section, read", [
    ("No pre-existing QTc >= 450 ms", "Inclusion", "not"),
    ("No evidence of QTc prolongation > 480 ms", "Inclusion", "not"),
    ("No QTc > 470 ms", "Exclusion", "measure_threshold"),  # what excludes is the long QTc
])
def test_a_denied_bound_reads_the_denial(text, section, read):
    _, criterion = _criterion(text, section)
    assert criterion.rule.kind == read
    assert not any(n.kind == "unparsed" for n in criterion.rule.walk())


def test_a_denied_bound_is_met_by_a_value_outside_it():
    text = "No pre-existing QTc >= 450 ms"
    assert _verdict(text, {"labs": [{"name": "qtc", "value": 420, "unit": "ms"}]}) == "met"
    assert _verdict(text, {"labs": [{"name": "qtc", "value": 470, "unit": "ms"}]}) == "not_met"


@pytest.mark.parametrize("text", [
    "FEV1 > 50% if able to perform PFTs; if not able to perform PFTs, SaO2 > 94% on room air",
    "No change in QTcF > 30 ms after the test dose",
])
def test_a_denial_of_something_else_leaves_the_bound(text):
    _, criterion = _criterion(text)
    assert not any(n.kind == "not" and n.item.kind == "measure_threshold" for n in criterion.rule.walk())
