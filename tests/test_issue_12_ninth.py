"""Issue 12, ninth round: a steroid dose stated as prednisone's equivalent, a note on a method's
failure rate that no rule reads as a measure, and a hyphenated word among the words of a measure's
head ("QTc on pre-entry ECG"). Sentences of our own, not any trial's."""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria import parse_criteria

AS_OF = date(2026, 11, 25)


def _tree(body: str, section: str = "Exclusion"):
    return parse_criteria(f"{section} Criteria:\n\n* {body}\n")


def _nodes(body: str, section: str = "Exclusion"):
    return [n for c in _tree(body, section).criteria() for n in (c.rule.walk() if c.rule else ())]


def _unparsed(body: str, section: str = "Exclusion") -> list[str]:
    return [n.text for n in _nodes(body, section) if n.kind == "unparsed"]


# --- a dose in prednisone's terms ----------------------------------------------------------------


def _doses(body: str, section: str = "Exclusion"):
    return [(n.name, n.dose.op, n.dose.value, n.dose.unit, n.dose.equivalent_of)
            for n in _nodes(body, section) if n.kind == "medication" and n.dose is not None]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Taking systemic steroids (i.e., dosing exceeding 20 mg daily of prednisone equivalent)",
         [("corticosteroid", ">", 20.0, "mg/day", "prednisone")]),
        ("On corticosteroids at a dose that exceeds 15 mg daily of prednisone equivalent",
         [("corticosteroid", ">", 15.0, "mg/day", "prednisone")]),
        ("Oral corticosteroids (dose of > 5 mg/day prednisone equivalent)",
         [("corticosteroid", ">", 5.0, "mg/day", "prednisone")]),
        ("Systemic glucocorticoids (>= 7.5 mg/day prednisone equivalent)",
         [("corticosteroid", ">=", 7.5, "mg/day", "prednisone")]),
        ("Taking systemic steroids (in dosing exceeding 20 mg daily of prednisone equivalent)",
         [("corticosteroid", ">", 20.0, "mg/day", "prednisone")]),
        ("On systemic corticosteroids at doses of greater than 15 mg Prednisone-equivalent",
         [("corticosteroid", ">", 15.0, "mg", "prednisone")]),
        ("Systemic corticosteroids at a dose above 5 mg of dexamethasone (or equivalent)",
         [("corticosteroid", ">", 5.0, "mg", "dexamethasone")]),
    ],
)
def test_a_dose_in_prednisone_terms_bounds_the_class(body, expected):
    assert _doses(body) == expected
    assert not any(ch.isdigit() for words in _unparsed(body) for ch in words)  # the number is read


def test_an_example_is_no_dose_in_prednisone_terms():
    # "e.g." names an example of the class: its dose is not the class's bound
    assert _doses("Corticosteroids (e.g., > 20 mg daily prednisone equivalent)") == []


def test_a_bare_or_equivalent_names_no_drug():
    assert [d[4] for d in _doses("Prednisone <= 5 mg/day or equivalent", "Inclusion")] == [None]


def test_a_dose_in_prednisone_terms_is_unknown_for_another_steroid():
    tree = _tree("On corticosteroids at a dose that exceeds 15 mg daily of prednisone equivalent")
    verdict = lambda meds: criteria.evaluate(tree, {"medications": meds, "complete": ["medications"]},  # noqa: E731
                                             AS_OF).verdict("E1").value
    assert verdict([{"name": "prednisone", "dose": "20 mg/day"}]) == "met"
    assert verdict([{"name": "prednisone", "dose": "10 mg/day"}]) == "not_met"
    assert verdict([{"name": "dexamethasone", "dose": "4 mg/day"}]) == "unknown"  # prednisone's terms: not its own
    assert verdict([]) == "not_met"


def test_a_dose_in_prednisone_terms_renders():
    tree = _tree("On corticosteroids at a dose that exceeds 15 mg daily of prednisone equivalent")
    assert "prednisone or its equivalent" in criteria.render(tree, "patient")


# --- a note on a method's failure rate -------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Must use highly effective contraception (i.e., under 1% failure rate)",
        "Must use a highly effective birth control method, defined as one that results in a low failure rate "
        "(i.e., less than 1% per year) when used consistently and correctly",
        "An intrauterine system that meets the SOP effectiveness criteria including a <1% rate of failure per "
        "year, as stated in the product label",
    ],
)
def test_a_failure_rate_note_is_a_remark_on_contraception(body):
    tree = _tree(body, "Inclusion")
    (criterion,) = tree.criteria()
    assert criterion.rule.kind == "reproductive" and criterion.rule.name == "contraception"
    assert any("1%" in r.text and r.about == "description" for r in criterion.remarks)


