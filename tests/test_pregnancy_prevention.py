"""Issue 11, item 3: preventing a pregnancy is contraception, not the pregnancy.

"Willing to take adequate measures to prevent pregnancy", "must adhere to a pregnancy prevention
method", "agree to avoid pregnancy during the study": the word "pregnancy" had been read as the
state, so an inclusion asked every woman to be pregnant. Also: an "or" after a bound measured "at
Visit 1" joins alternatives, as it does after "at screening". Sentences of our own."""

import pytest

from evaluate_helpers import rule_of


def _reproductive(rule):
    return [n.name for n in rule.walk() if n.kind == "reproductive"]


@pytest.mark.parametrize("body", [
    "Willing to take adequate measures to prevent pregnancy",
    "Women of childbearing potential must adhere to a pregnancy prevention method during the study",
    "Must agree to avoid pregnancy during the study",
    "Willing to follow pregnancy precautions",
])
def test_prevention_is_contraception(body):
    rule = rule_of(body)
    names = _reproductive(rule)
    assert "contraception" in names and "pregnancy" not in names, str(rule)


def test_a_number_naming_the_visit_does_not_break_alternatives():
    rule = rule_of("HbA1c > 9% at Visit 1 or diabetic ketoacidosis", "Exclusion")
    assert rule.kind == "any_of", str(rule)
    rule = rule_of("HbA1c > 9% 2 or diabetic ketoacidosis", "Exclusion")  # a bare number says something unread
    assert rule.kind == "all_of", str(rule)


@pytest.mark.parametrize("body", [
    "Must use non-hormonal contraception",
    "Women must use a non-hormonal IUD",
    "Agree to use nonhormonal contraception during the study",
])
def test_non_hormonal_contraception_is_contraception_with_its_kind_unread(body):
    from evaluate_helpers import rule_of

    rule = rule_of(body)
    names = {(n.kind, getattr(n, "name", None)) for n in rule.walk()}
    assert ("reproductive", "contraception") in names, str(rule)
    assert ("medication", "oral_contraceptives") not in names, str(rule)  # not the hormonal kind it excludes
    assert not any(n.kind == "not" for n in rule.walk()), str(rule)  # nor a denial of contraception
    # the kind is no field of a record: it stays unread, so the reading is not looser than the text
    assert any(n.kind == "unparsed" and "hormonal" in n.text.lower() for n in rule.walk()), str(rule)
