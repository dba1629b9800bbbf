"""Issue 12: a dose bound on a therapy received ("cumulative doxorubicin dose > 450 mg/m^2").

A ``prior_therapy`` carries the dose as written (``DoseLimit``: op, value, unit), as a ``medication``
does. A therapy record states no dose, so the bound is unknown where the therapy was received and
settled only by its absence. Sentences are our own.
"""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria import parse_criteria

AS_OF = date(2026, 11, 25)


def _doses(body: str, section: str = "Exclusion") -> list[tuple]:
    tree = parse_criteria(f"{section} Criteria:\n\n{body}\n")
    return sorted(
        (n.name, n.dose.op, n.dose.value, n.dose.unit)
        for c in tree.criteria() for n in (c.rule.walk() if c.rule else ())
        if n.kind == "prior_therapy" and n.dose is not None
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("* Prior doxorubicin > 450 mg/m^2", [("doxorubicin", ">", 450.0, "mg/m2")]),
        ("* Cumulative epirubicin dose > 720 mg/m²", [("epirubicin", ">", 720.0, "mg/m2")]),
        ("* Previous doxorubicin at cumulative doses in excess of 360 mg/m2", [("doxorubicin", ">", 360.0, "mg/m2")]),
        ("* More than 400 mg/m2 of prior doxorubicin", [("doxorubicin", ">", 400.0, "mg/m2")]),
        ("* Doxorubicin total dose ≥ 300 mg/m^2 or epirubicin total dose ≥ 600 mg/m^2",
         [("doxorubicin", ">=", 300.0, "mg/m2"), ("epirubicin", ">=", 600.0, "mg/m2")]),
        ("* Methotrexate dose must be > 25 mg/week", [("methotrexate", ">", 25.0, "mg/week")]),
    ],
)
def test_a_dose_of_a_therapy_received_is_read_with_it(body, expected):
    assert _doses(body) == expected


def test_a_named_anthracycline_is_a_kind_of_anthracycline_not_all_of_them():
    tree = parse_criteria("Exclusion Criteria:\n\n* Prior doxorubicin > 450 mg/m^2\n")
    epirubicin = {"therapies": [{"name": "epirubicin"}], "complete": ["therapies"]}
    doxorubicin = {"therapies": [{"name": "doxorubicin"}], "complete": ["therapies"]}
    nothing = {"therapies": [], "complete": ["therapies"]}
    verdict = lambda p: criteria.evaluate(tree, p, AS_OF).verdict("E1").value  # noqa: E731
    assert verdict(epirubicin) == "not_met"  # another anthracycline: not this drug
    assert verdict(doxorubicin) == "unknown"  # received, its dose not stated: never met from silence
    assert verdict(nothing) == "not_met"
    anthracycline = parse_criteria("Exclusion Criteria:\n\n* Prior anthracycline therapy\n")
    assert criteria.evaluate(anthracycline, doxorubicin, AS_OF).verdict("E1").value == "met"


def test_a_therapy_dose_renders_and_makes_records():
    tree = parse_criteria("Exclusion Criteria:\n\n* Prior doxorubicin > 450 mg/m^2\n")
    assert "doxorubicin at a dose of more than 450 mg/m2" in criteria.render(tree, "patient")
    (record,) = [r for r in tree.to_records() if r["kind"] == "prior_therapy"]
    assert (record["field"], record["op"], record["value"], record["unit"]) == ("doxorubicin", ">", 450.0, "mg/m2")


def test_a_denied_dose_word_is_not_read_as_the_bound():
    assert _doses("* Prednisone dose must not be > 10 mg/day") == []


def test_sql_leaves_a_therapy_dose_unknown_as_the_evaluator_does():
    pytest.importorskip("duckdb")
    pytest.importorskip("sqlglot")
    from evaluate_helpers import one_drug_cdm_verdicts

    rows = one_drug_cdm_verdicts("doxorubicin", "3639", "Exclusion Criteria:\n\n* Prior doxorubicin > 450 mg/m^2\n", AS_OF)
    assert rows[1] is None and rows[2] is False


@pytest.mark.parametrize("body", ["* Alcohol abuse (> 60 g/day)", "* Excessive alcohol use (> 20 g/day)"])
def test_a_dose_after_a_condition_is_never_swallowed_by_it(body):
    text = f"Exclusion Criteria:\n\n{body}\n"
    nodes = [n for c in parse_criteria(text).criteria() for n in c.rule.walk()]
    condition = next(n for n in nodes if n.kind == "condition")
    assert ">" not in condition.span.slice(text)  # the bound stays unread rather than dropped inside it


def test_mitoxantrone_is_a_therapy_received_with_its_dose():
    assert _doses("* Mitoxantrone > 120 mg/m2") == [("mitoxantrone", ">", 120.0, "mg/m2")]


@pytest.mark.parametrize(("body", "expected"), [
    ("* Prior radiation therapy > 25 Gy", [("radiotherapy", ">", 25.0, "Gy")]),
    ("* Received more than 3,000 cGy of prior radiotherapy", [("radiotherapy", ">", 3000.0, "cGy")]),
    ("* Prior radiotherapy of at most 40 Gy", [("radiotherapy", "<=", 40.0, "Gy")]),
])
def test_a_radiation_dose_is_the_dose_of_the_radiotherapy(body, expected):
    assert _doses(body) == expected


def test_a_dose_in_gray_is_no_dose_of_a_drug():
    assert _doses("* Prior chemotherapy > 25 Gy") == []
