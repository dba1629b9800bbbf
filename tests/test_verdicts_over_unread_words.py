"""Issue 11, item 7: a verdict denies the whole description before it, words left unread too.

Under an inclusion heading, "Patients with X will be excluded" denies X. Where some words of the
description stayed unread ("Candidates with a history of stroke (including embolic strokes) are not
eligible": "embolic"), the verdict had been dropped and the events read alone were required: every
patient without a stroke ruled out, the opposite of the text. Now the denial spans the description up
to the verdict and holds the unread words beside what was read: a patient with none of it meets the
criterion; one with it is unknown or not met, never met. Unread words among alternatives ("sarcoma,
Kimura tumour or liposarcoma") are one more alternative; right before a member ("including embolic
strokes") they qualify it. A sentence that says more than a description ("… must be stopped or the
subject is not eligible") keeps its verdict unread, as before. Sentences of our own."""

import pytest

from evaluate_helpers import criterion_of, verdict_of

NONE = {"age": 50, "sex": "male", "conditions": [], "medications": [], "therapies": [],
        "complete": ["conditions", "medications", "therapies"]}


def _with(*names):
    return {**NONE, "conditions": [{"name": name, "status": "active"} for name in names]}


def _kinds(node):
    return [n.kind for n in node.walk()]


@pytest.mark.parametrize("body, condition", [
    ("Candidates with a history of stroke (including embolic strokes) are not eligible", "stroke"),
    ("Patients with cirrhosis of obscure origin are excluded", "cirrhosis"),
    ("Participants with vaguely described asthma will be excluded from this study", "asthma"),
])
def test_a_verdict_denies_its_description_with_the_words_left_unread(body, condition):
    rule = criterion_of(body, "Inclusion").rule
    assert rule.kind == "not", str(rule)
    assert "unparsed" in _kinds(rule.item), str(rule)  # the unread words are denied with the rest
    assert verdict_of(body, NONE, "Inclusion") == "met"
    assert verdict_of(body, _with(condition), "Inclusion") in ("unknown", "not_met")


def test_unread_words_among_alternatives_are_one_more_alternative():
    body = "Participants with asthma, tattoos or lymphoma will be excluded"
    rule = criterion_of(body, "Inclusion").rule
    assert rule.kind == "not", str(rule)
    alternatives = next(n for n in rule.walk() if n.kind == "any_of")
    assert [n.kind for n in alternatives.items].count("unparsed") == 1, str(alternatives)
    assert verdict_of(body, _with("asthma"), "Inclusion") == "not_met"
    assert verdict_of(body, NONE, "Inclusion") == "unknown"  # tattoos are not understood


def test_unread_words_right_before_an_alternative_qualify_it():
    body = "Candidates with a history of stroke (including embolic strokes) are not eligible"
    rule = criterion_of(body, "Inclusion").rule
    alternatives = next(n for n in rule.walk() if n.kind == "any_of")
    qualified = [n for n in alternatives.items if n.kind == "all_of"]
    assert qualified and "unparsed" in _kinds(qualified[0]), str(alternatives)


@pytest.mark.parametrize("people", ["Patients", "Applicants", "Volunteers"])
def test_a_wholly_read_verdict_is_the_plain_denial(people):
    body = f"{people} with a history of stroke will be excluded"
    rule = criterion_of(body, "Inclusion").rule
    assert rule.kind == "not" and "unparsed" not in _kinds(rule), str(rule)
    assert verdict_of(body, _with("stroke"), "Inclusion") == "not_met"


def test_a_sentence_that_says_more_than_a_description_keeps_its_verdict_unread():
    body = "Women must not be pregnant or breastfeeding; breastfeeding must be stopped or the subject is not eligible"
    rule = criterion_of(body, "Inclusion").rule
    assert not (rule.kind == "not" and "pregnancy" in {getattr(n, "name", None) for n in rule.item.walk()}), str(rule)
