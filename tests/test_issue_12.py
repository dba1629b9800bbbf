"""Issue 12: read every number a criterion compares, and never crash.

Regression tests on sentences of our own, in ClinicalTrials.gov API v2 form.
"""

from __future__ import annotations

import pytest

from criteria import parse_criteria
from criteria.spans import span_problems


def _parse(body: str):
    return parse_criteria(f"Inclusion Criteria:\n\n{body}\n")


# --- no crash: full-width punctuation, other scripts, right-to-left marks -----------------------------


def test_a_cohort_header_with_a_full_width_colon_is_collected():
    text = "Inclusion Criteria:\n\nArm A：patients with NSCLC\n* Age ≥ 18 years\n\nArm B：patients with SCLC\n"
    tree = parse_criteria(text)
    assert [c.name for c in tree.cohorts] == ["Arm A", "Arm B"]
    assert [c.definition for c in tree.cohorts] == ["patients with NSCLC", "patients with SCLC"]
    assert not span_problems(tree, text)


@pytest.mark.parametrize(
    "body",
    [
        "* Cohort 1（单药）：年龄≥18岁；ECOG ≤1，预期寿命≥12周",
        "Part B：\u200fالعمر ≥ 18 سنة\u200f",
        "* Arm A：\u202eAge ≥ 18 years\u202c",
        "Group 2： ：：（（ ））；；，，",
        "* Возраст ≥ 18 лет\n* \u2067ANC ≥ 1.5 × 10⁹/L\u2069",
        "Cohort A：\nCohort B：",
    ],
)
def test_no_input_of_other_scripts_or_marks_makes_the_parser_raise(body):
    text = f"Inclusion Criteria:\n\n{body}\n"
    tree = parse_criteria(text)
    assert not span_problems(tree, text)
