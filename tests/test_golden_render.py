"""Golden files: the seed trial rendered in plain English, end to end (record → tree → text).

Also a seed patient's evaluation (record → tree → evaluation → text). Regenerate with
``make golden`` and read the diff before committing.
"""

import json
from datetime import date

import pytest

import criteria
from conftest import DATA, GOLDEN, check_golden


@pytest.mark.parametrize("style", ["patient", "clinician"])
def test_seed_trial_in_plain_english(style, update_golden):
    tree = criteria.parse_study((DATA / "NCT06893783.study.json").read_bytes())
    check_golden(GOLDEN / f"NCT06893783.{style}.txt", criteria.render(tree, style=style), update_golden)


@pytest.mark.parametrize(("name", "style"), [("excluded_by_lab", "patient"), ("labs_missing", "clinician")])
def test_seed_patient_evaluation_in_plain_english(name, style, update_golden):
    """One patient ruled out (the deciding lab under its lead-ins), one with no labs (the missing list)."""
    seed = json.loads((DATA / "seed_patients.json").read_text(encoding="utf-8"))
    case = next(p for p in seed["patients"] if p["name"] == name)
    tree = criteria.parse_study((DATA / "NCT06893783.study.json").read_bytes())
    result = criteria.evaluate(tree, case["patient"], date.fromisoformat(seed["as_of"]),
                               ignore_noncomputable=True, cohort=case["cohort"])
    check_golden(GOLDEN / f"NCT06893783.eval.{name}.{style}.txt", criteria.render(result, style=style),
                 update_golden)
