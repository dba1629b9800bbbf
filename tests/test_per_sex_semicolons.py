"""Bounds per sex split by a semicolon: "Hemoglobin >= 11.5 g/dL for women; >= 13.5 g/dL for men".

The second bound has no measure of its own: it is the first's, for the other sex, as after a comma.
As a clause break the semicolon cut it from its measure, and the men's bound was never read (or the
sexes became requirements). Sentences of our own."""

import pytest

from criteria import parse_criteria
from evaluate_helpers import verdict_of


@pytest.mark.parametrize("body", [
    "Hemoglobin >= 11.5 g/dL for women; >= 13.5 g/dL for men",
    "Haemoglobin greater than or equal to 11.5 g/dL in females; greater than or equal to 13.5 g/dL in males",
])
def test_both_bounds_are_read_with_their_sex(body):
    tree = parse_criteria(f"Inclusion Criteria:\n* {body}")
    labs = [n for n in tree.inclusion[0].rule.walk() if n.kind == "lab_threshold"]
    assert sorted(n.value for n in labs) == [11.5, 13.5], str(tree)
    assert not any(n.kind in ("sex", "unparsed") for n in tree.inclusion[0].rule.walk()), str(tree)


def test_each_sex_is_held_to_its_own_bound():
    body = "Hemoglobin >= 11.5 g/dL for women; >= 13.5 g/dL for men"
    hb = [{"name": "hemoglobin", "value": 12.0, "unit": "g/dL"}]
    assert verdict_of(body, {"age": 50, "sex": "female", "labs": hb}) == "met"
    assert verdict_of(body, {"age": 50, "sex": "male", "labs": hb}) == "not_met"


def test_a_second_measure_after_the_semicolon_keeps_its_own_clause():
    tree = parse_criteria("Inclusion Criteria:\n* Hemoglobin >= 12 g/dL for women; platelets >= 100 x 10^9/L for men")
    parts = tree.inclusion[0].subcriteria
    assert [p.population.sex for p in parts] == ["female", "male"], str(tree)
    assert [n.analyte for p in parts for n in p.rule.walk() if n.kind == "lab_threshold"] == ["hemoglobin", "platelets"]
