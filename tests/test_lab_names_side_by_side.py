"""Issue 12: two names of one analyte side by side ("glomerular filtration rate GFR", "glycosylated
haemoglobin A1c") are one name. Read as two, the lexer left one unread beside the bound, or a name
restated in parentheses after its abbreviation was no restatement and no bound was read at all.
Sentences of our own."""

import pytest

from evaluate_helpers import criterion_of


@pytest.mark.parametrize("body, analyte, op, value", [
    ("HbA1c (glycosylated haemoglobin A1c) of 7.5% or less", "hba1c", "<=", 7.5),
    ("Estimated glomerular filtration rate GFR of at least 40 mL/min", "egfr", ">=", 40),
    ("Neutrophil granulocytes at least 1.0 x 10^9/L", "anc", ">=", 1.0),
])
def test_two_names_of_one_analyte_side_by_side_are_one_bound(body, analyte, op, value):
    rule = criterion_of(body, "Inclusion").rule
    assert rule.kind == "lab_threshold", str(rule)
    assert (rule.analyte, rule.op, rule.value) == (analyte, op, value)
