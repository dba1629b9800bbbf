"""Issue 11, item 1: a list with a member no rule reads is still a list of alternatives.

"Prior chemotherapy, zorbulating antibody therapy, or radiation therapy within 2 weeks": the
middle member is read by no rule; the list broke at it, and its members were all asked at once (a
patient had to have had chemotherapy *and* radiotherapy to be excluded). The unread member is now an
unparsed member of the list, and the window reaches the members it follows. Sentences of our own."""

import pytest

from criteria import parse_criteria
from evaluate_helpers import verdict_of

IRRADIATED = {"age": 50, "sex": "male", "conditions": [], "medications": [], "procedures": [],
              "therapies": [{"name": "radiotherapy", "end": "2026-11-25"}],
              "complete": ["conditions", "therapies", "medications", "procedures"]}


def _rule(body, section="Exclusion"):
    tree = parse_criteria(f"{section} Criteria:\n* {body}")
    return (tree.exclusion or tree.inclusion)[0].rule


@pytest.mark.parametrize("body, unread", [
    ("Prior chemotherapy, zorbulating antibody therapy, or radiation therapy within 2 weeks", "zorbulating antibody therapy"),
    ("History of epilepsy, recurrent vivid nightmares, or stroke", "recurrent vivid nightmares"),
    ("Use of carbamazepine, grapefruit juice, or rifampin", "grapefruit juice"),
])
def test_the_unread_member_stands_in_the_list(body, unread):
    rule = _rule(body)
    assert rule.kind == "any_of", str(rule)
    members = [n for n in rule.items if n.kind == "unparsed"]
    assert [m.text for m in members] == [unread]
    assert not any(n.kind == "unparsed" and n.text == unread for n in rule.walk() if n not in members)


def test_one_read_member_is_enough_to_exclude():
    body = "Prior chemotherapy, zorbulating antibody therapy, or radiation therapy within 2 weeks"
    from datetime import date
    assert verdict_of(body, IRRADIATED, "Exclusion", as_of=date(2026, 12, 1)) == "met"


def test_the_window_reaches_the_read_members():
    rule = _rule("Prior chemotherapy, zorbulating antibody therapy, or radiation therapy within 2 weeks")
    windows = [n.window for n in rule.items if n.kind == "prior_therapy"]
    assert len(windows) == 2 and all(w is not None and w.high == 2 for w in windows)


@pytest.mark.parametrize("body", [
    "Chemotherapy, and in the opinion of the investigator, radiotherapy",  # words not set off as a member
    "Prior chemotherapy or radiotherapy",
])
def test_no_member_is_made_of_what_is_not_set_off_by_commas(body):
    assert not any(n.kind == "unparsed" and n.reason == "a member of the list not understood"
                   for n in _rule(body).walk())
