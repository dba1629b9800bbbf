"""A criterion that opens with the subgroup it is for applies to that subgroup only (issue 11, item 2).

"In patients with bone metastases, alkaline phosphatase <= 5 x ULN" had been read as all_of(bone
metastases, the bound): it asked every patient to have bone metastases. The subgroup named before the
comma is now the criterion's population, as "Patients with liver metastases: …" already was; for
anyone outside it the criterion is not applicable.

A scope heading written as a bullet ("- For patients with liver metastases:") over deeper bullets
heads only those: the next bullet as shallow as the heading is not for that subgroup. Over bullets as
shallow as itself it heads them all, as before.

Sentences of our own.
"""

from __future__ import annotations

from datetime import date

import pytest

import criteria

AS_OF = date(2026, 3, 2)
COMPLETE = ["conditions", "therapies", "medications", "procedures"]
NOBODY_SPECIAL = {"sex": "male", "age": 61, "conditions": [{"name": "osteoarthritis"}], "complete": COMPLETE,
                  "labs": [{"name": "alkaline phosphatase", "value": 700, "unit": "U/L", "uln": 120},
                           {"name": "hba1c", "value": 9.1, "unit": "%"}]}


@pytest.mark.parametrize("text, kind, name", [
    ("In patients with bone metastases, alkaline phosphatase ≤ 5 × ULN", "condition", "metastatic_disease"),
    ("For subjects with type 2 diabetes, HbA1c < 8%", "condition", "type_2_diabetes_mellitus"),
    ("For women of childbearing potential, a negative serum pregnancy test", "reproductive", "childbearing_potential"),
])
def test_a_leading_subgroup_is_the_population(text, kind, name):
    tree = criteria.parse_criteria(f"Inclusion Criteria:\n- {text}\n")
    crit = tree.inclusion[0]
    assert crit.population is not None and crit.population.kind == kind
    assert crit.population.name == name
    assert not any(getattr(n, "name", None) == name for n in crit.rule.walk())
    assert criteria.evaluate(tree, NOBODY_SPECIAL, AS_OF).verdict(crit.id).value == "not_applicable"


def test_a_member_of_the_subgroup_is_held_to_the_rule():
    tree = criteria.parse_criteria("Inclusion Criteria:\n- For subjects with type 2 diabetes, HbA1c < 8%\n")
    diabetic = {**NOBODY_SPECIAL, "conditions": [{"name": "type 2 diabetes mellitus"}]}
    assert criteria.evaluate(tree, diabetic, AS_OF).verdict("I1").value == "not_met"


def test_a_subgroup_with_no_comma_after_it_is_not_a_lead():
    tree = criteria.parse_criteria("Inclusion Criteria:\n- Patients with bone metastases and alkaline phosphatase ≤ 5 × ULN\n")
    assert tree.inclusion[0].population is None


NESTED = """Inclusion Criteria:
- For patients with liver metastases:
  - ALT ≤ 5 × ULN
  - AST ≤ 5 × ULN
- Total bilirubin ≤ 1.5 × ULN
"""

FLAT = """Inclusion Criteria:
- For patients with liver metastases:
- ALT ≤ 5 × ULN
- AST ≤ 5 × ULN
"""


def test_a_bulleted_scope_heading_heads_only_the_deeper_bullets_under_it():
    crits = criteria.parse_criteria(NESTED).inclusion
    assert [c.scope for c in crits] == ["For patients with liver metastases"] * 2 + [None]


def test_a_bulleted_scope_heading_over_bullets_as_shallow_heads_them_all():
    crits = criteria.parse_criteria(FLAT).inclusion
    assert [c.scope for c in crits] == ["For patients with liver metastases"] * 2
