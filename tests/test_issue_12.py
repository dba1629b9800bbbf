"""Issue 12: read every number a criterion compares, and never crash.

Regression tests on sentences of our own, in ClinicalTrials.gov API v2 form.
"""

from __future__ import annotations

import pytest

from criteria import parse_criteria
from criteria.spans import span_problems


def _parse(body: str):
    return parse_criteria(f"Inclusion Criteria:\n\n{body}\n")


# --- no crash: full-width punctuation, other scripts, right-to-left marks -----------------------------


def test_a_cohort_header_with_a_full_width_colon_is_collected():
    text = "Inclusion Criteria:\n\nArm A：patients with NSCLC\n* Age ≥ 18 years\n\nArm B：patients with SCLC\n"
    tree = parse_criteria(text)
    assert [c.name for c in tree.cohorts] == ["Arm A", "Arm B"]
    assert [c.definition for c in tree.cohorts] == ["patients with NSCLC", "patients with SCLC"]
    assert not span_problems(tree, text)


@pytest.mark.parametrize(
    "body",
    [
        "* Cohort 1（单药）：年龄≥18岁；ECOG ≤1，预期寿命≥12周",
        "Part B：\u200fالعمر ≥ 18 سنة\u200f",
        "* Arm A：\u202eAge ≥ 18 years\u202c",
        "Group 2： ：：（（ ））；；，，",
        "* Возраст ≥ 18 лет\n* \u2067ANC ≥ 1.5 × 10⁹/L\u2069",
        "Cohort A：\nCohort B：",
    ],
)
def test_no_input_of_other_scripts_or_marks_makes_the_parser_raise(body):
    text = f"Inclusion Criteria:\n\n{body}\n"
    tree = parse_criteria(text)
    assert not span_problems(tree, text)


# --- scales and measures of the lexicon -------------------------------------------------------------


@pytest.mark.parametrize(
    "body, analyte, op, value, value_high, unit",
    [
        ("* ASA class > 3", "asa_class", ">", 3, None, None),
        ("* ASA physical status I-II", "asa_class", "between", 1, 2, None),
        ("* NYHA class II–III", "nyha", "between", 2, 3, None),
        ("* SOFA score ≥ 2", "sofa", ">=", 2, None, None),
        ("* Modified Rankin Scale score ≤ 2", "mrs", "<=", 2, None, None),
        ("* Bishop score < 6", "bishop_score", "<", 6, None, None),
        ("* Beighton score of at least 5", "beighton_score", ">=", 5, None, None),
        ("* CDR 0.5-1", "cdr", "between", 0.5, 1, None),
        ("* CHA2DS2-VASc score ≥ 2 points", "cha2ds2_vasc", ">=", 2, None, "score_point"),
        ("* Body temperature > 38.5 °C", "body_temperature", ">", 38.5, None, "degC"),
        ("* Intracranial pressure > 20 cm H2O", "intracranial_pressure", ">", 20, None, "cmH2O"),
        ("* FiO2 ≤ 0.5", "fio2", "<=", 0.5, None, None),
        ("* PaO2/FiO2 ratio < 300", "pao2_fio2", "<", 300, None, None),
        ("* Urine output < 0.5 mL/kg/h", "urine_output", "<", 0.5, None, "mL/kg/h"),
        ("* Cervical length < 25 mm", "cervical_length", "<", 25, None, "mm"),
        ("* Burn surface area ≥ 20%", "burn_tbsa", ">=", 20, None, "percent"),
        ("* IQ < 70", "iq", "<", 70, None, None),
        ("* Prior radiation dose > 3000 cGy", "radiation_dose", ">", 3000, None, "cGy"),
        ("* Wheal diameter ≥ 3 mm", "wheal_diameter", ">=", 3, None, "mm"),
    ],
)
def test_scales_and_measures_of_the_lexicon(body, analyte, op, value, value_high, unit):
    rule = _parse(body).inclusion[0].rule
    found = [n for n in rule.walk() if n.kind == "measure_threshold"]
    assert found, rule
    node = found[0]
    assert (node.analyte, node.op, node.value, node.value_high, node.unit) == (analyte, op, value, value_high, unit)


@pytest.mark.parametrize("body", ["* ASA 81 mg daily", "* ASA > 10", "* GCS ≤ 20", "* Phase II trial, class III"])
def test_a_number_a_scale_cannot_take_is_not_that_scale(body):
    tree = _parse(body)
    assert not [n for c in tree.criteria() if c.rule for n in c.rule.walk() if n.kind == "measure_threshold"]
