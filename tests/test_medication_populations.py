"""Patients on a drug are whom a criterion is for, not a requirement to take it.

"If on corticosteroids, the dose must be stable for 2 weeks", "Patients receiving warfarin must have
INR < 3", "For patients on corticosteroids: …" ask something of the patients who take the drug; read
as a requirement beside the rest, every patient not on it failed the criterion (it is not
applicable to them). Also: the study's period after a plan inside a list ("Pregnant, planning to
become pregnant during the study, or breastfeeding") is a remark on the plan, not unread text.
"""

from __future__ import annotations

import pytest

from evaluate_helpers import criterion_of, verdict_of

_NOT_ON_IT = {"medications": [], "complete": ["medications"], "labs": [{"name": "INR", "value": 1.1}]}


@pytest.mark.parametrize("text, drug", [
    ("If on corticosteroids, ALT must be <= 5 x ULN", "corticosteroid"),
    ("Patients receiving warfarin must have INR < 3", "warfarin"),
    ("For patients on corticosteroids, ALT must be <= 5 x ULN", "corticosteroid"),
    ("Subjects taking metformin must be on a stable dose for at least 2 months", "metformin"),
])
def test_patients_on_a_drug_are_the_population(text, drug):
    criterion = criterion_of(text)
    assert criterion.population is not None and criterion.population.kind == "medication"
    assert criterion.population.name == drug
    assert not [n for n in criterion.rule.walk() if n.kind == "medication" and n.name == drug
                and n.window is None and "stable" not in n.status]


def test_for_a_patient_not_on_the_drug_the_criterion_does_not_apply():
    assert verdict_of("Patients receiving warfarin must have INR < 3", _NOT_ON_IT) == "not_applicable"
    on_it = {"medications": [{"name": "warfarin"}], "complete": ["medications"], "labs": [{"name": "INR", "value": 3.5}]}
    assert verdict_of("Patients receiving warfarin must have INR < 3", on_it) == "not_met"


def test_a_drug_asked_for_is_still_asked():
    criterion = criterion_of("Must be receiving warfarin")
    assert criterion.population is None


@pytest.mark.parametrize("text", [
    "Pregnant, planning to become pregnant during the study, or breastfeeding",
    "Pregnant women or women intending to become pregnant during the study",
])
def test_the_study_period_of_a_plan_in_a_list_is_a_remark(text):
    criterion = criterion_of(text, section="Exclusion")
    assert not [n for n in criterion.rule.walk() if n.kind == "unparsed"]
    assert any(r.about == "period" for r in criterion.remarks)


@pytest.mark.parametrize("text, drug", [
    ("Subjects taking metformin must be on a stable dose for at least 2 months prior to study drug administration",
     "metformin"),
    ("Patients receiving bisphosphonate therapy must have been on a stable dose for at least 4 weeks", "bisphosphonates"),
    ("If on Riluzole they must be on a stable dose for at least 30 days prior to screening", "riluzole"),
])
def test_a_stable_dose_without_its_drug_is_the_drugs(text, drug):
    criterion = criterion_of(text)
    stable = [n for n in criterion.rule.walk() if n.kind == "medication" and "stable" in n.status]
    assert len(stable) == 1 and stable[0].name == drug and stable[0].window is not None
    assert criterion.population is not None and criterion.population.name == drug


def test_not_on_a_stable_dose_in_an_exclusion_excludes_those_on_the_drug():
    criterion = criterion_of("If taking thyroid replacement therapy, has not been on a stable dose for at least "
                             "6 weeks prior to study participation", section="Exclusion")
    assert criterion.population is not None and criterion.population.name == "thyroid_hormone"
    assert criterion.rule.kind == "not" and "stable" in criterion.rule.item.status


@pytest.mark.parametrize("text", [
    "Concurrent bisphosphonates allowed if on stable dose before study entry",  # a permission's condition
    "Subjects on a stable dose or regimen of low dose ICS",  # the dose names its own drug
    "Prior warfarin and clopidogrel; must be on a stable dose",  # two drugs: whose dose is not said
])
def test_a_stable_dose_is_left_where_its_drug_is_not_the_one_before(text):
    rule = criterion_of(text).rule
    assert not [n for n in rule.walk() if n.kind == "medication" and "stable" in n.status]


# "X allowed if Y": the criterion is for the patients with X, of whom Y is asked


def _population_and_rule(text: str, section: str = "Inclusion"):
    criterion = criterion_of(text, section=section)
    return criterion.population, criterion.rule


def test_what_is_allowed_on_a_condition_is_the_population():
    population, rule = _population_and_rule("Type II diabetes mellitus allowed if glucose is 80-150 mg/dL")
    assert population is not None and population.name == "type_2_diabetes_mellitus"
    assert rule.kind == "lab_threshold" and rule.analyte == "glucose"


def test_for_a_patient_without_it_nothing_is_asked():
    text = "Type II diabetes mellitus allowed if glucose is 80-150 mg/dL"
    healthy = {"conditions": [], "complete": ["conditions"], "labs": [{"name": "glucose", "value": 200, "unit": "mg/dL"}]}
    assert verdict_of(text, healthy) == "not_applicable"  # it had asked every patient to have diabetes
    diabetic = {"conditions": [{"name": "type 2 diabetes mellitus"}], "complete": ["conditions"],
                "labs": [{"name": "glucose", "value": 200, "unit": "mg/dL"}]}
    assert verdict_of(text, diabetic) == "not_met"


def test_in_an_exclusion_failing_the_condition_excludes():
    population, rule = _population_and_rule(
        "Concurrent bisphosphonates allowed if on stable dose of bisphosphonates before study entry", section="Exclusion")
    assert population is not None and population.name == "bisphosphonates"
    assert rule.kind == "not" and "stable" in rule.item.status


def test_an_unconditioned_permission_stays_one():
    population, rule = _population_and_rule("Prior chemotherapy is allowed")
    assert population is None and rule.kind == "permitted"
