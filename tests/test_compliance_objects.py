"""What a patient is to comply with is the object of the compliance, not an event of the patient's
(issue 11, item 3): "Inability to comply with study and follow-up procedures" excludes for the
inability, not for a recorded follow-up procedure. Sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

import criteria


def _criterion(text: str, section: str = "Exclusion"):
    return next(criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n").criteria())


@pytest.mark.parametrize("text, section", [
    ("Inability to comply with study and follow-up procedures", "Exclusion"),
    ("Unwilling or unable to comply with radiotherapy or chemotherapy", "Exclusion"),
    ("Able to comply with scheduled visits, laboratory tests and other study procedures", "Inclusion"),
])
def test_the_objects_of_a_compliance_are_its_description(text, section):
    criterion = _criterion(text, section)
    assert all(n.kind in ("not", "compliance") for n in criterion.rule.walk())
    assert any(r.about == "description" for r in criterion.remarks)


def test_an_exclusion_for_inability_to_comply_holds_no_procedure():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Inability to comply with study and follow-up procedures\n")
    verdict = criteria.evaluate(tree, {"will_comply": True}, as_of=date(2026, 1, 1)).criteria[0].verdict.value
    assert verdict == "not_met"


def test_a_requirement_after_the_compliance_in_a_clause_of_its_own_stays():
    rule = _criterion("Willing to comply with the protocol and has received prior chemotherapy", "Inclusion").rule
    assert any(n.kind == "prior_therapy" and n.name == "chemotherapy" for n in rule.walk())


@pytest.mark.parametrize("text", [
    "Subject is considered unreliable as to medication compliance or adherence to scheduled appointments",
    "Patients unreliable with regard to compliance",
])
def test_unreliable_compliance_is_its_denial(text):
    """"Unreliable as to compliance" had been read as compliance itself: an exclusion then excluded
    every patient who will comply."""
    tree = criteria.parse_criteria(f"Exclusion Criteria:\n\n* {text}\n")
    rule = next(tree.criteria()).rule
    assert rule.kind == "not"
    patient = {"will_comply": True}
    assert criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict.value == "not_met"


@pytest.mark.parametrize("text", [
    "Unable to provide compliance with study drug, insulin and study visits",
    "Unable to comply with insulin therapy and study visits",
])
def test_visits_read_as_a_compliance_are_one_more_object(text):
    """The visits, read as a compliance of their own, had kept the insulin beside the compliance: an
    exclusion for inability to comply then asked the patient to be on insulin."""
    rule = _criterion(text, "Exclusion").rule
    assert rule.kind == "not" and rule.item.kind == "compliance"
    assert not any(n.kind == "medication" for n in rule.walk())


@pytest.mark.parametrize("text, section", [
    ("Able to swallow capecitabine tablets", "Inclusion"),
    ("Ability to take oral medication (dasatinib must be swallowed whole)", "Inclusion"),
    ("Not able to swallow the lenalidomide capsule", "Exclusion"),
])
def test_a_drug_a_capability_takes_is_not_a_therapy_asked(text, section):
    """"Able to swallow capecitabine tablets" had asked for prior capecitabine (often the study drug)."""
    rule = _criterion(text, section).rule
    assert not any(n.kind in ("prior_therapy", "medication") for n in rule.walk()), str(rule)
    assert any(n.kind == "capability" for n in rule.walk())


@pytest.mark.parametrize("text, kept", [
    ("Inability to swallow oral medications, or prior gastrectomy", "procedure"),
    ("Able to take oral medication and to comply with the study procedures", "compliance"),
    ("Able to swallow tablets and has received prior capecitabine", "prior_therapy"),
])
def test_what_follows_a_capability_as_its_own_requirement_stays(text, kept):
    rule = _criterion(text, "Inclusion").rule
    assert sum(n.kind == kept for n in rule.walk()) >= 1, str(rule)


def test_the_form_a_drug_is_taken_in_is_a_remark():
    criterion = _criterion("Inability to swallow tablets or capsules")
    assert criterion.rule.kind == "not" and criterion.rule.item.kind == "capability"
