"""Issue 11, item 1 (alternatives) and windows: a later window belongs to the members after the last
one that has its own.

"Prior chemotherapy within 3 weeks, targeted small molecule therapy or radiation therapy within 2
weeks": the list had taken the first window into its first member, and the second window then found
no event without one before it; it stood free beside the list (and "targeted small molecule
therapy" was no term). Sentences of our own."""

import pytest

from evaluate_helpers import exclusion_rule


def _windows(rule):
    return [(n.name, n.window.high if n.window else None) for n in rule.walk() if n.kind in ("prior_therapy", "medication", "procedure")]


@pytest.mark.parametrize("body, windows", [
    ("Prior chemotherapy within 3 weeks, targeted small molecule therapy or radiation therapy within 2 weeks",
     [("chemotherapy", 3), ("targeted_therapy", 2), ("radiotherapy", 2)]),
    ("Anticoagulants within 3 months, or NSAIDs or aspirin within 2 weeks",
     [("anticoagulant", 3), ("nsaids", 2), ("aspirin", 2)]),
    ("Major surgery within 28 days, or minor surgery within 7 days",
     [("major_surgery", 28), ("minor_surgery", 7)]),
])
def test_each_member_takes_the_window_written_after_it(body, windows):
    rule = exclusion_rule(body)
    assert rule.kind == "any_of", str(rule)
    assert _windows(rule) == windows, str(rule)
    assert not [n for n in rule.walk() if n.kind in ("time_window", "unparsed")], str(rule)


def test_small_molecule_therapies_are_targeted_therapy():
    rule = exclusion_rule("Any small molecule kinase inhibitor within 2 weeks")
    assert _windows(rule) == [("targeted_therapy", 2)], str(rule)
