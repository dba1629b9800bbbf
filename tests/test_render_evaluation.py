"""An evaluation in plain English: grouped by what each criterion means for the patient."""

import json
from datetime import date

import pytest

import criteria
from criteria.errors import InputTypeError, InputValueError

AS_OF = date(2026, 11, 25)
TEXT = """Inclusion Criteria:

* Age ≥ 18 years
* Platelet count ≥ 100 x 10^9/L
* Signed informed consent

Exclusion Criteria:

* History of HIV infection
* Age > 85 years
"""


@pytest.fixture(scope="module")
def result():
    tree = criteria.parse_criteria(TEXT)
    patient = {"age": 90, "conditions": [{"name": "HIV infection"}]}
    return criteria.evaluate(tree, patient, AS_OF)


def _section(text: str, heading: str) -> list[str]:
    """The lines under ``heading`` (a line starting with it) up to the next blank line."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i]), len(lines))
    return lines[start + 1:end]


def test_clinician_groups_by_effect_not_by_section(result):
    text = criteria.render(result, style="clinician")
    assert "Status: INELIGIBLE" in text
    against = _section(text, "Rules the patient out (2)")
    assert [line.split()[0] for line in against] == ["E1", "E2"]
    assert "age 90 years" in against[1]
    assert [line.split()[0] for line in _section(text, "Satisfied")] == ["I1"]
    assert [line.split()[0] for line in _section(text, "Unknown (2)")] == ["I2", "I3"]
    # consent is settled by what the patient states; this profile does not say
    assert _section(text, "Missing data:") == ["• platelet count (I2)", "• will give informed consent (I3)"]


def test_patient_style_speaks_to_the_patient(result):
    text = criteria.render(result)  # patient is the default style
    assert text.splitlines()[0] == f"Can you take part in this trial? — checked on {AS_OF.isoformat()}"
    assert "From the information given, you cannot take part in this trial." in text
    against = _section(text, "What rules you out (2)")
    assert against[0].startswith("• You cannot take part if") and against[0].endswith("(E1)")
    assert against[1].strip().startswith("Why: ")
    assert _section(text, "Information that would settle them:") == [
        "• platelet count (I2)", "• will give informed consent (I3)"
    ]
    assert text.rstrip().endswith("Only the study team can confirm whether you can take part.")


def test_the_deciding_sub_criterion_is_shown_under_a_lead_in():
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Adequate organ function:\n"
                                   "  * Platelet count ≥ 100 x 10^9/L\n  * Hemoglobin > 9 g/dL\n")
    patient = {"labs": [{"name": "platelet count", "value": 50, "unit": "10^9/L"},
                        {"name": "hemoglobin", "value": 12, "unit": "g/dL"}]}
    text = criteria.render(criteria.evaluate(tree, patient, AS_OF), style="clinician")
    against = _section(text, "Rules the patient out (1)")
    assert [line.split()[0] for line in against] == ["I1", "I1.1"]  # the failing item, not the met one
    assert "platelet count 50 × 10⁹/L is not ≥ 100 × 10⁹/L" in against[1]  # numbers as people write them
    patient_view = _section(criteria.render(criteria.evaluate(tree, patient, AS_OF)), "What rules you out (1)")
    assert patient_view == [  # the lead-in's reason only counts its items: the item's reason says it
        "• “Adequate organ function:” (I1)",
        "  ◦ You must have a platelet count of at least 100 billion per litre. (I1.1)",
        "    Why: your platelet count is 50 billion per litre; the trial needs at least 100 billion per litre.",
    ]


def test_ignored_noncomputable_and_eligible():
    tree = criteria.parse_criteria(TEXT)
    patient = {"age": 40, "labs": [{"name": "platelet count", "value": 150, "unit": "10^9/L"}],
               "conditions": [], "complete": ["conditions"]}
    result = criteria.evaluate(tree, patient, AS_OF, ignore_noncomputable=True)
    text = criteria.render(result, style="clinician")
    assert "Status: ELIGIBLE" in text and "set aside" in text
    assert "Not computable" not in text and "Unknown (" not in text


def test_bad_style_and_bad_argument():
    result = criteria.evaluate(criteria.parse_criteria(TEXT), {}, AS_OF)
    with pytest.raises(InputValueError, match="unknown style"):
        criteria.render(result, style="poetry")
    with pytest.raises(InputTypeError, match="Criteria tree or an Evaluation"):
        criteria.render(42)


def test_a_trial_without_criteria_says_so():
    result = criteria.evaluate(criteria.parse_criteria(""), {"age": 40}, AS_OF)
    for style in ("patient", "clinician"):
        text = criteria.render(result, style=style)
        assert "No criteria were found in this trial's text" in text and "Not decided yet" not in text
