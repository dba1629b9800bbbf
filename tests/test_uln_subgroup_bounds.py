"""Issue 12, multiples of the ULN: a subgroup's own bound written in ways the threshold did not read.

"Bilirubin <= 1.5 x ULN, (for subjects with Gilbert's disease <= 3 x ULN)": the subgroup's bound in
parentheses after a comma; "(in case of liver metastases: <= 5 times ULN)": the subgroup named by a
thing that has a size ("metastases"), which is no size when a multiple of the ULN follows. Each is an
alternative of the threshold, as the same words without the comma or with "liver involvement" are.
"""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria import parse_criteria


def _thresholds(body: str, section: str = "Inclusion"):
    tree = parse_criteria(f"{section} Criteria:\n\n{body}\n")
    return tree, [n for c in tree.criteria() for n in (c.rule.walk() if c.rule else ()) if n.kind == "lab_threshold"]


@pytest.mark.parametrize(
    "body, analytes, condition, bound",
    [
        ("* Bilirubin ≤ 1.5 x ULN, (for subjects with Gilbert's disease ≤ 3 x ULN)", ["total_bilirubin"],
         "Gilbert's disease", ("<=", 3.0)),
        ("* Total bilirubin ≤ 1.5 times ULN, (≤ 3 times ULN for Gilbert syndrome)", ["total_bilirubin"],
         "Gilbert syndrome", ("<=", 3.0)),
        ("* ALT and AST ≤ 2.5 x ULN (in case of liver metastases: ≤ 5 times ULN)", ["alt", "ast"],
         "liver metastases", ("<=", 5.0)),
        ("* AST ≤ 3 x ULN (for patients with hepatic metastases: ≤ 5 x ULN)", ["ast"],
         "hepatic metastases", ("<=", 5.0)),
    ],
)
def test_a_subgroup_bound_is_an_alternative(body, analytes, condition, bound):
    _, found = _thresholds(body)
    assert [n.analyte for n in found] == analytes
    for node in found:
        (alternative,) = node.alternatives
        assert condition in alternative.condition
        assert (alternative.op, alternative.value, alternative.relative_to) == (*bound, "ULN")


def test_a_bound_in_parentheses_after_a_comma_without_a_subgroup_is_no_alternative():
    _, found = _thresholds("* Bilirubin ≤ 1.5 x ULN, (≤ 3 x ULN)")
    assert all(not n.alternatives for n in found)


def test_a_thing_measured_before_a_size_is_still_measured():
    tree = parse_criteria("Inclusion Criteria:\n\n* Liver metastases ≤ 3 cm\n")
    (node,) = [n for c in tree.criteria() for n in c.rule.walk() if n.kind == "measure_threshold"]
    assert (node.analyte, node.op, node.value, node.unit) == ("liver metastases", "<=", 3.0, "cm")


@pytest.mark.parametrize(("conditions", "expected"), [([{"name": "Gilbert syndrome"}], "met"), ([], "not_met")])
def test_the_subgroup_bound_renders_and_evaluates(conditions, expected):
    tree, _ = _thresholds("* Total bilirubin ≤ 1.5 times ULN, (≤ 3 times ULN for Gilbert syndrome)")
    assert "Gilbert syndrome" in criteria.render(tree)
    patient = {"labs": [{"name": "total bilirubin", "value": 2.6, "unit": "mg/dL", "uln": 1.2}],
               "conditions": conditions, "complete": ["conditions"]}
    assert criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict.value == expected
