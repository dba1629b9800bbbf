"""Issue 11, item 4: what a denial does not reach.

"non-COPD respiratory disease" is a respiratory disease other than COPD, no denial of COPD; the
examples after an inability's unread words ("Inability to undergo MRI (e.g. pacemaker)") are its
causes, not what it denies. Read as denials, both excluded patients without the condition named.
Sentences of our own."""

import pytest

from evaluate_helpers import rule_of, verdict_of

NOTHING = {"age": 50, "sex": "male", "conditions": [], "procedures": [], "complete": ["conditions", "procedures"]}


def _rule(body, section="Exclusion"):
    return rule_of(body, section)


@pytest.mark.parametrize("body", ["Asthma or other non-COPD respiratory disease",
                                  "Carcinoma in situ of the cervix or non-melanoma carcinoma of the skin",
                                  "Hormones for non-cancer-related conditions"])
def test_a_non_word_before_a_condition_denies_nothing(body):
    assert not any(n.kind == "not" for n in _rule(body).walk()), body
    assert verdict_of(body, NOTHING, "Exclusion") != "met", body


def test_a_non_word_alone_still_denies():
    rule = _rule("Non-pregnant women", "Inclusion")
    assert any(n.kind == "not" for n in rule.walk())


@pytest.mark.parametrize("body", ["Inability to undergo MRI (e.g. pacemaker)",
                                  "Inability to accurately measure the QT interval, e.g. atrial fibrillation"])
def test_examples_of_an_inability_are_its_causes(body):
    # a capability's own denial is the inability ("unable to undergo MRI"): no requirement of an absence
    assert not any(n.kind == "not" and n.item.kind != "capability" for n in _rule(body).walk()), body
    assert verdict_of(body, NOTHING, "Exclusion") != "met", body


def test_examples_after_no_are_what_is_denied():
    rule = _rule("No significant medical illness (e.g., diabetes, epilepsy)", "Inclusion")
    assert any(n.kind == "not" for n in rule.walk())


@pytest.mark.parametrize("body, name", [
    ("Prior non-cytotoxic agents within 1 week", "chemotherapy"),
    ("Use of any non-biologic DMARD", "biologic_therapy"),
    ("Taking any non-insulin antihyperglycemic agent", "insulin"),
    ("History of non-breast malignancies", None),
    ("Patients who had non-biopsy surgery in the last 10 days", "biopsy"),
])
def test_a_non_word_before_a_therapy_drug_procedure_or_organ_is_a_kind_of_its_own(body, name):
    """"non-cytotoxic agents" are agents other than chemotherapy: never chemotherapy itself; the words
    stay unread (no field says "other than"), so no reading is wider than the text."""
    rule = _rule(body)
    assert name is None or not any(getattr(n, "name", None) == name for n in rule.walk()), str(rule)
    assert not any(getattr(n, "site", None) == "breast" for n in rule.walk()), str(rule)
    assert any(n.kind == "unparsed" and "non-" in n.text for n in rule.walk()), str(rule)


@pytest.mark.parametrize("body", ["Use of non-steroidal anti-inflammatory drugs",
                                  "Allergy to any non-steroid anti-inflammatory agent"])
def test_a_term_the_lexicon_knows_with_its_non_word_is_read_whole(body):
    rule = _rule(body)
    named = [getattr(n, "name", None) for n in rule.walk()] + [c.name for n in rule.walk() for c in getattr(n, "cause", ())]
    assert "nsaids" in named, str(rule)
