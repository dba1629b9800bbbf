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
])
def test_an_interval_with_words_before_its_bound(text, analyte, op, value):
    assert thresholds(text, "Exclusion") == [(analyte, op, value, "ms")]


@pytest.mark.parametrize("qtc, unit, expected", [(0.49, "s", "met"), (440, "ms", "not_met")])
def test_an_interval_prolonged_to_a_bound_is_evaluated_with_units_converted(qtc, unit, expected):
    text = "Prolongation of the QTc interval to > 470 msec"
    patient = {"labs": [{"name": "QTc", "value": qtc, "unit": unit}]}
    assert verdict(text, patient, "Exclusion") == expected


@pytest.mark.parametrize("text", [
    "Serum calcium (corrected by albumin) < 10.5 mg/dL",  # albumin is named, corrected calcium is meant
    "QTc (Fridericia, QTcF) >455 ms",  # which of the two? not read
])
def test_a_lab_named_after_words_in_parentheses_is_not_the_heads_alias(text):
    assert thresholds(text) == []


def test_a_bound_the_measure_is_found_to_be_is_no_value_reached():
    text = "If the initial QTcF is found to be > 475 ms, two more ECGs are done"
    assert thresholds(text, "Exclusion") == []


def test_a_limit_the_patient_commits_to_is_no_value_reached():
    text = "Inability to restrict consumption of alcohol to no more than 2 standard units of alcohol per day"
    assert thresholds(text, "Exclusion") == []


def test_a_ratio_with_a_unit_of_counted_things_is_not_the_ratio():
    found = thresholds("HER2/CEP17 ratio ≥ 2.0 and < 4.0 signals/cell")
    assert all(unit is None for _, _, _, unit in found)


def test_words_in_parentheses_naming_another_ratio_still_refuse_the_analyte():
    # "(UPC ratio)" names another measure than creatinine: not a creatinine bound
    assert not [t for t in thresholds("Urine protein-creatinine ratio (UPC ratio) < 2.0") if t[0] == "creatinine"]


# --- a second bound the first one's words did not reach -----------------------------------------

@pytest.mark.parametrize("text, expected", [
    # "and below 32": a comparator by itself after "and", not "18 and below"
    ("BMI above or equal to 19 and below 31", [("bmi", ">=", 19.0, None), ("bmi", "<", 31.0, None)]),
    # the two ends of an interval joined by a bare comma
    ("Body weight >45kg, <110 kg", [("weight", ">", 45.0, "kg"), ("weight", "<", 110.0, "kg")]),
    # joined by a dash
    ("Body Mass Index: ≥19 - ≤29 kg/m2", [("bmi", "between", 19.0, "kg/m^2")]),
    # "but not exceeding": the cue "but not" turned into "but" and the denied comparator
    ("BMI of more than 19 kg/m2, but not exceeding 34 kg/m2", [("bmi", ">", 19.0, "kg/m^2"), ("bmi", "<=", 34.0, "kg/m^2")]),
    ("Weight > 45 kg but not more than 120 kg", [("weight", ">", 45.0, "kg"), ("weight", "<=", 120.0, "kg")]),
])
def test_a_second_bound_on_the_same_measure(text, expected):
    assert thresholds(text) == expected


@pytest.mark.parametrize("text", [
    "Potassium < 3.4, > 5.6 mmol/L",  # bounds outside a range: a bare comma does not say "either"
    "Hemoglobin >= 9.5 g/dL but not less than 8 g/dL",  # both on one side: no interval
])
def test_second_bounds_that_make_no_interval_stay_unread(text):
    values = [value for _, _, value, _ in thresholds(text)]
    assert len(values) <= 1


def test_but_not_before_a_condition_stays_an_exception():
    assert rule("History of cancer, but not basal cell carcinoma", "Exclusion").kind == "except"


@pytest.mark.parametrize("kg, expected", [(70, "met"), (110000, "not_met"), (120, "not_met")])
def test_a_comma_joined_interval_is_evaluated_with_units_converted(kg, expected):
    unit = "g" if kg > 1000 else "kg"
    node = rule("Body weight >45kg, <110 kg")
    tree = criteria_of([node])
    patient = {"labs": [{"name": "body weight", "value": kg, "unit": unit}]}
    assert criteria.evaluate(tree, patient, AS_OF).verdict("I1").value == expected


# --- pressures, oxygen and liver stiffness under the names trials give them ---------------------

@pytest.mark.parametrize("text, expected", [
    ("mPAP >= 26 mmHg at right heart catheterization", ("mean_pulmonary_artery_pressure", ">=", 26.0, "mmHg")),
    ("mean PAP ≥31 mm Hg", ("mean_pulmonary_artery_pressure", ">=", 31.0, "mmHg")),
    ("sPAP ≥ 39 mmHg on echocardiography", ("pulmonary_artery_systolic_pressure", ">=", 39.0, "mmHg")),
    ("MSSBP >= 145 mmHg", ("sbp", ">=", 145.0, "mmHg")),
    ("sitDBP < 105 mmHg", ("dbp", "<", 105.0, "mmHg")),
    ("pO2 < 62 mmHg on room air", ("pao2", "<", 62.0, "mmHg")),
    ("hepatic elastography <11.5 kPa", ("liver_stiffness", "<", 11.5, "kPa")),
])
def test_measures_under_the_names_trials_give_them(text, expected):
    assert thresholds(text) == [expected]


def test_right_ventricular_systolic_pressure_is_not_the_blood_pressure():
    assert thresholds("Right ventricular systolic pressure of >45 mm Hg", "Exclusion") == [
        ("rvsp", ">", 45.0, "mmHg")]


