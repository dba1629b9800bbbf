"""Kleene's three-valued tables, driven by the data files tests/data/kleene_*.csv."""

from __future__ import annotations

import itertools

import pytest
from evaluate_helpers import age, criteria_of, read_table

import criteria
from criteria.evaluate.logic import (
    CODES,
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    UNKNOWN,
    Verdict,
    all_of,
    any_of,
    kleene_and,
    kleene_not,
    kleene_or,
    negate,
)
from criteria.tree.nodes import AllOf, AnyOf, Cohort, Criteria, Criterion, Not, Unparsed

AND = read_table("kleene_and.csv")
OR = read_table("kleene_or.csv")
NOT = read_table("kleene_not.csv")
STATUS = read_table("eligibility_status.csv")


def test_tables_cover_every_combination():
    values = {v.value for v in Verdict}
    for table in (AND, OR):
        assert {(r["a"], r["b"]) for r in table} == set(itertools.product(values, values))
    assert {r["a"] for r in NOT} == values
    assert {(r["inclusion"], r["exclusion"]) for r in STATUS} == set(itertools.product(values, values))


@pytest.mark.parametrize("row", AND, ids=lambda r: f"{r['a']}-and-{r['b']}")
def test_and(row):
    assert kleene_and(Verdict(row["a"]), Verdict(row["b"])) is Verdict(row["result"])


@pytest.mark.parametrize("row", OR, ids=lambda r: f"{r['a']}-or-{r['b']}")
def test_or(row):
    assert kleene_or(Verdict(row["a"]), Verdict(row["b"])) is Verdict(row["result"])


@pytest.mark.parametrize("row", NOT, ids=lambda r: f"not-{r['a']}")
def test_not(row):
    assert kleene_not(Verdict(row["a"])) is Verdict(row["result"])


@pytest.mark.parametrize("codes", list(itertools.product((NOT_MET, UNKNOWN, MET, NOT_APPLICABLE), repeat=3)))
def test_nary_folds_agree_with_the_binary_tables(codes):
    verdicts = [Verdict(v) for v in (CODES_BY[c] for c in codes)]
    expected_and = expected_or = Verdict.NOT_APPLICABLE
    for v in verdicts:
        expected_and, expected_or = kleene_and(expected_and, v), kleene_or(expected_or, v)
    if expected_and is not Verdict.NOT_APPLICABLE:  # the n-ary folds treat "all set aside" as empty
        assert all_of(codes) == CODES[expected_and]
        assert any_of(codes) == CODES[expected_or]


CODES_BY = {code: verdict.value for verdict, code in CODES.items()}


def test_negation_is_an_involution():
    for code in (NOT_MET, UNKNOWN, MET, NOT_APPLICABLE):
        assert negate(negate(code)) == code


# The same tables, through the whole evaluator: leaves with a known verdict combined by the tree.
_LEAF = {
    "met": age(low=18),  # the patient below is 40
    "not_met": age(low=65),
    "unknown": Unparsed(text="something unreadable", reason="no rule matched"),
}
_PATIENT = {"age": 40}


@pytest.mark.parametrize(
    "row", [r for r in AND if "not_applicable" not in r.values()], ids=lambda r: f"{r['a']}-{r['b']}"
)
def test_all_of_node_follows_the_table(row):
    tree = criteria_of([AllOf(items=(_LEAF[row["a"]], _LEAF[row["b"]]))])
    assert criteria.evaluate(tree, _PATIENT).verdict("I1").value == row["result"]


@pytest.mark.parametrize(
    "row", [r for r in OR if "not_applicable" not in r.values()], ids=lambda r: f"{r['a']}-{r['b']}"
)
def test_any_of_node_follows_the_table(row):
    tree = criteria_of([AnyOf(items=(_LEAF[row["a"]], _LEAF[row["b"]]))])
    assert criteria.evaluate(tree, _PATIENT).verdict("I1").value == row["result"]


@pytest.mark.parametrize("row", [r for r in NOT if r["a"] != "not_applicable"], ids=lambda r: r["a"])
def test_not_node_follows_the_table(row):
    tree = criteria_of([Not(item=_LEAF[row["a"]])])
    assert criteria.evaluate(tree, _PATIENT).verdict("I1").value == row["result"]


def _criterion(verdict: str, section: str, ident: str) -> Criterion:
    """A criterion with the given verdict for _PATIENT assigned to Cohort 1."""
    if verdict == "not_applicable":  # scoped to the cohort the patient is not in
        return Criterion(id=ident, section=section, text="x", rule=_LEAF["met"], scope="Cohort 2")
    return Criterion(id=ident, section=section, text="x", rule=_LEAF[verdict])


@pytest.mark.parametrize("row", STATUS, ids=lambda r: f"{r['inclusion']}-{r['exclusion']}")
def test_status_follows_the_table(row):
    tree = Criteria(
        text="",
        inclusion=(_criterion(row["inclusion"], "inclusion", "I1"),),
        exclusion=(_criterion(row["exclusion"], "exclusion", "E1"),),
        cohorts=(Cohort(name="Cohort 1"), Cohort(name="Cohort 2")),
    )
    result = criteria.evaluate(tree, _PATIENT, cohort="Cohort 1")
    assert (result.verdict("I1").value, result.verdict("E1").value) == (row["inclusion"], row["exclusion"])
    assert result.status.value == row["status"]
