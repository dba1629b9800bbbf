"""The patient profile: the issue's shape is accepted; invalid input fails loudly, naming the field."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime

import pytest
from evaluate_helpers import DATA
from pydantic import ValidationError

from criteria import Patient

EXAMPLE = json.loads((DATA / "patient_issue_example.json").read_text(encoding="utf-8"))


def test_the_issue_example_reads_from_a_dict_and_from_json_alike():
    from_dict = Patient.model_validate(EXAMPLE)
    from_json = Patient.from_json(json.dumps(EXAMPLE))
    assert from_dict == from_json
    assert from_dict.birth_date == date(1961, 4, 2)
    assert from_dict.labs[0].unit == "10^9/L" and from_dict.labs[0].value == 1.8
    assert from_dict.therapies[0].classes == ("platinum",)
    assert from_dict.performance_status.scale == "ECOG"


def test_every_part_is_optional():
    empty = Patient()
    assert empty.birth_date is None and empty.labs == () and empty.complete == ()
    assert Patient.model_validate({}) == empty


def test_complete_names_the_closed_lists_only():
    patient = Patient.model_validate(EXAMPLE)
    assert patient.is_complete("conditions") and patient.is_complete("therapies")
    assert not patient.is_complete("medications") and not patient.is_complete("procedures")


def test_the_json_schema_describes_every_field():
    schema = Patient.model_json_schema()
    assert set(schema["properties"]) == set(EXAMPLE) | {"labs", "sources"}  # sources: where values came from (FHIR)
    assert schema["additionalProperties"] is False


def _with(path: tuple, value):
    data = copy.deepcopy(EXAMPLE)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


INVALID = [
    (("labs", 0, "unit"), "bananas/L", "unknown unit"),
    (("labs", 0, "unit"), "", "unit is empty"),
    (("labs", 0, "unit"), "12", "is a number, not a unit"),
    (("labs", 0, "value"), "1.8", "valid number"),
    (("labs", 0, "value"), True, "valid number"),
    (("labs", 0, "value"), float("nan"), "finite number"),
    (("labs", 0, "uln"), "high", "valid number"),
    (("labs", 0, "date"), "2026-13-02", "is not a date"),
    (("labs", 0, "date"), "02/11/2026", "YYYY-MM-DD"),
    (("birth_date",), 19610402, "not int"),
    (("birth_date",), "1961-02-30", "is not a date"),
    (("age",), "64", "valid number"),
    (("age",), -1, "greater than or equal to 0"),
    (("sex",), "F", "'female' or 'male'"),
    (("pregnant",), "no", "valid boolean"),
    (("pregnant",), 0, "valid boolean"),
    (("medications", 0, "dose"), "5 tablets", "unknown unit"),
    (("medications", 0, "dose"), "mg", "does not start with a number"),
    (("therapies", 0, "line"), "1", "valid integer"),
    (("therapies", 0, "line"), 0, "greater than or equal to 1"),
    (("therapies", 0, "outcome"), "progressed", "Input should be"),
    (("performance_status", "value"), 7, "not on the scale"),
    (("performance_status", "scale"), "ecog", "Input should be"),
    (("complete",), ["labs"], "Input should be"),
    (("conditions", 0, "status"), "ongoing", "Input should be"),
    (("conditions", 0, "name"), "   ", "should match pattern"),
]


@pytest.mark.parametrize(("path", "value", "message"), INVALID, ids=lambda x: str(x))
def test_invalid_input_raises_naming_the_field(path, value, message):
    with pytest.raises(ValidationError) as info:
        Patient.model_validate(_with(path, value))
    errors = info.value.errors()
    assert [e["loc"][: len(path)] for e in errors][0] == path
    assert message in errors[0]["msg"]


def test_a_misspelt_field_is_an_error_not_ignored():
    with pytest.raises(ValidationError) as info:
        Patient.model_validate({"birthdate": "1961-04-02"})
    assert info.value.errors()[0]["loc"] == ("birthdate",)


def test_a_datetime_is_not_silently_truncated_to_a_date():
    with pytest.raises(ValidationError, match="not a datetime"):
        Patient(birth_date=datetime(1961, 4, 2, 12, 0))


def test_inconsistent_ranges_and_periods_are_rejected():
    with pytest.raises(ValidationError, match="end 2025-01-01 is before start"):
        Patient.model_validate(_with(("therapies", 0, "end"), "2025-01-01"))
    with pytest.raises(ValidationError, match="lln 5.0 is above uln 2.0"):
        Patient.model_validate({"labs": [{"name": "x", "value": 1, "uln": 2, "lln": 5}]})
    with pytest.raises(ValidationError, match="needs a name or a code"):
        Patient.model_validate({"labs": [{"value": 1}]})
    with pytest.raises(ValidationError, match="complete names a list twice"):
        Patient.model_validate({"complete": ["conditions", "conditions"]})


def test_json_errors_name_the_field_too():
    with pytest.raises(ValidationError) as info:
        Patient.from_json('{"labs": [{"name": "platelets", "value": "lots", "unit": "10^9/L"}]}')
    assert info.value.errors()[0]["loc"] == ("labs", 0, "value")


def test_units_pint_knows_are_accepted():
    for unit in ("10^9/L", "/uL", "g/dL", "g/L", "umol/L", "µmol/L", "mL/min", "U/L", "%", "ms", "mmHg"):
        assert (
            Patient.model_validate({"labs": [{"name": "x", "value": 1, "unit": unit}]}).labs[0].unit == unit
        )
