"""A bullet that is only "OR" between two bullets makes them alternatives (issue 11, item 1): it
becomes their parent with ``any_of`` logic, where it had been one more bullet, unread, beside two
requirements that then both had to hold."""

from __future__ import annotations

from datetime import date

import criteria
from evaluate_helpers import sql_parity

TEXT = ("Inclusion Criteria:\n\n- Age 18 or older\n- Diagnosis of asthma\n- OR\n- Diagnosis of gout\n"
        "- ECOG 0-1\n\nExclusion Criteria:\n\n- Pregnancy\n")


def test_an_or_bullet_joins_its_neighbours_as_alternatives():
    tree = criteria.parse_criteria(TEXT)
    assert [c.text for c in tree.inclusion] == ["Age 18 or older", "OR", "ECOG 0-1"]
    joined = tree.inclusion[1]
    assert joined.rule is None and joined.subcriteria_logic == "any_of"
    assert [c.text for c in joined.subcriteria] == ["Diagnosis of asthma", "Diagnosis of gout"]


def test_a_patient_with_one_alternative_is_eligible():
    tree = criteria.parse_criteria(TEXT)
    patient = criteria.Patient.model_validate({
        "birth_date": "1970-01-01", "sex": "male", "conditions": [{"name": "gout"}], "complete": ["conditions"],
        "performance_status": {"scale": "ECOG", "value": 1}})
    assert criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).status == "eligible"


def test_an_or_bullet_with_nothing_after_it_stays_unread():
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n- Diagnosis of asthma\n- OR\n")
    assert [c.text for c in tree.inclusion] == ["Diagnosis of asthma", "OR"]
    assert tree.inclusion[1].rule.kind == "unparsed"


def test_sql_reads_or_bullets_as_the_evaluator_does():
    differences, _ = sql_parity(criteria.parse_criteria(TEXT), 400, seed=9, as_of=date(2026, 1, 1))
    assert differences == []
