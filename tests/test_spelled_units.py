"""Issue 12: units spelled out in words, with or without their abbreviation after them in parentheses."""

from __future__ import annotations

import pytest

from criteria import parse_criteria


@pytest.mark.parametrize(
    "body, expected",
    [
        ("* Body mass index (BMI) ≤ 32 kilograms per meters squared (kg/m^2)", ("bmi", "<=", 32.0, "kg/m^2")),
        ("* Fasting glucose ≥ 160 milligram/deciliter", ("fasting_glucose", ">=", 160.0, "mg/dL")),
        ("* Creatinine clearance > 80 millilitre per minute (mL/min)", ("crcl", ">", 80.0, "mL/min")),
        ("* Ferritin ≥ 200 micrograms per liter", ("ferritin", ">=", 200.0, "ug/L")),
    ],
)
def test_a_unit_spelled_out(body, expected):
    (criterion,) = parse_criteria(f"Inclusion Criteria:\n\n{body}\n").criteria()
    (node,) = [n for n in criterion.rule.walk() if n.kind in ("lab_threshold", "measure_threshold")]
    assert (node.analyte, node.op, node.value, node.unit) == expected
    assert all(n.kind != "unparsed" for n in criterion.rule.walk())
