"""Sites named before a term (issue 11, item 7): "gastrointestinal ulcers", "CNS lymphoma", and on a
procedure, "renal surgery", are read into the node, and a record is checked against them. A site
that is a region holds the organs in it (a gastric ulcer is a gastrointestinal one)."""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from evaluate_helpers import sql_parity

AS_OF = date(2026, 11, 25)
COMPLETE = ["conditions", "therapies", "medications", "procedures"]


def _rule(text: str):
    tree = criteria.parse_criteria(f"Exclusion Criteria:\n\n* {text}\n")
    return tree.exclusion[0].rule


def _verdict(text: str, profile: dict) -> str:
    tree = criteria.parse_criteria(f"Exclusion Criteria:\n\n* {text}\n")
    [result] = criteria.evaluate(tree, criteria.Patient.model_validate(profile), as_of=AS_OF).criteria
    return result.verdict


@pytest.mark.parametrize("text, kind, name, site", [
    ("Active gastrointestinal ulcers", "condition", "ulcer", "gastrointestinal_tract"),
    ("Primary CNS lymphoma", "condition", "lymphoma", "central_nervous_system"),
    ("Prior renal surgery", "procedure", "surgery", "kidney"),
    ("History of gastrointestinal surgery", "procedure", "surgery", "gastrointestinal_tract"),
])
def test_a_site_before_the_term_is_read_into_the_node(text, kind, name, site):
    [node] = [n for n in _rule(text).walk() if n.kind == kind]
    assert (node.name, node.site) == (name, site)


@pytest.mark.parametrize("records, verdict", [
    ([{"name": "gastric ulcer", "status": "active"}], "met"),  # the stomach is in the gastrointestinal tract
    ([{"name": "skin ulcer", "status": "active"}], "not_met"),  # another site
    ([{"name": "ulcer", "status": "active"}], "unknown"),  # no site said
])
def test_a_region_holds_its_organs(records, verdict):
    assert _verdict("Active gastrointestinal ulcers", {"conditions": records, "complete": COMPLETE}) == verdict


@pytest.mark.parametrize("records, verdict", [
    ([{"name": "colon surgery"}], "met"),
    ([{"name": "breast surgery"}], "not_met"),
    ([{"name": "surgery"}], "unknown"),
    ([], "not_met"),
])
def test_a_procedure_record_is_checked_against_the_site(records, verdict):
    assert _verdict("History of gastrointestinal surgery", {"procedures": records, "complete": COMPLETE}) == verdict


def test_sql_reads_procedure_sites_as_the_evaluator_does():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Prior renal surgery\n* Gastrointestinal surgery within 4 weeks\n"
                                   "* Active gastrointestinal ulcers\n")
    differences, seen = sql_parity(tree, 600, seed=5, as_of=AS_OF)
    assert differences == []
    assert len(seen) == 3, seen  # met, not met and unknown all occur
