"""The seed trial NCT06893783 (flattened one-line text): its lab and measure thresholds, typed.

Golden style: the expected nodes are written out here and compared with ``==``, which
ignores spans; the spans are checked separately against the original text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from criteria import parse_criteria
from criteria.tree.nodes import (
    AllOf, Alternative, Amount, AnyOf, LabThreshold, LifeExpectancy, MeasureThreshold, PerformanceStatus,
)

SEED = Path(__file__).parent / "data" / "NCT06893783.txt"


@pytest.fixture(scope="module")
def tree():
    return parse_criteria(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def by_id(tree):
    return {c.id: c for c in tree.criteria()}


def lab(analyte, op, value, unit, loinc=None, **extra):
    return LabThreshold(analyte=analyte, loinc=loinc, op=op, value=value, unit=unit, **extra)


def uln(analyte, op, value, loinc, **extra):
    return LabThreshold(analyte=analyte, loinc=loinc, op=op, value=value, unit="ULN", relative_to="ULN", **extra)


def liver(op, value):
    return Alternative(condition="liver involvement", op=op, value=value, unit="ULN", relative_to="ULN")


def test_ecog_0_to_2(by_id):
    assert by_id["I9"].rule == PerformanceStatus(scale="ecog", op="between", value=0, value_high=2)


def test_life_expectancy_at_least_12_weeks(by_id):
    assert by_id["I10"].rule == LifeExpectancy(op=">=", value=12, unit="week")


def test_adequate_organ_function_is_a_lead_in(by_id):
    assert by_id["I11"].rule is None
    assert len(by_id["I11"].subcriteria) == 6


def test_hematological_function(by_id):
    assert by_id["I11.1"].rule == AllOf(items=(
        lab("anc", ">=", 1.5, "10^9/L", "751-8"),
        lab("platelets", ">=", 100, "10^9/L", "777-3"),
        # the paired 90 g/L is the same threshold, not a second one
        lab("hemoglobin", ">", 9, "g/dL", "718-7", paired=(Amount(value=90, unit="g/L"),)),
    ))


def test_coagulation_function(by_id):
    rule = by_id["I11.2"].rule
    assert rule.kind == "all_of"
    exempted = rule.items[0]
    assert exempted.item == AllOf(items=(
        uln("pt", "<=", 1.5, "5902-2"),
        uln("inr", "<=", 1.5, "6301-6"),
        uln("aptt", "<=", 1.5, "3173-2"),  # "PTT or aPTT": one test under two names
    ))
    # "except for subjects undergoing new class anticoagulant therapy": a subgroup with no bound of
    # its own is exempt from the bound (an ``except``), not given another one (an ``alternative``)
    # the case with its examples ("(e.g., …)") as alternatives beside it (issue 11)
    cases = [n.items[0] if n.kind == "any_of" else n for n in exempted.exceptions]
    assert exempted.kind == "except" and [n.name for n in cases] == ["anticoagulant"]


def test_renal_function(by_id):
    assert by_id["I11.3"].rule == AnyOf(items=(
        lab("egfr", ">=", 30, "mL/min/(1.73 m^2)", "33914-3", method="MDRD"),
        lab("crcl", ">=", 30, "mL/min", "2164-2", method="Cockcroft-Gault"),
    ))


def test_hepatic_function(by_id):
    assert by_id["I11.4"].rule == AllOf(items=(
        AllOf(items=(
            uln("ast", "<", 3, "1920-8", alternatives=(liver("<", 5),)),
            uln("alt", "<", 3, "1742-6", alternatives=(liver("<", 5),)),
        )),
        uln("total_bilirubin", "<", 1.5, "1975-2", alternatives=(
            liver("<", 2),
            Alternative(condition="Gilbert syndrome", op="<", value=3.0, unit="mg/dL"),
        )),
    ))


def test_oxygen_saturation(by_id):
    rule = by_id["I11.5"].rule
    # after "Pleural effusion managed with indwelling pleural catheter … are allowed" (an exempt case of
    # "no clinically significant pleural effusion"): a requirement for everyone, not part of the case
    assert rule.items[1] == MeasureThreshold(analyte="spo2", loinc="59408-5", op=">", value=90, unit="percent",
                                             method="room air")


def test_ejection_fraction(by_id):
    rule = by_id["I11.6"].rule
    found = [n for n in rule.walk() if n.kind == "measure_threshold"]
    assert found == [MeasureThreshold(analyte="lvef", loinc="10230-1", op=">=", value=50, unit="percent")]


def test_spans_point_at_the_original_text(tree):
    text = tree.text
    seen = {}
    for node in (n for c in tree.criteria() if c.rule for n in c.rule.walk()):
        if node.kind in ("lab_threshold", "measure_threshold", "performance_status", "life_expectancy"):
            seen.setdefault(node.kind, []).append(node.span.slice(text))
            for alt in getattr(node, "alternatives", ()):
                seen.setdefault("alternative", []).append(alt.span.slice(text))
    assert "Absolute neutrophil count ≥ 1.5 x 10\\^9 /L" in seen["lab_threshold"]
    assert "Hemoglobin \\> 9 g/dL (90 g/L)" in seen["lab_threshold"]
    assert "baseline oxygen saturation \\>90% on room air" in seen["measure_threshold"]
    assert seen["performance_status"] == ["Eastern Cooperative Oncology Group (ECOG) PS(Performance Status) of 0 - 2"]
    assert seen["life_expectancy"] == ["Minimum life expectancy of 12 weeks"]
    assert "(\\<2 x ULN for subjects with liver involvement)" in seen["alternative"]


def test_records_follow_the_contract(tree):
    rows = [r for r in tree.to_records() if r["kind"] == "lab_threshold"]
    anc = next(r for r in rows if r["field"] == "anc")
    assert (anc["op"], anc["value"], anc["value_high"], anc["unit"], anc["loinc"]) == (">=", 1.5, None, "10^9/L", "751-8")
    ast = next(r for r in rows if r["field"] == "ast")
    assert (ast["unit"], ast["relative_to"]) == ("ULN", "ULN")
    assert ast["alternatives"] == [{"condition": "liver involvement", "method": None, "op": "<", "value": 5.0,
                                    "value_high": None, "unit": "ULN", "relative_to": "ULN"}]
    assert [r["field"] for r in rows].count("hemoglobin") == 1
    assert {r["field"] for r in tree.to_records()} >= {"ecog_performance_status", "life_expectancy", "spo2", "lvef"}


def test_json_round_trip_keeps_every_threshold(tree):
    from criteria.tree.nodes import Criteria

    again = Criteria.from_json(tree.to_json())
    assert again == tree
    kinds = [n.kind for c in again.criteria() if c.rule for n in c.rule.walk()]
    assert {"lab_threshold", "measure_threshold", "performance_status", "life_expectancy"} <= set(kinds)
    spans = [n.span for c in again.criteria() if c.rule for n in c.rule.walk()]
    assert spans == [n.span for c in tree.criteria() if c.rule for n in c.rule.walk()]


def test_json_schema_names_the_new_kinds():
    import criteria

    schema = criteria.json_schema()
    for name in ("LabThreshold", "MeasureThreshold", "PerformanceStatus", "LifeExpectancy", "Alternative"):
        assert name in schema["$defs"]
