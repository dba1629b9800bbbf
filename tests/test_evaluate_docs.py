"""docs/evaluation.md: its generated tables and the patient schema are fresh (its code blocks
run in tests/test_docs.py, with every page's)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
