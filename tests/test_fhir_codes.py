"""Matching by code: the concept codes are well formed and sourced, and a coded record matches."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import criteria
from criteria import Patient
from criteria.errors import ResourceError
from criteria.evaluate.codes import (
    ConceptCode,
    concept_codes,
    concept_tokens,
    format_problem,
    record_tokens,
    verhoeff_ok,
)
from criteria.resources import event_lexicon

LEXICONS = Path(criteria.__file__).parent / "data" / "lexicons"


def _rows(name: str) -> list[dict]:
    lines = (LEXICONS / name).read_text(encoding="utf-8").splitlines()
    return [row for row in map(json.loads, lines) if "_format" not in row]


@pytest.mark.parametrize("system, code", [
    ("SNOMED CT", "254637007"), ("SNOMED CT", "368581000119106"), ("ICD-10-CM", "C34.90"),
    ("ICD-10-CM", "K92.2"), ("RxNorm", "1736854"), ("ATC", "L01XA01"), ("ATC", "L01"), ("LOINC", "718-7"),
])
def test_well_formed_codes_pass(system, code):
    assert format_problem(system, code) is None


@pytest.mark.parametrize("system, code, why", [
    ("SNOMED CT", "254637008", "check digit"),        # last digit changed
    ("SNOMED CT", "254637", "check digit"),            # too short for its partition
    ("SNOMED CT", "0254637007", "shaped"),
    ("ICD-10-CM", "C3490", "shaped"), ("ICD-10-CM", "c34.9", "shaped"),
    ("RxNorm", "RX1736854", "shaped"), ("ATC", "L1XA01", "shaped"), ("ATC", "L01XA1", "shaped"),
    ("Read", "X", "unknown code system"),
])
def test_malformed_codes_are_named(system, code, why):
    assert why in format_problem(system, code)


def test_verhoeff_known_values():
    assert verhoeff_ok("2363") and not verhoeff_ok("2364")  # the textbook example: 236 → check digit 3


def test_every_lexicon_code_is_well_formed():
    """The concept codes of events.jsonl and every row of event_codes.jsonl (format and check digit)."""
    problems = []
    for row in _rows("events.jsonl"):
        if row.get("code"):
            problem = format_problem(row["code"]["system"], row["code"]["code"])
            problems += [f"events.jsonl {row['name']}: {problem}"] if problem else []
    for row in _rows("event_codes.jsonl"):
        ConceptCode.model_validate(row)  # shape of code, prefix or range; raises on a bad one
    assert problems == []


def test_the_fhir_mapping_codes_are_well_formed():
    from criteria.evaluate.fhir.values import mapping

    table = mapping()
    coded = [*table.ecog_answers, *table.pregnancy_answers]
    problems = [format_problem(*code.split(":", 1)) for code in coded if not code.startswith("LOINC:LA")]
    assert problems == [None] * len(problems)
    assert all(format_problem("LOINC", code) is None for code in (*table.performance_status, table.pregnancy_status))


def test_every_code_row_names_a_concept_and_its_source():
    known = {(c.kind, c.name) for c in event_lexicon()}
    rows = _rows("event_codes.jsonl")
    assert rows and all((r["kind"], r["concept"]) in known for r in rows)
    assert {r["source"] for r in rows} <= {"synthea-bundles", "eunomia-concept", "eunomia-concept-ancestor",
                                           "atc-hierarchy", "issue-13"}
    assert sum(map(len, concept_codes().values())) == len(rows)


def test_a_bad_row_is_refused():
    with pytest.raises(ValueError, match="exactly one of code, prefix, range"):
        ConceptCode(concept="x", kind="condition", system="SNOMED CT", display="x", source="issue-13")
    with pytest.raises(ValueError, match="check digit"):
        ConceptCode(concept="x", kind="condition", system="SNOMED CT", code="254637008", display="x",
                    source="synthea-bundles")
    with pytest.raises(ResourceError, match="within one letter"):
        ConceptCode(concept="x", kind="condition", system="ICD-10-CM", range=("C00", "D09"), display="x",
                    source="issue-13").tokens()


def test_record_tokens_cover_the_code_and_its_prefixes():
    assert record_tokens("ICD-10-CM:C34.90")[:3] == ("code:icd10:c3490", "prefix:icd10:c", "prefix:icd10:c3")
    assert "prefix:atc:l01" in record_tokens("ATC:L01XA01")
    assert record_tokens("not a code") == () and record_tokens("Read:X") == ()


def test_class_concepts_hold_their_prefix_and_range():
    malignancy = next(c for c in event_lexicon() if c.name == "malignancy")
    assert {"prefix:icd10:c00", "prefix:icd10:c96"} <= concept_tokens(malignancy)
    assert "prefix:icd10:c97" not in concept_tokens(malignancy)


# --- matching a record by code ----------------------------------------------------------------

TRIAL = criteria.parse_criteria(
    "Exclusion Criteria:\n\n* History of malignancy\n* Prior platinum-based chemotherapy\n"
    "* History of myocardial infarction\n"
)
AS_OF = date(2026, 11, 25)


def _verdict(patient: dict, criterion: str) -> tuple[str, str, dict]:
    result = criteria.evaluate(TRIAL, Patient.model_validate(patient), as_of=AS_OF)
    row = result[criterion]
    return row.verdict.value, row.reason, row.facts


@pytest.mark.parametrize("code", ["ICD-10-CM:C34.90", "ICD-10:C18.9"])
def test_an_icd10_malignancy_code_matches_by_its_range(code):
    record = {"name": "Dx 1", "codes": [code], "source": "Condition/c1"}
    verdict, reason, facts = _verdict({"conditions": [record]}, "E1")
    assert verdict == "met" and code in reason and "Condition/c1" in reason
    assert facts["Condition/c1"] == f"code {code}"


def test_a_code_outside_the_range_does_not_match_by_code():
    verdict, _, _ = _verdict({"conditions": [{"name": "Dx 2", "codes": ["ICD-10-CM:D50.9"]}]}, "E1")
    assert verdict == "unknown"  # named nothing, and conditions are not vouched complete


def test_an_atc_code_under_a_class_prefix_matches_the_class():
    therapy = {"name": "agent 7", "codes": ["ATC:L01XA02"], "source": "MedicationRequest/m7"}
    verdict, reason, _ = _verdict({"therapies": [therapy]}, "E2")
    assert verdict == "met" and "ATC:L01XA02" in reason


def test_an_exact_snomed_code_matches_and_a_name_match_says_so():
    coded = {"name": "Dx 3", "codes": ["SNOMED:22298006"], "source": "Condition/mi"}
    assert _verdict({"conditions": [coded]}, "E3")[2]["Condition/mi"] == "code SNOMED:22298006"
    named = {"name": "Myocardial infarction", "source": "Condition/mi2"}
    assert _verdict({"conditions": [named]}, "E3")[2]["Condition/mi2"] == "name 'Myocardial infarction'"


def test_non_small_cell_does_not_mention_small_cell():
    """A name match must not read "small cell carcinoma" (a neuroendocrine carcinoma) inside "non-small cell"."""
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Neuroendocrine carcinoma\n")
    patient = {"conditions": [{"name": "Non-small cell carcinoma of lung, TNM stage 1"}], "complete": ["conditions"]}
    # the record is the whole history: silence then settles the inclusion, so only a match could meet it
    assert criteria.evaluate(tree, patient, as_of=AS_OF, absence="decides")["I1"].verdict.value == "not_met"
