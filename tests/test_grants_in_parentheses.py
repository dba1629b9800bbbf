"""A permission in parentheses exempts its case (issue 11, items 2 and 4), also where the case says
what it lacks or the permission says what the patient may join. "Significant arrhythmias (patients
with controlled atrial fibrillation in the absence of other cardiac abnormalities are eligible)" had
excluded nobody without controlled atrial fibrillation and free of other cardiac disease: the grant
was read as two more requirements. "… (patients with a new primary breast cancer will be eligible to
participate)" had kept "to participate" as unread words. Sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

import criteria

ARRHYTHMIAS = ("Significant arrhythmias (patients with controlled atrial fibrillation in the absence of other "
               "cardiac abnormalities are eligible)")


def _rule(text: str, section: str = "Exclusion"):
    return next(criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n").criteria()).rule


def test_a_case_with_what_it_lacks_is_one_exception():
    rule = _rule(ARRHYTHMIAS)
    assert rule.kind == "except"
    (case,) = rule.exceptions
    assert case.kind == "all_of"
    assert [n.kind for n in case.items] == ["condition", "not"]


def test_the_exempt_case_is_not_excluded():
    tree = criteria.parse_criteria(f"Exclusion Criteria:\n\n* {ARRHYTHMIAS}\n")
    patient = {"conditions": [{"name": "atrial fibrillation", "qualifiers": ["controlled"]}], "complete": ["conditions"]}
    assert criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict.value == "not_met"


@pytest.mark.parametrize("grant", [
    "will be eligible to participate", "are eligible for this study", "are permitted to enroll",
    "may be allowed to participate in the study",
])
def test_what_the_patient_may_join_is_part_of_the_permission(grant):
    rule = _rule(f"Brain metastases (patients with treated brain metastases {grant})")
    assert rule.kind == "except"
    assert not any(n.kind == "unparsed" for n in rule.walk())


def test_a_permission_to_enroll_allows_without_requiring():
    rule = _rule("Prior radiotherapy is permitted to enroll", "Inclusion")
    assert rule.kind == "permitted"


def test_a_case_that_denies_what_it_names_is_not_read_as_an_exception():
    rule = _rule("Active infection (patients with hepatitis B and no hepatitis B are eligible)")
    assert any(n.kind == "unparsed" for n in rule.walk())
