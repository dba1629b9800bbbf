"""The command line, run as a user runs it: a subprocess, checking output and exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import criteria

DATA = Path(__file__).parent / "data"
SRC = Path(criteria.__file__).parents[1]  # run the same code the tests import


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "criteria", *args], input=stdin, capture_output=True,
                          env=env, cwd=cwd, timeout=120)


def test_parse_text_file_prints_the_tree():
    result = run("parse", str(DATA / "NCT06893783.txt"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().startswith("Criteria: 11 inclusion, 34 exclusion")


def test_parse_api_v2_json_as_english():
    result = run("parse", str(DATA / "NCT06893783.study.json"), "--format", "english")
    assert result.returncode == 0, result.stderr
    expected = (Path(__file__).parent / "golden" / "NCT06893783.patient.txt").read_text(encoding="utf-8")
    # the record's structured fields are criteria too (issue 11), shown after the text's own
    assert "Structured eligibility fields of the record:\n  • You must be 19 years or older.\n" in expected
    assert result.stdout.decode("utf-8") == expected


def test_parse_classic_xml_from_stdin_as_json():
    result = run("parse", "-", "--format", "json", stdin=(DATA / "NCT00001880.xml").read_bytes())
    assert result.returncode == 0, result.stderr
    tree = criteria.Criteria.from_json(result.stdout)
    assert tree.nct_id == "NCT00001880" and tree.structured.source == "ctgov_xml"


def test_parse_records_and_clinician_style():
    text = b"Inclusion Criteria:\n\n* Age >= 18 years\n"
    records = json.loads(run("parse", "-", "--format", "records", stdin=text).stdout)
    assert [(r["field"], r["op"], r["value"]) for r in records] == [("age", ">=", 18.0)]
    english = run("parse", "-", "--format", "english", "--style", "clinician", stdin=text).stdout.decode()
    assert "I1  Age ≥ 18 years" in english


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("parse", "no/such/file.txt"), None, "no/such/file.txt: file not found"),
        (("parse", "-"), b'{"protocolSection": ', "not valid JSON"),
        (("parse", "-"), b"<clinical_study><eligibility>", "not valid XML"),
        (("parse", "-"), b'{"hello": "world"}', "unsupported JSON"),
        (("parse", "-"), b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        (("batch", "missing.jsonl", "--out", "x.jsonl"), None, "missing.jsonl: file not found"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_1(args, stdin, message, tmp_path):
    result = run(*args, stdin=stdin, cwd=tmp_path)
    stderr = result.stderr.decode()
    assert result.returncode == 1
    assert message in stderr and len(stderr.strip().splitlines()) == 1
    assert "Traceback" not in stderr


def test_usage_error_is_exit_code_2():
    assert run("parse", "-", "--format", "yaml", stdin=b"").returncode == 2


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_keeps_order_counts_and_reports_bad_lines(tmp_path, jobs):
    study = json.loads((DATA / "NCT06893783.study.json").read_text(encoding="utf-8"))
    lines = [json.dumps({"nct_id": "NCT00000001", "text": "Inclusion Criteria:\n\n* Age ≥ 18 years\n"}),
             json.dumps(study), "", "not json", json.dumps({"text": "Exclusion Criteria:\n\n* Age < 2 years\n"})]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("batch", str(source), "--out", str(tmp_path / "out.jsonl"), "--jobs", jobs)
    assert result.returncode == 1  # one line was bad: the rest is written, the status says so
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [row["line"] for row in out] == [1, 2, 4, 5]
    assert [row.get("nct_id") for row in out] == ["NCT00000001", "NCT06893783", None, None]
    assert "error" in out[2] and criteria.Criteria.model_validate(out[1]["criteria"]).structured.minimum_age.value == 19
    stderr = result.stderr.decode()
    assert "criteria batch: 3 trials" in stderr and "errors: 1" in stderr and "1 of 4 lines" in stderr


def test_batch_records_format_succeeds(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": "* Age ≥ 18 years"}) + "\n", encoding="utf-8")
    result = run("batch", str(source), "--out", "-", "--format", "records", "--no-progress")
    assert result.returncode == 0, result.stderr
    [row] = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert row["records"][0]["value"] == 18.0


def test_console_script_points_at_main():
    import importlib
    import tomllib

    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    module, _, name = pyproject["project"]["scripts"]["criteria"].partition(":")
    assert callable(getattr(importlib.import_module(module), name))
