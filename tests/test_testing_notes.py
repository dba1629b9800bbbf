"""Issue 11, items 4 and 5: a note that a test is not required is a remark, never a denial.

"Known active hepatitis B or C. No testing for hepatitis B and hepatitis C is required unless mandated
by local health authority" had read the note as "no hepatitis B or C": an alternative of the
exclusion, so every patient without hepatitis was excluded. Sentences of our own."""

import pytest

import criteria
from evaluate_helpers import verdict_of

CLEAR = {"age": 50, "sex": "male", "conditions": [], "complete": ["conditions"]}


def top(body: str, section: str = "Exclusion"):
    return next(criteria.parse_criteria(f"{section} Criteria:\n\n* {body}\n").criteria())


@pytest.mark.parametrize("body", [
    "Known active hepatitis B or C. No testing for hepatitis B and hepatitis C is required unless mandated locally.",
    "Known HIV infection (HIV testing is not required)",
    "Known HIV infection (testing not mandatory)",
    "Known HIV infection. Note: no additional laboratory tests for HIV are required for screening",
])
def test_a_note_that_no_test_is_required_is_a_remark(body):
    criterion = top(body)
    assert not any(n.kind in ("not", "unparsed") for n in criterion.rule.walk()), criterion.rule
    assert any(r.about == "method" for r in criterion.remarks)
    # a patient without the infection is not excluded; one with it is
    assert verdict_of(body, CLEAR, "Exclusion") == "not_met"
    infected = {**CLEAR, "conditions": [{"name": "HIV infection", "status": "active"},
                                       {"name": "chronic hepatitis B", "status": "active"}]}
    assert verdict_of(body, infected, "Exclusion") == "met"


def test_the_words_naming_what_is_tested_stay_with_the_note_and_no_further():
    # the pregnancy test asked before the note is still asked
    criterion = top("Women of childbearing potential must have a negative pregnancy test Pregnancy testing "
                    "is not required for post-menopausal women", "Inclusion")
    assert any(n.kind == "reproductive" and n.name == "negative_pregnancy_test" for n in criterion.rule.walk())
    # a test asked for is no note
    criterion = top("A negative HIV test is required at screening", "Inclusion")
    assert not criterion.remarks or all("required" not in r.text for r in criterion.remarks)
