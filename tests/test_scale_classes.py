"""Issues 11 and 12: the classes of a scale written in classes (NYHA, ASA, Hoehn and Yahr), however the
class is named (parse/grammar/scale_classes.py), and the condition such a class grades.

"NYHA class III or IV" was read; "NYHA class IV" alone, "> NYHA class II", "NYHA grade II or greater",
"(NYHA) >= Class 3", "NYHA-Stage 3-4" were not, and "grade II or greater congestive heart failure" graded the
heart failure as a toxicity. Beside its condition, a class had made "heart failure (NYHA III-IV)" any of
heart failure or the class: a record of class I heart failure met it. Sentences of our own."""

import pytest

from evaluate_helpers import criterion_of, verdict_of


def _nodes(body: str, section: str = "Exclusion") -> list:
    return list(criterion_of(body, section).rule.walk())


def _class_bound(body: str, section: str = "Exclusion"):
    return next(n for n in _nodes(body, section) if n.kind == "measure_threshold")


def _unread(body: str, section: str = "Exclusion") -> list[str]:
    return [n.text for n in _nodes(body, section) if n.kind == "unparsed"]


@pytest.mark.parametrize("body, analyte, op, value, high", [
    ("New York Heart Association (NYHA) class IV heart failure", "nyha", "==", 4, None),
    ("Heart failure, NYHA class III", "nyha", "==", 3, None),
    ("American Society of Anesthesiologists (ASA) class II", "asa_class", "==", 2, None),
    ("Congestive heart failure > NYHA class II", "nyha", ">", 2, None),
    ("Heart failure greater than New York Heart Association (NYHA) Class II", "nyha", ">", 2, None),
    ("Heart failure of New York Heart Association (NYHA) > Class II", "nyha", ">", 2, None),
    ("Heart failure of New York Heart Association (NYHA) Class >= 3", "nyha", ">=", 3, None),
    ("New York Heart Association (NYHA) >= grade 2 congestive heart failure", "nyha", ">=", 2, None),
    ("NYHA Grade II or greater congestive heart failure", "nyha", ">=", 2, None),
    ("New York Heart Association grade III or worse heart failure", "nyha", ">=", 3, None),
    ("Cardiac insufficiency (NYHA-Stage 3-4)", "nyha", "between", 3, 4),
    ("Heart failure, NYHA functional class II to III", "nyha", "between", 2, 3),
])
def test_a_class_however_named_is_a_bound_on_the_scale(body, analyte, op, value, high):
    bound = _class_bound(body)
    assert (bound.analyte, bound.op, bound.value, bound.value_high) == (analyte, op, value, high)
    assert _unread(body) == []


@pytest.mark.parametrize("body", [
    "NYHA class II or severe congestive heart failure",
    "Heart failure NYHA class III, unstable angina or myocardial infarction",
])
def test_a_class_alone_before_a_list_is_that_class_and_the_list_goes_on(body):
    bound = _class_bound(body)
    assert (bound.op, bound.value) == ("==", 2 if "II or" in body else 3)
    assert criterion_of(body, "Exclusion").rule.kind == "any_of"


@pytest.mark.parametrize("body", [
    "NYHA class III or IV heart failure",  # two classes: a range
    "NYHA class III, or IV heart failure",
    "NYHA class II-IV heart failure",
    "NYHA class II or higher",
])
def test_classes_joined_to_another_or_a_comparator_are_not_one_class(body):
    assert _class_bound(body).op != "=="


@pytest.mark.parametrize("body", [
    "NYHA class II -IV heart failure",  # a range we do not read: never one class
    "Chronic heart failure (NYHA I * IV)",
    "Heart disease (NYHA class III or- IV)",
])
def test_a_range_written_oddly_is_not_read_as_its_first_class(body):
    assert not any(n.kind == "measure_threshold" and n.op == "==" for n in _nodes(body))


def test_a_number_further_on_is_not_the_scales_class():
    """Only what follows the name is its class: "(see Section 15.9)", "within 12 months" are not."""
    body = "Heart failure that meets NYHA class III or IV, within 12 months"
    assert [(n.op, n.value) for n in _nodes(body) if n.kind == "measure_threshold"] == [("between", 3)]
    assert not any(n.kind == "measure_threshold" for n in _nodes("Heart failure as defined by NYHA (see Section 15.9)"))


@pytest.mark.parametrize("body", [
    "Class I antiarrhythmic drugs",
    "Grade 3 neuropathy",
    "Stage IV breast cancer",
])
def test_class_words_away_from_a_scale_stay_what_they_were(body):
    assert not any(n.kind == "measure_threshold" for n in _nodes(body))


@pytest.mark.parametrize("body", [
    "Congestive heart failure (NYHA class III or IV)",
    "Congestive heart failure > NYHA class II",
    "Symptomatic congestive heart failure (New York Heart Association Class II to IV)",
])
def test_a_class_beside_its_condition_grades_it(body):
    """All of the condition and its class: a record of the condition says nothing of its class."""
    rule = criterion_of(body, "Exclusion").rule
    assert rule.kind == "all_of", str(rule)
    assert {n.kind for n in rule.items} == {"condition", "measure_threshold"}


def test_a_score_that_may_define_its_condition_still_shows_it():
    """A score is no class: "mental retardation (IQ < 70)" is met by the IQ as by a record."""
    assert criterion_of("Mental retardation (IQ < 70)", "Exclusion").rule.kind == "any_of"


HEART_FAILURE = {"name": "congestive heart failure", "status": "active"}


def _patient(*classes: float) -> dict:
    labs = [{"name": "NYHA functional class", "value": c, "date": "2026-11-01"} for c in classes]
    return {"conditions": [HEART_FAILURE], "labs": labs, "complete": ["conditions"]}


@pytest.mark.parametrize("nyha, verdict", [(1, "not_met"), (3, "met"), (None, "unknown")])
def test_heart_failure_of_a_class_is_met_by_that_class_only(nyha, verdict):
    profile = _patient(nyha) if nyha is not None else _patient()
    got = verdict_of("Congestive heart failure (NYHA class III or IV)", profile, "Exclusion")
    assert str(getattr(got, "value", got)) == verdict


@pytest.mark.parametrize("nyha, verdict", [(2, "met"), (3, "not_met")])
def test_one_class_is_met_by_that_class(nyha, verdict):
    got = verdict_of("NYHA class II heart failure", _patient(nyha), "Exclusion")
    assert str(getattr(got, "value", got)) == verdict


@pytest.mark.parametrize("body", ["Grade 2 or worse neuropathy", "No grade 2 or worse hearing impairment"])
def test_or_worse_after_a_grade_is_that_grade_or_more(body):
    grades = [n.grade for n in _nodes(body) if getattr(n, "grade", None) is not None]
    assert [(g.op, g.value) for g in grades] == [(">=", 2)]


def test_or_worse_after_words_stays_words():
    """"(moderately ill or worse)" describes the score before it; it is no bound."""
    rule = criterion_of("CGI-S score of >= 4 (moderately ill or worse)", "Inclusion").rule
    assert (rule.kind, rule.op, rule.value) == ("measure_threshold", ">=", 4)
