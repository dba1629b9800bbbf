"""Shared helpers for the evaluator tests: reading data tables, building small trees."""

from __future__ import annotations

import csv
from pathlib import Path

from criteria.tree.nodes import NODE_KINDS, Age, AgeBound, Criteria, Criterion, Node

DATA = Path(__file__).parent / "data"


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of a CSV table in tests/data, skipping '#' comment lines."""
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def age(
    low: float | None = None,
    high: float | None = None,
    unit: str = "year",
    *,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
) -> Age:
    """An age rule node."""
    return Age(
        low=None if low is None else AgeBound(value=low, unit=unit, inclusive=low_inclusive),
        high=None if high is None else AgeBound(value=high, unit=unit, inclusive=high_inclusive),
    )


def criteria_of(inclusion: list[Node | Criterion] = (), exclusion: list[Node | Criterion] = ()) -> Criteria:
    """A Criteria tree whose criteria are the given rules (or ready criteria), ids I1…, E1….

    A rule that is not an instance of the typed union's class for its kind (a stand-in for
    another branch's node) is placed without validation.
    """

    def make(rule: Node, ident: str, section: str) -> Criterion:
        fields = dict(id=ident, section=section, text=f"rule {ident}", rule=rule)
        if type(rule) is NODE_KINDS.get(rule.kind):
            return Criterion(**fields)
        return Criterion.model_construct(
            **fields,
            subcriteria=(),
            subcriteria_logic="all_of",
            scope=None,
            heading=None,
            span=None,
            kind="criterion",
        )

    def wrap(items, section: str, letter: str) -> tuple[Criterion, ...]:
        return tuple(
            item if isinstance(item, Criterion) else make(item, f"{letter}{n}", section)
            for n, item in enumerate(items, start=1)
        )

    return Criteria.model_construct(
        text="",
        inclusion=wrap(inclusion, "inclusion", "I"),
        exclusion=wrap(exclusion, "exclusion", "E"),
        cohorts=(),
        notices=(),
        kind="criteria",
        span=None,
        schema_version="1.0",
    )


def sql_parity(tree: Criteria, persons: int, seed: int, as_of) -> tuple[list, object]:
    """SQL verdicts beside the evaluator's on ``persons`` synthetic persons (DuckDB; skipped without
    it): ``(differences, verdicts seen)``, the verdicts counted over every criterion of every person,
    so a test can ask that met, not met and unknown all occur (equality is not agreement on unknown alone)."""
    from collections import Counter

    import pytest

    duckdb = pytest.importorskip("duckdb")
    from criteria.sql.parity import compare, duckdb_runner, python_codes, sql_codes
    from criteria.sql.synthetic import generate, write_duckdb

    omop, profiles = generate([tree], persons, seed=seed, as_of=as_of)
    con = duckdb.connect()
    write_duckdb(con, omop)
    python = python_codes(tree, profiles, as_of, "clears")
    differences = compare(tree, python, sql_codes(duckdb_runner(con), tree, as_of, absence="clears"))
    return differences, Counter(code for codes in python.values() for code in codes[1:])


def verdict_of(text: str, profile: dict, section: str = "Inclusion", as_of=None) -> str:
    """The verdict on the one criterion ``text`` for a patient ``profile`` (a dict of our JSON profile)."""
    import criteria

    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    patient = criteria.Patient.model_validate(profile)
    return criteria.evaluate(tree, patient, as_of=as_of).criteria[0].verdict


def criterion_of(body: str, section: str = "Inclusion"):
    """The one criterion ``body`` written under a ``section`` heading."""
    from criteria import parse_criteria

    tree = parse_criteria(f"{section} Criteria:\n* {body}")
    return (tree.inclusion or tree.exclusion)[0]


def rule_of(body: str, section: str = "Inclusion") -> Node | None:
    """The rule of the one criterion ``body`` written under a ``section`` heading."""
    return criterion_of(body, section).rule


def exclusion_rule(body: str) -> Node | None:
    """The rule of ``body`` written as an exclusion."""
    return rule_of(body, "Exclusion")


def nodes_of(body: str, section: str = "Exclusion") -> list[Node]:
    """Every node of every criterion's rule of ``body`` under a ``section`` heading."""
    from criteria import parse_criteria

    tree = parse_criteria(f"{section} Criteria:\n\n* {body}\n")
    return [n for c in tree.criteria() for n in (c.rule.walk() if c.rule else ())]


def numbers_left(body: str, section: str = "Exclusion") -> list[str]:
    """Unread words of ``body`` that still hold a comparison with a number."""
    return [n.text for n in nodes_of(body, section) if n.kind == "unparsed" and any(ch.isdigit() for ch in n.text)]


def one_drug_cdm_verdicts(drug_name: str, rxnorm: str, text: str, as_of) -> dict:
    """``{person_id: E1}`` of the compiled ``text`` over a CDM of two men born in 1960: person 1
    exposed to ``drug_name`` (RxNorm ``rxnorm``) in early 2025, person 2 never. Needs duckdb and
    sqlglot (the SQL extra)."""
    import datetime

    import duckdb

    import criteria
    import criteria.sql
    from criteria.sql.synthetic import Omop, write_duckdb

    drug = 80
    omop = Omop()
    omop.add("concept", drug, drug_name, "Drug", "RxNorm", "Ingredient", "S", rxnorm)
    for pid in (1, 2):
        omop.add("person", pid, 8507, 1960, 1, 1, None)
        omop.add("observation_period", pid, pid, datetime.date(2000, 1, 1), datetime.date(2030, 1, 1))
    omop.add("drug_exposure", 1, 1, drug, datetime.date(2025, 1, 1), datetime.date(2025, 3, 1))
    con = duckdb.connect()
    write_duckdb(con, omop)
    cursor = con.execute(criteria.sql.compile(criteria.parse_criteria(text), as_of=as_of).sql)
    column = [d[0] for d in cursor.description].index("E1")
    return {row[0]: row[column] for row in cursor.fetchall()}
