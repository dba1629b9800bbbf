"""Issue 11 item 1: a series of thresholds, or of thresholds and events, joined by commas.

In an exclusion each member excludes: "Hemoglobin < 9 g/dL, ANC < 1500/mm3, platelets < 100,000/mm3",
"LVEF < 40%, symptomatic coronary artery disease, or uncontrolled arrhythmias". They had been all of
them (only a patient with every value out of range was excluded), or the first member beside the rest
(the "or" joined only the last two). In an inclusion the commas stay requirements, and only ", or" closes
a list of alternatives. Sentences of our own (parse/compose/join.py, ``_alternatives``)."""

import pytest

from evaluate_helpers import criterion_of, verdict_of


def _rule(body: str, section: str = "Exclusion"):
    return criterion_of(body, section).rule


def _members(rule) -> list[str]:
    return [getattr(m, "analyte", None) or m.name for m in rule.items]


@pytest.mark.parametrize("body, members", [
    ("Hemoglobin < 9 g/dL, ANC < 1500/mm3, or platelets < 100,000/mm3", ["hemoglobin", "anc", "platelets"]),
    ("Hemoglobin < 9 g/dL, ANC < 1500/mm3 or platelets < 100,000/mm3", ["hemoglobin", "anc", "platelets"]),
    ("Hemoglobin < 9 g/dL, ANC < 1500/mm3, platelets < 100,000/mm3", ["hemoglobin", "anc", "platelets"]),
    ("Systolic blood pressure > 160 mmHg, diastolic blood pressure > 100 mmHg", ["sbp", "dbp"]),
    ("LVEF < 40%, symptomatic coronary artery disease, or uncontrolled arrhythmias",
     ["lvef", "coronary_artery_disease", "arrhythmia"]),
    ("Symptomatic coronary artery disease, LVEF < 40%, or uncontrolled arrhythmias",
     ["coronary_artery_disease", "lvef", "arrhythmia"]),
    ("ALT > 2.5 x ULN, active liver disease, or jaundice", ["alt", "liver_disease", "jaundice"]),
])
def test_an_exclusions_series_is_alternatives(body, members):
    rule = _rule(body)
    assert rule.kind == "any_of", str(rule)
    assert _members(rule) == members


def test_each_value_of_an_exclusions_series_excludes():
    profile = {"labs": [{"name": "hemoglobin", "value": 8, "unit": "g/dL", "date": "2026-11-01"},
                        {"name": "platelets", "value": 250, "unit": "10^9/L", "date": "2026-11-01"}]}
    verdict = verdict_of("Hemoglobin < 9 g/dL, platelets < 100 x 10^9/L", profile, "Exclusion")
    assert str(getattr(verdict, "value", verdict)) == "met"


@pytest.mark.parametrize("body", [
    "Bilirubin <= 1.5 x ULN, albumin > 2.5 g/dL, creatinine <= 1.5 x ULN or creatinine clearance >= 50 mL/min",
    "ANC >= 1500/mm3, platelets >= 100,000/mm3, hemoglobin >= 9 g/dL",
])
def test_an_inclusions_series_stays_requirements(body):
    """The last "or" offers two ways to show one requirement; the commas list requirements."""
    rule = _rule(body, "Inclusion")
    assert rule.kind == "all_of", str(rule)
    assert rule.items[0].kind == "lab_threshold"


def test_an_inclusions_series_closed_by_comma_or_is_alternatives():
    rule = _rule("QTc >= 500 msec, LVEF <= 40%, or a history of ventricular tachycardia", "Inclusion")
    assert rule.kind == "any_of", str(rule)
    assert _members(rule) == ["qtc", "lvef", "ventricular_tachycardia"]


def test_a_described_case_keeps_its_values_together():
    """Events and thresholds by commas alone may describe one case: an exception's HIV with its counts."""
    rule = _rule("HIV infection, unless CD4 count > 350/mm3, undetectable viral load")
    spared = [n for n in rule.walk() if n.kind == "any_of"]
    assert not any({m.kind for m in n.items} >= {"lab_threshold", "condition"} for n in spared), str(rule)


@pytest.mark.parametrize("body", [
    "Uncontrolled hypertension (systolic blood pressure > 160 mmHg, diastolic blood pressure > 100 mmHg)",
    "Hepatic dysfunction (total bilirubin > 1.8 mg/dL, AST > 75 IU/L, ALT > 100 IU/L)",
])
def test_a_series_in_parentheses_defines_the_condition_before_it(body):
    """As "(systolic > 160 or diastolic > 100 mmHg)" does (item 6): the condition, or any of its values."""
    rule = _rule(body)
    assert rule.kind == "any_of", str(rule)
    assert rule.items[0].kind == "condition" and rule.items[1].kind == "any_of"


def test_a_series_with_a_class_grades_its_condition():
    rule = _rule("Cardiac insufficiency (NYHA class III-IV, LVEF < 30%)")
    assert rule.kind == "all_of", str(rule)
