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


# --- a case's own bound after "unless" / "except": the analyte not said again ----------------------


def _case(body: str, section: str = "Inclusion"):
    """(the bounds holding for everyone, the exempt case's condition names and its bounds)."""
    (criterion,) = parse_criteria(f"{section} Criteria:\n\n{body}\n").criteria()
    (exception,) = [n for n in criterion.rule.walk() if n.kind == "except"]
    everyone = sorted((n.analyte, n.op, n.value, n.relative_to) for n in exception.item.walk()
                      if n.kind == "lab_threshold")
    (case,) = exception.exceptions
    names = [n.name for n in case.walk() if n.kind == "condition"]
    bounds = sorted((n.analyte, n.op, n.value, n.relative_to) for n in case.walk() if n.kind == "lab_threshold")
    return everyone, names, bounds


@pytest.mark.parametrize(
    ("body", "everyone", "bounds"),
    [
        ("* AST and ALT ≤ 3 x ULN, unless hepatic metastases are present, in which case ≤ 5 x ULN",
         [("alt", "<=", 3.0, "ULN"), ("ast", "<=", 3.0, "ULN")], [("alt", "<=", 5.0, "ULN"), ("ast", "<=", 5.0, "ULN")]),
        ("* ALT ≤ 2 times ULN unless liver metastases are present and then ≤ 4 times ULN",
         [("alt", "<=", 2.0, "ULN")], [("alt", "<=", 4.0, "ULN")]),
        ("* AST ≤ 3 x ULN (except for subjects with known liver metastases, in which case AST is allowed up to ≤ 5 x ULN)",
         [("ast", "<=", 3.0, "ULN")], [("ast", "<=", 5.0, "ULN")]),
        ("* AST ≤ 2.5 x ULN unless due to liver metastases in which case up to 5 x ULN is allowed",
         [("ast", "<=", 2.5, "ULN")], [("ast", "<=", 5.0, "ULN")]),
        ("* Total bilirubin ≤ 2 mg/dL unless Gilbert syndrome, in which case ≤ 4 mg/dL",
         [("total_bilirubin", "<=", 2.0, None)], [("total_bilirubin", "<=", 4.0, None)]),
    ],
)
def test_a_case_s_bound_after_an_exception_cue_is_on_the_analytes_before_it(body, everyone, bounds):
    found_everyone, names, found_bounds = _case(body)
    assert found_everyone == everyone
    assert names  # the case names its subgroup
    assert found_bounds == bounds


@pytest.mark.parametrize(
    "body",
    [
        "* Total bilirubin ≤ 2 mg/dL unless Gilbert syndrome, in which case ≤ 3 x ULN",  # another kind of bound
        "* AST ≤ 3 x ULN unless otherwise agreed, in which case ≤ 5 x ULN",  # the case names no one
    ],
)
def test_no_case_bound_where_its_kind_differs_or_no_case_is_named(body):
    tree = parse_criteria(f"Inclusion Criteria:\n\n{body}\n")
    assert len([n for c in tree.criteria() for n in c.rule.walk() if n.kind == "lab_threshold"]) == 1


@pytest.mark.parametrize(("conditions", "value", "expected"), [
    ([{"name": "liver metastases"}], 4.0, "met"), ([], 4.0, "not_met"), ([{"name": "liver metastases"}], 6.0, "not_met"),
])
def test_the_case_bound_evaluates_as_the_looser_bound_of_its_subgroup(conditions, value, expected):
    tree = parse_criteria("Inclusion Criteria:\n\n* ALT ≤ 2.5 x ULN unless liver metastases are present, "
                          "in which case ≤ 5 x ULN\n")
    patient = {"labs": [{"name": "ALT", "value": value * 40, "unit": "U/L", "uln": 40}],
               "conditions": conditions, "complete": ["conditions"]}
    assert criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict.value == expected
    assert "5" in criteria.render(tree, "clinician")
