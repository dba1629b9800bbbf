"""A FHIR bundle evaluated against the seed trial: verdicts, reasons naming resources, and ``criteria eval``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from test_cli import run

import criteria
from criteria import Patient

ROOT = Path(__file__).parents[1]
BUNDLE = ROOT / "examples" / "fhir_bundle.json"
TRIAL = ROOT / "examples" / "NCT06893783.txt"
AS_OF = date(2026, 11, 25)


def _evaluate(**options):
    tree = criteria.parse_criteria(TRIAL.read_text(encoding="utf-8"))
    return criteria.evaluate(tree, Patient.from_fhir(BUNDLE, **options), as_of=AS_OF)


def _facts(result) -> dict:
    return {key: value for row in result.criteria for key, value in row.facts.items()}


def test_the_example_bundle_gets_a_status_and_reasons_citing_resources():
    result = _evaluate(complete=["conditions", "therapies", "medications", "procedures"])
    assert result.status.value in ("eligible", "ineligible", "unknown")
    facts = _facts(result)
    assert facts["Observation/obs-ecog"] == "ECOG 1"  # the performance status criterion
    assert facts["Observation/obs-preg"] == "pregnant"  # "pregnant: no", from the pregnancy status
    reasons = " ".join(row.reason for row in result.criteria)
    assert "Small cell carcinoma of lung (2025-04-02) [Condition/cond-sclc, SNOMED:254632001]" in reasons
    assert "ECOG 1 is between 0 and 2" in reasons


def test_lab_verdicts_name_the_observation_and_use_its_reference_range():
    tree = criteria.parse_criteria(
        "Inclusion Criteria:\n\n* Platelet count >= 100 x 10^9/L\n* AST <= 3 x ULN\n* Hemoglobin >= 9 g/dL\n"
    )
    result = criteria.evaluate(tree, Patient.from_fhir(BUNDLE), as_of=AS_OF)
    assert [result[i].verdict.value for i in ("I1", "I2", "I3")] == ["met", "met", "met"]
    assert result["I1"].facts["Observation/obs-plt"].startswith("LOINC:777-3")  # 182 10^3/uL = 182 10^9/L
    assert "ULN 40, from the lab" in result["I2"].reason


def test_prior_platinum_therapy_is_named_with_its_request():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Prior platinum-based chemotherapy\n")
    result = criteria.evaluate(tree, Patient.from_fhir(BUNDLE), as_of=AS_OF)
    row = result["E1"]
    assert row.verdict.value == "met"
    assert "MedicationRequest/med-cis" in row.reason and "RxNorm:1736854" in row.reason
    assert row.facts["MedicationRequest/med-cis"] == "code RxNorm:1736854"


def test_a_therapy_matched_by_its_class_says_so():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Prior systemic therapy\n")
    row = criteria.evaluate(tree, Patient.from_fhir(BUNDLE), as_of=AS_OF)["E1"]
    assert row.verdict.value == "met"
    assert row.facts["MedicationRequest/med-cis"] == "classes platinum, anticancer therapy, systemic therapy"
    # a class above the agent's own (cisplatin is platinum-based, so chemotherapy, so anticancer therapy)
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Prior anticancer therapy\n")
    row = criteria.evaluate(tree, Patient.from_fhir(BUNDLE), as_of=AS_OF)["E1"]
    assert row.verdict.value == "met" and row.facts["MedicationRequest/med-cis"] == "code RxNorm:1736854"


def test_cli_eval_reads_a_bundle_with_complete_lists():
    result = run("eval", str(TRIAL), str(BUNDLE), "--as-of", AS_OF.isoformat(), "--complete", "all",
                 "--format", "json")
    assert result.returncode == 0, result.stderr
    evaluation = json.loads(result.stdout)
    expected = _evaluate(complete=["conditions", "therapies", "medications", "procedures"])
    assert evaluation == json.loads(expected.to_json())


def test_cli_eval_bad_complete_and_complete_with_a_profile(tmp_path):
    bad = run("eval", str(TRIAL), str(BUNDLE), "--complete", "allergies")
    assert bad.returncode == 1 and "allergies is not a list" in bad.stderr.decode()
    profile = run("eval", str(TRIAL), str(ROOT / "examples" / "patient.json"), "--complete", "all")
    assert profile.returncode == 1 and "--complete is for FHIR bundles" in profile.stderr.decode()


def test_cli_eval_reports_skipped_resources_as_a_warning_and_bad_bundles_as_one_line(tmp_path):
    data = json.loads(BUNDLE.read_text(encoding="utf-8"))
    data["entry"][-1]["resource"]["performedDateTime"] = "soon"
    skipped = tmp_path / "skipped.json"
    skipped.write_text(json.dumps(data), encoding="utf-8")
    result = run("eval", str(TRIAL), str(skipped), "--as-of", AS_OF.isoformat())
    stderr = result.stderr.decode()
    assert result.returncode == 0 and "criteria: warning:" in stderr and "Procedure/proc-biopsy" in stderr
    data["entry"][0]["resource"]["birthDate"] = "12/09/1968"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    result = run("eval", str(TRIAL), str(broken))
    stderr = result.stderr.decode()
    assert result.returncode == 1 and len(stderr.strip().splitlines()) == 1
    assert "Patient/pat-1: birthDate" in stderr and "Traceback" not in stderr
