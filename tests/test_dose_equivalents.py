"""A drug named right after a dose, then "or equivalent", is the drug the dose is stated in terms of
("corticosteroids > 10 mg/day prednisone or equivalent"), not a second drug the patient must take.
Read as one, the exclusion held only for a patient on prednisone and on a corticosteroid above the
dose, so a patient on 20 mg of dexamethasone a day was not excluded. A dose said to be daily before
its number ("at a daily dose of > 325 mg") is a dose per day, not per intake."""

from __future__ import annotations

from datetime import date

import pytest

import criteria

AS_OF = date(2026, 1, 1)


def _rule(text: str):
    return criteria.parse_criteria(f"Exclusion Criteria:\n\n* {text}\n").exclusion[0].rule


@pytest.mark.parametrize("text, op, value, unit, drug", [
    ("Systemic corticosteroids > 10 mg/day prednisone or equivalent", ">", 10, "mg/day", "prednisone"),
    ("Corticosteroids at a dose > 10 mg/day prednisone or its equivalent", ">", 10, "mg/day", "prednisone"),
    ("Steroids (> 15 mg per day of prednisolone or an equivalent)", ">", 15, "mg/day", "prednisone"),
    ("Corticosteroids > 4 mg/day of dexamethasone (or equivalent)", ">", 4, "mg/day", "dexamethasone"),
    ("Concurrent steroids exceeding 20 mg prednisone (or equivalent) per day", ">", 20, "mg/day", "prednisone"),
    ("Use of systemic steroids (>= 5 mg prednisone or equivalent/day)", ">=", 5, "mg/day", "prednisone"),
    ("Oral corticosteroids at doses <= 7.5 mg/day (prednisone or equivalent)", "<=", 7.5, "mg/day", "prednisone"),
    ("Corticosteroids (>= 30mg of prednisone or its equivalent)", ">=", 30, "mg", "prednisone"),
    ("Corticosteroid with a daily dose over 10 mg prednisolone or equivalent", ">", 10, "mg/day", "prednisone"),
    # "equivalent to" before the dose: the drug after it is still whose terms the dose is in
    ("Current use of oral corticosteroids at a dose equivalent to > 30 mg/day of prednisone", ">", 30, "mg/day",
     "prednisone"),
    ("Systemic steroids at a dose equivalent to >= 10 mg/day prednisone", ">=", 10, "mg/day", "prednisone"),
])
# the event lexicon names prednisolone as prednisone (equal in potency)
def test_the_drug_after_a_dose_is_whose_terms_it_is_in(text, op, value, unit, drug):
    rule = _rule(text)
    assert rule.kind == "medication" and rule.name == "corticosteroid", str(rule)
    assert (rule.dose.op, rule.dose.value, rule.dose.unit, rule.dose.equivalent_of) == (op, value, unit, drug)


@pytest.mark.parametrize("text", [
    "Treatment with prednisone or equivalent",  # no dose before it: the drug itself
    "> 10 mg prednisone or equivalent",  # no drug before the dose: the class it is an equivalent in is unwritten
])
def test_without_a_dosed_drug_before_it_the_drug_stays_its_own(text):
    names = {n.name for n in _rule(text).walk() if n.kind == "medication"}
    assert names == {"prednisone"}


@pytest.mark.parametrize("medication, verdict", [
    ({"name": "prednisone", "dose": "20 mg/day"}, "met"),
    ({"name": "prednisone", "dose": "5 mg/day"}, "not_met"),
    # another drug's dose would need its conversion to prednisone's: never settled by the number
    ({"name": "dexamethasone", "dose": "20 mg/day"}, "unknown"),
])
def test_a_dose_in_another_drugs_terms_is_compared_only_for_that_drug(medication, verdict):
    tree = criteria.parse_criteria(
        "Exclusion Criteria:\n\n* Systemic corticosteroids > 10 mg/day prednisone or equivalent\n")
    patient = criteria.Patient.model_validate({"medications": [medication], "complete": ["medications"]})
    assert criteria.evaluate(tree, patient, as_of=AS_OF).criteria[0].verdict == verdict


@pytest.mark.parametrize("text, unit", [
    ("Aspirin at a daily dose of > 325 mg", "mg/day"),
    ("Prednisone at a daily dose of 10 mg or less", "mg/day"),
    ("Aspirin at a dose of > 325 mg", "mg"),
    ("Metformin at a daily dose of > 2 g/day", "g/day"),
])
def test_a_daily_dose_is_a_dose_per_day(text, unit):
    assert _rule(text).dose.unit == unit
