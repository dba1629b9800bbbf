"""Issue 12, numbers that stood outside every typed node: a case's own bound after a semicolon, and
a time "from" a treatment.

"ALT and AST <= 3 x ULN; if liver metastases are present, ALT and AST <= 5 x ULN": the second
sentence is the case's own bound, read as "…, unless liver metastases are present, in which case
<= 5 x ULN" is (``except``), never a requirement to have liver metastases. "At least 4 weeks from
(completion of) radiotherapy" is the time since the treatment named next, as "since" reads it.
"""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria import parse_criteria

AS_OF = date(2026, 6, 1)


def _rule(body: str, section: str = "Inclusion"):
    (criterion,) = parse_criteria(f"{section} Criteria:\n\n* {body}\n").criteria()
    return criterion.rule


def _bounds(node):
    return sorted((n.analyte, n.op, n.value, n.relative_to) for n in node.walk()
                  if n.kind in ("lab_threshold", "measure_threshold"))


# --- a case's bound after a semicolon ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "everyone", "case", "bounds"),
    [
        ("Bilirubin ≤ 1.5 × ULN; ≤ 3 × ULN for subjects with Gilbert's syndrome",
         [("total_bilirubin", "<=", 1.5, "ULN")], "Gilbert's syndrome", ("<=", 3.0)),
        ("ALT ≤ 2.5 times ULN; ≤ 5 times ULN in patients with hepatic metastases",
         [("alt", "<=", 2.5, "ULN")], "hepatic metastases", ("<=", 5.0)),
        ("AST < 3 x ULN; < 5 x ULN if liver involvement",
         [("ast", "<", 3.0, "ULN")], "liver involvement", ("<", 5.0)),
    ],
)
def test_a_bare_bound_after_a_semicolon_is_its_case_s_alternative(body, everyone, case, bounds):
    rule = _rule(body)
    assert rule.kind == "lab_threshold"
    assert _bounds(rule) == everyone
    (alternative,) = rule.alternatives
    assert case in alternative.condition
    assert (alternative.op, alternative.value) == bounds


@pytest.mark.parametrize("body", [
    "AST ≤ 3 x ULN; ≤ 5 x ULN",  # for whom, it does not say
    "AST ≤ 3 x ULN; ≤ 5 x ULN is tolerated",  # the words after the bound open no case
])
def test_a_bound_after_a_semicolon_that_names_no_case_is_no_alternative(body):
    assert all(not n.alternatives for n in _rule(body).walk() if n.kind == "lab_threshold")


@pytest.mark.parametrize(
    ("body", "case_bounds"),
    [
        ("ALT and AST ≤ 3 × ULN; if liver metastases are present, ALT and AST ≤ 5 × ULN",
         [("alt", "<=", 5.0, "ULN"), ("ast", "<=", 5.0, "ULN")]),
        ("AST ≤ 2.5 × ULN; if there is liver involvement, AST ≤ 5 × ULN", [("ast", "<=", 5.0, "ULN")]),
        ("ALT ≤ 2 × ULN; in case of liver metastases: ALT ≤ 4 × ULN", [("alt", "<=", 4.0, "ULN")]),
        ("ALT ≤ 2 × ULN; for patients with liver metastases, ALT ≤ 4 × ULN", [("alt", "<=", 4.0, "ULN")]),
    ],
)
def test_a_sentence_opening_with_a_case_restates_that_case_s_bound(body, case_bounds):
    rule = _rule(body)
    (exception,) = [n for n in rule.walk() if n.kind == "except"]
    (case,) = exception.exceptions
    assert [n.kind for n in case.walk() if n.kind == "condition"]
    assert _bounds(case) == case_bounds
    assert all(b[2] < 4.0 for b in _bounds(exception.item))


def test_only_the_bound_before_the_case_is_carved_from_the_others_hold_for_everyone():
    rule = _rule("Bilirubin ≤ 1.5 × ULN; ALT ≤ 3 × ULN; if liver metastases are present, ALT ≤ 5 × ULN; "
                 "creatinine ≤ 1.5 mg/dL")
    assert rule.kind == "all_of"
    (exception,) = [n for n in rule.items if n.kind == "except"]
    assert _bounds(exception.item) == [("alt", "<=", 3.0, "ULN")]
    outside = [b for n in rule.items if n.kind != "except" for b in _bounds(n)]
    assert sorted(b[0] for b in outside) == ["creatinine", "total_bilirubin"]


@pytest.mark.parametrize("body", [
    "ALT ≤ 3 × ULN; if female, a negative pregnancy test",  # no bound restated: another provision
    "ALT ≤ 3 × ULN; if liver metastases are present, creatinine ≤ 2 mg/dL",  # another analyte
])
def test_a_case_sentence_that_restates_no_bound_before_it_is_no_case_bound(body):
    # the provision for women is a part of its own (its population theirs), never the bound's case
    tree = parse_criteria(f"Inclusion Criteria:\n\n* {body}\n")
    assert not [n for c in tree.criteria() if c.rule for n in c.rule.walk() if n.kind == "except"]


@pytest.mark.parametrize(("conditions", "value", "expected"), [
    ([{"name": "liver metastases"}], 4.0, "met"), ([], 4.0, "not_met"), ([{"name": "liver metastases"}], 6.0, "not_met"),
])
def test_the_case_s_sentence_evaluates_as_its_looser_bound(conditions, value, expected):
    tree = parse_criteria("Inclusion Criteria:\n\n* ALT ≤ 3 × ULN; if liver metastases are present, ALT ≤ 5 × ULN\n")
    patient = {"labs": [{"name": "ALT", "value": value * 40, "unit": "U/L", "uln": 40}],
               "conditions": conditions, "complete": ["conditions"]}
    assert criteria.evaluate(tree, patient, as_of=AS_OF).criteria[0].verdict.value == expected


