"""The field vocabularies (issue 16): conditions and drugs typed with codes, the traps they must not
fall into, ours winning, lazy loading, and patients matched by name, synonym, code and class."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from criteria import Patient, evaluate, parse_criteria
from criteria.nodes import Condition, Medication, PriorTherapy
from test_fhir import ICD, bundle, cc, condition

AS_OF = date(2026, 1, 1)
EVENTS = (Condition, Medication, PriorTherapy)


def _events(text: str, section: str = "Exclusion") -> list:
    tree = parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    return [n for c in tree.criteria() if c.rule is not None for n in c.rule.walk() if isinstance(n, EVENTS)]


def _coded(text: str) -> list[tuple[str, str, str]]:
    return [(n.kind, n.code.system, n.code.code) for n in _events(text) if n.code is not None]


# --- typed with codes ------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("A diagnosis of Rett syndrome (classical or variant)", ("condition", "ICD-10-CM", "F84.2")),
    ("Rett's syndrome", ("condition", "ICD-10-CM", "F84.2")),
    ("Prior treatment with lurbinectedin", ("prior_therapy", "DrugBank", "DB12674")),
    ("Prior treatment with Zepzelca", ("prior_therapy", "DrugBank", "DB12674")),  # its brand name
    ("Diabetic patients", ("condition", "ICD-10-CM", "E08-E13")),  # an adjective form
    ("History of asthmatic bronchitis", ("condition", "ICD-10-CM", "J45.90")),  # an inclusion term
])
def test_conditions_and_drugs_outside_our_lexicon_are_typed_with_codes(text, expected):
    assert expected in _coded(text)


def test_a_vocabulary_concept_is_an_ordinary_event_node():
    (node,) = _events("History of Rett syndrome")
    assert node.name == "rett_syndrome" and "history" in node.status and not node.open_vocabulary


# --- traps -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "ST depression on ECG",                    # a finding of the ECG, not the mood disorder
    "ST segment depression >= 1 mm",
    "Abnormal 12-lead ECG",                    # the lead of an ECG, not the metal
    "QTc > 450 ms",                            # milliseconds, not multiple sclerosis
    "Patients living in CA or NY",             # the state, not cancer or calcium
    "Non-diabetic patients",                   # says the condition is absent
    "Use of hearing aids",                     # aids, not AIDS
    "Drinking water must be available",        # water is in the drug data
    "Anti-diabetic drugs",                     # a class of drugs against it
    "Staining of estrogen/progesterone receptor",  # a target, not the hormone given as a drug
    "Gonadotropin Releasing Hormone (GnRH) analogue",  # a class named after the hormone
    "Autistic Diagnostic Observation Schedule (ADOS) score",  # an instrument
    "Confirmed by the SCID-P interview",       # the Structured Clinical Interview, not immunodeficiency
    "As required in the Revlimid REMS program",  # a programme
    "Live vaccines include measles, mumps, rubella",  # vaccines, not the diseases
])
def test_traps_type_no_condition_or_drug(text):
    assert not [c for c in _coded(text) if c[1] in {"ICD-10-CM", "DrugBank", "MeSH"}]
    assert not any(n.name in {"depression", "multiple_sclerosis", "lead"} for n in _events(text))


def test_a_condition_word_after_ours_is_its_head():
    names = [n.name for n in _events("Patients with migraine headaches")]
    assert names == ["migraine"]


def test_our_lexicon_wins_where_it_reads():
    """"brain metastases" is our concept (with its SNOMED code), never the ICD index's."""
    (node,) = _events("Untreated brain metastases")
    assert node.name == "cns_metastases" and node.code.system == "SNOMED CT"


def test_a_longer_phrase_of_ours_is_not_cut_by_a_vocabulary_match():
    names = [n.name for n in _events("History of non-small cell lung cancer")]
    assert names and all(not n.startswith("lung") for n in names)


# --- lazy --------------------------------------------------------------------------------------


def test_nothing_is_loaded_until_a_text_needs_it():
    code = (
        "import sys, criteria\n"
        "criteria.parse_criteria('Inclusion Criteria:\\n\\n* Age >= 18 years\\n')\n"
        "from criteria.vocab.marker import _PHRASES\n"
        "assert not _PHRASES.built, 'loaded for a text of cues'\n"
        "assert 'simple_icd_10_cm' not in sys.modules and 'drug_named_entity_recognition' not in sys.modules\n"
        "criteria.parse_criteria('Exclusion Criteria:\\n\\n* Rett syndrome\\n')\n"
        "assert _PHRASES.built\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- patients ----------------------------------------------------------------------------------


def _status(text: str, patient: dict, section: str = "Inclusion", absence: str = "clears") -> str:
    tree = parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    return evaluate(tree, {"age": 40} | patient, as_of=AS_OF, absence=absence).status


@pytest.mark.parametrize("record", [
    {"name": "Rett syndrome"},                            # by name
    {"name": "Rett's syndrome, classic"},                 # by a synonym's words
    {"name": "neurodevelopmental disorder", "code": "ICD-10-CM:F84.2"},  # by code
])
def test_a_vocabulary_condition_matches_by_name_synonym_or_code(record):
    patient = {"conditions": [record], "complete": ["conditions"]}
    assert _status("Diagnosis of Rett syndrome", patient) == "eligible"


def test_an_icd_descendant_matches_its_ancestor():
    """"Diabetic" is the block E08–E13: a record coded E11.9 (type 2, no complications) is in it."""
    patient = {"conditions": [{"name": "dm", "code": "ICD-10-CM:E11.9"}], "complete": ["conditions"]}
    assert _status("Diabetic patients", patient) == "eligible"
    other = {"conditions": [{"name": "x", "code": "ICD-10-CM:I10"}], "complete": ["conditions"]}
    assert _status("Diabetic patients", other, absence="decides") == "ineligible"
    assert _status("Diabetic patients", other) == "unknown"  # silence alone does not rule out


def test_our_own_concept_gains_icd_codes():
    """Our lexicon's multiple sclerosis has no ICD code of its own; the index gives it G35, so a
    record coded G35.D (a descendant) matches it."""
    (node,) = _events("Multiple sclerosis")
    assert node.code is None or node.code.system != "ICD-10-CM"
    patient = {"conditions": [{"name": "x", "code": "ICD-10-CM:G35.D"}], "complete": ["conditions"]}
    assert _status("Multiple sclerosis", patient, "Exclusion") == "ineligible"


@pytest.mark.parametrize("record", [
    {"name": "idarubicin"},                               # a member our lexicon does not list
    {"name": "Idamycin PFS"},                             # by a member's brand name
    {"name": "anthracycline x", "codes": ["DrugBank:DB00445"]},  # epirubicin, by id
])
def test_a_drug_class_matches_its_members(record):
    patient = {"therapies": [record], "complete": ["therapies"]}
    assert _status("Prior anthracycline therapy", patient, "Exclusion") == "ineligible"


def test_a_vocabulary_drug_matches_by_id():
    patient = {"therapies": [{"name": "study drug", "codes": ["DrugBank:DB12674"]}], "complete": ["therapies"]}
    assert _status("Prior treatment with lurbinectedin", patient, "Exclusion") == "ineligible"


def test_a_fhir_condition_coded_in_icd_10_cm_matches():
    resource = condition(code=cc(ICD, "F84.2", "Rett's syndrome"))
    patient = Patient.from_fhir(bundle(resource), complete=["conditions"])
    tree = parse_criteria("Inclusion Criteria:\n\n* Diagnosis of Rett syndrome\n")
    assert evaluate(tree, patient, as_of=AS_OF).status == "eligible"
