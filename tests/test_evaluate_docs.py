"""docs/evaluation.md: its examples run, its generated tables and the patient schema are fresh."""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_examples_in_the_document_run():
    failures, tried = doctest.testfile(
        str(ROOT / "docs" / "evaluation.md"),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert tried > 10
    assert failures == 0


def test_generated_tables_and_the_patient_schema_are_fresh():
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "evaluation_doc.py"), "--check"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr


def test_the_committed_schema_is_the_models_schema():
    import json

    from criteria import Patient

    committed = json.loads((ROOT / "docs" / "patient.schema.json").read_text(encoding="utf-8"))
    assert committed == Patient.model_json_schema()
