"""The parser never raises on text: threshold-shaped word salad from the lexicons' own pieces.

Hypothesis strings together fragments that the lab grammar reads (analytes, comparators,
numbers, units, ULN, parentheses, conditions, connectives) in any order; every result must be
a tree, and every typed node's span must lie inside the text.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from criteria import parse_criteria

PIECES = [
    "ANC", "AST and ALT", "total bilirubin", "Hemoglobin", "platelets", "QTc", "ECOG", "Karnofsky",
    "life expectancy", "eGFR", "creatinine clearance", "blood pressure", "BMI", "PSA", "(AST)",
    "≥", "≤", ">", "<", "=<", ">/=", "at least", "no more than", "between", "and", "or", "to", "-", "/",
    "1.5", "3", "100", "0", "12", "-2.5", "1,500", "9.0",
    "x", "×", "times", "ULN", "LLN", "upper limit of normal", "x 10^9/L", "x109/L", "g/dL", "mg/dL",
    "/mm3", "%", "mL/min/1.73 m^2", "mmHg", "ms", "weeks", "months", "years", "1+", "/",
    "(", ")", ";", ",", ":", "for males", "for females", "for patients with liver metastases",
    "except Gilbert's syndrome", "if", "within normal limits", "on room air", "(90 g/L)", "Cockcroft-Gault",
    "or more", "or less", "*",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=18))
def test_threshold_salad_never_raises(pieces):
    text = "Inclusion Criteria:\n\n* " + " ".join(pieces) + "\n\nExclusion Criteria:\n\n* " + "".join(pieces) + "\n"
    tree = parse_criteria(text)
    for criterion in tree.criteria():
        for node in criterion.rule.walk() if criterion.rule else ():
            assert node.span is not None and 0 <= node.span.start <= node.span.end <= len(text)
