"""Issue 12: a condition named by a measure out of range, with its bound right after it.

"Fever > 38.5 °C", "sinus tachycardia >= 120 bpm", "hyperkalemia > 5.5 mmol/L": the bound (with its
unit) is on the measure the condition is named by (``lexicons/implied_measures.jsonl``), and the
criterion asks for the condition at that level, ``all_of(condition, threshold)``: a record of the
condition alone does not show its level. "Fever defined as > 38 °C", like "bradycardia (< 50 bpm)" in
parentheses, defines the condition: it holds when recorded or when the measure shows it,
``any_of(condition, threshold)``. Sentences of our own.
"""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria import parse_criteria
from criteria.parse.grammar.threshold import implied_measure


def _rule(body: str, section: str = "Exclusion"):
    (criterion,) = parse_criteria(f"{section} Criteria:\n\n{body}\n").criteria()
    return criterion.rule


def _defined(rule):
    """(condition name, (field, op, value, unit)) of each condition joined with the bound on its measure."""
    found = []
    for node in rule.walk():
        if node.kind in ("any_of", "all_of") and node.items[0].kind == "condition" and len(node.items) == 2 \
                and _on_its_measure(node.items[0], node.items[1]):
            for bound in node.items[1:]:
                for leaf in bound.walk():
                    if leaf.kind in ("lab_threshold", "measure_threshold"):
                        found.append((node.items[0].name, (leaf.analyte, leaf.op, leaf.value, leaf.unit)))
    return found


def _on_its_measure(condition, bound):
    field = implied_measure(condition.name.rsplit("_", 1)[-1])
    fields = {getattr(n, "analyte", None) for n in bound.walk()}
    return field in fields or (field == "blood_pressure" and bool(fields & {"sbp", "dbp"}))


@pytest.mark.parametrize(
    "body, expected",
    [
        ("* Fever > 38.5 °C at screening", ("fever", ("body_temperature", ">", 38.5, "degC"))),
        ("* Fever > 38.5 ℃ at screening", ("fever", ("body_temperature", ">", 38.5, "degC"))),
        ("* Sinus tachycardia ≥ 120 bpm", ("tachycardia", ("heart_rate", ">=", 120.0, "bpm"))),
        ("* Hyperkalemia > 5.5 mmol/L", ("hyperkalemia", ("potassium", ">", 5.5, "mmol/L"))),
        ("* Fever defined as > 38 °C", ("fever", ("body_temperature", ">", 38.0, "degC"))),
        ("* Obesity > 30 kg/m2", ("obesity", ("bmi", ">", 30.0, "kg/m^2"))),
    ],
)
def test_a_bound_right_after_the_condition_it_defines(body, expected):
    assert _defined(_rule(body)) == [expected]


def test_a_defined_condition_in_a_list_is_one_member():
    rule = _rule("* Active infection or fever ≥ 38.5 °C")
    assert rule.kind == "any_of"
    assert [n.kind for n in rule.items] == ["condition", "all_of"]  # the bound is fever's, not the infection's


@pytest.mark.parametrize(
    "body",
    [
        "* Hypertension, hemoglobin < 9 g/dL",  # another measure after a comma
        "* Fever > 3 days",  # a time, no temperature
        "* Thrombocytopenia with ≥ 2 episodes",  # no unit of the measure
    ],
)
def test_no_definition_where_the_bound_is_not_on_the_condition_s_measure(body):
    assert _defined(_rule(body)) == []


@pytest.mark.parametrize(
    ("temperature", "conditions", "expected"),
    [(39.0, [{"name": "fever"}], "met"), (37.0, [{"name": "fever"}], "not_met"),
     (None, [{"name": "fever"}], "unknown"), (None, [], "not_met")],
)
def test_a_condition_at_a_level_needs_the_measure(temperature, conditions, expected):
    """A recorded fever does not show 38.5 °C; no fever in a complete list clears."""
    tree = parse_criteria("Exclusion Criteria:\n\n* Fever > 38.5 °C\n")
    labs = [] if temperature is None else [{"name": "body temperature", "value": temperature, "unit": "degC"}]
    patient = {"labs": labs, "conditions": conditions, "complete": ["conditions"]}
    assert criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict.value == expected
    assert "38.5" in criteria.render(tree)


def test_a_condition_defined_as_a_bound_holds_by_record_or_measure():
    rule = _rule("* Fever defined as > 38 °C")
    assert rule.kind == "any_of" and rule.items[0].kind == "condition"


def test_a_condition_of_a_level_is_that_level():
    """'Hypertension of > 170/100 mmHg': a recorded hypertension alone is not that level."""
    tree = parse_criteria("Exclusion Criteria:\n\n* Hypertension of > 170/100 mm of Hg\n")
    patient = {"conditions": [{"name": "hypertension"}], "complete": ["conditions"]}
    assert criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict.value == "unknown"


@pytest.mark.parametrize("body", [
    "* Renal impairment, defined as creatinine clearance < 45 mL/min",
    "* Hepatic impairment defined by total bilirubin > 2 x ULN",
    "* Poor renal function defined by calculated creatinine clearance of < 40 mL/min",
    "* Hepatic dysfunction characterized by total bilirubin > 2 x ULN",
])
def test_a_condition_defined_by_any_measure_holds_by_the_measure_or_the_diagnosis(body):
    """"Defined as" says the bound is what the condition means, whatever measure it is on (no
    measure names renal impairment): any_of, where all_of had asked for the diagnosis as well."""
    rule = _rule(body)
    assert rule.kind == "any_of", rule
    assert [n.kind for n in rule.items][0] == "condition"
    assert rule.items[1].kind == "lab_threshold"
    patient = {"labs": [{"name": "creatinine clearance", "value": 30, "unit": "mL/min"},
                        {"name": "total bilirubin", "value": 3.0, "unit": "mg/dL", "uln": 1.0}],
               "complete": ["conditions"]}
    tree = parse_criteria(f"Exclusion Criteria:\n\n{body}\n")
    assert criteria.evaluate(tree, patient, date(2026, 1, 5)).verdict("E1").value == "met"
