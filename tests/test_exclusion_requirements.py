"""Issue 11, items 2 and 4: a requirement of some people written in an exclusion list.

"Women of childbearing potential must use adequate contraception" under an exclusion heading
excludes the women of childbearing potential who do not; read as written, it had excluded every
woman who does. After "must not" what is denied excludes. Sentences of our own."""

import pytest

from criteria import parse_criteria
from evaluate_helpers import verdict_of

WOCBP = {"age": 30, "sex": "female", "childbearing_potential": True, "pregnant": False,
         "breastfeeding": False, "conditions": [], "complete": ["conditions"]}


def _criterion(body):
    return parse_criteria(f"Exclusion Criteria:\n* {body}").exclusion[0]


@pytest.mark.parametrize("body", ["Women of childbearing potential must use adequate contraception",
                                  "Fertile patients must use effective contraception",
                                  "Women of childbearing potential are strongly advised to use contraception"])
def test_a_requirement_in_an_exclusion_list_excludes_those_who_fail_it(body):
    # a profile does not say whether a woman uses contraception: the reading is checked on the tree
    criterion = _criterion(body)
    assert criterion.population is not None, body
    assert criterion.rule.kind == "not", body
    assert "contraception" in {getattr(n, "name", None) for n in criterion.rule.item.walk()}, body


def test_failing_a_required_test_excludes():
    body = "Women of childbearing potential must have a negative pregnancy test"
    # a recorded pregnancy implies a positive test: she fails the requirement, so she is excluded
    assert verdict_of(body, {**WOCBP, "pregnant": True}, "Exclusion") == "met"


def test_a_man_is_outside_a_requirement_of_women():
    body = "Women of childbearing potential must use adequate contraception"
    man = {"age": 30, "sex": "male", "conditions": [], "complete": ["conditions"]}
    assert verdict_of(body, man, "Exclusion") == "not_applicable"


def test_must_not_excludes_what_it_denies():
    body = "Women of childbearing potential must not be pregnant"
    assert verdict_of(body, {**WOCBP, "pregnant": True}, "Exclusion") == "met"
    assert verdict_of(body, WOCBP, "Exclusion") == "not_met"


def test_a_colon_states_the_exclusion_itself():
    body = "Patients with liver metastases: ALT > 5 x ULN"
    assert _criterion(body).rule.kind == "lab_threshold"


def test_a_modal_giving_the_verdict_is_no_requirement():
    body = "Patients with hepatitis B should be excluded"
    assert _criterion(body).rule.kind == "condition"


def test_an_event_that_must_be_done_is_no_requirement_of_people():
    # "Minor surgery must be completed 7 days before": its literal reading is the exclusion
    rule = _criterion("Minor surgery must be completed within 7 days before enrollment").rule
    assert rule.kind != "not"


def test_a_second_group_after_the_requirement_keeps_the_literal_reading():
    body = "Women of childbearing potential must have a pregnancy test and pregnant or nursing females"
    rule = _criterion(body).rule
    assert rule.kind != "not"


@pytest.mark.parametrize("section, verdict", [("Inclusion", "not_met"), ("Exclusion", "met")])
def test_a_pregnant_woman_fails_a_negative_pregnancy_test(section, verdict):
    body = "Negative pregnancy test" if section == "Inclusion" else "Positive pregnancy test"
    assert verdict_of(body, {**WOCBP, "pregnant": True}, section) == verdict


def test_a_woman_not_known_pregnant_has_no_test_result():
    assert verdict_of("Negative pregnancy test", WOCBP, "Inclusion") == "unknown"
    assert verdict_of("Negative pregnancy test", {**WOCBP, "pregnant": False}, "Inclusion") == "unknown"


@pytest.mark.parametrize("body", ["Not pregnant or nursing", "not pregnant"])
def test_a_bare_not_before_pregnancy_in_an_exclusion_list_excludes_the_pregnancy(body):
    assert verdict_of(body, WOCBP, "Exclusion") == "not_met", body
    assert verdict_of(body, {**WOCBP, "pregnant": True}, "Exclusion") == "met", body


def test_a_bare_not_before_anything_else_keeps_its_reading():
    # "Not on a stable dose of metformin" may exclude the instability itself
    assert _criterion("Not on a stable dose of metformin").rule.kind == "not"


@pytest.mark.parametrize("body", ["Subjects at risk of non-compliance",
                                  "History of non-compliance with medical regimens",
                                  "Circumstances that limit the patient's ability to comply with the protocol"])
def test_non_compliance_is_compliance_denied(body):
    complying = {**WOCBP, "will_comply": True}
    assert verdict_of(body, complying, "Exclusion") == "not_met", body
    # unread words beside the denial ("Circumstances") may leave it open, never cleared
    assert verdict_of(body, {**WOCBP, "will_comply": False}, "Exclusion") in ("met", "unknown"), body


def test_the_people_an_exclusion_opens_with_are_whom_it_is_for_not_an_alternative():
    """"For women of child bearing age, failure to use birth control": an exclusion reads the comma as
    "or", which had excluded every woman of childbearing potential, contraception or not."""
    import criteria

    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* For women of child bearing age, failure to use birth control\n")
    criterion = tree.exclusion[0]
    assert criterion.population is not None and criterion.population.name == "childbearing_potential"
    assert criterion.rule.kind == "not" and criterion.rule.item.name == "contraception"
