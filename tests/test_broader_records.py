"""A record of just what a concept is a kind of ("HIV" for "HIV-1 infection", "lung cancer" for
"non-small cell lung cancer") is no silence: it may be the concept, so the rule is unknown where a
complete list's silence would have cleared the patient. A record of another kind still settles it."""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria.evaluate.events import broader_names
from evaluate_helpers import sql_parity

AS_OF = date(2026, 1, 1)


def _verdict(text: str, records: list[str], section: str = "Exclusion") -> str:
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    patient = criteria.Patient.model_validate({"conditions": [{"name": r} for r in records], "complete": ["conditions"]})
    return criteria.evaluate(tree, patient, as_of=AS_OF).criteria[0].verdict


@pytest.mark.parametrize("text, records, verdict", [
    ("Known HIV-1 infection", ["HIV infection"], "unknown"),
    ("Known HIV-1 infection", ["asthma"], "not_met"),
    ("Known HIV-1 infection", ["HIV-1 infection"], "met"),
    ("Non-small cell lung cancer", ["lung cancer"], "unknown"),
    ("Non-small cell lung cancer", ["lung cancer", "small cell lung cancer"], "not_met"),  # the other kind says which
])
def test_a_broader_record_may_be_the_concept(text, records, verdict):
    assert _verdict(text, records) == verdict


def test_broader_names_climb_the_lexicon_not_sideways():
    names = broader_names("hiv_1_infection", "condition")
    assert {"hiv", "hiv infection"} <= names and "hiv 1" not in names


def test_sql_reads_broader_records_as_the_evaluator_does():
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Documented HIV-1 infection\n\n"
                                   "Exclusion Criteria:\n\n* Known HIV-1 infection\n* Non-small cell lung cancer\n")
    differences, seen = sql_parity(tree, 800, seed=4, as_of=AS_OF)
    assert differences == [] and all(seen[code] for code in (0, 1, 2))


def test_a_broader_record_keeps_doubt_where_the_named_record_fails():
    # the coded record of major depressive disorder has ended; "depressive disorder" has not, and may
    # be a current episode (the coded record holds no word of the concept, so it names no other kind)
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Current major depressive disorder\n")
    patient = criteria.Patient.model_validate({"conditions": [
        {"name": "Coded concept", "code": "SNOMED CT 370143000", "onset": "2020-01-01", "status": "resolved"},
        {"name": "Depressive disorder"}], "complete": ["conditions"]})
    result = criteria.evaluate(tree, patient, as_of=AS_OF, absence="decides").criteria[0]
    assert result.verdict == "unknown" and "Depressive disorder may be" in result.reason


@pytest.mark.parametrize("text", ["HIV-1/2 antibody positive", "Positive test for HIV-1 or HIV-2", "Known HIV 1/2 infection"])
def test_hiv_1_or_2_is_hiv_infection_not_its_first_type(text):
    tree = criteria.parse_criteria(f"Exclusion Criteria:\n\n* {text}\n")
    assert tree.exclusion[0].rule.name == "hiv_infection"
