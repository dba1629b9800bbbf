"""AIDS is a stage of HIV infection, not another name for it (issue 11, item 8: concepts that are
not the word). "No AIDS" does not rule out a patient with HIV infection; a record of AIDS meets a
criterion on HIV infection. Sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

import criteria


def _verdict(text: str, section: str, condition: str) -> str:
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    patient = {"conditions": [{"name": condition}], "complete": ["conditions"]}
    return criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict.value


@pytest.mark.parametrize("text, section, condition, verdict", [
    ("No AIDS", "Inclusion", "HIV infection", "unknown"),  # it had failed: AIDS was read as HIV infection
    ("No AIDS", "Inclusion", "acquired immunodeficiency syndrome", "not_met"),
    ("Known HIV infection", "Exclusion", "AIDS", "met"),
    ("History of HIV/AIDS", "Exclusion", "HIV infection", "met"),
])
def test_aids_is_a_kind_of_hiv_infection(text, section, condition, verdict):
    assert _verdict(text, section, condition) == verdict
