"""Issue 11, item 8: a condition named by no particular word, said only to need a treatment.

"Any medical condition requiring chronic systemic corticosteroids": the condition is whatever the
treatment is for. Read as a requirement beside the treatment, the lexicon's generic condition (which
no record names) made the criterion "not met" for everyone, also for a patient with asthma on chronic
prednisone. The treatment is the rule; the generic words stay as a description. Sentences of our own."""

from datetime import date

import pytest

import criteria
from evaluate_helpers import rule_of, verdict_of

STEROIDS = "Any medical condition requiring chronic systemic corticosteroids"


@pytest.mark.parametrize("body, drug", [
    (STEROIDS, "corticosteroid"),
    ("Comorbidity requiring daily anticoagulation", "anticoagulant"),
    ("Medical conditions that require the use of oral nitrates", "nitrate"),
])
def test_a_generic_condition_needing_a_treatment_is_the_treatment(body, drug):
    rule = rule_of(body, "Exclusion")
    assert (rule.kind, rule.name) == ("medication", drug)


def test_the_generic_words_stay_as_a_description():
    tree = criteria.parse_criteria(f"Exclusion Criteria:\n\n* {STEROIDS}\n")
    assert [(r.about, r.text) for r in tree.exclusion[0].remarks] == [("description", "medical condition")]


@pytest.mark.parametrize("medications, verdict", [([{"name": "prednisone"}], "met"), ([], "not_met")])
def test_the_patient_on_the_treatment_is_the_one_excluded(medications, verdict):
    patient = {"conditions": [{"name": "asthma"}], "medications": medications, "complete": ["conditions", "medications"]}
    assert verdict_of(STEROIDS, patient, "Exclusion") == verdict


def test_a_particular_condition_needing_a_treatment_is_kept():
    rule = rule_of("Autoimmune disease requiring systemic treatment", "Exclusion")
    assert any(n.kind == "condition" and n.name == "autoimmune_disease" for n in rule.walk())


# --- a condition named only by generic words may be any record of a condition -------------------
# ("other disease": "any condition", "medical disorder"; criteria.evaluate.events.read_by_its_words)

GENERIC = "Any other serious medical condition"


@pytest.mark.parametrize("conditions, verdict", [
    ([{"name": "epilepsy", "status": "active"}], "unknown"),  # a record of a condition may be it
    ([], "not_met"),  # a complete list with no condition clears the patient
])
def test_any_record_of_a_condition_may_be_the_generic_one(conditions, verdict):
    patient = {"age": 50, "sex": "male", "conditions": conditions, "complete": ["conditions"]}
    assert verdict_of(GENERIC, patient, "Exclusion") == verdict


def test_only_the_generic_condition_is_read_by_its_words():
    from criteria.evaluate.events import read_by_its_words

    assert read_by_its_words(rule_of(GENERIC, "Exclusion"))
    assert not read_by_its_words(rule_of("Epilepsy", "Exclusion"))


@pytest.mark.parametrize("conditions, verdict", [
    (["pancreatic cancer"], "not_met"),  # the trial's own disease is no other condition
    (["pancreatic cancer", "epilepsy"], "unknown"),
])
def test_the_trials_own_disease_is_no_other_condition(conditions, verdict):
    tree = criteria.parse_criteria(
        f"Inclusion Criteria:\n\n* Pancreatic cancer\n\nExclusion Criteria:\n\n* {GENERIC}\n")
    patient = {"age": 50, "sex": "male", "conditions": [{"name": n, "status": "active"} for n in conditions],
               "complete": ["conditions"]}
    assert criteria.evaluate(tree, patient, date(2026, 3, 2)).verdict("E1").value == verdict
