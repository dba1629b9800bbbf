"""Issue 11, items 4 and 10: how long something has been absent.

"Free of other malignancy for at least 5 years", "independent of platelet transfusions for at least
2 weeks", "no evidence of disease progression for >= 3 months": the length is how long the patient
has been without the event, so the event must not fall within it. It had been read as how long the
event lasted (a malignancy that went on for 5 years), which a patient with a malignancy last year
met. After other negations the length stays the event's ("no prior use of ketoconazole for more
than 7 days"). Sentences of our own."""

import pytest

from evaluate_helpers import exclusion_rule, rule_of


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


# --- a disease-free length said as "for 5 years", and in the clause after a list's last cancer ------

def _windows_of(rule, name="other_malignancy"):
    return [(n.window.relation, n.window.low, n.window.high) for n in rule.walk()
            if n.kind == "condition" and n.name == name and n.window is not None]


@pytest.mark.parametrize("body", [
    "Other malignancy unless disease-free for 5 years",
    "Other malignancy, unless the patient has been disease free for five years",
    "Other malignancy, unless no evidence of that disease for 5 years",
    "Other malignancy unless in remission for more than 5 years",
])
def test_a_bare_length_after_disease_free_is_at_least_that_long(body):
    rule = rule_of(body, "Exclusion")
    assert _windows_of(rule) == [("before", None, 5)], str(rule)
    assert not [n for n in rule.walk() if n.kind in ("unparsed", "time_window")], str(rule)


@pytest.mark.parametrize("body, held", [
    ("Brain metastases stable for 1 month", True),
    ("Hypertension controlled for 3 months", True),
    ("Prednisone for 2 weeks", False),  # a course, not a least length
    ("Transfusion needed to demonstrate stable hemoglobin for 7 days", False),  # the time is not the word before's
])
def test_a_bare_for_and_a_time_is_a_held_length_only_after_a_held_state(body, held):
    rule = rule_of(body)
    lengths = [n.window for n in rule.walk() if getattr(n, "window", None) is not None and n.window.relation == "lasting"]
    assert bool(lengths) == held, str(rule)
    if held:
        assert lengths[0].low is not None and lengths[0].high is None, str(rule)  # at least, not exactly


_BOILERPLATE = ("Other malignancy, except for adequately treated basal cell carcinoma, carcinoma in situ of the cervix, "
                "adequately treated stage I or II cancer from which the patient is currently in complete remission, "
                "or any other cancer from which the patient has been disease-free for 5 years")


def test_any_other_cancer_over_for_a_length_leaves_the_cancer_within_it():
    rule = exclusion_rule(_BOILERPLATE)
    assert rule.kind == "except", str(rule)
    assert _windows_of(rule.item) == [("before", None, 5)], str(rule)
    exempt = [n.name for e in rule.exceptions for n in e.walk() if n.kind == "condition"]
    assert "other_malignancy" not in exempt and "non_melanoma_skin_cancer" in exempt, str(rule)
    # the words the join left stay with the exemption they belong to, which alone is unsettled
    remission = [e for e in rule.exceptions if any(n.kind == "unparsed" for n in e.walk())]
    assert len(remission) == 1 and remission[0].kind == "all_of", str(rule)
    assert not [n for n in rule.walk() if n.kind == "time_window"], str(rule)


def test_a_cancer_over_for_longer_is_exempt_and_a_recent_one_is_not():
    from datetime import date

    from evaluate_helpers import verdict_of

    body = "Other malignancy, except for treated basal cell carcinoma or any other cancer from which the patient has been disease-free for 5 years"
    base = {"age": 60, "sex": "female", "complete": ["conditions"]}
    long_ago = {**base, "conditions": [{"name": "breast_cancer", "onset": "2010-03-01", "abatement": "2011-01-01", "status": "resolved"}]}
    recent = {**base, "conditions": [{"name": "breast_cancer", "onset": "2024-03-01", "status": "active"}]}
    assert verdict_of(body, long_ago, "Exclusion", as_of=date(2026, 12, 1)) == "not_met"
    assert verdict_of(body, recent, "Exclusion", as_of=date(2026, 12, 1)) == "met"


def test_a_named_cancer_over_for_a_length_is_not_the_criterions_own():
    # how long the prostate cancer has been over: reading the length onto every other cancer would loosen it
    rule = exclusion_rule("Other malignancy except treated prostate cancer from which the patient has been disease-free for 5 years")
    assert _windows_of(rule) == [], str(rule)


def test_an_exemption_that_opens_with_the_length_keeps_the_others():
    rule = exclusion_rule("History of another malignancy. Exception: Subjects who have been disease-free for 3 years, "
                          "or subjects with a history of completely resected non-melanoma skin cancer are eligible")
    assert rule.kind == "except" and _windows_of(rule.item) == [("before", None, 3)], str(rule)
    assert [n.name for e in rule.exceptions for n in e.walk() if n.kind == "condition"] == ["non_melanoma_skin_cancer"], str(rule)


def test_a_length_after_unless_is_not_how_long_the_condition_lasted():
    # "unless stable for 3 months" exempts a state held that long; it is no length of the depression
    rule = exclusion_rule("Depression, unless stable for at least 3 months")
    assert _windows_of(rule, "depression") == [], str(rule)
    # a noun's own exception in parentheses does not stand between the event and its length
    rule = rule_of("At least one antihypertensive drug (other than Ca antagonists) for 4 weeks or more")
    assert [n.window.relation for n in rule.walk() if n.kind == "medication" and n.window is not None] == ["lasting"], str(rule)
