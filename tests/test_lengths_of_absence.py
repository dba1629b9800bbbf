"""Issue 11, items 4 and 10: how long something has been absent.

"Free of other malignancy for at least 5 years", "independent of platelet transfusions for at least
2 weeks", "no evidence of disease progression for >= 3 months": the length is how long the patient
has been without the event, so the event must not fall within it. It had been read as how long the
event lasted (a malignancy that went on for 5 years), which a patient with a malignancy last year
met. After other negations the length stays the event's ("no prior use of ketoconazole for more
than 7 days"). Sentences of our own."""

import pytest

from evaluate_helpers import rule_of


def _denied_windows(rule):
    return [(n.name, n.window.relation, n.window.low, n.window.high)
            for d in rule.walk() if d.kind == "not" for n in d.item.walk() if getattr(n, "window", None) is not None]


@pytest.mark.parametrize("body, name, years", [
    ("Free of any other malignancy for at least 5 years", "other_malignancy", 5),
    ("Disease-free from prior malignancies for > 3 years", "other_malignancy", 3),
    ("Patients must be disease free of other cancers for at least 2 years before registration", "other_malignancy", 2),
])
def test_a_length_of_absence_is_the_time_the_event_must_not_fall_in(body, name, years):
    rule = rule_of(body)
    assert rule.kind == "not", str(rule)
    assert _denied_windows(rule) == [(name, "before", None, years)], str(rule)


def test_independent_of_a_treatment_for_a_time():
    rule = rule_of("Independent of red blood cell transfusions for at least 4 weeks")
    assert [w[1:] for w in _denied_windows(rule)] == [("before", None, 4)], str(rule)


@pytest.mark.parametrize("body", [
    "No prior use of ketoconazole for more than 10 days",
    "Not postmenopausal for at least 12 months",
])
def test_after_other_negations_the_length_is_the_events(body):
    rule = rule_of(body)
    assert [w[1] for w in _denied_windows(rule)] == ["lasting"], str(rule)


def test_a_cancer_long_over_meets_it_and_a_recent_one_does_not():
    from datetime import date

    from evaluate_helpers import verdict_of

    body = "Free of any other malignancy for at least 5 years"
    base = {"age": 60, "sex": "female", "complete": ["conditions"]}
    long_ago = {**base, "conditions": [{"name": "breast_cancer", "onset": "2010-03-01", "abatement": "2011-01-01", "status": "resolved"}]}
    recent = {**base, "conditions": [{"name": "breast_cancer", "onset": "2025-03-01", "status": "active"}]}
    assert verdict_of(body, long_ago, as_of=date(2026, 12, 1)) == "met"
    assert verdict_of(body, recent, as_of=date(2026, 12, 1)) == "not_met"


@pytest.mark.parametrize("body, section", [
    ("Any other cancer, unless the patient has been disease-free for at least 5 years", "Exclusion"),
    ("Another malignancy, unless disease-free for at least 5 years", "Exclusion"),
    ("No other malignancy (except treated basal cell carcinoma) unless disease free for at least 5 years", "Inclusion"),
])
def test_an_exemption_once_disease_free_leaves_the_condition_within_the_length(body, section):
    rule = rule_of(body, section)
    windows = [n.window for n in rule.walk() if n.kind == "condition" and n.name == "other_malignancy"]
    assert [(w.relation, w.low, w.high) for w in windows] == [("before", None, 5)], str(rule)
    assert not [n for n in rule.walk() if n.kind in ("unparsed", "time_window")], str(rule)
    assert any(n.kind == "condition" and n.name != "other_malignancy" for n in rule.walk()) == ("basal" in body), str(rule)


def test_other_words_before_the_length_keep_it_unread():
    rule = rule_of("Any other cancer, unless the patient has been treated for at least 5 years", "Exclusion")
    assert any(n.kind == "unparsed" for n in rule.walk()), str(rule)
