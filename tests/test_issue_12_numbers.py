"""Issue 12, second round: more classes of numeric text read into typed nodes.

Each test is a class of sentence shape, on sentences of our own in ClinicalTrials.gov API v2 form;
each asserts what is read (field, operator, value, unit), and that the numbers lie in a typed node.
"""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria import parse_criteria


def _parse(body: str, section: str = "Inclusion"):
    return parse_criteria(f"{section} Criteria:\n\n{body}\n")


def _leaves(body: str, section: str = "Inclusion", kinds=("lab_threshold", "measure_threshold")):
    tree = _parse(body, section)
    return [n for c in tree.criteria() for n in (c.rule.walk() if c.rule else ()) if n.kind in kinds]


def _bounds(body: str, section: str = "Inclusion"):
    return sorted((n.analyte, n.op, n.value, n.unit) for n in _leaves(body, section))


def _rule(body: str, section: str = "Inclusion"):
    (criterion,) = _parse(body, section).criteria()
    return criterion.rule


# --- two bounds on one analyte ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    ["* Hemoglobin < 10.0 g/dL and ≥ 8.5 g/dL", "* Hemoglobin ≥ 8.5 g/dL, and < 10.0 g/dL",
     "* Hemoglobin at least 8.5 g/dL but less than 10.0 g/dL"],
)
def test_two_bounds_in_either_order_make_an_interval(body):
    rule = _rule(body)
    assert rule.kind == "all_of"
    assert _bounds(body) == [("hemoglobin", "<", 10.0, "g/dL"), ("hemoglobin", ">=", 8.5, "g/dL")]


def test_bounds_on_both_sides_of_a_range_are_either():
    body = "* Serum potassium < 3.5 mmol/L and > 5.5 mmol/L at baseline"
    rule = _rule(body, "Exclusion")
    assert rule.kind == "any_of"
    assert _bounds(body, "Exclusion") == [("potassium", "<", 3.5, "mmol/L"), ("potassium", ">", 5.5, "mmol/L")]


def test_a_value_restated_in_parentheses_stays_with_its_own_bound():
    rule = _rule("* Corrected serum calcium >= 8.0 mg/dL (2.00 mmol/L) and < 11.6 mg/dL (2.90 mmol/L)")
    low, high = rule.items
    assert (low.op, low.value, [p.value for p in low.paired]) == (">=", 8.0, [2.0])
    assert (high.op, high.value, high.paired) == ("<", 11.6, ())


def test_a_second_bound_after_but_on_a_size():
    assert _bounds("* A lesion > 1 cm, but < 4 cm") == [("lesion", "<", 4.0, "cm"), ("lesion", ">", 1.0, "cm")]


def test_only_and_or_but_join_a_second_bound():
    # "then" is no joint: the first bound is read, the second stays unparsed (not joined to it)
    body = "* Hemoglobin ≥ 8.5 g/dL then < 10.0 g/dL"
    assert _bounds(body) == [("hemoglobin", ">=", 8.5, "g/dL")]


def test_a_refused_longest_reading_leaves_the_readable_bound_before_it():
    # the "or" bound is a dose on a lab: refused; the lab's own bound is still read
    rule = _rule("* Hemoglobin ≥ 9 g/dL, but ≥ 50 mg/day if transfused")
    assert [n for n in rule.walk() if n.kind == "lab_threshold"][0].value == 9.0


def test_a_bound_cut_from_its_unit_is_not_read():
    assert _bounds("* Calcium supplementation ≥ 500 mg daily") == []


def test_two_bounds_are_evaluated_as_an_interval():
    tree = _parse("* Hemoglobin < 10.0 g/dL and ≥ 8.5 g/dL")
    result = criteria.evaluate(tree, {"labs": [{"name": "hemoglobin", "value": 9.1, "unit": "g/dL"}]},
                               as_of=date(2026, 12, 4))
    assert result.status == "eligible"
    result = criteria.evaluate(tree, {"labs": [{"name": "hemoglobin", "value": 11, "unit": "g/dL"}]},
                               as_of=date(2026, 12, 4))
    assert result.status == "ineligible"


def test_two_bounds_render_in_plain_english():
    tree = _parse("* Serum potassium < 3.5 mmol/L and > 5.5 mmol/L at baseline", "Exclusion")
    assert "less than 3.5 millimoles per litre or more than 5.5 millimoles per litre" in criteria.render(tree)
