"""A "no" reaches its event over the qualifiers before it, "or" and organ sites among them, and the
qualifiers are denied with the event (issue 11, items 4 and 7).

"No known ocular or primary mucosal melanoma" required a melanoma: the "no" stopped at the "or",
and the words were left beside the event. Now it is ``not(all_of(melanoma, "ocular or primary
mucosal"))``: a patient with no melanoma meets it, one with some melanoma is unknown (the record
must say which kind), and the reading is never stricter than the text."""

from __future__ import annotations

from datetime import date

import pytest

from evaluate_helpers import rule_of, verdict_of

AS_OF = date(2026, 12, 5)


@pytest.mark.parametrize("text, name", [
    ("No known ocular or primary mucosal melanoma", "melanoma"),
    ("No concurrent intensity-modulated radiotherapy", "radiotherapy"),
    ("No clinical or radiological progression of brain metastases", "cns_metastases"),
])
def test_the_no_reaches_over_qualifiers_joined_by_or(text, name):
    rule = rule_of(text)
    assert rule.kind == "not"
    assert name in {getattr(n, "name", None) for n in rule.item.walk()}


def test_the_words_between_are_denied_with_the_event():
    rule = rule_of("No known ocular or primary mucosal melanoma")
    assert rule.item.kind == "all_of"
    assert [n.kind for n in rule.item.items] == ["condition", "unparsed"]


@pytest.mark.parametrize("conditions, verdict", [
    ([], "met"),                                  # no melanoma at all
    ([{"name": "melanoma"}], "unknown"),          # which melanoma? the record does not say
])
def test_a_patient_is_judged_by_the_narrower_denial(conditions, verdict):
    profile = {"age": 50, "sex": "female", "complete": ["conditions"], "conditions": conditions}
    assert verdict_of("No known ocular or primary mucosal melanoma", profile, as_of=AS_OF) == verdict


@pytest.mark.parametrize("text, name", [
    ("No concurrent prophylactic granulocyte or platelet colony-stimulating factors", "hematopoietic_growth_factor"),
    ("No prior treatment with PS-341 or other proteasome inhibitors", "proteasome_inhibitor"),
    ("No gastrointestinal (GI) disorder that affects absorption", "other_disease"),
])
def test_the_no_reaches_over_codes_abbreviations_and_lab_words(text, name):
    rule = rule_of(text)
    denied = [n for n in rule.walk() if n.kind == "not"]
    assert denied and name in {getattr(n, "name", None) for n in denied[0].item.walk()}


@pytest.mark.parametrize("text", [
    "Bipolar I, II, or not otherwise specified (NOS) disorder",   # a name, no denial
    "Treatment naive to glucose-lowering medication or uses metformin",  # a naivety reaches no "or"
])
def test_no_denial_where_the_words_deny_nothing(text):
    assert not [n for n in rule_of(text).walk() if n.kind == "not"]
