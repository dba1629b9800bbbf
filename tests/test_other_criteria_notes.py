"""A bullet that only notes that the protocol holds more criteria than the list shows asks nothing of
a patient by itself: no rule, its words a remark, not applicable to anyone (where it had been an
unread criterion that left every patient unknown)."""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria.parse.assemble import notes_other_criteria


@pytest.mark.parametrize("text", [
    "NOTE: Other protocol defined Inclusion/ Exclusion criteria may apply.",
    "Other protocol-defined inclusion and exclusion criteria may apply",
    "Additional criteria may apply, please contact the investigator for more information.",
    "The above information is not intended to contain all considerations relevant to a patient's "
    "potential participation in a clinical trial.",
])
def test_a_note_of_other_criteria_is_no_criterion(text):
    assert notes_other_criteria(text)
    tree = criteria.parse_criteria(f"Inclusion Criteria:\n\n* Age 18 or older\n* {text}\n")
    note = tree.inclusion[1]
    assert note.rule is None and [r.about for r in note.remarks] == ["description"]
    [_, verdict] = criteria.evaluate(tree, criteria.Patient.model_validate({"birth_date": "1970-01-01"}),
                                     as_of=date(2026, 1, 1)).criteria
    assert verdict.verdict == "not_applicable"


@pytest.mark.parametrize("text", [
    "Pregnant women. Other protocol-defined inclusion/exclusion criteria may apply",
    "Other criteria apply to patients with diabetes",
    "Additional criteria",
])
def test_a_criterion_beside_the_note_stays_a_criterion(text):
    assert not notes_other_criteria(text)
