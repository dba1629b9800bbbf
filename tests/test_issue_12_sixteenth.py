"""Issue 12, sixteenth round (branch numbers16): a looser bound for a case named after it, with its
analytes said again ("ALT and AST <= 5 x ULN if liver metastases") or not ("... or <= 5 x ULN if
liver metastases"). Sentences of our own, not any trial's."""

from __future__ import annotations

import pytest

from evaluate_helpers import nodes_of, numbers_left, rule_of, verdict_of


# --- a looser bound for a case named after it ------------------------------------------------------


def _case_bound(rule):
    """(the bounds for everyone, the case's bounds, the case's condition names) of an ``except``."""
    assert rule.kind == "except", rule
    everyone = sorted((n.analyte, n.op, n.value) for n in rule.item.walk() if n.kind == "lab_threshold")
    (case,) = rule.exceptions
    bounds = sorted((n.analyte, n.op, n.value) for n in case.walk() if n.kind == "lab_threshold")
    conditions = [n.name for n in case.walk() if n.kind == "condition"]
    return everyone, bounds, conditions


@pytest.mark.parametrize(
    ("body", "everyone", "case"),
    [
        ("AST and ALT ≤ 2 x ULN (AST and ALT ≤ 4 x ULN if hepatic metastases are present)",
         [("alt", "<=", 2.0), ("ast", "<=", 2.0)], [("alt", "<=", 4.0), ("ast", "<=", 4.0)]),
        ("ALT ≤ 3 × ULN; ALT ≤ 6 × ULN in patients with liver metastases",
         [("alt", "<=", 3.0)], [("alt", "<=", 6.0)]),
        ("AST and ALT < 2 times ULN (AST and ALT < 4 times ULN in case of liver metastases)",
         [("alt", "<", 2.0), ("ast", "<", 2.0)], [("alt", "<", 4.0), ("ast", "<", 4.0)]),
        ("AST ≤ 2 x ULN; AST ≤ 4 x ULN when liver metastases", [("ast", "<=", 2.0)], [("ast", "<=", 4.0)]),
    ],
)
def test_a_looser_bound_for_a_case_named_after_it(body, everyone, case):
    got_everyone, got_case, conditions = _case_bound(rule_of(body))
    assert (got_everyone, got_case) == (everyone, case)
    assert conditions  # the case's condition stands with its bound, never required of everyone


def test_the_case_bound_relaxes_the_bound_only_for_the_case():
    body = "ALT ≤ 3 × ULN (ALT ≤ 6 × ULN in patients with liver metastases)"
    high = {"name": "ALT", "value": 200, "unit": "U/L", "uln": 40}  # 5 x ULN
    metastases = {"conditions": [{"name": "liver metastases"}], "labs": [high], "complete": ["conditions"]}
    none = {"conditions": [{"name": "hypertension"}], "labs": [high], "complete": ["conditions"]}
    assert verdict_of(body, metastases) == "met"
    assert verdict_of(body, none) == "not_met"


@pytest.mark.parametrize(
    ("body", "section"),
    [
        # a stricter bound for the case is a bound of its own, not a relaxation
        ("ALT ≤ 5 × ULN; ALT ≤ 3 × ULN in patients with liver metastases", "Inclusion"),
        # another analyte: no case of the first bound
        ("ALT ≤ 3 × ULN; AST ≤ 5 × ULN in patients with liver metastases", "Inclusion"),
        # in an exclusion a case's bound is not a carve-out of the first one
        ("ALT > 3 × ULN (ALT > 5 × ULN in patients with liver metastases)", "Exclusion"),
        # a requirement after the case: the case's words do not end where its condition does
        ("ALT ≤ 3 × ULN and ALT ≤ 5 × ULN with prior hepatitis and creatinine ≤ 1.5 mg/dL", "Inclusion"),
    ],
)
def test_no_case_bound_where_the_text_does_not_say_one(body, section):
    rule = rule_of(body, section)
    assert not (rule.kind == "except" and any(n.kind == "lab_threshold" for e in rule.exceptions for n in e.walk()))


# --- a looser bound without its analyte for a case named after it ----------------------------------


def test_bare_looser_bounds_for_cases_after_the_bound():
    rule = rule_of("Alkaline phosphatase ≤ 3 x ULN (or ≤ 6 x ULN if hepatic metastases, ≤ 8 x ULN if bone metastases)")
    assert rule.kind == "except"
    assert [(n.analyte, n.value) for n in rule.item.walk() if n.kind == "lab_threshold"] == [("alp", 3.0)]
    cases = [sorted((n.kind, getattr(n, "value", None) or getattr(n, "site", None)) for n in e.walk()
                    if n.kind in ("lab_threshold", "condition")) for e in rule.exceptions]
    assert [[v for k, v in case if k == "lab_threshold"] for case in cases] == [[6.0], [8.0]]
    assert all(any(k == "condition" for k, _ in case) for case in cases)


def test_a_bare_looser_bound_joined_by_and():
    everyone, case, conditions = _case_bound(rule_of("AST and ALT ≤ 2 x ULN and ≤ 4 x ULN with hepatic metastases"))
    assert everyone == [("alt", "<=", 2.0), ("ast", "<=", 2.0)]
    assert case == [("alt", "<=", 4.0), ("ast", "<=", 4.0)]
    assert conditions


@pytest.mark.parametrize(
    "body",
    [
        "AST or ALT ≤ 2 x ULN, patients with hepatic metastases ≤ 4 x ULN, and creatinine ≤ 1.4 mg/dL",
        "AST or ALT ≤ 2 x ULN; patient with known hepatic metastases ≤ 4 x ULN",
    ],
)
def test_a_case_named_before_its_bare_bound(body):
    rule = next(n for n in nodes_of(body, "Inclusion") if n.kind == "except")
    assert rule.item.kind == "any_of"  # "AST or ALT": either, for everyone and for the case
    (case,) = rule.exceptions
    bounds = [n for n in case.walk() if n.kind == "lab_threshold"]
    assert sorted((n.analyte, n.value) for n in bounds) == [("alt", 4.0), ("ast", 4.0)]
    assert any(n.kind == "any_of" for n in case.walk())
    assert any(n.kind == "condition" for n in case.walk())
    assert numbers_left(body, "Inclusion") == []


@pytest.mark.parametrize(
    ("body", "section"),
    [
        ("ALT ≤ 3 x ULN, patients with hepatic metastases ≤ 5 x ULN if confirmed by biopsy", "Inclusion"),
        ("ALT ≤ 3 x ULN and ≤ 2 x ULN with hepatic metastases", "Inclusion"),  # stricter: not a relaxation
        ("ALT > 3 x ULN or > 5 x ULN with hepatic metastases", "Exclusion"),
        ("ALT ≤ 3 x ULN or ≤ 5 x ULN with hepatic metastases and a platelet count ≥ 100,000/mm3", "Inclusion"),
    ],
)
def test_no_bare_case_bound_where_the_text_does_not_say_one(body, section):
    rule = rule_of(body, section)
    assert not (rule.kind == "except" and any(n.kind == "lab_threshold" for e in rule.exceptions for n in e.walk()))