# --- a time "from" a treatment --------------------------------------------------------------------


def _windowed(rule):
    return [(n.kind, n.name, n.window.low, n.window.high, n.window.unit) for n in rule.walk()
            if getattr(n, "window", None) is not None]


@pytest.mark.parametrize(
    ("body", "negated", "windowed"),
    [
        ("Must be at least 3 weeks from a major surgical procedure",
         True, [("procedure", "major_surgery", None, 3.0, "week")]),
        ("At least 10 days from the completion of radiotherapy",
         True, [("prior_therapy", "radiotherapy", None, 10.0, "day")]),
        ("Participants must be > 14 days from completion of antibiotics",
         True, [("medication", "antibiotics", None, 14.0, "day")]),
        ("Less than 2 weeks from radiation treatment", False, [("prior_therapy", "radiotherapy", None, 2.0, "week")]),
    ],
)
def test_a_time_from_a_treatment_is_the_time_since_it(body, negated, windowed):
    rule = _rule(body, "Inclusion" if negated else "Exclusion")
    assert (rule.kind == "not") is negated
    assert _windowed(rule) == windowed


def test_a_time_from_several_treatments_holds_for_each():
    rule = _rule("Must be at least 3 weeks from major surgery, radiotherapy and chemotherapy")
    assert rule.kind == "not" and rule.item.kind == "any_of"
    assert sorted(w[1] for w in _windowed(rule)) == ["chemotherapy", "major_surgery", "radiotherapy"]


@pytest.mark.parametrize("body", [
    "Contraception for at least 6 months from the end of chemotherapy",  # how long, counted forward
    "A change of at least 2 weeks from baseline",  # from no treatment
])
def test_a_time_from_no_treatment_or_for_how_long_is_not_the_time_since(body):
    rule = _rule(body)
    assert not [w for w in _windowed(rule) if w[0] in ("prior_therapy", "procedure", "medication") and w[3] == 6.0]
    assert rule.kind != "not"


@pytest.mark.parametrize(("days_ago", "expected"), [(40, "met"), (10, "not_met")])
def test_a_time_from_a_treatment_evaluates_against_its_date(days_ago, expected):
    tree = parse_criteria("Inclusion Criteria:\n\n* At least 4 weeks from the completion of radiotherapy\n")
    end = date.fromordinal(AS_OF.toordinal() - days_ago).isoformat()
    patient = {"therapies": [{"name": "radiotherapy", "end": end}], "complete": ["therapies"]}
    assert criteria.evaluate(tree, patient, as_of=AS_OF).criteria[0].verdict.value == expected


@pytest.mark.parametrize("body", [
    "Disease progression more than 6 months from the last platinum-based chemotherapy",
    "Relapse less than 12 months from completion of adjuvant chemotherapy",
])
def test_a_time_from_a_treatment_to_another_event_is_no_washout(body):
    assert not [w for w in _windowed(_rule(body)) if w[3] in (6.0, 12.0)]



# --- a dose at "physiologic doses" --------------------------------------------------------------


@pytest.mark.parametrize("body", [
    "Systemic corticosteroids at physiologic doses ≤ 10 mg/day of prednisone or equivalent are allowed",
    "Corticosteroids at physiological doses of ≤ 10 mg/day",
])
def test_a_dose_after_physiologic_doses_is_the_drug_s_dose(body):
    (dosed,) = [n for n in _rule(body).walk() if getattr(n, "dose", None) is not None]
    assert (dosed.name, dosed.dose.op, dosed.dose.value, dosed.dose.unit) == ("corticosteroid", "<=", 10.0, "mg/day")


# --- a window restated in parentheses, "newly (< 6 months)" -----------------------------------------


@pytest.mark.parametrize(("body", "high", "unit"), [
    ("Major surgery within 21 days (≤ 21 days) prior to randomization", 21.0, "day"),
    ("Another malignancy within 3 years (≤3 years) of randomization", 3.0, "year"),
    ("Newly (< 6 months) diagnosed multiple myeloma", 6.0, "month"),
])
def test_a_window_restated_or_said_by_newly_is_read_once(body, high, unit):
    rule = _rule(body, "Exclusion")
    assert not [n for n in rule.walk() if n.kind == "unparsed" and any(c.isdigit() for c in n.text)]
    assert [(w[3], w[4]) for w in _windowed(rule)] == [(high, unit)]


def test_new_before_a_bare_time_says_nothing_of_since_when():
    # "new (younger than 6 months) or progressive brain metastases": which event, it does not say
    rule = _rule("Symptom development (over 0-3 days) or a new (< 6 months) or progressive lesion", "Exclusion")
    assert not _windowed(rule)


@pytest.mark.parametrize("text", [
    "Radiotherapy within 4 weeks (≤ 2 weeks for palliative radiotherapy) prior to randomization",
    "Radiotherapy within 4 weeks (2 weeks for palliative radiotherapy) prior to randomization",
])
def test_a_parenthesis_with_another_time_after_within_is_no_restatement(text):
    """A shorter window for some of the events is an exception to the window, not an alternative
    to it (that would still exclude palliative radiotherapy 3 weeks ago): it stays unread."""
    rule = _rule(text, "Exclusion")
    assert all(w[3] != 2.0 for w in _windowed(rule))
    assert "unparsed" in [n.kind for n in rule.walk()]
