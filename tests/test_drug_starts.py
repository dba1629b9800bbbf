"""The start of a drug named after a window over an exposure is the study's first dose (issue 11,
item 10: windows relative to events): "Systemic corticosteroids within 14 days prior to initiation
of atezolizumab" times the corticosteroids before the first dose; it had asked every patient for
atezolizumab as a prior therapy. A window over the patient's own disease course ("relapse within 6
months of initiation of adjuvant chemotherapy") is left as it was. Sentences of our own."""

from __future__ import annotations

import pytest

import criteria


def _rule(text: str):
    return next(criteria.parse_criteria(f"Exclusion Criteria:\n\n* {text}\n").criteria()).rule


@pytest.mark.parametrize("text, name", [
    ("Systemic corticosteroids within 14 days prior to initiation of atezolizumab", "corticosteroid"),
    ("Strong CYP3A4 inhibitors within 1 week of start of everolimus", "cyp3a_inhibitor"),
    ("Live vaccines within 30 days before the start of the pembrolizumab", "live_vaccine"),
])
def test_the_start_of_a_drug_after_a_window_is_the_first_dose(text, name):
    rule = _rule(text)
    assert rule.kind == "medication" and rule.name == name
    assert rule.window.anchor == "first_dose"


def test_a_window_over_the_disease_course_is_left_as_it_was():
    rule = _rule("Relapse within 6 months of initiation of adjuvant chemotherapy")
    assert not any(getattr(getattr(n, "window", None), "anchor", None) == "first_dose" for n in rule.walk())
