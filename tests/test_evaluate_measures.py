"""Lab and measure thresholds, performance status, life expectancy (the lab branch's kinds).

The nodes are criteria.tree.nodes' own classes; a small lexicon stands in for
``criteria.labs.lab_lexicon`` so that the tests pin the evaluator's behaviour (for example a
default ULN) independently of the lexicon's content.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from evaluate_helpers import criteria_of
from hypothesis import given, settings
from hypothesis import strategies as st

import criteria
from criteria.evaluate import measures
from criteria.tree.nodes import Alternative, LabThreshold, LifeExpectancy, PerformanceStatus

AS_OF = date(2026, 11, 25)


def _entry(name, names=(), abbreviations=(), reference=None, context=()):
    return SimpleNamespace(
        name=name,
        names=names,
        abbreviations=abbreviations,
        context=context,
        reference=None if reference is None else SimpleNamespace(**reference),
    )


LEXICON = {
    "anc": _entry(
        "absolute neutrophil count",
        ("absolute neutrophil count", "neutrophils"),
        ("ANC",),
        {"low": 1.5, "high": 8.0, "unit": "10^9/L"},
    ),
    "ast": _entry(
        "aspartate aminotransferase",
        ("aspartate aminotransferase",),
        ("AST", "SGOT"),
        {"low": None, "high": 40.0, "unit": "U/L"},
    ),
    "total_bilirubin": _entry("total bilirubin", ("total bilirubin", "bilirubin"), ("TBIL",)),
    "hemoglobin": _entry("hemoglobin", ("hemoglobin", "haemoglobin"), ("Hb", "Hgb")),
}


@pytest.fixture(autouse=True)
def lexicon(monkeypatch):
    monkeypatch.setattr(measures, "_lab_lexicon", lambda: LEXICON)


ANC = LabThreshold(analyte="anc", loinc="751-8", op=">=", value=1.5, unit="10^9/L")
AST = LabThreshold(
    analyte="ast",
    loinc="1920-8",
    op="<",
    value=3,
    unit="ULN",
    relative_to="ULN",
    alternatives=(
        Alternative(condition="liver involvement", op="<", value=5, unit="ULN", relative_to="ULN"),
    ),
)
BILIRUBIN = LabThreshold(
    analyte="total_bilirubin",
    loinc="1975-2",
    op="<",
    value=1.5,
    unit="ULN",
    relative_to="ULN",
    alternatives=(Alternative(condition="Gilbert syndrome", op="<", value=3.0, unit="mg/dL"),),
)


def _run(rule, patient):
    return criteria.evaluate(criteria_of([rule]), patient, AS_OF)


def _lab(name, value, unit, **more):
    return {"name": name, "value": value, "unit": unit, **more}


@pytest.mark.parametrize(
    ("lab", "expected"),
    [
        (_lab("absolute neutrophil count", 1.8, "10^9/L"), "met"),
        (_lab("ANC", 1800, "/uL"), "met"),  # an abbreviation, another unit
        (_lab("neutrophils", 1.5, "10^3/uL"), "met"),  # on the bound stays on it
        (_lab("anc", 1.2, "10^9/L"), "not_met"),
        ({"code": "LOINC:751-8", "value": 0.9, "unit": "10^9/L"}, "not_met"),  # by code only
        (_lab("ANC", 1.8, "g/dL"), "unknown"),  # a unit that does not convert
    ],
)
def test_lab_threshold(lab, expected):
    result = _run(ANC, {"labs": [lab]})
    assert result.verdict("I1").value == expected


def test_the_reason_shows_the_conversion_and_the_bound():
    result = _run(ANC, {"labs": [_lab("ANC", 1800, "/uL", date="2026-11-16")]})
    assert result["I1"].reason == "absolute neutrophil count 1800 /uL = 1.8 10^9/L is ≥ 1.5 10^9/L"
    assert result["I1"].facts == {
        "absolute neutrophil count": "1800 /uL",
        "absolute neutrophil count date": date(2026, 11, 16),
    }


def test_the_most_recent_result_counts():
    labs = [_lab("ANC", 2.0, "10^9/L", date="2026-10-01"), _lab("ANC", 1.0, "10^9/L", date="2026-11-20")]
    assert _run(ANC, {"labs": labs}).verdict("I1").value == "not_met"


def test_a_missing_lab_is_unknown_and_named():
    result = _run(ANC, {"labs": [_lab("platelets", 200, "10^9/L")]})
    assert result.verdict("I1").value == "unknown"
    assert [m.item for m in result.missing] == ["absolute neutrophil count"]


@pytest.mark.parametrize(
    ("patient", "expected", "missing"),
    [
        ({"labs": [_lab("AST", 100, "U/L", uln=40)]}, "met", []),  # 2.5 × ULN
        ({"labs": [_lab("AST", 160, "U/L", uln=40)], "complete": ["conditions"]}, "not_met", []),
        (
            {"labs": [_lab("AST", 160, "U/L", uln=40)]},
            "unknown",
            ["whether the patient has liver involvement"],
        ),
        (
            {"labs": [_lab("AST", 160, "U/L", uln=40)], "conditions": [{"name": "liver metastases"}]},
            "met",
            [],
        ),
        (
            {"labs": [_lab("AST", 220, "U/L", uln=40)], "conditions": [{"name": "hepatic metastases"}]},
            "not_met",
            [],
        ),
        ({"labs": [_lab("AST", 100, "U/L")]}, "met", []),  # lexicon default ULN 40
    ],
)
def test_uln_multiples_with_a_subgroup_alternative(patient, expected, missing):
    result = _run(AST, patient)
    assert result.verdict("I1").value == expected
    assert [m.item for m in result.missing] == missing


def test_the_reason_says_where_the_uln_came_from():
    own = _run(AST, {"labs": [_lab("AST", 100, "U/L", uln=50)]})["I1"].reason
    assert own == "aspartate aminotransferase 100 U/L = 2 × ULN (ULN 50, from the lab) is < 3 × ULN"
    default = _run(AST, {"labs": [_lab("AST", 100, "U/L")]})["I1"].reason
    assert "(ULN 40, lexicon default)" in default


def test_no_uln_anywhere_is_unknown():
    result = _run(BILIRUBIN, {"labs": [_lab("total bilirubin", 1.0, "mg/dL")], "complete": ["conditions"]})
    assert result.verdict("I1").value == "unknown"
    assert "with no ULN" in result["I1"].reason


@pytest.mark.parametrize(
    ("conditions", "expected"),
    [
        ([{"name": "Gilbert syndrome"}], "met"),  # 2.6 mg/dL < 3.0 mg/dL for Gilbert
        ([{"name": "Gilbert's syndrome"}], "met"),
        ([], "not_met"),  # 2.2 × ULN, and no Gilbert
    ],
)
def test_gilbert_alternative_in_absolute_units(conditions, expected):
    patient = {
        "labs": [_lab("bilirubin", 2.6, "mg/dL", uln=1.2)],
        "conditions": conditions,
        "complete": ["conditions"],
    }
    assert _run(BILIRUBIN, patient).verdict("I1").value == expected


EQUIVALENT = {  # value in the first unit → the same amount in others
    "10^9/L": [("10^9/L", 1.0), ("/uL", 1000.0), ("10^3/uL", 1.0), ("/L", 1e9)],
    "g/dL": [("g/dL", 1.0), ("g/L", 10.0), ("mg/dL", 1000.0), ("mg/mL", 10.0)],
}


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(EQUIVALENT)),
    st.floats(0, 50, allow_nan=False).map(lambda x: round(x, 2)),
    st.floats(0.1, 20).map(lambda x: round(x, 1)),
    st.sampled_from([">=", ">", "<=", "<"]),
)
def test_an_equivalent_unit_never_changes_the_verdict(unit, value, bound, op):
    node = LabThreshold(analyte="hemoglobin", op=op, value=bound, unit=unit)
    verdicts = {
        other: _run(node, {"labs": [_lab("Hb", value * scale, other)]}).verdict("I1").value
        for other, scale in EQUIVALENT[unit]
    }
    assert len(set(verdicts.values())) == 1, verdicts


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        ({"scale": "ECOG", "value": 1}, "met"),
        ({"scale": "WHO", "value": 2}, "met"),
        ({"scale": "ECOG", "value": 3}, "not_met"),
        ({"scale": "Karnofsky", "value": 80}, "unknown"),  # scales do not convert exactly
        (None, "unknown"),
    ],
)
def test_performance_status(score, expected):
    result = _run(
        PerformanceStatus(scale="ecog", op="between", value=0, value_high=2), {"performance_status": score}
    )
    assert result.verdict("I1").value == expected
    if score is None:
        assert [m.item for m in result.missing] == ["ECOG performance status"]


@pytest.mark.parametrize(
    ("weeks", "value", "unit", "expected"),
    [
        (24, 12, "week", "met"),
        (11, 12, "week", "not_met"),
        (14, 3, "month", "met"),
        (12.5, 3, "month", "unknown"),  # 3 months is 12–13.3 weeks
        (11, 3, "month", "not_met"),
        (None, 12, "week", "unknown"),
    ],
)
def test_life_expectancy(weeks, value, unit, expected):
    result = _run(LifeExpectancy(op=">=", value=value, unit=unit), {"life_expectancy_weeks": weeks})
    assert result.verdict("I1").value == expected


# --- bounds for one group (applies_to, for_age): the bound is silent for everyone else ----------------

from criteria.tree.nodes import Age, AgeBound, MeasureThreshold  # noqa: E402


@pytest.mark.parametrize(
    ("sex", "qtc", "expected"),
    [
        ("male", 440, "met"),
        ("male", 460, "not_met"),
        ("female", 460, "met"),  # the males' bound does not apply to her
        (None, 460, "unknown"),
        (None, 440, "met"),  # within the bound: met whoever the patient is
    ],
)
def test_a_bound_for_one_sex(sex, qtc, expected):
    node = MeasureThreshold(analyte="qtc", op="<=", value=450, unit="ms", applies_to="males")
    patient = {"labs": [_lab("QTc", qtc, "ms")], **({"sex": sex} if sex else {})}
    assert _run(node, patient).verdict("I1").value == expected


@pytest.mark.parametrize(
    ("age", "score", "expected"),
    [(10, 60, "met"), (10, 40, "not_met"), (30, 40, "met"), (None, 40, "unknown")],
)
def test_a_performance_bound_for_an_age_group(age, score, expected):
    children = Age(high=AgeBound(value=16, unit="year", inclusive=True))
    node = PerformanceStatus(scale="lansky", op=">=", value=50, for_age=children)
    patient = {"performance_status": {"scale": "Lansky", "value": score}, **({"age": age} if age is not None else {})}
    assert _run(node, patient).verdict("I1").value == expected

