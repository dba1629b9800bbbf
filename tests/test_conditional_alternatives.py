"""A list of states whose last member is a condition and what it then asks (issue 11, item 1): "Women
must be surgically sterile, postmenopausal, or, if of childbearing potential, using contraception".
The members are alternatives, "if C, D" among them reads "not C, or D". Read side by side, a woman had
to be postmenopausal, of childbearing potential and on contraception at once. Sentences of our own."""

from __future__ import annotations

from datetime import date

import criteria


def _criterion(text: str):
    return next(criteria.parse_criteria(f"Inclusion Criteria:\n\n* {text}\n").criteria())


def _verdict(text: str, patient: dict) -> str:
    tree = criteria.parse_criteria(f"Inclusion Criteria:\n\n* {text}\n")
    return criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict.value


LIST = ("Female patients must be postmenopausal, surgically sterile, or, if of childbearing potential, "
        "using an effective method of contraception")


def test_the_states_and_the_conditional_ask_are_alternatives():
    rule = _criterion(LIST).rule
    assert rule.kind == "any_of"
    kinds = [(m.kind, getattr(m, "name", None) or getattr(getattr(m, "item", None), "name", None)) for m in rule.items]
    assert ("not", "childbearing_potential") in kinds and ("reproductive", "contraception") in kinds
    assert any(n.kind == "reproductive" and n.name == "postmenopausal" for n in rule.walk())


def test_a_woman_without_childbearing_potential_meets_it():
    """She had failed it: the parts asked for childbearing potential beside the other states."""
    assert _verdict(LIST, {"sex": "female", "childbearing_potential": False}) == "met"
    # of childbearing potential, whether she uses contraception a profile does not say
    assert _verdict(LIST, {"sex": "female", "childbearing_potential": True}) == "unknown"


def test_not_of_potential_or_if_so_an_ask():
    rule = _criterion("Is not of reproductive potential; or if of reproductive potential, agrees to use "
                      "contraception").rule
    assert rule.kind == "any_of"
    assert rule.items[0].kind == "not" and rule.items[0].item.name == "reproductive_potential"


def test_an_ask_before_the_list_stays_asked_of_every_woman():
    rule = _criterion("If female, must have a negative pregnancy test and be either postmenopausal or, if of "
                      "childbearing potential, use contraception").rule
    assert rule.kind == "all_of"
    assert rule.items[0].kind == "reproductive" and rule.items[0].name == "negative_pregnancy_test"
    assert rule.items[1].kind == "any_of"
