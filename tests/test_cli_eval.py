"""``criteria eval``: one patient against one trial, run as a user runs it (a subprocess)."""

import json
from datetime import date
from pathlib import Path

import pytest

import criteria
from test_cli import DATA, run

GOLDEN = Path(__file__).parent / "golden"
SEED = json.loads((DATA / "seed_patients.json").read_text(encoding="utf-8"))
STUDY = DATA / "NCT06893783.study.json"


def _patient_file(tmp_path: Path, name: str) -> Path:
    case = next(p for p in SEED["patients"] if p["name"] == name)
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(case["patient"]), encoding="utf-8")
    return path


SEED_OPTIONS = ("--as-of", SEED["as_of"], "--cohort", "Cohort 1", "--ignore-noncomputable")


def test_json_is_the_evaluation_dict(tmp_path):
    patient = _patient_file(tmp_path, "excluded_by_lab")
    result = run("eval", str(STUDY), str(patient), *SEED_OPTIONS, "--format", "json")
    assert result.returncode == 0, result.stderr
    tree = criteria.parse_study(STUDY.read_bytes())
    expected = criteria.evaluate(tree, json.loads(patient.read_text()), date.fromisoformat(SEED["as_of"]),
                                 ignore_noncomputable=True, cohort="Cohort 1")
    assert json.loads(result.stdout) == json.loads(expected.to_json())
    assert json.loads(result.stdout)["status"] == "ineligible"


def test_english_is_the_golden_rendering(tmp_path):
    patient = _patient_file(tmp_path, "excluded_by_lab")
    result = run("eval", str(STUDY), str(patient), *SEED_OPTIONS, "--format", "english")
    assert result.returncode == 0, result.stderr
    golden = (GOLDEN / "NCT06893783.eval.excluded_by_lab.patient.txt").read_text(encoding="utf-8")
    assert result.stdout.decode("utf-8") == golden


def test_a_tree_from_parse_json_evaluates_like_its_record(tmp_path):
    """`parse --format json` output is read back as the tree, not re-parsed from its text field."""
    tree_file = tmp_path / "tree.json"
    parsed = run("parse", str(STUDY), "--format", "json")
    assert parsed.returncode == 0, parsed.stderr
    tree_file.write_bytes(parsed.stdout)
    patient = _patient_file(tmp_path, "labs_missing")
    from_tree = run("eval", str(tree_file), str(patient), *SEED_OPTIONS, "--format", "json")
    assert from_tree.returncode == 0, from_tree.stderr
    evaluation = json.loads(from_tree.stdout)
    assert evaluation["status"] == "unknown"
    missing = [m["item"] for m in evaluation["missing"]]
    assert {"absolute neutrophil count", "platelet count"} <= set(missing)


def test_text_table_from_criteria_text_on_stdin(tmp_path):
    patient = tmp_path / "p.json"
    patient.write_text(json.dumps({"birth_date": "1961-04-02"}), encoding="utf-8")
    text = (b"Inclusion Criteria:\n\n* Age >= 18 years\n* Platelet count >= 100 x 10^9/L\n\n"
            b"Exclusion Criteria:\n\n* Age > 85 years\n")
    result = run("eval", "-", str(patient), "--as-of", "2026-11-25", stdin=text)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    assert lines[:2] == ["trial · as of 2026-11-25", "status: unknown"]
    rows = {line.split()[0]: line.split()[1] for line in lines[5:8]}
    assert rows == {"I1": "met", "I2": "unknown", "E1": "not_met"}
    assert lines[-2:] == ["missing data:", "  platelet count (I2)"]


@pytest.mark.parametrize(
    ("args", "patient", "message"),
    [
        (("no/such/trial.txt",), {}, "no/such/trial.txt: file not found"),
        ((str(STUDY), "--as-of", "25/11/2026"), {}, "--as-of '25/11/2026': not a date"),
        ((str(STUDY), "--cohort", "Cohort 9"), {}, "cohort 'Cohort 9' is not one of this trial's cohorts"),
        ((str(STUDY),), "{not json", "not valid JSON"),
        ((str(STUDY),), [1, 2], "a patient must be a JSON object, not list"),
        ((str(STUDY),), {"birthdate": "1961-04-02"},
         "invalid patient: birthdate: Extra inputs are not permitted"),
        ((str(STUDY),), {"labs": [{"name": "platelets", "value": 150, "unit": "bananas/L"}]},
         "invalid patient: labs.0.unit: Value error, unknown unit 'bananas/L'"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_1(args, patient, message, tmp_path):
    path = tmp_path / "patient.json"
    path.write_text(patient if isinstance(patient, str) else json.dumps(patient), encoding="utf-8")
    trial, *options = args
    result = run("eval", trial, str(path), *options, cwd=tmp_path)
    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    assert message in stderr and len(stderr.strip().splitlines()) == 1
    assert "Traceback" not in stderr


def test_missing_patient_file_and_both_on_stdin(tmp_path):
    missing = run("eval", str(STUDY), "nobody.json", cwd=tmp_path)
    assert missing.returncode == 1 and "nobody.json: file not found" in missing.stderr.decode()
    both = run("eval", "-", "-", stdin=b"")
    assert both.returncode == 1 and "cannot both be read from stdin" in both.stderr.decode()
