"""to_dataframe(): records as a pandas DataFrame; a clear error when pandas is missing."""

import sys
from pathlib import Path

import pytest

import criteria
from criteria.errors import MissingDependencyError
from criteria.tree.frames import CONTRACT_COLUMNS

DATA = Path(__file__).parent / "data"


def test_dataframe_has_the_records_and_the_contract_columns():
    tree = criteria.parse_study((DATA / "NCT06893783.study.json").read_bytes())
    frame = tree.to_dataframe()
    assert list(frame.columns[: len(CONTRACT_COLUMNS) + 1]) == ["nct_id", *CONTRACT_COLUMNS]
    record = tree.to_records()[0]
    row = frame.to_dict("records")[0]
    # other kinds' keys are columns too; in this row they are empty (NaN), and so is a None in a float column
    row = {key: (None if value != value else value) for key, value in row.items() if key in record or key == "nct_id"}
    assert row == {"nct_id": "NCT06893783", **record}


def test_empty_tree_still_has_columns():
    frame = criteria.parse_criteria("Inclusion Criteria:\n\n* A mystery requirement\n").to_dataframe()
    assert frame.empty and list(frame.columns) == list(CONTRACT_COLUMNS)


def test_missing_pandas_is_a_clear_import_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # what an environment without pandas looks like
    with pytest.raises(MissingDependencyError, match=r"pip install 'criteria\[pandas\]'") as caught:
        criteria.parse_criteria("Age ≥ 18").to_dataframe()
    assert isinstance(caught.value, ImportError)
