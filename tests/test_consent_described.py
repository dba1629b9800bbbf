"""Later mentions of consent describe the consent asked for (issue 11, item 3): who may give it for a
patient who cannot, when it may be withdrawn, what refusing an optional part means. They had been
read as a second requirement and its denial, so no patient could meet the criterion; now they are a
description remark and the criterion asks for consent. Sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

import criteria


def _criterion(text: str, section: str = "Inclusion"):
    return next(criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n").criteria())


@pytest.mark.parametrize("text, described", [
    ("Written informed consent from the patient. If the patient is unable to consent, a legally authorized "
     "representative may give informed consent on the patient's behalf.",
     "If the patient is unable to consent, a legally authorized representative may give informed consent on "
     "the patient's behalf"),
    ("Signed informed consent; refusal to give consent for the optional biobank does not exclude the patient",
     "refusal to give consent for the optional biobank does not exclude the patient"),
])
def test_a_later_mention_of_consent_is_a_description(text, described):
    criterion = _criterion(text)
    assert criterion.rule.kind == "consent"
    assert described in [r.text for r in criterion.remarks if r.about == "description"]


def test_the_criterion_is_met_by_a_patient_who_will_consent():
    tree = criteria.parse_criteria(
        "Inclusion Criteria:\n\n* Written informed consent from the patient. If the patient is unable to "
        "consent, a legally authorized representative may give informed consent on the patient's behalf.\n")
    verdict = criteria.evaluate(tree, {"consent": True}, as_of=date(2026, 1, 1)).criteria[0].verdict.value
    assert verdict == "met"


def test_inability_to_consent_as_an_exclusion_is_kept():
    rule = _criterion("Unable to provide informed consent", "Exclusion").rule
    assert rule.kind == "consent" or (rule.kind == "not" and rule.item.kind == "consent")


def test_a_sentence_asking_something_else_beside_consent_is_left_as_read():
    rule = _criterion("Signed informed consent. If unable to consent, the patient must have a caregiver "
                      "and measurable disease.").rule
    assert any(n.kind == "condition" and n.name == "measurable_disease" for n in rule.walk())


def test_a_hard_wrapped_sentence_is_described_whole():
    """Registry text wraps lines inside a sentence: the description runs to the sentence's end."""
    criterion = _criterion("Written informed consent. If the patient is unable to consent, a legally\n"
                           "             authorized representative may give consent on the patient's behalf.")
    assert criterion.rule.kind == "consent"
    assert any(r.text.endswith("on the patient's behalf") for r in criterion.remarks)
