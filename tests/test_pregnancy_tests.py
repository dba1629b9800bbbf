"""A pregnancy test named without its result (issue 11, item 7: nothing read otherwise than the text).

Read as the word "pregnancy" inside it, "must have a serum pregnancy test" required every woman to
be pregnant. In an inclusion the test asked for is a negative one; in an exclusion the test cited
is the evidence of the pregnancy excluded."""

import criteria
from evaluate_helpers import verdict_of

WOMAN = {"age": 30, "sex": "female", "pregnant": False, "childbearing_potential": True}


def names(body: str, section: str) -> list[str]:
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {body}\n")
    return [n.name for c in tree.criteria() if c.rule for n in c.rule.walk() if n.kind == "reproductive"]


def test_a_test_an_inclusion_asks_for_is_a_negative_one():
    for body in ("Women of childbearing potential must have a serum pregnancy test within 7 days of enrolment",
                 "A urine pregnancy test obtained at entry must be negative",
                 "Agree to ongoing pregnancy testing during the study"):
        assert "pregnancy" not in names(body, "Inclusion") and "negative_pregnancy_test" in names(body, "Inclusion"), body
    # a woman who is not pregnant is not ruled out for want of a pregnancy
    assert verdict_of("Women of childbearing potential must have a serum pregnancy test within 7 days of enrolment",
                      WOMAN) != "not_met"


def test_a_test_an_exclusion_cites_is_the_pregnancy_it_shows():
    assert names("Pregnancy (confirmed by a serum pregnancy test)", "Exclusion") == ["pregnancy"]
    assert "negative_pregnancy_test" not in names("Positive or inconclusive urine pregnancy test", "Exclusion")
    assert verdict_of("Pregnancy (confirmed by a serum pregnancy test)", {**WOMAN, "pregnant": True}, "Exclusion") == "met"


def test_a_test_with_its_result_keeps_its_own_reading():
    assert names("Negative serum pregnancy test within 7 days", "Inclusion") == ["negative_pregnancy_test"]
    assert names("Positive serum pregnancy test", "Exclusion") == ["positive_pregnancy_test"]


def test_a_test_said_positive_or_denied_is_the_pregnancy_it_shows():
    body = "Must not have a positive serum beta human chorionic gonadotropin pregnancy test at screening"
    assert "negative_pregnancy_test" not in names(body, "Inclusion") and "pregnancy" in names(body, "Inclusion")
    assert names("Must not have a serum pregnancy test showing a pregnancy", "Inclusion").count("negative_pregnancy_test") == 0
