"""A recorded condition defined by a range of a measure settles a bound on that measure when the
patient has no result for it (criteria.evaluate.implied, lexicons/defining_measures.jsonl)."""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria.evaluate.implied import DefiningMeasure, Interval, interval

AS_OF = date(2026, 11, 25)


def _verdict(text: str, patient: dict, section: str = "Inclusion") -> tuple[str, str]:
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    result = criteria.evaluate(tree, patient, AS_OF).criteria[0]
    return result.verdict.value, result.reason


def _with(*conditions, age=45, status="active", **extra) -> dict:
    return {"age": age, "sex": "female", **extra,
            "conditions": [{"name": c, "status": status} for c in conditions]}


@pytest.mark.parametrize(("text", "conditions", "verdict"), [
    ("Heart rate of at least 90/min", ("tachycardia",), "met"),        # > 100 lies in ≥ 90
    ("Resting heart rate below 60 bpm", ("tachycardic",), "not_met"),  # a synonym of the record
    ("Heart rate ≥ 120 bpm", ("tachycardia",), "unknown"),             # > 100 straddles ≥ 120
    ("Respiratory rate > 20 breaths/min", ("tachypnea",), "met"),
    ("Temperature ≥ 37.5 °C", ("fever",), "met"),
    ("BMI < 25", ("obesity",), "not_met"),
    ("BMI ≥ 35", ("morbid obesity",), "met"),  # the more specific condition settles first
    ("Platelet count ≥ 150 x 10^9/L", ("thrombocytopenia",), "not_met"),
    ("Hemoglobin > 14 g/dL", ("anemia",), "not_met"),
])
def test_an_active_record_of_the_condition_settles_the_bound(text, conditions, verdict):
    got, reason = _verdict(text, _with(*conditions))
    assert got == verdict
    if verdict != "unknown":
        assert "means" in reason and "no result" in reason


def test_a_measured_value_wins_over_the_condition():
    patient = _with("tachycardia", labs=[{"name": "heart rate", "value": 80, "unit": "bpm"}])
    assert _verdict("Heart rate of at least 90/min", patient)[0] == "not_met"


@pytest.mark.parametrize("patient", [
    _with("tachycardia", status="history"),   # a past record says nothing of today
    _with("asthma") | {"complete": ["conditions"]},  # silence never settles a measure
    _with("obesity", age=12),                 # a child's BMI is read against age
    {"sex": "female", "conditions": [{"name": "obesity", "status": "active"}]},  # adult? not known
])
def test_nothing_else_settles_it(patient):
    assert _verdict("Heart rate of at least 90/min", patient)[0] == "unknown"
    assert _verdict("BMI < 25", patient)[0] == "unknown"


def test_in_an_exclusion_the_condition_excludes_through_the_bound():
    assert _verdict("BMI > 30 kg/m2", _with("morbid obesity"), "Exclusion")[0] == "met"
    assert _verdict("Heart rate < 50 bpm", _with("tachycardia"), "Exclusion")[0] == "not_met"


def test_intervals_compare_with_open_and_closed_ends():
    assert interval(">", 100).within(interval(">=", 90))
    assert not interval(">=", 90).within(interval(">", 100))
    assert interval("<", 60).apart(interval(">=", 60)) and not interval("<=", 60).apart(interval(">=", 60))
    assert interval("between", 25, 30).apart(interval("<", 25))
    assert Interval(1, 2, False, False).within(Interval(1, 2, False, False))


def test_a_defining_row_is_validated():
    with pytest.raises(ValueError, match="value_high"):
        DefiningMeasure(condition="fever", field="body_temperature", op="between", value=38, unit="degC")
    with pytest.raises(ValueError):
        DefiningMeasure(condition="fever", field="body_temperature", op=">=", value=38, unit="zorkmid")
