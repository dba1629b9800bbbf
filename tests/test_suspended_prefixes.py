"""Issue 11, items 1 and 7: a prefix written once for two words ("hypo- or hyperthyroidism").

The prefix before the dash shares the rest of the next word, whose own prefix it replaces. Left
alone, it was a stray word beside one alternative ("Hyper-" unread beside hypothyroidism: a patient
with hyperthyroidism was only ever unknown) or a head of its own ("hypo hyperkalemia"). Sentences of
our own."""

import pytest

from evaluate_helpers import rule_of, verdict_of


@pytest.mark.parametrize("body, names", [
    ("Hyper- or hypothyroidism", ["hyperthyroidism", "hypothyroidism"]),
    ("Hypo- or hyperkalemia", ["hypokalemia", "hyperkalemia"]),
    ("Prior chemo- or radiotherapy", ["chemotherapy", "radiotherapy"]),
    ("Chemo-, radio- or immunotherapy within 4 weeks", ["chemotherapy", "radiotherapy", "immunotherapy"]),
])
def test_a_suspended_prefix_takes_the_rest_of_the_next_word(body, names):
    rule = rule_of(body, "Exclusion")
    assert rule.kind == "any_of" and [n.name for n in rule.items] == names


def test_a_word_with_a_dash_that_is_no_prefix_of_ours_stays_a_word():
    rule = rule_of("Tobacco- or nicotine-containing products", "Exclusion")
    assert not any(n.kind == "condition" and n.name.startswith("tobacco") and "nicotine" in n.name for n in rule.walk())


def test_the_second_alternative_now_decides():
    patient = {"conditions": [{"name": "hyperthyroidism"}], "complete": ["conditions"]}
    assert verdict_of("Hyper- or hypothyroidism", patient, "Exclusion") == "met"
