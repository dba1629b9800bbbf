"""An opening "No" that no reading took denies what its first sentence says (issue 11, item 4):
the words between it and the events (a grade, a definition, a parenthesis) no longer turn the
criterion into a requirement of the very thing it excludes."""

from __future__ import annotations

from datetime import date

import pytest

from evaluate_helpers import rule_of, verdict_of

AS_OF = date(2026, 12, 5)


@pytest.mark.parametrize("text", [
    "No grade 2 or worse hearing impairment",
    "No QTc prolongation, defined as a QTc interval of 480 ms or more",
    "No history of grade 3 hemorrhagic cystitis due to cyclophosphamide",
    "No known or suspected reduced bladder capacity (< 250 mL)",
])
def test_an_unread_opening_no_denies_its_sentence(text):
    assert rule_of(text).kind == "not"


@pytest.mark.parametrize("text", [
    "No more than 2 prior chemotherapy regimens",                   # a count
    "No prior radiotherapy to more than 25% of the bone marrow",    # the reading took the "No"
    "No changes in diet in the last 3 months, and no intention to change it",  # a denial of its own
])
def test_an_opening_no_read_otherwise_is_left_as_read(text):
    rule = rule_of(text)
    assert not (rule.kind == "not" and any(n.kind == "not" for n in rule.item.walk()))


def test_a_patient_without_the_denied_condition_meets_it():
    hearing = "No grade 2 or worse hearing impairment"
    assert verdict_of(hearing, {"age": 50, "sex": "male", "complete": ["conditions"], "conditions": []}, as_of=AS_OF) == "met"
    impaired = {"age": 50, "sex": "male", "complete": ["conditions"], "conditions": [{"name": "hearing loss"}]}
    assert verdict_of(hearing, impaired, as_of=AS_OF) == "unknown"  # which grade? the record does not say


def test_a_flattened_list_is_not_denied_across_items():
    # "no clinically significant ECG findings Provision of evaluable tumor samples": two items run
    # together on one line; the "no" must not deny the samples
    rule = rule_of("Normal organ function and no clinically significant electrocardiogram (ECG) findings "
                 "Provision of evaluable tumor samples for central testing")
    denied = [n for n in rule.walk() if n.kind == "not"]
    assert not any(getattr(m, "name", None) == "tumor_sample_provision" for d in denied for m in d.item.walk())