@pytest.mark.parametrize("value, unit, expected", [(140, "mmHg", "met"), (20.0, "kPa", "met"), (120, "mmHg", "not_met")])
def test_a_seated_systolic_bound_is_evaluated_with_units_converted(value, unit, expected):
    # 20 kPa is 150 mmHg
    patient = {"labs": [{"name": "systolic blood pressure", "value": value, "unit": unit}]}
    assert verdict("sitSBP >= 135 mmHg", patient) == expected


# --- fever in the plural, and "febrile", name the body temperature their bound is on -----------

@pytest.mark.parametrize("text, op, value, unit", [
    ("Fevers > 100.8 °F or night sweats", ">", 100.8, "degF"),
    ("an unexplained febrile (> 38.6 °C) illness", ">", 38.6, "degC"),
])
def test_fevers_and_febrile_name_the_body_temperature(text, op, value, unit):
    assert thresholds(text, "Exclusion") == [("body_temperature", op, value, unit)]


@pytest.mark.parametrize("value, unit, expected", [(39.0, "degC", "met"), (99.5, "degF", "not_met")])
def test_a_fevers_bound_is_evaluated_with_units_converted(value, unit, expected):
    # 39 °C is 102.2 °F; 99.5 °F is 37.5 °C
    patient = {"labs": [{"name": "body temperature", "value": value, "unit": unit}]}
    assert verdict("Fevers > 100.8 °F", patient, "Exclusion") == expected


# --- a test's sensitivity is no value of the patient -------------------------------------------

@pytest.mark.parametrize("text", [
    "Negative serum pregnancy test with a sensitivity of at least 30 mIU/mL within 3 days",
    "Negative urine pregnancy test (with a sensitivity of ≤30 mIU/mL) at screening",
    "Serum beta-hCG sensitivity of at least 30 mIU/mL",
])
def test_a_tests_sensitivity_is_neither_hypersensitivity_nor_a_hcg_level(text):
    kinds = {(n.kind, getattr(n, "name", None), getattr(n, "analyte", None)) for n in rule(text).walk()}
    assert ("condition", "hypersensitivity", None) not in kinds
    assert not [k for k in kinds if k[2] == "beta_hcg"]


def test_a_sensitivity_to_a_drug_stays_a_hypersensitivity():
    names = [getattr(n, "name", None) for n in rule("Known sensitivity to amoxicillin", "Exclusion").walk()]
    assert "hypersensitivity" in names


# --- scores the lexicon knows, named after their bound ----------------------------------------

@pytest.mark.parametrize("text, analyte, value", [
    ("A score of ≥ 22 on the Hamilton Anxiety Rating Scale", "hama", 22.0),
    ("Has a score of at least 17 on the Beck Depression Inventory", "bdi", 17.0),
    ("A score of 9 or greater on the Mayo score", "mayo_score", 9.0),
])
def test_a_score_of_the_lexicon_named_after_its_bound(text, analyte, value):
    assert thresholds(text) == [(analyte, ">=", value, None)]


@pytest.mark.parametrize("text", [
    "PASI ≥ 75% improvement",  # a change, in percent: no PASI score
    "HAM-A total score > 60",  # beyond the scale's 56 points
])
def test_a_bound_the_score_cannot_take_is_not_the_score(text):
    assert thresholds(text) == []


@pytest.mark.parametrize("points, expected", [(25, "met"), (15, "not_met")])
def test_a_score_named_after_its_bound_is_evaluated(points, expected):
    patient = {"labs": [{"name": "HAM-A", "value": points}]}
    assert verdict("A score of ≥ 22 on the Hamilton Anxiety Rating Scale", patient) == expected


# --- a FISH copy number, counted in signals per cell --------------------------------------------

@pytest.mark.parametrize("text, op, value, unit", [
    ("Average HER2 copy number ≥ 6.0 signals/cell", ">=", 6.0, "signal/cell"),
    ("HER2 gene copy number < 4 signals per cell", "<", 4.0, "signal/cell"),
])
def test_a_her2_copy_number_in_signals_per_cell(text, op, value, unit):
    assert thresholds(text) == [("her2_copy_number", op, value, unit)]


def test_a_ratio_of_the_copy_number_is_not_the_copy_number():
    assert not [t for t in thresholds("Ratio of HER2 copy number/chromosome 17 ≥ 2") if t[0] == "her2_copy_number"]


@pytest.mark.parametrize("signals, expected", [(7.5, "met"), (4.2, "not_met")])
def test_a_copy_number_bound_is_evaluated(signals, expected):
    patient = {"labs": [{"name": "HER2 copy number", "value": signals, "unit": "signals/cell"}]}
    assert verdict("Average HER2 copy number ≥ 6.0 signals/cell", patient) == expected


# --- a power of ten in E-notation --------------------------------------------------------------

@pytest.mark.parametrize("text, analyte, value", [
    ("Neutrophils ≥ 1,8.E9/L", "anc", 1.8),  # a decimal comma, then ".E9"
    ("Platelets ≥ 120.E9/L", "platelets", 120.0),
    ("ANC ≥ 1.2E9/L", "anc", 1.2),
    ("Platelets ≥ 90 E9/L", "platelets", 90.0),
])
def test_e_notation_counts(text, analyte, value):
    assert thresholds(text) == [(analyte, ">=", value, "10^9/L")]


@pytest.mark.parametrize("count, unit, expected", [(2000, "/uL", "met"), (1.0, "10^9/L", "not_met")])
def test_an_e_notation_bound_is_evaluated_with_units_converted(count, unit, expected):
    patient = {"labs": [{"name": "ANC", "value": count, "unit": unit}]}
    assert verdict("Neutrophils ≥ 1,8.E9/L", patient) == expected
