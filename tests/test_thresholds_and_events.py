"""Thresholds (issue 3) and events (issue 4) reading the same criteria: one design, in
docs/architecture.md "Thresholds and events together"."""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria import parse_criteria
from criteria.tree.nodes import AllOf, Condition, Except, LabThreshold, Medication

AS_OF = date(2026, 11, 25)


def rule_of(text: str, section: str = "Inclusion"):
    (criterion,) = parse_criteria(f"{section} Criteria:\n\n* {text}\n").criteria()
    return criterion.rule


def test_a_subgroup_with_its_own_bound_is_an_alternative_whose_condition_is_as_written():
    rule = rule_of("Total bilirubin ≤ 1.5 × ULN (≤ 3 × ULN for Gilbert's syndrome)")
    assert isinstance(rule, LabThreshold)  # no condition node beside it: the event term is the subgroup
    assert [(a.condition, a.value) for a in rule.alternatives] == [("Gilbert's syndrome", 3.0)]


def test_a_subgroup_without_a_bound_is_exempt_from_the_threshold():
    rule = rule_of("Bilirubin ≤ 1.5 × ULN, except Gilbert's syndrome")
    assert isinstance(rule, Except)
    assert rule.item.analyte == "total_bilirubin" and rule.exceptions == (Condition(name="gilbert_syndrome"),)


def test_an_except_with_a_bound_is_one_subgroup():
    rule = rule_of("AST ≤ 2.5 x ULN except in patients with liver metastases, where AST ≤ 5 x ULN")
    exempt = next(n for n in rule.walk() if isinstance(n, Except))
    (case,) = exempt.exceptions
    assert isinstance(case, AllOf) and [n.kind for n in case.items] == ["condition", "lab_threshold"]


def test_a_dose_is_a_medication_and_never_a_lab_value():
    rule = rule_of("Prednisone > 10 mg/day within 14 days", "Exclusion")
    assert isinstance(rule, Medication) and (rule.dose.op, rule.dose.value, rule.dose.unit) == (">", 10, "mg/day")
    assert rule_of("Calcium supplementation ≥ 500 mg daily").kind == "unparsed"


def test_an_exemption_sentence_takes_a_bound_before_its_cue_not_after_it():
    rule = rule_of("History of HIV infection. Patients with CD4 count > 350 cells/uL are allowed.", "Exclusion")
    assert isinstance(rule, Except) and [n.analyte for n in rule.exceptions] == ["cd4"]
    rule = rule_of("No clinically significant pleural effusion. Pleural effusion managed with indwelling "
                   "pleural catheter are allowed baseline oxygen saturation >90% on room air")
    exempt, spo2 = [n for n in rule.items if n.kind != "unparsed"]
    assert exempt.kind == "except" and spo2.analyte == "spo2"  # a requirement for everyone
    (case,) = exempt.exceptions  # effusion and catheter together make the exempt case
    assert [n.name for n in case.items if n.kind != "unparsed"] == ["pleural_effusion", "pleural_catheter"]
    # the case's unread word ("managed") stays in the case: it leaves the exemption unknown, not the rest
    assert [n.text for n in case.items if n.kind == "unparsed"] == ["managed"]


@pytest.mark.parametrize(
    ("bilirubin", "gilbert", "expected"),
    [(1.0, False, "met"), (2.0, False, "not_met"), (2.0, True, "met")],
)
def test_an_inclusion_does_not_demand_the_item_of_an_exempt_case(bilirubin, gilbert, expected):
    tree = parse_criteria("Inclusion Criteria:\n\n* Bilirubin ≤ 1.5 × ULN, except Gilbert's syndrome\n")
    patient = {
        "labs": [{"name": "total bilirubin", "value": bilirubin, "unit": "mg/dL", "uln": 1.2, "date": "2026-11-20"}],
        "conditions": [{"name": "Gilbert syndrome"}] if gilbert else [],
        "complete": ["conditions"],
    }
    assert criteria.evaluate(tree, patient, AS_OF).verdict("I1").value == expected


def test_an_exclusion_does_not_exclude_an_exempt_case():
    tree = parse_criteria("Exclusion Criteria:\n\n* ALT > 3 x ULN unless liver metastases\n")
    high = {"labs": [{"name": "ALT", "value": 200, "unit": "U/L", "uln": 40, "date": "2026-11-20"}]}
    liver = {**high, "conditions": [{"name": "liver metastases"}], "complete": ["conditions"]}
    assert criteria.evaluate(tree, {**high, "complete": ["conditions"]}, AS_OF).verdict("E1").value == "met"
    assert criteria.evaluate(tree, liver, AS_OF).verdict("E1").value == "not_met"


def test_an_exclusions_sentences_each_exclude():
    rule = rule_of("Major surgery within 28 days prior to first dose. Live vaccine within 14 days prior to "
                   "first dose.", "Exclusion")
    assert rule.kind == "any_of" and [n.name for n in rule.items] == ["major_surgery", "live_vaccine"]


def test_an_inclusion_permission_bullet_widens_the_criterion_before_it():
    tree = parse_criteria("Inclusion Criteria:\n\n* Measurable disease per RECIST 1.1\n"
                          "* In patients with prostate cancer, patients without measurable lesion can be included\n")
    (measurable,) = tree.inclusion
    assert [s.role for s in measurable.subcriteria] == ["exception"]
    assert next(n for n in measurable.rule.walk() if isinstance(n, Except))
