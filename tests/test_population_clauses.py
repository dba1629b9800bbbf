"""A reproductive status opens a population clause as a person word does: "Pregnant or
breastfeeding women, or women of childbearing potential not using contraception" excludes either
group, the contraception rule being the second group's only (issue 11, items 1 and 2). Read as one
``all_of`` it asked a patient to be pregnant and of childbearing potential without contraception at
once, and cleared a pregnant woman using contraception."""

from __future__ import annotations

from datetime import date

import pytest

import criteria

AS_OF = date(2026, 1, 1)


def _rule(text: str):
    return criteria.parse_criteria(f"Exclusion Criteria:\n\n* {text}\n").exclusion[0].rule


def _verdict(text: str, profile: dict) -> str:
    tree = criteria.parse_criteria(f"Exclusion Criteria:\n\n* {text}\n")
    return criteria.evaluate(tree, criteria.Patient.model_validate(profile), as_of=AS_OF).criteria[0].verdict


@pytest.mark.parametrize("text", [
    "Pregnant or breastfeeding women, or women of childbearing potential not using adequate contraception",
    "Women who are pregnant or lactating, or women of childbearing potential unwilling to use contraception",
    "Pregnant women, or women of childbearing potential not using effective contraception",
])
def test_each_group_is_an_alternative_with_its_own_rule(text):
    rule = _rule(text)
    assert rule.kind == "any_of"
    [second] = [c for c in rule.items if any(n.kind == "reproductive" and n.name == "childbearing_potential" for n in c.walk())]
    assert {n.kind for n in second.walk()} >= {"not", "reproductive"}
    assert not any(n.kind == "reproductive" and n.name == "pregnancy" for n in second.walk())


def test_a_pregnant_woman_is_excluded_whatever_her_contraception():
    profile = {"sex": "female", "pregnant": True, "childbearing_potential": True}
    text = "Pregnant or breastfeeding women, or women of childbearing potential not using adequate contraception"
    assert _verdict(text, profile) == "met"


def test_one_population_named_twice_is_no_clause():
    rule = _rule("Pregnant or breastfeeding women")
    assert rule.kind == "all_of"
