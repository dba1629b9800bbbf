"""Issue 11, item 4: more ways an exclusion list states its exclusion as a prohibition.

"Patients cannot be pregnant or nursing", "patients will not meet criteria for schizophrenia", "You
cannot have brain metastases" under an exclusion heading exclude the pregnancy, the schizophrenia,
the metastases; read literally they excluded everyone without them. Sentences of our own."""

import pytest

from evaluate_helpers import verdict_of

CLEAR = {"age": 50, "sex": "female", "pregnant": False, "breastfeeding": False, "conditions": [],
         "complete": ["conditions"]}


@pytest.mark.parametrize("body", ["Patients cannot be pregnant or nursing",
                                  "Patients will not meet criteria for schizophrenia",
                                  "You cannot have schizophrenia", "Subjects can not have schizophrenia"])
def test_a_prohibition_in_an_exclusion_list_excludes_what_it_prohibits(body):
    assert verdict_of(body, CLEAR, "Exclusion") == "not_met", body
    ill = {**CLEAR, "pregnant": True, "conditions": [{"name": "schizophrenia"}]}
    assert verdict_of(body, ill, "Exclusion") == "met", body


def test_a_verdict_after_will_not_is_no_prohibition():
    # "will not be excluded" grants; it does not prohibit what follows
    body = "Patients will not be excluded if they have schizophrenia"
    ill = {**CLEAR, "conditions": [{"name": "schizophrenia"}]}
    assert verdict_of(body, ill, "Exclusion") != "met"


def test_an_exclusion_written_as_a_requirement_keeps_its_exceptions():
    body = "No prior chemotherapy with the exception of hydroxyurea"
    never_treated = {"age": 50, "sex": "male", "therapies": [], "medications": [],
                     "complete": ["therapies", "medications"]}
    # the chemotherapy excludes; a patient who never had any is not excluded
    assert verdict_of(body, never_treated, "Exclusion") == "not_met"
    treated = {**never_treated, "therapies": [{"name": "cisplatin chemotherapy"}]}
    assert verdict_of(body, treated, "Exclusion") == "met"


# --- pregnant women, or another group ----------------------------------------------------------------

PREGNANT = {"age": 30, "sex": "female", "pregnant": True, "breastfeeding": False, "childbearing_potential": True}


@pytest.mark.parametrize("body", [
    "Pregnant or lactating women, or women of childbearing potential not using contraception",
    "Pregnant or nursing women, women of childbearing potential who refuse to use contraception",
    "Pregnant or nursing female, nor unwilling to use reliable contraception",
    # joined by "and", the second group names its own people: men are no part of the pregnant group
    "Pregnant or breastfeeding women and men who are unwilling to use contraception",
    "Pregnant or nursing women and women of childbearing potential not using contraception",
])
def test_the_pregnant_group_is_excluded_whatever_the_second_group_asks(body):
    import criteria

    rule = next(criteria.parse_criteria(f"Exclusion Criteria:\n\n* {body}\n").criteria()).rule
    assert rule.kind == "any_of" and len(rule.items) == 2, rule
    # read as all of both, a pregnant woman was excluded only if she also refused contraception
    assert verdict_of(body, PREGNANT, "Exclusion") == "met"
    # a man is no pregnant woman (the second group may still ask him of contraception)
    man = {"age": 30, "sex": "male"}
    assert verdict_of(body, man, "Exclusion") != "met"


def test_pregnant_women_alone_stay_one_group():
    import criteria

    rule = next(criteria.parse_criteria("Exclusion Criteria:\n\n* Pregnant or breastfeeding women\n").criteria()).rule
    # "breastfeeding women" is one lexicon phrase: the states alone, or the states beside the sex
    states = rule if rule.kind == "any_of" else next(n for n in rule.items if n.kind == "any_of")
    assert [n.name for n in states.items] == ["pregnancy", "breastfeeding"]
    assert rule.kind == "any_of" or {n.kind for n in rule.items} == {"any_of", "sex"}


@pytest.mark.parametrize("body", [
    "Pregnant or lactating women. Women of childbearing potential must have a negative pregnancy test",
    "Pregnant or nursing women (women of childbearing potential must have a negative pregnancy test "
    "and use an effective contraceptive method)",
])
def test_an_instruction_after_the_pregnant_group_excludes_those_who_fail_it(body):
    import criteria

    rule = next(criteria.parse_criteria(f"Exclusion Criteria:\n\n* {body}\n").criteria()).rule
    assert rule.kind == "any_of", rule
    second = rule.items[1]
    assert any(n.kind == "not" for n in second.items), second
    # the pregnant woman is excluded; read as one more requirement, a positive test had cleared her
    assert verdict_of(body, PREGNANT, "Exclusion") == "met"
    # a woman who may become pregnant and whose test is not on record is undecided, never excluded for it
    may = {"age": 30, "sex": "female", "pregnant": False, "breastfeeding": False, "childbearing_potential": True}
    assert verdict_of(body, may, "Exclusion") == "unknown"
    assert verdict_of(body, {"age": 30, "sex": "male"}, "Exclusion") == "not_met"
