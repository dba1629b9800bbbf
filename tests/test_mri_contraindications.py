"""Contraindications to MRI, and being unable to undergo it (issue 11, items 1 and 3): "Contraindication
to MRI" had been left unread; "contraindications to MRI such as cardiac pacemakers" had been read as a
contraindication to a pacemaker; "Unable to undergo MRI" was unread. The contraindication is a condition
concept whose examples may be conditions or implanted devices (the term or any example), and undergoing
MRI a capability denied by a recorded contraindication or claustrophobia. Sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

import criteria

COMPLETE = ["conditions", "procedures", "therapies", "medications"]


def _rule(text: str, section: str = "Exclusion"):
    return next(criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n").criteria()).rule


def _verdict(text: str, patient: dict, section: str = "Exclusion") -> str:
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    return criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict.value


@pytest.mark.parametrize("text", ["Contraindication to MRI", "Any contraindications to magnetic resonance imaging",
                                  "Contraindication for a magnetic resonance scan", "Any MRI contraindication"])
def test_a_contraindication_to_mri_is_one_condition(text):
    rule = _rule(text)
    assert (rule.kind, rule.name) == ("condition", "mri_contraindication")


def test_examples_of_the_contraindication_are_alternatives_whatever_their_kind():
    rule = _rule("Contraindications to MRI such as cardiac pacemakers or claustrophobia")
    assert rule.kind == "any_of"
    assert {(n.kind, n.name) for n in rule.items} == {
        ("condition", "mri_contraindication"), ("procedure", "implanted_cardiac_device"), ("condition", "claustrophobia")}


@pytest.mark.parametrize("patient, verdict", [
    ({"procedures": [{"name": "cardiac pacemaker"}], "complete": COMPLETE}, "met"),
    ({"conditions": [{"name": "hypertension"}], "complete": COMPLETE}, "not_met"),
    ({}, "unknown"),
])
def test_an_example_recorded_excludes(patient, verdict):
    assert _verdict("Contraindications to MRI such as cardiac pacemakers or claustrophobia", patient) == verdict


def test_unable_to_undergo_mri_denies_the_capability():
    rule = _rule("Unable to undergo MRI")
    assert rule.kind == "not" and (rule.item.kind, rule.item.name) == ("capability", "undergoing_mri")


@pytest.mark.parametrize("conditions, verdict", [(["claustrophobia"], "met"), (["asthma"], "not_met")])
def test_claustrophobia_denies_undergoing_mri(conditions, verdict):
    patient = {"conditions": [{"name": c} for c in conditions], "complete": COMPLETE}
    assert _verdict("Unable to undergo MRI", patient) == verdict


def test_being_able_to_undergo_mri_is_the_capability():
    rule = _rule("Must be able to undergo MRI examination", "Inclusion")
    assert (rule.kind, rule.name) == ("capability", "undergoing_mri")