def test_a_note_with_other_words_stays_unread():
    # "for 3 months after the last dose" asks something of the patient: never folded into a remark
    body = "Must use highly effective contraception (less than 1% failure rate for 3 months after the last dose)"
    tree = _tree(body, "Inclusion")
    assert not any("3 months" in r.text for c in tree.criteria() for r in c.remarks)


# --- a hyphenated word among a measure's head words ------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("QTc interval on pre-entry ECG (> 460 msec)", ("qtc", ">", 460.0)),
        ("Mean QTcF on pre-entry tracings >= 480 ms", ("qtcf", ">=", 480.0)),
    ],
)
def test_a_hyphenated_word_in_a_measure_head(body, expected):
    assert [(n.analyte, n.op, n.value) for n in _nodes(body) if n.kind == "measure_threshold"] == [expected]


def test_a_hyphen_right_after_the_name_is_still_only_a_status():
    assert [n for n in _nodes("HCT-CI > 4") if n.kind in ("lab_threshold", "measure_threshold")] == []


# --- units of alcohol -------------------------------------------------------------------------------


def _bounds(body: str, section: str = "Exclusion"):
    return [(n.analyte, n.op, n.value, n.unit, n.applies_to) for n in _nodes(body, section)
            if n.kind in ("measure_threshold", "lab_threshold")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Weekly alcohol intake above 21 units/week", [("alcohol_intake", ">", 21.0, "alcohol_unit/week", None)]),
        ("An alcohol intake that exceeds 28 units per week", [("alcohol_intake", ">", 28.0, "alcohol_unit/week", None)]),
        ("Drinking more than 3 units of alcohol per day", [("alcohol_units", ">", 3.0, "alcohol_unit/day", None)]),
        ("Alcohol intake > 10 units/week for women and > 15 units/week for men",
         [("alcohol_intake", ">", 10.0, "alcohol_unit/week", "women"),
          ("alcohol_intake", ">", 15.0, "alcohol_unit/week", "men")]),
    ],
)
def test_units_of_alcohol_are_read(body, expected):
    assert _bounds(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "Alcohol intake over 20 units per week (men) and 12 units per week (women)",  # the second bound is unread
        "Drinking more than 20 units of alcohol per week if male or more than 12 if female",
    ],
)
def test_a_bound_in_units_of_alcohol_for_one_sex_is_not_everyones(body):
    assert [b for b in _bounds(body) if b[4] is None] == []


def test_bare_units_of_another_measure_stay_unread():
    assert _bounds("Insulin requirement > 80 units/day", "Inclusion") == []


def test_units_of_alcohol_never_convert_to_grams():
    tree = _tree("Alcohol intake above 21 units/week")
    verdict = lambda value, unit: criteria.evaluate(  # noqa: E731
        tree, {"labs": [{"name": "alcohol intake", "value": value, "unit": unit, "date": "2026-11-01"}]},
        AS_OF).verdict("E1").value
    assert verdict(30, "alcohol_unit/week") == "met"
    assert verdict(10, "alcohol_unit/week") == "not_met"
    assert verdict(40, "g/day") == "unknown"  # a UK unit is 8 g, a US 'unit' often a drink: not said


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Alcohol intake that exceeds 20 units per week (men) and 12 units per week (women)",
         [("alcohol_intake", ">", 20.0, "alcohol_unit/week", "men"),
          ("alcohol_intake", ">", 12.0, "alcohol_unit/week", "women")]),
        ("QTcF > 460 ms (males) and 480 ms (females)",
         [("qtcf", ">", 460.0, "ms", "males"), ("qtcf", ">", 480.0, "ms", "females")]),
    ],
)
def test_the_other_sexs_bare_bound_takes_the_first_comparator(body, expected):
    assert _bounds(body) == expected


def test_a_bare_second_bound_for_the_same_sex_or_no_sex_is_not_read():
    assert ("hemoglobin", "<", 8.0, "g/dL", "females") not in _bounds("Hemoglobin < 10 g/dL (females) and 8 g/dL (females)")
    assert all(b[4] is None for b in _bounds("Creatinine > 1.5 mg/dL in diabetics and 2 mg/dL in others"))
