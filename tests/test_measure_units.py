"""Units as people write them: a bound with none ("BMI > 30") and a patient's unit spelt loosely
("kg/m2"). The real lab lexicon is used (tests/test_evaluate_measures.py stands a small one in)."""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria.evaluate.patient import Patient

AS_OF = date(2026, 11, 25)


# --- a bound written without a unit ("BMI > 30") --------------------------------------------------

@pytest.mark.parametrize(("text", "lab", "verdict"), [
    ("BMI > 30", {"name": "bmi", "value": 33, "unit": "kg/m2"}, "met"),
    ("BMI > 30", {"name": "bmi", "value": 28, "unit": "kg/m^2"}, "not_met"),
    ("BMI > 30", {"name": "bmi", "value": 33}, "met"),  # a value without a unit compares as before
    ("Platelet count ≥ 100", {"name": "platelets", "value": 150000, "unit": "/uL"}, "met"),
    ("Fasting glucose > 126", {"name": "fasting glucose", "value": 8.0, "unit": "mmol/L"}, "met"),  # 144 mg/dL
    # a number as near the range in another unit the measure is written in is not guessed at
    ("Magnesium < 1.2", {"name": "magnesium", "value": 1.0, "unit": "mg/dL"}, "unknown"),
    ("Platelet count ≥ 100000", {"name": "platelets", "value": 150, "unit": "10^9/L"}, "unknown"),
])
def test_a_bare_number_near_the_range_is_read_in_the_measure_s_unit(text, lab, verdict):
    tree = criteria.parse_criteria(f"Inclusion Criteria:\n\n* {text}\n")
    result = criteria.evaluate(tree, {"age": 50, "sex": "male", "labs": [lab]}, AS_OF).criteria[0]
    assert result.verdict.value == verdict
    if verdict != "unknown" and lab.get("unit"):
        assert "no unit written: read in" in result.reason


def test_a_patient_unit_may_be_written_as_people_write_it():
    assert Patient.model_validate({"labs": [{"name": "bmi", "value": 31, "unit": "kg/m2"}]}).labs[0].unit == "kg/m^2"
    with pytest.raises(ValueError, match="unknown unit"):
        Patient.model_validate({"labs": [{"name": "bmi", "value": 31, "unit": "kg/zorkmid"}]})
