"""Shared test options and fixtures.

``pytest --update-golden`` rewrites golden files from the current output instead of
comparing against them; review the diff by eye before committing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The original eligibility criteria of NCT06893783, flattened onto one line as the seed page shows them."""
    return (DATA / "NCT06893783.txt").read_text(encoding="utf-8")


def without_spans(value):
    """A node dump with every ``span`` removed (golden files compare meaning, not offsets)."""
    if isinstance(value, dict):
        return {k: without_spans(v) for k, v in value.items() if k != "span"}
    if isinstance(value, list):
        return [without_spans(v) for v in value]
    return value


def check_golden(path: Path, actual: str, update: bool) -> None:
    """Compare ``actual`` with the golden file, or rewrite it when updating."""
    if update or not path.exists():
        path.write_text(actual, encoding="utf-8")
        if not update:
            pytest.fail(f"golden file {path.name} did not exist; written now: review it and run again")
        return
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path.name} differs; if the change is intended run `make golden` and review the diff"


def golden_json(criteria) -> str:
    """Golden form of a Criteria tree: pretty JSON without spans or the input text."""
    dump = without_spans(json.loads(criteria.to_json()))
    dump.pop("text", None)
    return json.dumps(dump, indent=1, ensure_ascii=False) + "\n"
