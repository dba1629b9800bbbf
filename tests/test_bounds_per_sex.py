"""A bound per sex (issue 11, item 2: who a bound is for is a scope; issue 12: every number read).

"Hemoglobin (< 10 g/dL for men and < 9 g/dL for women)", "QTcF interval, > 450 ms for males and > 470 ms
for females", "> 450 milliseconds (msec) for males and > 470 msec for females": each sex's bound applies to
that sex. Unread, the sex words had become requirements of their own ("male" and "female" together, which
no patient is). Sentences of our own.
"""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria import parse_criteria


def _criterion(body: str, section: str = "Exclusion"):
    (criterion,) = parse_criteria(f"{section} Criteria:\n\n* {body}\n").criteria()
    return criterion


def _bounds(body: str, section: str = "Exclusion"):
    return sorted((n.analyte, n.op, n.value, n.unit, n.applies_to) for n in _criterion(body, section).rule.walk()
                  if n.kind in ("lab_threshold", "measure_threshold"))


@pytest.mark.parametrize("body", [
    "Anaemia (haemoglobin < 10 g/dL for men and < 9 g/dL for women)",
    "Low haemoglobin (< 10 g/dL for men and < 9 g/dL for women)",
    "Haemoglobin, < 10 g/dL for men and < 9 g/dL for women",
    "Haemoglobin < 10 g/dL for men or 9 g/dL for women",
    "Haemoglobin < 10 grams per deciliter (g/dL) for men and < 9 g/dL for women",
])
def test_a_bound_for_each_sex(body):
    assert [b for b in _bounds(body) if b[0] == "hemoglobin"] == [
        ("hemoglobin", "<", 9.0, "g/dL", "women"), ("hemoglobin", "<", 10.0, "g/dL", "men")]
    assert not any(n.kind == "sex" for n in _criterion(body).rule.walk())


def test_the_second_sex_s_bound_takes_the_first_s_unit():
    assert _bounds("QTcF > 450 msec for males and > 480 for females") == [
        ("qtcf", ">", 450.0, "ms", "males"), ("qtcf", ">", 480.0, "ms", "females")]


def test_the_subgroup_ends_before_words_on_how_it_is_measured():
    bounds = _bounds("QTcF > 450 ms for males and > 470 ms for females on the screening ECG")
    assert [b[-1] for b in bounds] == ["males", "females"]


def test_a_measure_the_lexicon_lacks_takes_a_bound_per_sex():
    assert _bounds("Caffeine consumption greater than 500 mg/day for males or 400 mg/day for females") == [
        ("caffeine consumption", ">", 400.0, "mg/day", "females"),
        ("caffeine consumption", ">", 500.0, "mg/day", "males")]


@pytest.mark.parametrize("body", [
    "Left atrial mass above 131 g/m2 for men, above 100 g/m2 for women",  # a measure no rule reads
    "Serum urate of more than 7 mg/dl for men and more than 6 for women (fasting)",
])
def test_sexes_a_bound_is_for_are_never_a_requirement(body):
    assert not any(n.kind == "sex" for n in _criterion(body).rule.walk())


def test_males_and_females_together_are_everyone_not_two_groups():
    assert _bounds("AST > 200 IU/L in males and females at screening") == [("ast", ">", 200.0, "IU/L", None)]


@pytest.mark.parametrize("sex, qtc, verdict", [
    ("female", 460, "not_met"),  # under the women's bound
    ("male", 460, "met"),  # over the men's
    ("female", 490, "met"),
])
def test_each_sex_is_held_to_its_own_bound(sex, qtc, verdict):
    tree = parse_criteria("Exclusion Criteria:\n\n* QTcF interval, > 450 ms for males and > 470 ms for females\n")
    patient = {"sex": sex, "labs": [{"name": "QTcF", "value": qtc, "unit": "ms"}]}
    assert criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict.value == verdict


@pytest.mark.parametrize("body, expected", [
    # "and greater than" had been the cue "and greater" (a bound's "or more") and a stray "than"
    ("Creatinine greater than or equal to 1.6 mg/dL for males and greater than or equal to 1.3 mg/dL for females",
     [("creatinine", ">=", 1.3, "mg/dL", "females"), ("creatinine", ">=", 1.6, "mg/dL", "males")]),
    ("QTc > 480 ms for females and more than 460 ms for males",
     [("qtc", ">", 460.0, "ms", "males"), ("qtc", ">", 480.0, "ms", "females")]),
])
def test_and_then_a_comparator_after_a_sex_s_group_opens_the_other_sex_s_bound(body, expected):
    assert _bounds(body) == expected
