"""Parity: the SQL verdicts against the Python evaluator's, person by person, criterion by criterion.

Used by the test suite (a few hundred persons), by ``make parity-sql`` (2,000 persons × 50 trials)
and by ``make test-spark`` (the same persons through Spark).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Sequence

from ..evaluate import Patient
from ..evaluate import compile as compile_program
from ..tree.nodes import Criteria


@dataclass(frozen=True)
class Difference:
    """One verdict the two engines disagree on (codes: 0 not met, 1 unknown, 2 met, 3 n/a)."""

    person_id: int
    criterion: str  # a criterion id, or "status"
    python: int
    sql: int


def python_codes(tree: Criteria, profiles: Sequence[dict], as_of: date, absence: str = "clears") -> dict[int, tuple[int, ...]]:
    """person_id (1-based, in order) → (status, criterion codes…) from the evaluator."""
    program = compile_program(tree, unsupported="unknown", absence=absence)
    out = {}
    for person_id, profile in enumerate(profiles, start=1):
        evaluation = program.evaluate(Patient.model_validate(profile), as_of)
        status = {"ineligible": 0, "unknown": 1, "eligible": 2}[evaluation.status.value]
        out[person_id] = (status, *evaluation.codes)
    return out


def sql_codes(run: Callable[[str], list[tuple]], tree: Criteria, as_of: date, dialect: str = "duckdb",
              absence: str = "clears") -> dict[int, tuple[int, ...]]:
    """person_id → (status, criterion codes…) from the compiled query, run by ``run(sql)``."""
    from . import compile as compile_sql

    query = compile_sql(tree, dialect=dialect, as_of=as_of, output="codes", absence=absence)
    return {int(row[0]): tuple(int(v) for v in row[1:]) for row in run(query.sql)}


def compare(tree: Criteria, python: dict[int, tuple[int, ...]], sql: dict[int, tuple[int, ...]]) -> list[Difference]:
    """Every verdict that differs (a person missing on one side differs on its status)."""
    ids = ["status"] + [c.id for c in tree.criteria()]
    out = []
    for person_id, expected in python.items():
        got = sql.get(person_id, (-1,) * len(expected))
        out += [Difference(person_id, ids[k], e, g) for k, (e, g) in enumerate(zip(expected, got)) if e != g]
    return out


def duckdb_runner(con: Any) -> Callable[[str], list[tuple]]:
    return lambda sql: con.execute(sql).fetchall()
