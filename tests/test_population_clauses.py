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
    # one group's two states, not two clauses each with its people
    assert [n.name for n in rule.walk() if n.kind == "reproductive"] == ["pregnancy", "breastfeeding"]
    assert sum(n.kind == "sex" for n in rule.walk()) <= 1


def _inclusion(text: str, profile: dict) -> str:
    tree = criteria.parse_criteria(f"Inclusion Criteria:\n\n* {text}\n")
    return criteria.evaluate(tree, criteria.Patient.model_validate(profile), as_of=AS_OF).criteria[0].verdict


@pytest.mark.parametrize("text, profile, verdict", [
    # a population word after a qualifier or two opens its own clause ("or surgically sterile women")
    ("Men, or surgically sterile women", {"sex": "male"}, "met"),
    ("Healthy men, or healthy women not of childbearing potential",
     {"sex": "female", "childbearing_potential": True}, "not_met"),
    # each clause keeps its own rule: a man need not be postmenopausal
    ("Men, or women who are postmenopausal", {"sex": "male"}, "met"),
    # the commas of a series of populations before its "or" are joins too
    ("Man, postmenopausal woman or surgically sterile woman", {"sex": "male"}, "met"),
])
def test_populations_with_qualifiers_are_alternatives(text, profile, verdict):
    assert _inclusion(text, profile) == verdict


def test_the_clause_of_another_population_does_not_bind_the_first():
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Men, or women who are postmenopausal\n")
    rule = tree.inclusion[0].rule
    assert rule.kind == "any_of"
    assert [n.sex for n in rule.walk() if n.kind == "sex"] == ["male", "female"]


@pytest.mark.parametrize("text", [
    "Men or women with type 2 diabetes",             # one population sharing what follows
    "Postmenopausal or surgically sterile women",    # one population, two statuses
    "A man or a woman aged 30 to 70 years",          # an article is no qualifier
])
def test_one_population_is_not_split(text):
    tree = criteria.parse_criteria(f"Inclusion Criteria:\n\n* {text}\n")
    assert tree.inclusion[0].rule.kind != "any_of"


def test_an_age_after_the_last_sex_is_everyones():
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Men or non-pregnant women who are 18 to 60 years old\n")
    rule = tree.inclusion[0].rule
    assert rule.kind == "all_of" and [n.kind for n in rule.items] == ["any_of", "age"]
    assert _inclusion("Men or non-pregnant women who are 18 to 60 years old",
                      {"sex": "male", "birth_date": "1940-01-01"}) == "not_met"


def test_per_sex_ages_stay_with_their_clause():
    text = "Men aged 50 years or older, or women aged 60 years or older"
    assert _inclusion(text, {"sex": "male", "birth_date": "1970-06-01"}) == "met"
    assert _inclusion(text, {"sex": "female", "birth_date": "1970-06-01"}) == "not_met"


def test_a_partner_is_not_whom_the_clause_is_about():
    # "or whose male partner…" names the patient's partner: no clause about men
    tree = criteria.parse_criteria(
        "Inclusion Criteria:\n\n* Women not of childbearing potential or whose male partner has had a vasectomy\n")
    assert "male" not in [n.sex for n in tree.inclusion[0].rule.walk() if n.kind == "sex"]


def test_population_states_are_data_checked_on_load(monkeypatch):
    from criteria import resources
    from criteria.errors import ResourceError
    states, apart = resources.population_states()
    assert {"pregnancy", "childbearing_potential"} <= states and apart == {"pregnancy", "breastfeeding"}
    monkeypatch.setattr(resources, "word_list", lambda name: frozenset({"pregnant women"}))
    resources.population_states.cache_clear()
    try:
        with pytest.raises(ResourceError, match="population_states.txt"):
            resources.population_states()
    finally:
        monkeypatch.undo()
        resources.population_states.cache_clear()
