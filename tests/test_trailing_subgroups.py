"""Whom a criterion is for, named after what it asks (issue 11, item 2): "Hemoglobin A1c <= 9% for
patients with diabetes", "INR <= 1.5 (for patients not receiving anticoagulants)". The subgroup is the
criterion's population, not a requirement beside the rule, and not a note the reading drops: for
anyone outside it the criterion is not applicable. A subgroup that may be the case of one of several
bounds, or that grants something, stays as it was. Sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

import criteria

AS_OF = date(2026, 1, 1)


def _criterion(text: str, section: str = "Inclusion"):
    return next(criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n").criteria())


def _verdict(text: str, patient: dict, section: str = "Inclusion") -> str:
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    return criteria.evaluate(tree, patient, as_of=AS_OF).criteria[0].verdict.value


def _names(node) -> set[str]:
    return {getattr(n, "name", None) or getattr(n, "analyte", None) for n in node.walk()} - {None}


@pytest.mark.parametrize("text, population, rule", [
    ("Hemoglobin A1c <= 9% for patients with diabetes", {"diabetes_mellitus"}, {"hba1c"}),
    ("Serum potassium >= 3.5 mmol/L in subjects receiving digoxin", {"digoxin"}, {"potassium"}),
    ("INR <= 1.5 (for patients not receiving anticoagulants)", {"anticoagulant"}, {"inr"}),
    ("INR <= 1.5 (if not on warfarin)", {"warfarin"}, {"inr"}),
    ("ALT <= 3 x ULN (in the absence of liver metastases)", {"liver_involvement"}, {"alt"}),
    ("Radiotherapy within 4 weeks before enrollment (for subjects with brain metastases only)",
     {"cns_metastases"}, {"radiotherapy"}),
])
def test_a_subgroup_after_the_rule_is_its_population(text, population, rule):
    criterion = _criterion(text)
    assert criterion.population is not None and _names(criterion.population) == population
    assert _names(criterion.rule) == rule


@pytest.mark.parametrize("text", [
    "INR <= 1.5 (for patients not receiving anticoagulants)",
    "ALT <= 3 x ULN (in the absence of liver metastases)",
    "Serum testosterone <= 50 ng/dL for patients without bilateral orchiectomy",
])
def test_a_subgroup_that_denies_is_a_denial(text):
    assert _criterion(text).population.kind == "not"


def test_outside_the_subgroup_the_criterion_is_not_applicable():
    text = "Hemoglobin A1c <= 9% for patients with diabetes"
    healthy = {"labs": [{"name": "HbA1c", "value": 11, "unit": "%"}], "conditions": [], "complete": ["conditions"]}
    diabetic = {"labs": [{"name": "HbA1c", "value": 11, "unit": "%"}], "conditions": [{"name": "type 2 diabetes mellitus"}]}
    assert _verdict(text, healthy) == "not_applicable"
    assert _verdict(text, diabetic) == "not_met"


def test_a_patient_on_the_drug_a_bound_is_not_for_is_not_held_to_it():
    text = "INR <= 1.5 (for patients not receiving anticoagulants)"
    on_warfarin = {"labs": [{"name": "INR", "value": 2.6}], "medications": [{"name": "warfarin"}]}
    untreated = {"labs": [{"name": "INR", "value": 2.6}], "medications": [], "complete": ["medications"]}
    assert _verdict(text, on_warfarin) == "not_applicable"
    assert _verdict(text, untreated) == "not_met"


def test_an_exclusion_for_a_subgroup_excludes_only_its_members():
    text = "Heart failure in patients with diabetes"
    both = {"conditions": [{"name": "heart failure"}, {"name": "diabetes mellitus"}]}
    failing = {"conditions": [{"name": "heart failure"}], "complete": ["conditions"]}
    assert _verdict(text, both, "Exclusion") == "met"
    assert _verdict(text, failing, "Exclusion") == "not_applicable"


@pytest.mark.parametrize("text", [
    "QTc > 450 ms or QTc > 480 ms in subjects with bundle branch block",  # the second bound's case
    "AST <= 2.5 x ULN (<= 5 x ULN in patients with liver metastases)",  # a bound of its own
    "Hemoglobin >= 9 g/dL (patients may receive transfusions to meet this criterion)",  # a grant
    "No uncontrolled diabetes (for patients receiving study chemotherapy)",  # the study's arm
    "Creatinine clearance >= 50 mL/min (for patients who will receive cisplatin)",  # what the study gives
])
def test_what_is_not_a_population_after_the_rule_stays_as_it_was(text):
    assert _criterion(text).population is None


def test_a_grant_in_parentheses_stays_a_note_on_the_bound():
    rule = _criterion("Hemoglobin >= 9 g/dL (patients may receive transfusions to meet this criterion)").rule
    assert rule.kind == "lab_threshold"


def test_a_subgroup_note_in_a_list_of_bounds_is_not_a_requirement():
    """In a list of bounds, "(if no hepatic metastases)" is one bound's case: it is not made a
    requirement that the patient have none (the note is kept as before)."""
    rule = _criterion("ANC >= 1500/uL, platelets >= 100,000/uL, ALT <= 2.5 x ULN (if no hepatic metastases), "
                      "bilirubin <= 1.5 x ULN").rule
    assert not any(n.kind == "not" for n in rule.walk())
