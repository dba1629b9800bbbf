"""Issue 11, items 3 and 7: a risk of something is not the thing.

"Be at low risk for HIV and sexually transmitted infections", "at increased risk of bleeding",
"drugs with a risk of causing torsades de pointes", "to minimize the risk of pregnancy": read as
terms, the conditions after "risk of/for" were asked of every patient (an inclusion for people at
low risk of HIV asked for HIV). The record holds no risk, so those words stay unread beside the
rule: the criterion is unknown, never settled by the condition itself. Sentences of our own."""

import pytest

from evaluate_helpers import criterion_of, rule_of


def _names(rule):
    return {getattr(n, "name", None) for n in rule.walk()} if rule is not None else set()


@pytest.mark.parametrize("body, risked", [
    ("Be at low risk for HIV and hepatitis B (HBV)", {"hiv_infection", "hepatitis_b"}),
    ("Patients at increased risk of bleeding or thrombosis", {"bleeding", "venous_thrombosis", "thrombosis"}),
    ("Women who are at risk of becoming pregnant must use contraception", {"pregnancy"}),
])
def test_what_one_is_at_risk_of_is_not_asked(body, risked):
    rule = rule_of(body)
    assert not _names(rule) & risked, str(rule)
    assert any(n.kind == "unparsed" and "risk" in n.text for n in rule.walk()), str(rule)


def test_what_follows_the_risk_is_still_read():
    # the contraception after the risk is asked; the pregnancy one is at risk of is not
    rule = rule_of("Women who are at risk of becoming pregnant must use contraception")
    assert "contraception" in _names(rule), str(rule)


def test_a_list_after_the_risk_goes_on_to_other_things():
    # after a comma the list is the criterion's, not the risk's
    rule = rule_of("Metastatic lesions with risk of bleeding, inflammatory bowel disease", "Exclusion")
    assert "inflammatory_bowel_disease" in _names(rule), str(rule)


def test_a_history_of_or_risk_for_shares_its_term():
    rule = rule_of("History of, or evidence of risk for, autoimmune disease", "Exclusion")
    assert "autoimmune_disease" in _names(rule), str(rule)


def test_a_criterion_of_risk_alone_is_unread_not_a_diagnosis():
    criterion = criterion_of("Subjects at high risk of acquiring tuberculosis", "Exclusion")
    assert criterion.rule.kind == "unparsed", str(criterion.rule)
