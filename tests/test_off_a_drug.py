"""Issue 11, item 10: "off steroids for at least 5 days" (the seed trial's own words) and
"seizure-free for 12 months" are lengths of absence.

"Off" before the drug or therapy it names says the patient has been without it, as "free of" does:
the length after it is how long, so the drug must not fall within that time. Read as a word, the drug
had been required (every patient not on steroids ruled out) and the length hung on it. A case spared
by an exception is read the same way ("brain metastases, unless off corticosteroids for 4 weeks").
Not "off-label", "cut-off", "signed off", "on or off antihypertensives". "X-free" after the event
reads the same, unless a noun follows ("progression-free survival"). Sentences of our own."""

import datetime as dt

import pytest

from evaluate_helpers import criterion_of, verdict_of

AS_OF = dt.date(2026, 12, 1)
NONE = {"age": 50, "sex": "female", "conditions": [], "medications": [], "therapies": [],
        "complete": ["conditions", "medications", "therapies"]}


def _on_prednisone(days_ago: int) -> dict:
    stopped = (AS_OF - dt.timedelta(days=days_ago)).isoformat()
    return {**NONE, "medications": [{"name": "prednisone", "start": "2026-01-01", "end": stopped}]}


def _window(node):
    return next(n.window for n in node.walk() if getattr(n, "window", None) is not None)


def _assert_absent_within(body: str, length: int) -> None:
    """The inclusion ``body`` denies its event within ``length`` units before the anchor."""
    rule = criterion_of(body, "Inclusion").rule
    assert rule.kind == "not", str(rule)
    window = _window(rule)
    assert window.relation == "before" and window.high == length and window.low is None, str(window)


@pytest.mark.parametrize("body", [
    "Off steroids for at least 5 days",
    "Patients must be off corticosteroids for at least 5 days prior to enrollment",
    "Subjects must be off of all steroids for at least 5 days",
])
def test_off_a_drug_for_a_length_is_none_of_it_within_that_length(body):
    _assert_absent_within(body, 5)
    assert verdict_of(body, NONE, "Inclusion", as_of=AS_OF) == "met"
    assert verdict_of(body, _on_prednisone(2), "Inclusion", as_of=AS_OF) == "not_met"
    assert verdict_of(body, _on_prednisone(30), "Inclusion", as_of=AS_OF) == "met"


def test_a_case_spared_by_an_exception_is_a_length_of_absence_too():
    body = "Brain metastases, unless the patient has been off corticosteroids for at least 4 weeks before enrollment"
    rule = criterion_of(body, "Exclusion").rule
    assert rule.kind == "except", str(rule)
    spared = rule.exceptions[0]
    assert spared.kind == "not" and _window(spared).high == 4 and _window(spared).low is None, str(spared)


@pytest.mark.parametrize("body", [
    "Participation in a trial of an off-label use of statins",
    "Blood pressure above 170/100 mmHg on or off antihypertensive medication",
    "Must have signed off consent forms for corticosteroids",
    # "free" before a noun describes it
    "Progression-free survival of at least 6 months on prior therapy",
    "Candidates for a steroid-free regimen",
    "Melphalan for injection (propylene glycol-free)",
])
def test_off_or_free_that_is_part_of_another_phrase_denies_nothing(body):
    rule = criterion_of(body, "Inclusion").rule
    assert not any(n.kind == "not" for n in rule.walk()), str(rule)


@pytest.mark.parametrize("body", [
    "Seizure-free for at least 12 months",
    "Patients must have been seizure free for 12 months",
])
def test_an_event_then_free_for_a_length_is_none_of_it_within_that_length(body):
    _assert_absent_within(body, 12)


def test_free_of_a_drug_after_an_exception_spares_only_that_length():
    body = "Epilepsy, except for those who have been seizure free for 5 years"
    rule = criterion_of(body, "Exclusion").rule
    spared = next(n for n in rule.walk() if n.kind == "except").exceptions[0]
    assert spared.kind == "not" and _window(spared).high == 5, str(spared)
