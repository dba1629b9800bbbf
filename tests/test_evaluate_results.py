"""Results: JSON export, DataFrames (pandas is an optional extra), evaluate_many order."""

from __future__ import annotations

import json
import sys
from datetime import date

import pytest
from evaluate_helpers import age, criteria_of

import criteria
from criteria.errors import MissingDependencyError
from criteria.evaluate import to_dataframe
from criteria.tree.nodes import Unparsed

AS_OF = date(2026, 11, 25)
TREE = criteria_of(
    [age(low=18), Unparsed(text="Measurable disease per RECIST 1.1", reason="no rule matched")], [age(low=80)]
)
PATIENTS = [{"age": 40}, {"age": 10}, {}]


def test_to_dict_is_json_ready_and_complete():
    result = criteria.evaluate(TREE, {"age": 40}, AS_OF)
    data = json.loads(result.to_json())
    assert data["status"] == "unknown" and data["as_of"] == "2026-11-25"
    assert [c["id"] for c in data["criteria"]] == ["I1", "I2", "E1"]
    assert [c["verdict"] for c in data["criteria"]] == ["met", "unknown", "not_met"]
    assert data["not_understood"] == [
        {"criterion": "I2", "kind": "unparsed", "text": "Measurable disease per RECIST 1.1", "span": None}
    ]
    assert (
        data["criteria"][1]["reason"]
        == "not understood: 'Measurable disease per RECIST 1.1' (no rule matched)"
    )
    assert data == result.to_dict()


def test_evaluate_many_keeps_the_order():
    results = criteria.evaluate_many(TREE, PATIENTS, AS_OF)
    assert [r.status.value for r in results] == ["unknown", "ineligible", "unknown"]
    assert [r.patient.age for r in results] == [40, 10, None]
    assert all(r.as_of == AS_OF for r in results)


def test_long_frame_has_a_row_per_patient_and_criterion():
    frame = to_dataframe(criteria.evaluate_many(TREE, PATIENTS, AS_OF))
    assert list(frame.columns) == [
        "patient",
        "status",
        "as_of",
        "criterion",
        "section",
        "parent",
        "verdict",
        "reason",
        "missing",
        "start",
        "end",
    ]
    assert len(frame) == 9
    row = frame[(frame.patient == 2) & (frame.criterion == "I1")].iloc[0]
    assert (row.verdict, row.missing) == ("unknown", "age or birth date")


def test_wide_frame_has_a_row_per_patient():
    frame = to_dataframe(criteria.evaluate_many(TREE, PATIENTS, AS_OF), wide=True)
    assert list(frame.columns) == ["status", "I1", "I2", "E1"]
    assert frame["I1"].tolist() == ["met", "not_met", "unknown"]
    assert criteria.evaluate(TREE, {"age": 40}, AS_OF).to_dataframe()["verdict"].tolist() == [
        "met",
        "unknown",
        "not_met",
    ]


def test_without_pandas_the_error_says_how_to_get_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` raise ImportError
    with pytest.raises(MissingDependencyError, match=r"pip install 'criteria\[pandas\]'") as info:
        to_dataframe([criteria.evaluate(TREE, {}, AS_OF)])
    assert isinstance(info.value, ImportError)


def test_pandas_is_not_imported_by_evaluation(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    assert criteria.evaluate(TREE, {"age": 40}, AS_OF).to_dict()["status"] == "unknown"


def test_the_public_api_is_exported():
    for name in ("evaluate", "compile", "evaluate_many", "Patient", "Evaluation"):
        assert name in criteria.__all__ and getattr(criteria, name) is not None
    assert isinstance(criteria.evaluate(TREE, {}, AS_OF), criteria.Evaluation)
    assert criteria.compile(TREE).evaluate({}, AS_OF).status.value == "unknown"


def test_details_are_built_once_and_reused():
    result = criteria.evaluate(TREE, {"age": 40}, AS_OF)
    assert result.criteria is result.criteria
    assert result["I1"].facts == {"age": 40.0}
