"""Issue 11, items 5 and 7: the name of a grading system is a method, not findings.

"Peripheral neuropathy of Grade >= 3 per National Cancer Institute Common Terminology Criteria for
Adverse Events (NCI CTCAE), v3.0": "Cancer" and "Adverse Events" inside the name had been read as a
malignancy and a toxicity every patient must have, and its other words were left over. The name,
with its lead, abbreviation and version, is a method remark now. Sentences of our own."""

import pytest

from evaluate_helpers import criterion_of


@pytest.mark.parametrize("body, section, kinds", [
    ("Peripheral neuropathy of Grade 3 or higher per National Cancer Institute Common Terminology Criteria "
     "for Adverse Events (NCI CTCAE), v3.0", "Exclusion", ["condition"]),
    ("All toxic effects of prior therapy resolved to Grade 1 or less by the NCI CTCAE version 5.0", "Inclusion",
     ["not", "condition"]),
    ("Grade 3 or higher diarrhea (Common Toxicity Criteria for Adverse Events v4.03)", "Exclusion", ["condition"]),
])
def test_the_name_is_a_remark_and_asks_nothing(body, section, kinds):
    criterion = criterion_of(body, section)
    rule = criterion.rule
    assert [n.kind for n in rule.walk()] == kinds, str(rule)
    assert not any(n.kind == "condition" and n.name == "malignancy" for n in rule.walk())
    assert any("CTCAE" in r.text or "Criteria" in r.text for r in criterion.remarks), criterion.remarks


def test_adverse_events_outside_a_name_are_still_read():
    rule = criterion_of("Unresolved adverse events from prior therapy", "Exclusion").rule
    assert any(n.kind == "condition" and n.name == "toxicity" for n in rule.walk()), str(rule)


@pytest.mark.parametrize("body, name, op, value", [
    ("Ongoing infection > Common Toxicity Criteria for Adverse Effects (CTCAE) grade 2", "infection", ">", 2),
    ("Diarrhea greater than NCI CTCAE version 5.0 grade 1", "diarrhea", ">", 1),
    ("Peripheral neuropathy >= Common Terminology Criteria for Adverse Events grade 2", "peripheral_neuropathy", ">=", 2),
])
def test_a_name_between_the_comparator_and_the_grade_says_whose_grade(body, name, op, value):
    # "Common Toxicity Criteria for Adverse Effects", a name as trials misname it, had read "toxicity"
    # as a condition and left the grade unread
    rule = criterion_of(body, "Exclusion").rule
    assert rule.kind == "condition" and rule.name == name, str(rule)
    assert (rule.grade.op, rule.grade.value) == (op, value)


def test_the_grade_s_span_holds_the_name():
    body = "Ongoing infection > Common Toxicity Criteria for Adverse Effects (CTCAE) grade 2"
    text = f"Exclusion Criteria:\n* {body}"  # as criterion_of writes it
    span = criterion_of(body, "Exclusion").rule.span
    assert text[span.start:span.end] == body
