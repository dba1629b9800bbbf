"""A reading that asks a patient to be male and female at once is no reading (issue 11: nothing looser
than the text, silently). "Male partners of women who are pregnant", "women … and men must …, she should
…, he should …": when both sexes land in one all_of, each becomes unparsed, so the verdict is unknown
where it had been settled for everyone (an exclusion that excluded nobody). Sentences of our own."""

from __future__ import annotations

import criteria
from criteria.parse.contradictions import names_both_sexes, without_contradictions
from criteria.tree.nodes import AllOf, AnyOf, Condition, Sex
from criteria.tree.spans import Span


def _sex(sex: str, start: int, end: int) -> Sex:
    return Sex(sex=sex, span=Span(start=start, end=end))


def test_both_sexes_in_one_all_of_become_unparsed():
    original = "men and women with asthma"
    rule = AllOf(items=(_sex("male", 0, 3), _sex("female", 8, 13), Condition(name="asthma")))
    rebuilt = without_contradictions(rule, original)
    assert [i.kind for i in rebuilt.items] == ["unparsed", "unparsed", "condition"]
    assert [i.text for i in rebuilt.items[:2]] == ["men", "women"]


def test_a_nested_all_of_is_rebuilt_and_alternatives_are_kept():
    original = "men and women, or asthma"
    inner = AllOf(items=(_sex("male", 0, 3), _sex("female", 8, 13)))
    either = AnyOf(items=(_sex("male", 0, 3), _sex("female", 8, 13)))  # "male or female": everyone
    rebuilt = without_contradictions(AnyOf(items=(inner, either, Condition(name="asthma"))), original)
    assert [i.kind for i in rebuilt.items[0].items] == ["unparsed", "unparsed"]
    assert rebuilt.items[1] == either


def test_one_sex_is_left_as_it_is():
    rule = AllOf(items=(_sex("female", 0, 5), Condition(name="asthma")))
    assert without_contradictions(rule, "women with asthma") is rule


def test_a_text_naming_one_sex_is_not_walked():
    assert not names_both_sexes("Women with asthma; female patients over 40")
    assert names_both_sexes("Men and women with asthma")


def test_a_parsed_criterion_asks_no_patient_to_be_both():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Male partners of women who are pregnant\n")
    (criterion,) = tree.criteria()
    assert not any(n.kind == "sex" for n in criterion.rule.walk())
    assert {n.text for n in criterion.rule.walk() if n.kind == "unparsed"} >= {"Male", "women"}


def test_a_part_and_its_own_denial_in_one_all_of_become_unparsed():
    """"Non-smoker … <= 10 pack-years": no tobacco use and tobacco use at once is no reading."""
    from criteria.tree.nodes import Not

    original = "smoker and non-smoker with asthma"
    smoking = Condition(name="tobacco_use", span=Span(start=0, end=6))
    denial = Not(item=Condition(name="tobacco_use", span=Span(start=15, end=21)), span=Span(start=11, end=21))
    rebuilt = without_contradictions(AllOf(items=(smoking, denial, Condition(name="asthma"))), original)
    assert [i.kind for i in rebuilt.items] == ["unparsed", "unparsed", "condition"]
    assert [i.text for i in rebuilt.items[:2]] == ["smoker", "non-smoker"]


def test_a_denial_of_something_else_is_kept():
    from criteria.tree.nodes import Not

    rule = AllOf(items=(Condition(name="asthma"), Not(item=Condition(name="tobacco_use"))))
    assert without_contradictions(rule, "asthma, no smoking") is rule
