"""Hypothesis properties: re-expressing a threshold in another compatible unit never changes
whether a patient value meets it.

Two levels: the unit layer (a bound converted with the cached factor) and the whole parser
(the same criterion written in two units, read into nodes, compared through ``satisfies``).
Values are drawn on a grid of hundredths, as laboratories report them, so that a patient value
and a bound never differ by less than float rounding could blur.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from criteria import parse_criteria
from criteria.labs import lab_lexicon
from criteria.units import convert, satisfies

# (unit of the threshold as written, another unit of the same analyte, conversion context)
PAIRS = [
    ("10^9/L", "1/uL", None),
    ("10^9/L", "1/mm^3", None),
    ("10^9/L", "10^3/uL", None),
    ("g/dL", "g/L", None),
    ("g/dL", "mmol/L", "hemoglobin"),
    ("mg/dL", "umol/L", "creatinine"),
    ("mg/dL", "mmol/L", "glucose"),
    ("mg/dL", "umol/L", "bilirubin"),
    ("mg/dL", "mmol/L", "calcium"),
    ("mmol/L", "mEq/L", "monovalent_ion"),
    ("U/L", "IU/L", "enzyme_activity"),
    ("kg", "lb", None),
    ("ms", "s", None),
]
OPS = [">=", ">", "<=", "<"]
hundredths = st.integers(min_value=1, max_value=1_000_000).map(lambda n: n / 100)


@settings(max_examples=300, deadline=None)
@given(pair=st.sampled_from(PAIRS), op=st.sampled_from(OPS), bound=hundredths, patient=hundredths)
def test_converting_the_bound_keeps_every_outcome(pair, op, bound, patient):
    written, other, context = pair
    as_written = satisfies(patient, written, op, bound, written, context)
    moved = convert(bound, written, other, context)
    assert satisfies(patient, written, op, moved, other, context) == as_written


@settings(max_examples=300, deadline=None)
@given(pair=st.sampled_from(PAIRS), op=st.sampled_from(OPS), bound=hundredths, patient=hundredths)
def test_the_patient_unit_does_not_matter(pair, op, bound, patient):
    written, other, context = pair
    in_other = convert(patient, written, other, context)
    assert satisfies(in_other, other, op, bound, written, context) == satisfies(patient, written, op, bound,
                                                                                 written, context)


SPELLED = {  # how each parsed unit is written in a criterion
    "10^9/L": "x 10^9/L", "1/uL": "/uL", "g/dL": "g/dL", "g/L": "g/L", "mg/dL": "mg/dL", "umol/L": "umol/L",
}
PARSED = [("anc", "Absolute neutrophil count", "10^9/L", "1/uL"), ("hemoglobin", "Hemoglobin", "g/dL", "g/L"),
          ("creatinine", "Serum creatinine", "mg/dL", "umol/L")]


@settings(max_examples=60, deadline=None)
@given(which=st.sampled_from(PARSED), op=st.sampled_from(OPS), bound=st.integers(1, 500).map(lambda n: n / 10),
       patient=hundredths)
def test_the_same_criterion_in_two_units_reads_to_the_same_outcome(which, op, bound, patient):
    field, name, unit, other = which
    context = lab_lexicon()[field].context or None
    moved = round(convert(bound, unit, other, context), 6)
    nodes = []
    for value, spelling in ((bound, SPELLED[unit]), (moved, SPELLED[other])):
        tree = parse_criteria(f"Inclusion Criteria:\n\n* {name} {op} {value:g} {spelling}\n")
        node = next(tree.criteria()).rule
        assert node.kind == "lab_threshold" and node.analyte == field
        nodes.append(node)
    outcomes = {satisfies(patient, unit, n.op, n.value, n.unit, context) for n in nodes}
    assert len(outcomes) == 1 or _on_the_edge(patient, bound, unit, other, context)


def _on_the_edge(patient, bound, unit, other, context) -> bool:
    """Rounding the re-expressed bound to 6 decimals may move it across a patient value that sits on it."""
    return abs(convert(patient, unit, other, context) - convert(bound, unit, other, context)) < 1e-5
