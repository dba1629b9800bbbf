"""Numeric comparisons that stood outside every typed node (issue 12, "read every number a
criterion compares"): each class read as the bound it is, on its own field, with its unit, and
evaluated: a patient with the value meets or fails the bound, in another unit too."""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria import parse_criteria
from evaluate_helpers import criteria_of

AS_OF = date(2026, 11, 25)
TYPED = ("lab_threshold", "measure_threshold")


def parsed(text: str, section: str = "Inclusion"):
    return parse_criteria(f"{section} Criteria:\n\n* {text}\n")


def rule(text: str, section: str = "Inclusion"):
    (criterion,) = parsed(text, section).criteria()
    return criterion.rule


def thresholds(text: str, section: str = "Inclusion"):
    return [(n.analyte, n.op, n.value, n.unit) for n in rule(text, section).walk() if n.kind in TYPED]


def verdict(text: str, patient: dict, section: str = "Inclusion") -> str:
    """The verdict of the criterion's typed reading alone (words beside it, unread, would make any
    verdict unknown): an exclusion is met when the patient has what it excludes."""
    (node,) = [n for n in rule(text, section).walk() if n.kind in (*TYPED, "life_expectancy")]
    tree = criteria_of(exclusion=[node]) if section == "Exclusion" else criteria_of([node])
    return criteria.evaluate(tree, patient, AS_OF).verdict(f"{section[0]}1").value


# --- life expectancy under other names ----------------------------------------------------------

@pytest.mark.parametrize("text, op, value, unit", [
    ("Expected lifetime of at least 3 months", ">=", 3.0, "month"),
    ("Anticipated lifespan greater than 12 weeks.", ">", 12.0, "week"),
    ("Estimated life expectance >16 weeks", ">", 16.0, "week"),
    ("Predictive life span no less than 6 months", ">=", 6.0, "month"),
    ("Has a live expectancy of at least 24 weeks", ">=", 24.0, "week"),
])
def test_life_expectancy_under_other_names(text, op, value, unit):
    node = rule(text)
    assert (node.kind, node.op, node.value, node.unit) == ("life_expectancy", op, value, unit)


@pytest.mark.parametrize("weeks, expected", [(20, "met"), (10, "not_met")])
def test_a_lifespan_bound_is_evaluated_in_weeks(weeks, expected):
    assert verdict("Anticipated lifespan of at least 3 months", {"life_expectancy_weeks": weeks}) == expected


def test_a_life_span_without_a_bound_stays_unread():
    assert rule("Participants whose life span is short").kind == "unparsed"


# --- words between an ECG interval and its bound ------------------------------------------------

@pytest.mark.parametrize("text, analyte, op, value", [
    ("Sustained prolongation of the QTc (Bazett) interval to > 460 msec", "qtc", ">", 460.0),
    ("Prolongation of corrected QT (QTc) interval to >490 milliseconds (ms)", "qtc", ">", 490.0),
    ("Mean corrected QT interval (QTc using Fridericia's formula) > 475 msec", "qtc", ">", 475.0),
    ("QTc (Fridericia, QTcF) >455 ms measured in sinus rhythm", "qtc", ">", 455.0),
])
def test_an_interval_with_words_before_its_bound(text, analyte, op, value):
    assert thresholds(text, "Exclusion") == [(analyte, op, value, "ms")]


@pytest.mark.parametrize("qtc, unit, expected", [(0.49, "s", "met"), (440, "ms", "not_met")])
def test_an_interval_prolonged_to_a_bound_is_evaluated_with_units_converted(qtc, unit, expected):
    text = "Prolongation of the QTc interval to > 470 msec"
    patient = {"labs": [{"name": "QTc", "value": qtc, "unit": unit}]}
    assert verdict(text, patient, "Exclusion") == expected


def test_words_in_parentheses_naming_another_ratio_still_refuse_the_analyte():
    # "(UPC ratio)" names another measure than creatinine: not a creatinine bound
    assert not [t for t in thresholds("Urine protein-creatinine ratio (UPC ratio) < 2.0") if t[0] == "creatinine"]
