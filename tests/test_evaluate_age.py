"""Age rules: conventions and units, from the data table tests/data/age_cases.csv."""

from __future__ import annotations

from datetime import date

import pytest
from evaluate_helpers import age, criteria_of, read_table

import criteria
from criteria.errors import InputTypeError, InputValueError

CASES = read_table("age_cases.csv")


def _number(text: str) -> float | None:
    return float(text) if text else None


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["case"])
def test_age_case(case):
    rule = age(
        _number(case["low"]),
        _number(case["high"]),
        case["unit"],
        low_inclusive=case["low_inclusive"] == "true",
        high_inclusive=case["high_inclusive"] == "true",
    )
    patient = {}
    if case["birth_date"]:
        patient["birth_date"] = case["birth_date"]
    if case["age"]:
        patient["age"] = float(case["age"]) if "." in case["age"] else int(case["age"])
    result = criteria.evaluate(criteria_of([rule]), patient, as_of=date.fromisoformat(case["as_of"]))
    assert result.verdict("I1").value == case["expected"]
    detail = result["I1"]
    assert detail.verdict.value == case["expected"]
    if case["expected"] == "unknown" and not patient:
        assert detail.missing == ("age or birth date",)
        assert [m.item for m in result.missing] == ["age or birth date"]


def test_birth_date_wins_over_stated_age():
    tree = criteria_of([age(low=18)])
    result = criteria.evaluate(tree, {"birth_date": "2000-01-01", "age": 10}, as_of=date(2026, 11, 25))
    assert result.verdict("I1").value == "met"
    assert result["I1"].facts["birth_date"] == date(2000, 1, 1)


def test_reason_names_the_age_its_source_and_the_bound():
    tree = criteria_of([age(low=19)])
    met = criteria.evaluate(tree, {"birth_date": "1961-04-02"}, as_of=date(2026, 11, 25))["I1"]
    assert met.reason == "age 65 years (born 1961-04-02, at 2026-11-25) is ≥ 19 years"
    assert met.facts == {"birth_date": date(1961, 4, 2), "as_of": date(2026, 11, 25), "age_years": 65}
    stated = criteria.evaluate(tree, {"age": 17}, as_of=date(2026, 11, 25))["I1"]
    assert stated.reason == "age 17 years (as stated) is not ≥ 19 years"


def test_a_birth_date_after_as_of_is_an_input_error():
    with pytest.raises(InputValueError, match="after as_of"):
        criteria.evaluate(criteria_of([age(low=18)]), {"birth_date": "2030-01-01"}, as_of=date(2026, 11, 25))


def test_as_of_defaults_to_today_and_is_stated():
    result = criteria.evaluate(criteria_of([age(low=18)]), {"age": 30})
    assert result.as_of == date.today()
    assert result.to_dict()["as_of"] == date.today().isoformat()


@pytest.mark.parametrize("bad", ["2026-11-25", 20261125])
def test_as_of_must_be_a_date(bad):
    with pytest.raises(InputTypeError, match="as_of is a datetime.date"):
        criteria.evaluate(criteria_of([age(low=18)]), {"age": 30}, as_of=bad)
