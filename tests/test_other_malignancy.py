"""'Other malignancy' is any cancer but the trial's own disease (criteria.evaluate.other)."""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria.evaluate.other import own_phrases, study_conditions

AS_OF = date(2026, 1, 15)
LUNG_TRIAL = ("Inclusion Criteria:\n\n* Histologically confirmed non-small cell lung cancer\n\n"
              "Exclusion Criteria:\n\n* History of other malignancy within the past 5 years\n")


def _e1(text: str, *records: dict) -> tuple[str, str]:
    patient = {"age": 60, "conditions": list(records), "complete": ["conditions"]}
    result = criteria.evaluate(criteria.parse_criteria(text), patient, AS_OF).criteria
    e1 = next(c for c in result if c.id == "E1")
    return e1.verdict.value, e1.reason


ACTIVE_NSCLC = {"name": "non-small cell lung cancer", "status": "active"}


@pytest.mark.parametrize(("record", "verdict"), [
    ({"name": "breast cancer", "status": "active", "onset": "2024-03-01"}, "met"),
    ({"name": "melanoma", "status": "active"}, "met"),           # a kind of malignancy, named without "cancer"
    ({"name": "diffuse large B-cell lymphoma", "status": "active"}, "met"),
    ({"name": "asthma", "status": "active"}, "not_met"),
])
def test_another_cancer_is_another_malignancy(record, verdict):
    assert _e1(LUNG_TRIAL, ACTIVE_NSCLC, record)[0] == verdict


@pytest.mark.parametrize("own", ["non-small cell lung cancer", "lung cancer", "NSCLC"])
def test_the_trial_s_own_disease_is_not_another_malignancy(own):
    verdict, reason = _e1(LUNG_TRIAL, {"name": own, "status": "active"})
    assert verdict == "not_met", reason
    assert "own disease" in reason or "no record" in reason


def test_without_a_cancer_among_the_inclusions_every_cancer_is_another():
    text = "Inclusion Criteria:\n\n* Asthma\n\nExclusion Criteria:\n\n* Other malignancy\n"
    assert _e1(text, {"name": "lung cancer", "status": "active"})[0] == "met"


def test_the_study_conditions_are_the_inclusions_asked_for_not_denied():
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Prostate cancer\n* No history of melanoma\n\n"
                                   "Exclusion Criteria:\n\n* Breast cancer\n")
    assert study_conditions(tree) == ("prostate_cancer",)
    assert "melanoma" not in own_phrases("other_malignancy", study_conditions(tree))
