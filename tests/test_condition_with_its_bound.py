"""Issue 12: a condition named by a measure out of range, with its bound right after it.

"Fever > 38.5 °C", "sinus tachycardia >= 120 bpm", "hyperkalemia > 5.5 mmol/L", "fever defined as > 38 °C":
as "bradycardia (< 50 bpm)" in parentheses, the bound (with its unit) is on the measure the condition
is named by (``lexicons/implied_measures.jsonl``), and the condition holds when recorded or when the
measure shows it: ``any_of(condition, threshold)``. Sentences of our own.
"""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria import parse_criteria


def _rule(body: str, section: str = "Exclusion"):
    (criterion,) = parse_criteria(f"{section} Criteria:\n\n{body}\n").criteria()
    return criterion.rule


def _defined(rule):
    """(condition name, (field, op, value, unit)) of each condition joined with its bound."""
    found = []
    for node in rule.walk():
        if node.kind == "any_of" and node.items[0].kind == "condition":
            for bound in node.items[1:]:
                for leaf in bound.walk():
                    if leaf.kind in ("lab_threshold", "measure_threshold"):
                        found.append((node.items[0].name, (leaf.analyte, leaf.op, leaf.value, leaf.unit)))
    return found


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
    assert [n.kind for n in rule.items] == ["condition", "any_of"]  # the bound is fever's, not the infection's


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
    [(39.0, [], "met"), (37.0, [], "not_met"), (None, [{"name": "fever"}], "met")],
)
def test_a_defined_condition_evaluates_on_the_record_or_the_measure(temperature, conditions, expected):
    tree = parse_criteria("Exclusion Criteria:\n\n* Fever > 38.5 °C\n")
    labs = [] if temperature is None else [{"name": "body temperature", "value": temperature, "unit": "degC"}]
    patient = {"labs": labs, "conditions": conditions, "complete": ["conditions"]}
    assert criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict.value == expected
    assert "38.5" in criteria.render(tree)
